// The deploy role of docs/iam.md and the guards of docs/account-isolation.md on concrete requests,
// decided by the policy pack's IAM evaluator: it creates each kind of role only with its kind's
// boundary, under a name of one kind, passes each only to the service it serves, and never assumes
// one, nor may the preview and certification roles; it changes the API's record and no other;
// prod's guard refuses a method without authorization and lets every method of the shipped prod
// stack through; the tag guard keeps it off another environment's resources; the organisation's
// resource control policy keeps other accounts, web identities (the deploy job's own token) and
// every principal but AWS services out of the stacks' roles. And each document fits where it goes.
import assert from "node:assert/strict";

import { AWS_FIGURES } from "../components/awsFigures";
import { apiGatewayTrustPolicy, lambdaTrustPolicy } from "../components/iam";
import { iamCatalogue } from "../policy/catalogue";
import { AwsRequest, decide, RequestPolicies } from "../policy/requests";
import { ACCOUNT_ID, byType } from "../offline/mockRuntime";
import { readPackConfig } from "../offline/policyConfig";
import { fromMockRun, runPolicies } from "../offline/policyRunner";
import { runStack } from "../offline/runStack";
import { iamDocuments, Json } from "./support/iamDocuments";
import { plannedResources } from "./support/plan";

const catalogue = iamCatalogue();
const documents = iamDocuments();
const REGION = "eu-west-1";
const DEPLOY = `arn:aws:iam::${ACCOUNT_ID}:role/github-orders-deploy`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const boundary = (kind: string) => `arn:aws:iam::${ACCOUNT_ID}:policy/orders-${kind}-boundary`;
const api = (path: string) => `arn:aws:apigateway:${REGION}::${path}`;
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const deploy = { identity: [documents["deploy-permissions"]] };
const prodDeploy = { identity: [documents["deploy-permissions"], documents["prod-deploy-guards"]] };
const taggedDeploy = { identity: [documents["deploy-permissions"], documents["deploy-tag-guard"]] };

const by = (caller: string, action: string, resource: string, context: AwsRequest["context"] = {}): AwsRequest =>
    ({ caller: { arn: caller }, action, resource, context });
const asDeploy = (action: string, resource: string, context: AwsRequest["context"] = {}) => by(DEPLOY, action, resource, context);
const without = (document: Json, sid: string): Json => ({ ...document, Statement: document.Statement.filter((s: Json) => s.Sid !== sid) });
const decision = (request: AwsRequest, policies: RequestPolicies) => decide(request, policies, catalogue);

const planned = (name: string, config: Record<string, unknown>) => plannedResources(name, config, REGION);

describe("the deploy role", () => {
    describe("and the roles it creates", () => {
        it("cannot assume a role it created, whatever trust policy it wrote into it", () => {
            const trustsTheDeployRole = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: DEPLOY }, Action: "sts:AssumeRole" }] };
            for (const created of ["orders-role-a1b2c3d", "orders-post-orders-consumer-role-a1b2c3d", "orders-cloudwatch-role-a1b2c3d"]) {
                const assume = asDeploy("sts:AssumeRole", role(created));
                assert.equal(decision(assume, { ...deploy, resource: trustsTheDeployRole }), "explicitly denied", created);
                // Within one account a trust policy that names the deploy role is enough: the deny is what closes it.
                assert.equal(decision(assume, { identity: [without(documents["deploy-permissions"], "NoAssumingTheStacksRoles")], resource: trustsTheDeployRole }),
                    "allowed", created);
            }
        });

        it("creates each kind of role only with its kind's boundary, and never without one", () => {
            const create = (name: string, kind?: string) => decision(asDeploy("iam:CreateRole", role(name),
                kind ? { "iam:PermissionsBoundary": boundary(kind) } : {}), deploy);
            assert.deepEqual([create("orders-role-a1b2c3d", "api"), create("orders-role-a1b2c3d", "consumer"), create("orders-role-a1b2c3d")],
                ["allowed", "implicitly denied", "explicitly denied"]);
            assert.deepEqual([create("orders-post-orders-consumer-role-a1b2c3d", "consumer"), create("orders-post-orders-consumer-role-a1b2c3d", "api")],
                ["allowed", "implicitly denied"]);
            assert.deepEqual([create("orders-cloudwatch-role-a1b2c3d", "cloudwatch"), create("orders-cloudwatch-role-a1b2c3d", "consumer")],
                ["allowed", "implicitly denied"]);
            assert.equal(create("admin", "api"), "implicitly denied");
        });

        it("names no role of two kinds: a consumer's name can never also be the API's or the CloudWatch role's", () => {
            const create = (name: string, kind: string) => decision(asDeploy("iam:CreateRole", role(name), { "iam:PermissionsBoundary": boundary(kind) }), deploy);
            for (const name of ["orders-role-x-consumer-role-1", "orders-role-consumer-role-a1b2c3d", "orders-cloudwatch-role-x-consumer-role-1"]) {
                assert.deepEqual(["consumer", "api", "cloudwatch"].map((kind) => create(name, kind)),
                    ["explicitly denied", "explicitly denied", "explicitly denied"], name);
            }
        });

        it("passes the API's and the CloudWatch role to API Gateway, and a consumer's role to Lambda and nothing else", () => {
            const pass = (name: string, service: string) => decision(asDeploy("iam:PassRole", role(name), { "iam:PassedToService": service }), deploy);
            assert.deepEqual([pass("orders-role-a1b2c3d", "apigateway.amazonaws.com"), pass("orders-cloudwatch-role-a1b2c3d", "apigateway.amazonaws.com"),
                pass("orders-post-orders-consumer-role-a1b2c3d", "lambda.amazonaws.com")], ["allowed", "allowed", "allowed"]);
            // A role with the consumers' boundary (receive, delete, decrypt) behind an HTTP route would let callers pull orders.
            for (const consumer of ["orders-post-orders-consumer-role-a1b2c3d", "orders-consumer-role-a1b2c3d", "orders-role-x-consumer-role-1"]) {
                assert.equal(pass(consumer, "apigateway.amazonaws.com"), "explicitly denied", consumer);
                assert.equal(pass(consumer, "ec2.amazonaws.com"), "explicitly denied", consumer);
            }
            assert.deepEqual([pass("orders-role-a1b2c3d", "lambda.amazonaws.com"), pass("orders-admin", "apigateway.amazonaws.com"),
                pass("github-orders-deploy", "apigateway.amazonaws.com")], ["implicitly denied", "implicitly denied", "implicitly denied"]);
        });

        it("cannot widen a role: no other kind's boundary, no boundary removed, no boundary policy changed, no managed policy but the CloudWatch role's", () => {
            assert.equal(decision(asDeploy("iam:PutRolePermissionsBoundary", role("orders-role-a1b2c3d"), { "iam:PermissionsBoundary": boundary("consumer") }), deploy),
                "implicitly denied");
            assert.equal(decision(asDeploy("iam:DeleteRolePermissionsBoundary", role("orders-role-a1b2c3d")), deploy), "explicitly denied");
            assert.equal(decision(asDeploy("iam:CreatePolicyVersion", boundary("consumer")), deploy), "explicitly denied");
            const attach = (policy: string) => decision(asDeploy("iam:AttachRolePolicy", role("orders-cloudwatch-role-a1b2c3d"),
                { "iam:PermissionsBoundary": boundary("cloudwatch"), "iam:PolicyARN": policy }), deploy);
            assert.equal(attach("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"), "allowed");
            assert.equal(attach("arn:aws:iam::aws:policy/AdministratorAccess"), "implicitly denied");
        });
    });

    describe("and the domain's hosted zone", () => {
        const change = (names: string[], types: string[], zone = ZONE) => decision(asDeploy("route53:ChangeResourceRecordSets", zone, {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": names, "route53:ChangeResourceRecordSetsRecordTypes": types,
            "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
        }), deploy);

        it("changes the record the stack plans for its domain", async () => {
            const resources = await planned("deploy-domain", {
                "orders:domain": {
                    name: "api.orders.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ",
                    certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`,
                },
            });
            const [record] = byType({ resources }, "aws:route53/record:Record");
            assert.equal(change([record.inputs.name], [record.inputs.type], `arn:aws:route53:::hostedzone/${record.inputs.zoneId}`), "allowed");
        });

        it("changes no other record of the zone: not _acme-challenge, not CAA, not another name, not another zone", () => {
            assert.equal(change(["_acme-challenge.api.orders.example.com"], ["TXT"]), "implicitly denied");
            assert.equal(change(["api.orders.example.com"], ["CAA"]), "implicitly denied");
            assert.equal(change(["orders.example.com"], ["A"]), "implicitly denied");
            assert.equal(change(["api.orders.example.com", "www.orders.example.com"], ["A"]), "implicitly denied");
            assert.equal(change(["api.orders.example.com"], ["A"], "arn:aws:route53:::hostedzone/ZOTHERZONE0000000000"), "implicitly denied");
        });
    });

    describe("in prod, with prod's guard", () => {
        const putMethod = (httpMethod: string, authorization: string[], action = "apigateway:PUT") => decision(asDeploy(action,
            api(`/restapis/a1b2c3d4e5/resources/r1/methods/${httpMethod}`), { "apigateway:Request/RouteAuthorizationType": authorization }), prodDeploy);

        it("creates every method of the shipped prod stack, and a CORS preflight", async () => {
            const prod = (await runStack("prod")).resources;
            const preflights = await planned("deploy-preflights", { "orders:authorization": "AWS_IAM", "orders:cors": { allowOrigins: ["https://shop.example.com"] } });
            const methods = [...byType({ resources: prod }, "aws:apigateway/method:Method"), ...byType({ resources: preflights }, "aws:apigateway/method:Method")];
            assert.deepEqual(methods.map((m) => `${m.inputs.httpMethod} ${m.inputs.authorization}`), ["POST AWS_IAM", "OPTIONS NONE", "POST AWS_IAM"]);
            for (const method of methods) {
                assert.equal(putMethod(method.inputs.httpMethod, [method.inputs.authorization]), "allowed", method.name);
            }
        });

        it("refuses a method without authorization however it is put: on its own, created with the API, imported", async () => {
            const dev = (await runStack("dev")).resources;
            const [open] = byType({ resources: dev }, "aws:apigateway/method:Method");
            assert.equal(putMethod(open.inputs.httpMethod, [open.inputs.authorization]), "explicitly denied", "dev's open route");
            assert.equal(putMethod("POST", ["none"]), "explicitly denied", "the key is compared in any case");
            assert.equal(decision(asDeploy("apigateway:PUT", api("/restapis/a1b2c3d4e5"), { "apigateway:Request/RouteAuthorizationType": ["AWS_IAM", "NONE"] }),
                prodDeploy), "explicitly denied");
            assert.equal(decision(asDeploy("apigateway:POST", api("/restapis"), { "apigateway:Request/RouteAuthorizationType": ["NONE"] }), prodDeploy),
                "explicitly denied");
            // The same requests without the guard: dev's deploy role may.
            assert.equal(decision(asDeploy("apigateway:PUT", api("/restapis/a1b2c3d4e5/resources/r1/methods/POST"),
                { "apigateway:Request/RouteAuthorizationType": ["NONE"] }), deploy), "allowed");
        });
        it("sees neither a change (PATCH) that carries no authorization nor a method's integration: prod's mandatory pack refuses both", async () => {
            // The reference lists the key for PutMethod and imports, not for UpdateMethod; IAM has no key for an integration's type.
            assert.equal(decision(asDeploy("apigateway:PATCH", api("/restapis/a1b2c3d4e5/resources/r1/methods/POST")), prodDeploy), "allowed");
            assert.equal(putMethod("OPTIONS", ["NONE"]), "allowed");
            assert.equal(decision(asDeploy("apigateway:PUT", api("/restapis/a1b2c3d4e5/resources/r1/methods/OPTIONS/integration")), prodDeploy), "allowed");
            // What the guard let through, on the shipped prod stack: its route opened, and an OPTIONS method sending to its queue.
            const prod = fromMockRun((await runStack("prod")).resources);
            const post = prod.find((r) => r.type === "aws:apigateway/method:Method")!;
            const sends = prod.find((r) => r.type === "aws:apigateway/integration:Integration")!;
            const changed = [...prod.filter((r) => r !== post), { ...post, props: { ...post.props, authorization: "NONE" } },
                { ...post, name: "orders-options-method", props: { ...post.props, httpMethod: "OPTIONS", authorization: "NONE" } },
                { ...sends, name: "orders-options-integration", props: { ...sends.props, httpMethod: "OPTIONS" } }];
            const findings = await runPolicies(changed, { only: ["api-methods-authorized"], config: readPackConfig("prod") });
            assert.deepEqual(findings.map((f) => [f.enforcementLevel, f.message.split(":")[0]]), [
                ["mandatory", `POST /orders (method ${post.name}) has authorization NONE`],
                ["mandatory", "OPTIONS /orders (method orders-options-method) has authorization NONE and an integration of type AWS (orders-options-integration), which reaches a backend"],
            ]);
        });
    });

    describe("with the tag guard", () => {
        const queue = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;

        it("keeps off what is tagged for another environment: dev's queue beside prod's, another team's API", () => {
            const setAttributes = (tags: Record<string, string>) => decision(asDeploy("sqs:SetQueueAttributes", queue("orders-queue-a1b2c3d"),
                Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]))), taggedDeploy);
            assert.equal(setAttributes({ environment: "dev" }), "explicitly denied");
            assert.equal(setAttributes({ environment: "prod" }), "allowed");
            assert.equal(setAttributes({}), "allowed", "an untagged resource is not protected by tags");
            assert.equal(decision(asDeploy("apigateway:DELETE", api("/restapis/z9y8x7w6v5"), { "aws:ResourceTag/environment": "payments" }), taggedDeploy),
                "explicitly denied");
            assert.equal(decision(asDeploy("apigateway:DELETE", api("/restapis/z9y8x7w6v5"), { "aws:ResourceTag/environment": "payments" }), deploy), "allowed");
        });

        it("creates every resource of the shipped prod stack that takes tags only tagged for its environment; its dashboard takes none", async () => {
            const prod = (await runStack("prod")).resources;
            const arnOf = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${rest}`;
            // A role is created with its kind's boundary (prod has the API's role only). A stage is created under its API,
            // whose tags it is judged by; everything else by the tags its own request carries.
            const creates: Record<string, (name: string) => [string, string, Record<string, string>?]> = {
                "aws:sqs/queue:Queue": (name) => ["sqs:CreateQueue", queue(`${name}-a1b2c3d`)],
                "aws:iam/role:Role": (name) => ["iam:CreateRole", role(`${name}-a1b2c3d`), { "iam:PermissionsBoundary": boundary("api") }],
                "aws:cloudwatch/logGroup:LogGroup": (name) => ["logs:CreateLogGroup", arnOf("logs", `log-group:${name}-a1b2c3d`)],
                "aws:cloudwatch/metricAlarm:MetricAlarm": (name) => ["cloudwatch:PutMetricAlarm", arnOf("cloudwatch", `alarm:${name}-a1b2c3d`)],
                "aws:sns/topic:Topic": (name) => ["sns:CreateTopic", arnOf("sns", `${name}-a1b2c3d`)],
                "aws:wafv2/webAcl:WebAcl": (name) => ["wafv2:CreateWebACL", arnOf("wafv2", `regional/webacl/${name}-a1b2c3d/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`)],
                "aws:apigateway/restApi:RestApi": () => ["apigateway:POST", api("/restapis")],
            };
            const taggable = prod.filter((r) => r.inputs.tags !== undefined);
            assert.deepEqual([...new Set(taggable.map((r) => r.type))].sort(), [...Object.keys(creates), "aws:apigateway/stage:Stage"].sort());
            assert.deepEqual(byType({ resources: prod }, "aws:cloudwatch/dashboard:Dashboard").map((d) => d.inputs.tags), [undefined]);
            for (const resource of taggable.filter((r) => creates[r.type])) {
                const [action, arn, context = {}] = creates[resource.type](resource.name);
                const tagged = (environment?: string) => decision(asDeploy(action, arn,
                    { ...context, ...(environment ? { "aws:RequestTag/environment": environment } : {}) }), taggedDeploy);
                assert.equal(tagged(resource.inputs.tags.environment), "allowed", resource.name);
                assert.deepEqual([tagged("dev"), tagged()], ["explicitly denied", "explicitly denied"], resource.name);
            }
            const [stage] = byType({ resources: prod }, "aws:apigateway/stage:Stage");
            const underApi = (environment: string) => decision(asDeploy("apigateway:POST", api("/restapis/a1b2c3d4e5/stages"),
                { "aws:ResourceTag/environment": environment, "aws:RequestTag/environment": stage.inputs.tags.environment }), taggedDeploy);
            assert.deepEqual([underApi("prod"), underApi("dev")], ["allowed", "explicitly denied"]);
        });

        it("changes its own alarms without tags in the request: PutMetricAlarm ignores tags on an alarm that exists", () => {
            const alarm = `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:orders-dlq-depth-a1b2c3d`;
            const put = (context: Record<string, string>) => decision(asDeploy("cloudwatch:PutMetricAlarm", alarm, context), taggedDeploy);
            assert.deepEqual([put({ "aws:ResourceTag/environment": "prod" }), put({ "aws:ResourceTag/environment": "dev" }), put({})],
                ["allowed", "explicitly denied", "explicitly denied"]);
        });
    });
});

describe("the preview and certification roles", () => {
    // A role the deploy created to trust them: within one account, a trust policy that names a role lets it in on its own.
    const trusting = (caller: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: caller }, Action: "sts:AssumeRole" }] });
    const PREVIEW = role("github-orders-preview");
    const CERTIFY = role("github-orders-certify");

    it("cannot assume a stack's role whose trust names them: a pull request's preview would otherwise drain the queues", () => {
        for (const created of ["orders-role-a1b2c3d", "orders-post-orders-consumer-role-a1b2c3d", "orders-cloudwatch-role-a1b2c3d"]) {
            const assume = (caller: string, identity: Json[]) => decision(by(caller, "sts:AssumeRole", role(created)), { identity, resource: trusting(caller) });
            assert.equal(assume(PREVIEW, [documents["preview-permissions"]]), "explicitly denied", created);
            assert.equal(assume(PREVIEW, [without(documents["preview-permissions"], "NoAssumingTheStacksRoles")]), "allowed", created);
            // The certification role carries the deploy role's policy, and with it the deploy role's deny.
            assert.equal(assume(CERTIFY, [documents["deploy-permissions"], documents["certification-permissions"]]), "explicitly denied", created);
        }
    });

    it("certification reads back and deletes what the suite queued, and decrypts it through SQS only; a deploy never receives", () => {
        const queue = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders-post-orders-queue`;
        const key = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const certify = { identity: [documents["deploy-permissions"], documents["certification-permissions"]] };
        for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]) {
            assert.equal(decision(by(CERTIFY, action, queue), certify), "allowed", action);
        }
        assert.equal(decision(by(DEPLOY, "sqs:ReceiveMessage", queue), deploy), "implicitly denied");
        assert.equal(decision(by(CERTIFY, "sqs:ReceiveMessage", `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:payroll-queue`), certify), "implicitly denied");
        assert.equal(decision(by(CERTIFY, "kms:Decrypt", key, { "kms:ViaService": ["sqs.eu-west-1.amazonaws.com"] }), certify), "allowed");
        assert.equal(decision(by(CERTIFY, "kms:Decrypt", key), certify), "implicitly denied");
    });
});

describe("the organisation's resource control policy", () => {
    const rcp = documents["organization-rcp"];
    const consumerRole = role("orders-post-orders-consumer-role-a1b2c3d");
    const OUTSIDER = "arn:aws:iam::210987654321:role/outsider";
    const GITHUB = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
    const assumes = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] };

    it("refuses another account a role the deploy role created to trust it, which nothing inside the account can", () => {
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" }] };
        const request: AwsRequest = { ...by(OUTSIDER, "sts:AssumeRole", consumerRole), resourceAccount: ACCOUNT_ID };
        assert.equal(decision(request, { identity: [assumes], resource: trust }), "allowed");
        assert.equal(decision(request, { identity: [assumes], resource: trust, guardrails: [rcp] }), "explicitly denied");
    });

    it("refuses the deploy job's own OIDC token a role created to trust it, which no policy of the deploy role can, and SAML alike", () => {
        // Code run by `pulumi up` may ask GitHub for the job's token (id-token: write) and present it to STS itself.
        const sub = "repo:my-org/orders:environment:dev";
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": sub } } }] };
        const withToken: AwsRequest = { caller: { federated: GITHUB }, action: "sts:AssumeRoleWithWebIdentity", resource: consumerRole,
            resourceAccount: ACCOUNT_ID, context: { "token.actions.githubusercontent.com:sub": sub, "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } };
        assert.equal(decision(withToken, { resource: trust }), "allowed");
        assert.equal(decision(withToken, { resource: trust, guardrails: [rcp] }), "explicitly denied");
        const saml = `arn:aws:iam::${ACCOUNT_ID}:saml-provider/corporate`;
        const samlTrust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: saml }, Action: "sts:AssumeRoleWithSAML" }] };
        const withAssertion: AwsRequest = { caller: { federated: saml }, action: "sts:AssumeRoleWithSAML", resource: consumerRole, resourceAccount: ACCOUNT_ID };
        assert.deepEqual([decision(withAssertion, { resource: samlTrust }), decision(withAssertion, { resource: samlTrust, guardrails: [rcp] })],
            ["allowed", "explicitly denied"]);
        // The deploy roles themselves are named outside the stacks' prefix, and still federate.
        const deployTrust = documents["dev-trust"];
        assert.equal(decision({ ...withToken, resource: DEPLOY }, { resource: deployTrust, guardrails: [rcp] }), "allowed");
    });

    it("refuses every principal but AWS services the stacks' roles, a role of the account or the organisation that a trust names included", () => {
        const admin = role("platform-admin");
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: admin }, Action: "sts:AssumeRole" }] };
        const request: AwsRequest = { caller: { arn: admin, orgId: "o-a1b2c3d4e5" }, action: "sts:AssumeRole", resource: consumerRole };
        assert.equal(decision(request, { identity: [assumes], resource: trust }), "allowed");
        assert.equal(decision(request, { identity: [assumes], resource: trust, guardrails: [rcp] }), "explicitly denied");
    });

    it("lets in API Gateway for the API's role and Lambda for a consumer's, and a role of the organisation that the trust of a role outside the stacks names", () => {
        const asService = (service: string, resource: string) => ({ caller: { service }, action: "sts:AssumeRole", resource });
        assert.equal(decision(asService("apigateway.amazonaws.com", role("orders-role-a1b2c3d")), { resource: apiGatewayTrustPolicy(), guardrails: [rcp] }), "allowed");
        assert.equal(decision(asService("lambda.amazonaws.com", consumerRole), { resource: lambdaTrustPolicy(), guardrails: [rcp] }), "allowed");
        const colleague = "arn:aws:iam::345678901234:role/support";
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: colleague }, Action: "sts:AssumeRole" }] };
        assert.equal(decision({ caller: { arn: colleague, orgId: "o-a1b2c3d4e5" }, action: "sts:AssumeRole", resource: role("support-readonly"), resourceAccount: ACCOUNT_ID },
            { identity: [assumes], resource: trust, guardrails: [rcp] }), "allowed");
    });
});

describe("each IAM document of the docs", () => {
    // IAM and Organizations count a policy's characters without white space.
    const size = (name: string) => JSON.stringify(documents[name]).replace(/\s/g, "").length;
    const { iam, organizations } = AWS_FIGURES.quotas;
    const where: Record<string, number> = {
        "preview-trust": iam.trustPolicyCharacters, "dev-trust": iam.trustPolicyCharacters, "prod-trust": iam.trustPolicyCharacters,
        "preview-permissions": iam.managedPolicyCharacters, "api-boundary": iam.managedPolicyCharacters, "consumer-boundary": iam.managedPolicyCharacters,
        "cloudwatch-boundary": iam.managedPolicyCharacters, "deploy-permissions": iam.rolePolicyCharacters,
        "certification-permissions": iam.managedPolicyCharacters, "prod-deploy-guards": iam.managedPolicyCharacters,
        "deploy-tag-guard": iam.managedPolicyCharacters, "organization-rcp": organizations.controlPolicyCharacters,
        "preview-state": iam.managedPolicyCharacters, "deploy-state": iam.managedPolicyCharacters,
    };

    it("fits where it goes: a trust policy, a managed policy, the deploy role's inline policies, a resource control policy", () => {
        assert.deepEqual(Object.keys(documents).filter((name) => name !== "state-bucket-policy"), Object.keys(where));
        for (const [name, limit] of Object.entries(where)) {
            assert.ok(size(name) <= limit, `${name}: ${size(name)} characters, over ${limit}`);
        }
    });
});
