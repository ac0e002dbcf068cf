import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { policies } from "../../policy/policies";
import { registeredDeclarations } from "../../policy/registry";
import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { PROJECT_ROOT } from "../../offline/stacks";

const ACCOUNT = "123456789012";
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`;
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/orders`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/api-role`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const COMPONENT = "queue-load-leveling:index:QueueApi";

const json = (value: unknown) => JSON.stringify(value);
const doc = (...Statement: object[]) => json({ Version: "2012-10-17", Statement });
const TRUST = doc({ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" });

const queue = (props: Record<string, any> = {}, name = "orders"): FixtureResource => ({
    type: "aws:sqs/queue:Queue", name, props: { arn: QUEUE_ARN, url: QUEUE_URL, sqsManagedSseEnabled: true, ...props },
});
const role = (props: Record<string, any> = {}, name = "api-role"): FixtureResource => ({
    type: "aws:iam/role:Role", name, props: { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assumeRolePolicy: TRUST, ...props },
});
const rolePolicy = (policy: unknown, roleName = "api-role", name = "api-send", parent?: string): FixtureResource => ({
    type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: roleName, policy: typeof policy === "string" ? policy : json(policy) }, parent,
});
const integration = (props: Record<string, any> = {}, name = "api-integration"): FixtureResource => ({
    type: "aws:apigateway/integration:Integration",
    name,
    props: {
        type: "AWS",
        uri: `arn:aws:apigateway:eu-west-1:sqs:path/${ACCOUNT}/orders`,
        credentials: ROLE_ARN,
        requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" },
        requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)" },
        passthroughBehavior: "NEVER",
        ...props,
    },
});
const sendOnly = (resource: unknown = QUEUE_ARN) => doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: resource });
const component: FixtureResource = { type: COMPONENT, name: "api", props: {} };

/** A compliant API: queue, role with SendMessage only, integration. */
const api = (...extra: FixtureResource[]) => [queue(), role(), rolePolicy(sendOnly()), integration(), ...extra];

async function findings(policy: string, fixtures: readonly FixtureResource[], config?: Record<string, unknown>) {
    const found = await runPolicies(fixtures, { only: [policy], config: config ? { [policy]: config } : undefined });
    return found.map((f) => f.message);
}

const ESTABLISHED: readonly (readonly [string, string, string])[] = [
    ["api-role-sendmessage-only", "mandatory", "mandatory"],
    ["api-role-policy-document", "mandatory", "mandatory"],
    ["api-role-trust", "mandatory", "mandatory"],
    ["api-role-unknown-actions", "advisory", "advisory"],
    ["queue-not-public", "mandatory", "mandatory"],
    ["queue-tls-only", "advisory", "mandatory"],
    ["queue-encrypted", "mandatory", "mandatory"],
    ["queue-has-dlq", "advisory", "mandatory"],
    ["integration-encodes-body", "mandatory", "mandatory"],
    ["stage-throttled-and-logged", "advisory", "mandatory"],
    ["one-resource-per-aws-object", "mandatory", "mandatory"],
    ["api-resource-quota", "advisory", "advisory"],
    ["api-methods-authorized", "advisory", "mandatory"],
    ["cors-no-wildcard-with-credentials", "mandatory", "mandatory"],
    ["domain-tls-policy", "mandatory", "mandatory"],
    ["internet-facing-api-has-waf", "advisory", "advisory"],
    ["consumer-role-least-privilege", "advisory", "mandatory"],
    ["consumer-batch-safety", "advisory", "mandatory"],
    ["api-definition-readable", "mandatory", "mandatory"],
];

describe("policies", () => {
    // The one list of policies written out: every other list (the README's table, policy/prod.json, the
    // plan's results, the config reader's) is generated from or checked against the registry. Each policy
    // here stays in the pack, in this order, at these levels (by default, in prod): removing or weakening
    // one is done here, on purpose. A new policy is pinned by its own test.
    it("keep every established policy, in its order, at its levels, each with a description that says what to do", () => {
        const established = new Set(ESTABLISHED.map(([name]) => name));
        assert.deepEqual(registeredDeclarations().filter((d) => established.has(d.name))
            .map((d) => [d.name, d.enforcementLevel, d.prodLevel ?? d.enforcementLevel]), ESTABLISHED);
        for (const policy of policies) {
            assert.ok(policy.description.length > 80, `${policy.name} needs a description that says what to do`);
        }
    });

    it("each have one row in the policy pack's README table, with their level", () => {
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "policy", "README.md"), "utf8");
        const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (mandatory|advisory) \|/gm)].map((m) => [m[1], m[2]]);
        assert.deepEqual(rows, policies.map((p) => [p.name, p.enforcementLevel]));
    });

    describe("api-role-sendmessage-only", () => {
        const check = (fixtures: FixtureResource[]) => findings("api-role-sendmessage-only", fixtures);

        it("accepts a role allowed sqs:SendMessage on exactly its integration's queue", async () => {
            assert.deepEqual(await check(api()), []);
        });

        it("names extra actions and resources", async () => {
            const fixtures = [queue(), role(), rolePolicy(doc(
                { Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage"], Resource: QUEUE_ARN },
                { Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:*` },
            )), integration()];
            assert.deepEqual(await check(fixtures), [`role ${ROLE_ARN} (credentials of api-integration) allows more than it needs: `
                + `sqs:ReceiveMessage on ${QUEUE_ARN}; sqs:SendMessage on arn:aws:sqs:eu-west-1:${ACCOUNT}:*.`]);
        });

        it("names unknown actions alongside a violation", async () => {
            const fixtures = [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:SendMessageBatch", "sqs:PurgeQueue"], Resource: QUEUE_ARN })), integration()];
            assert.match((await check(fixtures))[0], /sqs:PurgeQueue on .*; names actions that do not exist in IAM: sqs:SendMessageBatch\.$/);
        });

        it("finds permissions given through a managed policy and an attachment", async () => {
            const fixtures = [queue(), role(), integration(),
                { type: "aws:iam/policy:Policy", name: "p", props: { arn: `arn:aws:iam::${ACCOUNT}:policy/p`, policy: doc({ Effect: "Allow", Action: "sqs:*", Resource: QUEUE_ARN }) } },
                { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", props: { role: "api-role", policyArn: `arn:aws:iam::${ACCOUNT}:policy/p` } }];
            assert.match((await check(fixtures))[0], /allows more than it needs: 19 sqs actions \(sqs:AddPermission, sqs:CancelMessageMoveTask, sqs:ChangeMessageVisibility, …\) on arn:aws:sqs:eu-west-1:123456789012:orders\.$/);
        });

        it("finds permissions given through PolicyAttachment, inline policies, managedPolicyArns and exclusive attachments", async () => {
            const wide = doc({ Effect: "Allow", Action: "sqs:DeleteQueue", Resource: QUEUE_ARN });
            const policy = { type: "aws:iam/policy:Policy", name: "p", props: { arn: `arn:aws:iam::${ACCOUNT}:policy/p`, policy: wide } };
            const variants: FixtureResource[][] = [
                [role(), policy, { type: "aws:iam/policyAttachment:PolicyAttachment", name: "a", props: { roles: ["api-role"], policyArn: policy.props.arn } }],
                [role({ inlinePolicies: [{ name: "x", policy: wide }] })],
                [role({ managedPolicyArns: [policy.props.arn] }), policy],
                [role(), policy, { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", name: "e", props: { roleName: "api-role", policyArns: [policy.props.arn] } }],
            ];
            for (const variant of variants) {
                const messages = await check([queue(), rolePolicy(sendOnly()), integration(), ...variant]);
                assert.match(messages[0] ?? "", /sqs:DeleteQueue on /, JSON.stringify(variant.map((v) => v.type)));
            }
        });

        it("counts a queue policy that names the role as principal", async () => {
            const queuePolicy = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", props: { queueUrl: QUEUE_URL,
                policy: doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "sqs:ReceiveMessage" }) } };
            assert.match((await check([...api(), queuePolicy]))[0], /sqs:ReceiveMessage on arn:aws:sqs:eu-west-1:123456789012:orders/);
        });

        it("refuses a policy attached by ARN whose document is not in the stack", async () => {
            const attachment = { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "a", props: { role: "api-role", policyArn: `arn:aws:iam::${ACCOUNT}:policy/elsewhere` } };
            assert.match((await check([...api(), attachment]))[0], /cannot be read: arn:aws:iam::123456789012:policy\/elsewhere/);
        });

        it("says when the role cannot send to its queue", async () => {
            const fixtures = [queue(), role(), rolePolicy(sendOnly(`arn:aws:sqs:eu-west-1:${ACCOUNT}:other`)), integration()];
            const [message] = await check(fixtures);
            assert.match(message, /does not allow sqs:SendMessage on arn:aws:sqs:eu-west-1:123456789012:orders, so every request to it would fail/);
        });

        it("accepts kms:GenerateDataKey and kms:Decrypt on the queue's customer-managed key, and nothing more", async () => {
            const key = { type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" } };
            const kmsQueue = queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId: key.props.keyId });
            const kms = (actions: string[], resource = KEY_ARN) => ({ Effect: "Allow", Action: actions, Resource: resource });
            const withKms = (statement: object) => [kmsQueue, key, role(), rolePolicy(doc(
                { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }, statement)), integration()];
            assert.deepEqual(await check(withKms(kms(["kms:GenerateDataKey", "kms:Decrypt"]))), []);
            assert.match((await check(withKms(kms(["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"]))))[0], /kms:Encrypt on /);
            assert.match((await check(withKms(kms(["kms:Decrypt"], "*"))))[0], /kms:Decrypt on \*/);
        });

        it("refuses KMS permissions when the queue uses SQS-managed keys", async () => {
            const fixtures = [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN },
                { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN })), integration()];
            assert.match((await check(fixtures))[0], /kms:Decrypt on /);
        });

        it("leaves alone a worker's role that receives and deletes, which no integration uses", async () => {
            const worker = role({}, "worker");
            const workerPolicy = rolePolicy(doc({ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], Resource: QUEUE_ARN }), "worker", "worker-policy");
            assert.deepEqual(await runPolicies([...api(), worker, workerPolicy], { only: ["api-role-sendmessage-only", "api-role-trust", "api-role-policy-document", "api-role-unknown-actions"] }), []);
        });

        it("refuses an integration whose role is not in the stack", async () => {
            const fixtures = [queue(), integration({ credentials: `arn:aws:iam::${ACCOUNT}:role/elsewhere` })];
            assert.deepEqual(await check(fixtures), [`role arn:aws:iam::${ACCOUNT}:role/elsewhere (credentials of api-integration) is not in this stack, so what it allows cannot be checked.`]);
        });

        it("reports a malformed document instead of crashing", async () => {
            const fixtures = [queue(), role(), rolePolicy("{\"Statement\": [{\"Effect\": \"Maybe\"}]}"), integration()];
            assert.match((await check(fixtures))[0], /a policy document cannot be read: Statement 0: Effect must be "Allow" or "Deny"/);
        });

        it("checks the integrations it can during preview and leaves the unknown one to the SDK", async () => {
            const fixtures = [...api(), integration({ credentials: UNKNOWN_STRING }, "new-integration"),
                rolePolicy(doc({ Effect: "Allow", Action: "sqs:PurgeQueue", Resource: QUEUE_ARN }), "api-role", "extra")];
            const found = await runPolicies(fixtures, { only: ["api-role-sendmessage-only"] });
            assert.deepEqual(found.map((f) => f.enforcementLevel), ["mandatory", "advisory"]);
            assert.match(found[0].message, /sqs:PurgeQueue/);
            assert.match(found[1].message, /^can't run during preview: string value at \.credentials can't be known during preview$/);
        });
    });

    describe("api-role-policy-document", () => {
        const check = (policy: unknown, parent?: string) =>
            findings("api-role-policy-document", [component, rolePolicy(policy, "api-role", "api-send", parent)]);

        it("accepts SendMessage on named queues inside the component", async () => {
            assert.deepEqual(await check(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: [QUEUE_ARN, `${QUEUE_ARN}-2`] }), "api"), []);
        });

        it("refuses other actions and wildcard resources inside the component", async () => {
            assert.deepEqual(await check(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:GetQueueUrl"], Resource: "*" }), "api"),
                ["this API integration policy allows more than sqs:SendMessage on named queues: sqs:GetQueueUrl on *; sqs:SendMessage on *."]);
        });

        it("leaves documents outside such components to the stack-level policy", async () => {
            assert.deepEqual(await check(doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" })), []);
        });

        it("follows its configured component types", async () => {
            const fixtures = [{ ...component, type: "acme:api:Intake" }, rolePolicy(doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }), "r", "p", "api")];
            assert.equal((await findings("api-role-policy-document", fixtures, { componentTypes: ["acme:api:Intake"] })).length, 1);
            assert.equal((await findings("api-role-policy-document", fixtures)).length, 0);
        });

        it("lets the SDK report a document that is unknown during preview", async () => {
            const found = await runPolicies([component, rolePolicy(UNKNOWN_STRING, "api-role", "api-send", "api")], { only: ["api-role-policy-document"] });
            assert.deepEqual(found.map((f) => [f.enforcementLevel, f.message]), [["advisory", "can't run during preview: string value at .policy can't be known during preview"]]);
        });
    });

    describe("api-role-trust", () => {
        const check = (trust: unknown) => findings("api-role-trust", [queue(), role({ assumeRolePolicy: json(trust) }), rolePolicy(sendOnly()), integration()]);
        const trustDoc = (statement: object) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", ...statement }] });

        it("accepts API Gateway alone with sts:AssumeRole alone, without requiring aws:SourceAccount", async () => {
            assert.deepEqual(await check(trustDoc({ Principal: { Service: "apigateway.amazonaws.com" } })), []);
        });

        const refused: [string, object, RegExp][] = [
            ["an AWS principal", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }, /trusts \{"AWS":/],
            ["another service as well", { Principal: { Service: ["apigateway.amazonaws.com", "lambda.amazonaws.com"] } }, /instead of only/],
            ["NotPrincipal", { NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }, /NotPrincipal or NotAction/],
            ["sts:TagSession as well", { Principal: { Service: "apigateway.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }, /instead of only sts:AssumeRole/],
            ["everyone", { Principal: "*" }, /trusts "\*"/],
        ];
        for (const [what, statement, message] of refused) {
            it(`refuses a trust policy with ${what}`, async () => {
                assert.match((await check(trustDoc(statement)))[0] ?? "", message);
            });
        }
    });

    describe("api-role-unknown-actions", () => {
        it("names action names that are not IAM actions, as advice only", async () => {
            const fixtures = [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:SendMessageBatch"], Resource: QUEUE_ARN })), integration()];
            const found = await runPolicies(fixtures, { only: ["api-role-sendmessage-only", "api-role-policy-document", "api-role-unknown-actions"] });
            assert.deepEqual(found.map((f) => [f.policy, f.enforcementLevel, f.message]), [
                ["api-role-unknown-actions", "advisory", `role ${ROLE_ARN} names actions that do not exist in IAM: sqs:SendMessageBatch.`],
            ]);
        });
    });

    describe("queue-not-public", () => {
        const check = (statement: object, owner = ACCOUNT) => findings("queue-not-public", [{
            type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp",
            props: { queueUrl: `https://sqs.eu-west-1.amazonaws.com/${owner}/orders`, policy: doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN, ...statement }) },
        }]);

        it("accepts a principal of the owning account and a service narrowed to a source", async () => {
            assert.deepEqual(await check({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/worker` } }), []);
            assert.deepEqual(await check({ Principal: { Service: "sns.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:t" } } }), []);
        });

        it("accepts everyone narrowed to the organisation", async () => {
            assert.deepEqual(await check({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }), []);
        });

        it("refuses everyone without a condition, in either spelling", async () => {
            for (const principal of ["*", { AWS: "*" }, { AWS: ["*"] }]) {
                assert.deepEqual(await check({ Principal: principal }), ["an Allow statement grants everyone (Principal *) without a condition on source or account."]);
            }
        });

        it("refuses another account without a narrowing condition, by ARN or by id", async () => {
            assert.deepEqual(await check({ Principal: { AWS: "arn:aws:iam::999988887777:root" } }),
                ["an Allow statement grants account 999988887777 without a condition on source or account."]);
            assert.deepEqual(await check({ Principal: { AWS: "999988887777" } }),
                ["an Allow statement grants account 999988887777 without a condition on source or account."]);
        });

        it("checks a policy set on the queue itself, and refuses one that is not JSON", async () => {
            const inline = queue({ policy: doc({ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN }) });
            assert.equal((await findings("queue-not-public", [inline])).length, 1);
            assert.deepEqual(await findings("queue-not-public", [queue({ policy: "{not json" })]), ["the queue policy is not valid JSON."]);
        });
    });

    describe("queue-encrypted", () => {
        it("accepts SQS-managed SSE or a KMS key, set explicitly", async () => {
            assert.deepEqual(await findings("queue-encrypted", [queue(), queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId: KEY_ARN }, "kms")]), []);
        });

        it("refuses a queue that leaves encryption unset or turns it off", async () => {
            assert.deepEqual(await findings("queue-encrypted", [queue({ sqsManagedSseEnabled: undefined }), queue({ sqsManagedSseEnabled: false }, "off")]), [
                "the queue does not set its encryption: set sqsManagedSseEnabled: true or kmsMasterKeyId.",
                "the queue turns SQS-managed encryption off and names no KMS key.",
            ]);
        });
    });

    describe("queue-tls-only", () => {
        const tls = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "tls", props: { queueUrl: QUEUE_URL,
            policy: doc({ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } }) } };

        it("accepts a queue whose policy denies requests without TLS", async () => {
            assert.deepEqual(await findings("queue-tls-only", [queue(), tls]), []);
        });

        it("flags a queue without such a policy, unless configured as exempt", async () => {
            assert.deepEqual(await findings("queue-tls-only", [queue()]), ["queue orders accepts requests without TLS: no policy denies aws:SecureTransport false."]);
            assert.deepEqual(await findings("queue-tls-only", [queue()], { exemptQueues: ["orders"] }), []);
        });
    });

    describe("queue-has-dlq", () => {
        const dlq = queue({ arn: `${QUEUE_ARN}-dlq`, url: `${QUEUE_URL}-dlq` }, "orders-dlq");
        const redrive = json({ deadLetterTargetArn: `${QUEUE_ARN}-dlq`, maxReceiveCount: 5 });

        it("accepts a queue with a redrive policy and exempts its dead-letter queue", async () => {
            assert.deepEqual(await findings("queue-has-dlq", [queue({ redrivePolicy: redrive }), dlq]), []);
        });

        it("accepts a redrive policy set with a separate RedrivePolicy resource", async () => {
            const separate = { type: "aws:sqs/redrivePolicy:RedrivePolicy", name: "r", props: { queueUrl: QUEUE_URL, redrivePolicy: redrive } };
            assert.deepEqual(await findings("queue-has-dlq", [queue(), dlq, separate]), []);
        });

        it("flags a queue without one, unless configured as exempt", async () => {
            assert.deepEqual(await findings("queue-has-dlq", [queue()]), ["queue orders has no dead-letter queue: set a redrivePolicy with a deadLetterTargetArn."]);
            assert.deepEqual(await findings("queue-has-dlq", [queue()], { exemptQueues: ["orders"] }), []);
        });
    });

    describe("integration-encodes-body", () => {
        const check = (props: Record<string, any>) => findings("integration-encodes-body", [integration(props)]);

        it("accepts $util.urlEncode around the body, quoted or not, and through #set", async () => {
            for (const template of [
                "Action=SendMessage&MessageBody=$util.urlEncode($input.body)",
                "Action=SendMessage&MessageBody=$util.urlEncode(\"$input.body\")",
                "#set($body = $util.urlEncode($input.body))Action=SendMessage&MessageBody=$body",
            ]) {
                assert.deepEqual(await check({ requestTemplates: { "application/json": template } }), [], template);
            }
        });

        it("refuses the console walkthrough's template and values laundered through #set", async () => {
            assert.deepEqual(await check({ requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" } }),
                ["This SQS integration is unsafe: its application/json template outputs values without $util.urlEncode: $input.body (line 1, column 32)."]);
            assert.match((await check({ requestTemplates: { "application/json": "#set($b = \"$input.body\")Action=SendMessage&MessageBody=$b" } }))[0], /\$b \(line 1/);
        });

        it("refuses a missing template, a missing form Content-Type and a passthrough other than NEVER", async () => {
            assert.deepEqual(await check({ requestTemplates: {}, requestParameters: {}, passthroughBehavior: "WHEN_NO_MATCH" }), [
                "This SQS integration is unsafe: it has no request template, so the raw body would be sent to SQS; "
                + "it must set integration.request.header.Content-Type to 'application/x-www-form-urlencoded', got undefined; "
                + "its passthroughBehavior must be NEVER, got \"WHEN_NO_MATCH\".",
            ]);
        });

        it("leaves integrations with other services alone", async () => {
            assert.deepEqual(await check({ uri: "arn:aws:apigateway:eu-west-1:kinesis:action/PutRecord", requestTemplates: { "application/json": "$input.body" } }), []);
        });
    });

    describe("stage-throttled-and-logged", () => {
        const stage = (props: Record<string, any> = {}) => ({ type: "aws:apigateway/stage:Stage", name: "stage", props: {
            restApi: "api-id", stageName: "v1", accessLogSettings: { destinationArn: "arn:aws:logs:eu-west-1:1:log-group:l", format: "{\"id\":\"$context.requestId\",\"error\":$context.error.messageString}" }, ...props } });
        const settings = { type: "aws:apigateway/methodSettings:MethodSettings", name: "settings", props: {
            restApi: "api-id", stageName: "v1", methodPath: "*/*", settings: { throttlingRateLimit: 10, throttlingBurstLimit: 20 } } };

        it("accepts a stage with throttling and JSON access logs", async () => {
            assert.deepEqual(await findings("stage-throttled-and-logged", [stage(), settings]), []);
        });

        it("flags access logs in a format that is not JSON", async () => {
            assert.deepEqual(await findings("stage-throttled-and-logged", [stage({ accessLogSettings: { destinationArn: "arn:x", format: "$context.requestId $context.status" } }), settings]),
                ["stage stage has access logs that are not JSON."]);
        });

        it("flags throttling set on another stage only", async () => {
            assert.deepEqual(await findings("stage-throttled-and-logged", [stage(), { ...settings, props: { ...settings.props, stageName: "v2" } }]),
                ["stage stage has no throttling (MethodSettings with throttlingRateLimit and throttlingBurstLimit)."]);
        });
    });
});

describe("policy pack config for prod (policy/prod.json)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require("../../policy/prod.json") as Record<string, unknown>;

    it("names only policies of the pack, with valid levels and known properties", () => {
        const levels = ["advisory", "mandatory", "remediate", "disabled"];
        for (const [name, value] of Object.entries(config)) {
            const policy = policies.find((p) => p.name === name);
            assert.ok(policy, `${name} is not a policy of the pack`);
            const settings = typeof value === "string" ? { enforcementLevel: value } : value as Record<string, unknown>;
            assert.ok(levels.includes(String(settings.enforcementLevel)), `${name}: ${String(settings.enforcementLevel)}`);
            for (const key of Object.keys(settings).filter((k) => k !== "enforcementLevel")) {
                assert.ok(policy.configSchema?.properties[key], `${name} has no setting ${key}`);
            }
        }
    });

    it("is the rules' prod levels: every policy whose level in prod differs from its default, at that level", () => {
        assert.deepEqual(config, Object.fromEntries(registeredDeclarations().filter((d) => d.prodLevel).map((d) => [d.name, d.prodLevel])));
    });
});
