// The IAM documents of docs/iam.md, docs/account-isolation.md and docs/state-and-secrets.md, as a reader pastes them: each parses, names real actions with
// condition keys they support and resources of their types, and grants what the page says and no
// more, read by the policy pack's own IAM evaluator.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { iamCatalogue } from "../policy/catalogue";
import { conditionEntries } from "../policy/conditions";
import { allows, effectivePermissions, parseDocument, Permissions } from "../policy/iam";
import { AwsRequest, decide } from "../policy/requests";
import { PROJECT_ROOT } from "../offline/stacks";
import { actionFacts, fitsArnFormats, iamDocuments, Json, list, supportsConditionKey } from "./support/iamDocuments";

const documents = iamDocuments();
const catalogue = iamCatalogue();
const ACCOUNT = "123456789012";
/** The boundary of each kind of role, by the setting that names it. */
const BOUNDARY = {
    api: `arn:aws:iam::${ACCOUNT}:policy/orders-api-boundary`,
    consumers: `arn:aws:iam::${ACCOUNT}:policy/orders-consumer-boundary`,
    cloudWatchRole: `arn:aws:iam::${ACCOUNT}:policy/orders-cloudwatch-boundary`,
};
const arn = {
    queue: (name: string) => `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`,
    role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
    logGroup: (name: string) => `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`,
    alarm: (name: string) => `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`,
    topic: (name: string) => `arn:aws:sns:eu-west-1:${ACCOUNT}:${name}`,
    api: (rest: string) => `arn:aws:apigateway:eu-west-1::${rest}`,
    fn: (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`,
    mapping: (uuid: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:event-source-mapping:${uuid}`,
    dashboard: (name: string) => `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${name}`,
    webAcl: (name: string) => `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/${name}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
};
const statements = (name: string) => documents[name].Statement as Json[];
const actionsOf = (statement: Json) => parseDocument({ Statement: [statement] }, catalogue).statements[0].actions;

/** The allows of a document, its unconditional denies applied; conditional allows count as allowed. */
const permissionsOf = (name: string): Permissions => effectivePermissions([documents[name]], catalogue);

/** The Allow statements of a document that allow `action`, with their conditions. */
const allowing = (name: string, action: string) => statements(name).filter((s) => s.Effect === "Allow" && actionsOf(s).has(action));

describe("the IAM documents of the docs", () => {
    it("are the three trust policies, the preview policy, a boundary per kind of role, the deploy policy, what certification reads and prod's guard, the tag guard, "
        + "the organisation's resource control policy, and the state bucket's and roles' state policies", () => {
        assert.deepEqual(Object.keys(documents), ["preview-trust", "dev-trust", "prod-trust", "preview-permissions", "api-boundary", "consumer-boundary",
            "cloudwatch-boundary", "deploy-permissions", "certification-permissions", "prod-deploy-guards", "deploy-tag-guard", "organization-rcp",
            "state-bucket-policy", "preview-state", "deploy-state"]);
    });

    for (const [name, document] of Object.entries(documents)) {
        it(`${name} parses, and names only real actions, condition keys they support and resources of their types`, () => {
            assert.equal(document.Version, "2012-10-17");
            const parsed = parseDocument(document, catalogue);
            assert.deepEqual(parsed.unknown, []);
            for (const statement of document.Statement as Json[]) {
                // Wildcards only to deny (a TLS-only deny covers every action); what is allowed is named.
                const actions = list(statement.Action).filter((a) => !(a.includes("*") && statement.Effect === "Deny"));
                assert.ok(actions.every((a) => !a.includes("*")), `${statement.Sid}: no wildcard actions`);
                const facts = new Map(actions.map((action) => [action, actionFacts(action)!]));
                const resources = list(statement.Resource);
                // `*` only where an action takes nothing narrower (or in a Deny, where it narrows nothing away).
                const fits = (action: string, resource: string) => (resource === "*"
                    ? facts.get(action)!.arnFormats.length === 0 || statement.Effect === "Deny"
                    : fitsArnFormats(resource, facts.get(action)!.arnFormats));
                for (const action of actions) {
                    assert.ok(facts.get(action), action);
                    // A condition key the action does not support is absent from its requests: the statement would never apply.
                    for (const entry of conditionEntries(statement.Condition)) {
                        assert.ok(supportsConditionKey(facts.get(action)!, entry.key, action), `${statement.Sid}: ${action} with ${entry.key}`);
                    }
                    // An action none of whose resource types is listed is granted nowhere.
                    assert.ok(resources.length === 0 || resources.some((r) => fits(action, r)),
                        `${statement.Sid}: ${action} on none of ${resources.join(", ")} (${facts.get(action)!.arnFormats.join(", ") || "* only"})`);
                }
                for (const resource of resources.filter(() => actions.length > 0)) {
                    assert.ok(actions.some((a) => fits(a, resource)), `${statement.Sid}: no action applies to ${resource}`);
                }
            }
        });
    }

    describe("trust policies", () => {
        const subjects: Record<string, string> = {
            "preview-trust": "repo:my-org/orders:pull_request",
            "dev-trust": "repo:my-org/orders:environment:dev",
            "prod-trust": "repo:my-org/orders:environment:prod",
        };
        for (const [name, subject] of Object.entries(subjects)) {
            it(`${name} lets GitHub's OIDC provider in for exactly the audience sts.amazonaws.com and the subject ${subject}`, () => {
                const [statement, ...others] = statements(name);
                assert.deepEqual(others, []);
                assert.deepEqual([statement.Effect, statement.Principal, statement.Action], ["Allow",
                    { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }, "sts:AssumeRoleWithWebIdentity"]);
                // StringEquals only: no pattern, no ForAllValues (true when a claim is absent), no IfExists.
                assert.deepEqual(statement.Condition, { StringEquals: {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": subject,
                } });
                assert.ok(!/[*?]/.test(subject));
            });
        }
    });

    describe("the preview policy", () => {
        const preview = permissionsOf("preview-permissions");

        it("allows reads and lists only, and nothing that returns messages, log events or secrets", () => {
            const levels = new Set([...preview.allowed.keys()].map((action) => actionFacts(action)!.accessLevel));
            assert.deepEqual([...levels].sort(), ["List", "Read"]);
            for (const action of ["sqs:ReceiveMessage", "sqs:SendMessage", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery",
                "kms:Decrypt", "apigateway:POST", "iam:PassRole", "sts:AssumeRole"]) {
                assert.equal(preview.allowed.has(action), false, action);
            }
        });

        it("reads the stacks' resources by their names, and the region's REST APIs, but not their API keys", () => {
            assert.ok(allows(preview, "sqs:GetQueueAttributes", arn.queue("orders-queue-a1b2c3d")));
            assert.ok(!allows(preview, "sqs:GetQueueAttributes", arn.queue("payments-queue")));
            assert.ok(allows(preview, "iam:GetRolePolicy", arn.role("orders-role-a1b2c3d")));
            assert.ok(!allows(preview, "iam:GetRolePolicy", arn.role("github-orders-deploy")));
            assert.ok(allows(preview, "apigateway:GET", arn.api("/restapis/a1b2c3d4e5/stages/v1")));
            assert.ok(!allows(preview, "apigateway:GET", arn.api("/apikeys/k1")));
            assert.ok(allows(preview, "wafv2:GetWebACL", arn.webAcl("orders-web-acl-a1b2c3d")));
            assert.ok(!allows(preview, "wafv2:GetWebACL", arn.webAcl("payments-acl")));
        });
    });

    describe("the deploy policy", () => {
        const deploy = permissionsOf("deploy-permissions");

        it("creates every resource the shipped stacks declare, by the names the provider gives them, and nothing of another name", () => {
            const golden = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "tests", "golden", "urns.json"), "utf8")) as Record<string, { urn: string }[]>;
            const suffix = "-a1b2c3d";
            const created: Record<string, (name: string) => [string, string][]> = {
                "aws:sqs/queue:Queue": (n) => [["sqs:CreateQueue", arn.queue(n + suffix)], ["sqs:TagQueue", arn.queue(n + suffix)]],
                "aws:sqs/queuePolicy:QueuePolicy": (n) => [["sqs:SetQueueAttributes", arn.queue(n.replace(/-tls-only$/, suffix))]],
                "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": (n) => [["sqs:SetQueueAttributes", arn.queue(n.replace(/-redrive-allow$/, suffix))]],
                "aws:iam/role:Role": (n) => [["iam:CreateRole", arn.role(n + suffix)], ["iam:PassRole", arn.role(n + suffix)]],
                "aws:iam/rolePolicy:RolePolicy": () => [["iam:PutRolePolicy", arn.role(`orders-role${suffix}`)]],
                "aws:cloudwatch/logGroup:LogGroup": (n) => [["logs:CreateLogGroup", arn.logGroup(n + suffix)], ["logs:PutRetentionPolicy", arn.logGroup(n + suffix)]],
                "aws:cloudwatch/metricAlarm:MetricAlarm": (n) => [["cloudwatch:PutMetricAlarm", arn.alarm(n + suffix)]],
                "aws:cloudwatch/dashboard:Dashboard": (n) => [["cloudwatch:PutDashboard", arn.dashboard(n)], ["cloudwatch:DeleteDashboards", arn.dashboard(n)]],
                "aws:lambda/function:Function": (n) => [["lambda:CreateFunction", arn.fn(n + suffix)], ["lambda:UpdateFunctionCode", arn.fn(n + suffix)]],
                "aws:lambda/eventSourceMapping:EventSourceMapping": () => [["lambda:CreateEventSourceMapping", "*"],
                    ["lambda:UpdateEventSourceMapping", arn.mapping("14e0db71-5d35-4eb5-b481-8945cf9d10c2")]],
                "aws:lambda/permission:Permission": () => [["lambda:AddPermission", arn.fn("orders-authorizer")]],
                "aws:apigateway/domainName:DomainName": () => [["apigateway:POST", arn.api("/domainnames")],
                    ["apigateway:PATCH", arn.api("/domainnames/api.orders.example.com")]],
                "aws:apigateway/basePathMapping:BasePathMapping": () => [["apigateway:POST", arn.api("/domainnames/api.orders.example.com/basepathmappings")]],
                "aws:route53/record:Record": () => [["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"],
                    ["route53:GetChange", "arn:aws:route53:::change/C2682N5HXP0BZ4"]],
                "aws:sns/topic:Topic": (n) => [["sns:CreateTopic", arn.topic(n + suffix)]],
                "aws:sns/topicSubscription:TopicSubscription": () => [["sns:Subscribe", arn.topic(`orders-alarms${suffix}`)]],
                "aws:apigateway/restApi:RestApi": () => [["apigateway:POST", arn.api("/restapis")]],
                "aws:apigateway/apiKey:ApiKey": () => [["apigateway:POST", arn.api("/apikeys")], ["apigateway:DELETE", arn.api("/apikeys/k1")]],
                "aws:apigateway/usagePlan:UsagePlan": () => [["apigateway:POST", arn.api("/usageplans")], ["apigateway:PATCH", arn.api("/usageplans/u1")]],
                "aws:apigateway/usagePlanKey:UsagePlanKey": () => [["apigateway:POST", arn.api("/usageplans/u1/keys")]],
                "aws:wafv2/webAcl:WebAcl": (n) => [["wafv2:CreateWebACL", arn.webAcl(n + suffix)], ["wafv2:TagResource", arn.webAcl(n + suffix)]],
                "aws:wafv2/webAclAssociation:WebAclAssociation": () => [["wafv2:AssociateWebACL", arn.webAcl(`orders-web-acl${suffix}`)],
                    ["wafv2:AssociateWebACL", arn.api("/restapis/a1b2c3d4e5/stages/v1")], ["apigateway:SetWebACL", arn.api("/restapis/a1b2c3d4e5/stages/v1")]],
            };
            const apiChild = (): [string, string][] => ["POST", "PUT", "PATCH", "DELETE"].map((m) => [`apigateway:${m}`, arn.api("/restapis/a1b2c3d4e5/resources/r1")]);
            // The stack with every feature adds consumers and the front door; its created KMS key is the one thing left out by design.
            for (const stack of ["dev", "prod", "conformance", "docs/examples.md"]) {
                for (const { urn } of golden[stack]) {
                    const [, , types, name] = urn.split("::");
                    const type = types.split("$").at(-1)!;
                    if (type.startsWith("queue-load-leveling:") || type === "aws:kms/key:Key") {
                        continue;
                    }
                    const needs = created[type]?.(name) ?? (type.startsWith("aws:apigateway/") ? apiChild() : undefined);
                    assert.ok(needs, `${stack}: ${type} is not covered by docs/iam.md's deploy policy`);
                    for (const [action, resource] of needs) {
                        assert.ok(allows(deploy, action, resource), `${stack} ${name}: ${action} on ${resource}`);
                    }
                }
            }
            for (const [action, resource] of [["sqs:CreateQueue", arn.queue("payments-queue")], ["iam:CreateRole", arn.role("admin")],
                ["logs:CreateLogGroup", arn.logGroup("payments")], ["sns:CreateTopic", arn.topic("payments")], ["wafv2:CreateWebACL", arn.webAcl("payments-acl")],
                ["apigateway:PATCH", arn.api("/domainnames/shop.example.com")], ["lambda:AddPermission", arn.fn("payments-authorizer")],
                ["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/ZOTHERZONE0000000000"]]) {
                assert.ok(!allows(deploy, action, resource), `${action} on ${resource}`);
            }
        });

        it("creates and changes each kind of role only with its kind's boundary, and cannot remove one or change the boundary policies", () => {
            const writes = ["iam:CreateRole", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePolicy",
                "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy"];
            const kindOf: Record<string, string> = {
                [arn.role("orders-role-*")]: BOUNDARY.api, [arn.role("orders-*consumer-role-*")]: BOUNDARY.consumers,
                [arn.role("orders-cloudwatch-role-*")]: BOUNDARY.cloudWatchRole,
            };
            for (const action of writes) {
                const grants = allowing("deploy-permissions", action);
                assert.ok(grants.length > 0, action);
                for (const statement of grants) {
                    assert.equal(statement.Condition?.StringEquals?.["iam:PermissionsBoundary"], kindOf[statement.Resource], `${statement.Sid}: ${action}`);
                }
            }
            const guard = statements("deploy-permissions").find((s) => s.Sid === "NoRoleWithoutTheBoundary")!;
            assert.deepEqual([guard.Effect, list(guard.Action).sort(), guard.Condition], ["Deny", [...writes].sort(),
                { StringNotEquals: { "iam:PermissionsBoundary": Object.values(BOUNDARY) } }]);
            assert.ok(!allows(deploy, "iam:DeleteRolePermissionsBoundary", arn.role("orders-role-a1b2c3d")));
            for (const boundary of Object.values(BOUNDARY)) {
                for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:CreatePolicy"]) {
                    assert.ok(!allows(deploy, action, boundary), `${action} on ${boundary}`);
                }
            }
            const attach = allowing("deploy-permissions", "iam:AttachRolePolicy");
            assert.deepEqual(attach.map((s) => s.Condition.StringEquals["iam:PolicyARN"]),
                ["arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"]);
        });

        it("passes the API's and the CloudWatch role to API Gateway and the consumers' roles to Lambda, and denies a consumer's role to any other service", () => {
            const passes = allowing("deploy-permissions", "iam:PassRole");
            assert.deepEqual(passes.map((s) => [s.Resource, s.Condition]), [
                [[arn.role("orders-role-*"), arn.role("orders-cloudwatch-role-*")], { StringEquals: { "iam:PassedToService": "apigateway.amazonaws.com" } }],
                [arn.role("orders-*consumer-role-*"), { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } }],
            ]);
            const denies = statements("deploy-permissions").filter((s) => s.Effect === "Deny" && actionsOf(s).has("iam:PassRole"));
            assert.deepEqual(denies.map((s) => [s.Resource, s.Condition]), [
                [arn.role("orders-*consumer-role-*"), { StringNotEquals: { "iam:PassedToService": "lambda.amazonaws.com" } }],
            ]);
        });

        it("gives no access to messages, keys or other accounts' roles, and nothing on * but listing log groups and mapping the stacks' functions", () => {
            for (const action of ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:PurgeQueue", "kms:CreateKey", "kms:Decrypt", "sts:AssumeRole",
                "iam:CreateUser", "iam:CreateAccessKey", "logs:GetLogEvents"]) {
                assert.equal(deploy.allowed.has(action), false, action);
            }
            const onEverything = statements("deploy-permissions").filter((s) => s.Effect === "Allow" && list(s.Resource).includes("*"));
            assert.deepEqual(onEverything.map((s) => [s.Action, s.Condition]), [
                ["lambda:CreateEventSourceMapping", { ArnLike: { "lambda:FunctionArn": arn.fn("orders-*") } }], ["logs:DescribeLogGroups", undefined]]);
        });

        it("covers stacks without customer-managed KMS keys, as the shipped ones are", () => {
            const golden = fs.readFileSync(path.join(PROJECT_ROOT, "tests", "golden", "urns.json"), "utf8");
            const stacks = JSON.parse(golden) as Record<string, { urn: string }[]>;
            for (const stack of ["dev", "prod", "conformance"]) {
                assert.deepEqual(stacks[stack].filter(({ urn }) => urn.includes("aws:kms/")), [], stack);
            }
        });
    });

    describe("the state backend's", () => {
        const BUCKET = "arn:aws:s3:::pulumi-state-123456789012";
        const STATE_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const SECRETS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/abcd5678-56ef-78ab-90cd-5678901234cd`;

        it("bucket policy refuses every request to the bucket and its objects that is not over TLS", () => {
            assert.deepEqual(statements("state-bucket-policy"), [{
                Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET, `${BUCKET}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }]);
        });

        /** What a role of prod's may do with the bucket, asked as S3 asks (a listing with its prefix). */
        const asked = (name: string, action: string, resource: string, context: AwsRequest["context"] = {}) =>
            decide({ caller: { arn: `arn:aws:iam::${ACCOUNT}:role/github-orders-deploy` }, action, resource, context }, { identity: [documents[name]] }, catalogue);
        const DEV_SECRETS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/ef901234-90ab-12cd-34ef-9012345678ef`;

        it("preview policy reads and decrypts its stack's state and secrets, and writes nothing: a preview takes no lock", () => {
            const preview = permissionsOf("preview-state");
            assert.deepEqual([...preview.allowed.keys()].sort(), ["kms:Decrypt", "s3:GetObject", "s3:ListBucket"]);
            assert.equal(asked("preview-state", "s3:GetObject", `${BUCKET}/prod/.pulumi/stacks/orders/prod.json`), "allowed");
            assert.equal(asked("preview-state", "s3:ListBucket", BUCKET, { "s3:prefix": "prod/.pulumi/stacks/orders/" }), "allowed");
            assert.equal(asked("preview-state", "kms:Decrypt", STATE_KEY), "allowed");
            assert.equal(asked("preview-state", "kms:Decrypt", SECRETS_KEY), "allowed");
        });

        it("preview policy reads no other stack's state or secrets, and no other bucket", () => {
            assert.equal(asked("preview-state", "s3:GetObject", `${BUCKET}/dev/.pulumi/stacks/orders/dev.json`), "implicitly denied");
            assert.equal(asked("preview-state", "s3:ListBucket", BUCKET, { "s3:prefix": "dev/.pulumi/stacks/orders/" }), "implicitly denied");
            assert.equal(asked("preview-state", "s3:ListBucket", BUCKET), "implicitly denied");
            assert.equal(asked("preview-state", "s3:GetObject", "arn:aws:s3:::another-bucket/prod/.pulumi/stacks/orders/prod.json"), "implicitly denied");
            assert.equal(asked("preview-state", "kms:Decrypt", DEV_SECRETS_KEY), "implicitly denied");
        });

        it("deploy policy has the four S3 actions Pulumi documents for the backend, under its stack's prefix, and cannot delete old versions", () => {
            const deploy = permissionsOf("deploy-state");
            assert.deepEqual([...deploy.allowed.keys()].filter((a) => a.startsWith("s3:")).sort(), ["s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"]);
            assert.equal(asked("deploy-state", "s3:PutObject", `${BUCKET}/prod/.pulumi/locks/orders/prod/lock.json`), "allowed");
            assert.equal(asked("deploy-state", "s3:DeleteObject", `${BUCKET}/prod/.pulumi/locks/orders/prod/lock.json`), "allowed");
            assert.equal(asked("deploy-state", "s3:DeleteObjectVersion", `${BUCKET}/prod/.pulumi/stacks/orders/prod.json`), "implicitly denied");
            assert.equal(asked("deploy-state", "kms:GenerateDataKey", STATE_KEY), "allowed");
            assert.equal(asked("deploy-state", "kms:GenerateDataKey", SECRETS_KEY), "implicitly denied", "the secrets' data key is encrypted once, by an administrator");
            assert.equal(asked("deploy-state", "kms:Decrypt", SECRETS_KEY), "allowed");
        });

        it("deploy policy writes no other stack's state and decrypts no other stack's secrets", () => {
            assert.equal(asked("deploy-state", "s3:PutObject", `${BUCKET}/dev/.pulumi/stacks/orders/dev.json`), "implicitly denied");
            assert.equal(asked("deploy-state", "s3:PutObject", `${BUCKET}/elsewhere.json`), "implicitly denied");
            assert.equal(asked("deploy-state", "kms:Decrypt", DEV_SECRETS_KEY), "implicitly denied");
        });
    });
});
