import assert from "node:assert/strict";

import { loadIamCatalogue } from "../../policy/catalogue";
import { effectivePermissions, permissionsBeyond } from "../../policy/iam";
import { isNarrowed } from "../../policy/conditions";
import { unencodedOutputs } from "../../policy/templateEncoding";
import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { beyondDefaults } from "../support/defaultFindings";
import { asFirstPreview, programFixtures } from "../support/programFixtures";

const ACCOUNT = "123456789012";
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`;
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/orders`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/api-role`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;
const json = (value: unknown) => JSON.stringify(value);
const doc = (...Statement: object[]) => json({ Version: "2012-10-17", Statement });

const queue = (props: Record<string, any> = {}, name = "orders"): FixtureResource =>
    ({ type: "aws:sqs/queue:Queue", name, props: { arn: QUEUE_ARN, url: QUEUE_URL, sqsManagedSseEnabled: true, ...props } });
const role: FixtureResource = { type: "aws:iam/role:Role", name: "api-role", props: { name: "api-role", arn: ROLE_ARN,
    assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }) } };
const rolePolicy = (policy: string, name = "send"): FixtureResource => ({ type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: "api-role", policy } });
const sendOnly = rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }));
const integration = (props: Record<string, any> = {}): FixtureResource => ({ type: "aws:apigateway/integration:Integration", name: "integration", props: {
    type: "AWS", uri: `arn:aws:apigateway:eu-west-1:sqs:path/${ACCOUNT}/orders`, credentials: ROLE_ARN, passthroughBehavior: "NEVER",
    requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" },
    requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)" }, ...props } });
const api = [queue(), role, sendOnly, integration()];
const messages = async (policy: string, fixtures: FixtureResource[]) =>
    (await runPolicies(fixtures, { only: [policy] })).map((f) => `${f.enforcementLevel}: ${f.message}`);

describe("policy edge cases", () => {
    describe("during a preview of a new stack, with every computed value unknown", () => {
        /** The program's resources as a first preview sees them: whatever derives from an output is unknown. */
        const previewFixtures = async () => asFirstPreview(await programFixtures("dev"));

        it("checks what is known without crashing, and leaves the rest to the SDK as advisory", async () => {
            const findings = beyondDefaults(await runPolicies(await previewFixtures()));
            assert.deepEqual(findings.filter((f) => f.enforcementLevel !== "advisory"), []);
            assert.ok(findings.every((f) => f.message.startsWith("can't run during preview: ")), json(findings));
        });

        it("still finds the open route of the new API, following its unknown ids to the resources they come from", async () => {
            assert.deepEqual(await messages("api-methods-authorized", await previewFixtures()), ["advisory: POST /orders (method orders-method) has "
                + "authorization NONE: anyone who can reach the API can call it. Require AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an "
                + "authorizerId, or list \"POST /orders\" in this policy's publicRoutes if it is public by design."]);
        });

        it("still stops the console walkthrough's template, whose queue is not created yet", async () => {
            const fixtures = (await previewFixtures()).map((f) => (f.name === "orders-integration"
                ? { ...f, props: { ...f.props, requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" } } } : f));
            const found = await messages("integration-encodes-body", fixtures);
            assert.equal(found.length, 2);
            assert.match(found[0], /^mandatory: This SQS integration is unsafe: its application\/json template outputs values without \$util\.urlEncode: \$input\.body/);
            assert.match(found[1], /^advisory: can't run during preview/);
        });

        it("reports a known sqs:* on * even when another policy of the role is unknown", async () => {
            const found = await messages("api-role-sendmessage-only", [...api, rolePolicy(doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }), "wide"),
                rolePolicy(UNKNOWN_STRING, "later")]);
            assert.equal(found.length, 2);
            assert.match(found[0], /^mandatory: .*allows more than it needs: 20 sqs actions/);
            assert.match(found[1], /^advisory: can't run during preview/);
        });

        it("does not call a queue DLQ-less while the redrive policy that may target it is unknown", async () => {
            const found = await messages("queue-has-dlq", [queue({ redrivePolicy: UNKNOWN_STRING }), queue({ arn: `${QUEUE_ARN}-dlq`, url: `${QUEUE_URL}-dlq` }, "dlq")]);
            assert.deepEqual(found.map((m) => m.split(":")[0]), ["advisory"]);
            assert.match(found[0], /can't run during preview/);
        });
    });

    describe("grants through resource policies", () => {
        it("counts a queue policy that grants everyone in the organisation, the API role included", async () => {
            const open = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", props: { queueUrl: QUEUE_URL,
                policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }) } };
            assert.match((await messages("api-role-sendmessage-only", [...api, open]))[0], /19 sqs actions .* on arn:aws:sqs:eu-west-1:123456789012:orders \(conditional\)/);
        });

        it("counts a NotPrincipal grant that does not exclude the role", async () => {
            const open = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", props: { queueUrl: QUEUE_URL,
                policy: doc({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::123456789012:role/other" }, Action: "sqs:PurgeQueue" }) } };
            assert.match((await messages("api-role-sendmessage-only", [...api, open]))[0], /sqs:PurgeQueue on arn:aws:sqs:eu-west-1:123456789012:orders/);
        });

        it("counts a KMS key policy and a KMS grant that name the role", async () => {
            const key = { type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, keyId: "k1",
                policy: doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "kms:*", Resource: "*" }) } };
            assert.match((await messages("api-role-sendmessage-only", [...api, key]))[0], /kms actions .* on arn:aws:kms:eu-west-1:123456789012:key\/k1/);
            const grant = { type: "aws:kms/grant:Grant", name: "grant", props: { keyId: "k1", granteePrincipal: ROLE_ARN, operations: ["Encrypt"] } };
            assert.match((await messages("api-role-sendmessage-only", [...api, { ...key, props: { arn: KEY_ARN, keyId: "k1" } }, grant]))[0],
                /kms:Encrypt on arn:aws:kms:eu-west-1:123456789012:key\/k1/);
        });

        it("accepts KMS use on a key the queue names by alias", async () => {
            const fixtures = [queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId: "alias/orders" }), role,
                rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }, { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY_ARN })),
                integration(), { type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, keyId: "k1" } },
                { type: "aws:kms/alias:Alias", name: "alias", props: { name: "alias/orders", targetKeyArn: KEY_ARN } }];
            assert.deepEqual(await messages("api-role-sendmessage-only", fixtures), []);
        });
    });

    describe("IAM semantics", () => {
        it("reads a policy variable in an Allow as anything, and trusts no Deny that depends on one", async () => {
            const catalogue = await loadIamCatalogue();
            const documents = [doc(
                { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN },
                { Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: "arn:aws:sqs:*:*:${aws:PrincipalTag/q}" },
                { Effect: "Deny", Action: "sqs:ReceiveMessage", Resource: "*}" },
                { Effect: "Deny", Action: "sqs:ReceiveMessage", Resource: "arn:aws:sqs:*:*:${aws:username}" },
            )];
            const excess = permissionsBeyond(effectivePermissions(documents, catalogue), [{ action: "sqs:SendMessage", resources: [QUEUE_ARN] }]);
            assert.deepEqual(excess, [{ action: "sqs:ReceiveMessage", resources: ["arn:aws:sqs:*:*:*"] }]);
        });

        it("reports a wildcard that matches no IAM action", async () => {
            const permissions = effectivePermissions([doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:Future*"], Resource: QUEUE_ARN })], await loadIamCatalogue());
            assert.deepEqual(permissions.unknownActions, ["sqs:Future*"]);
        });

        it("keeps the message short when a role is allowed everything", async () => {
            const [message] = await messages("api-role-sendmessage-only", [...api, rolePolicy(doc({ Effect: "Allow", Action: "*", Resource: "*" }), "admin")]);
            assert.ok(message.length < 2000, `${message.length} characters`);
            assert.match(message, /; and \d+ more\.$/);
        });
    });

    describe("queue policies", () => {
        const notNarrowing: [string, object][] = [
            ["a negated source account", { StringNotEquals: { "aws:SourceAccount": "111111111111" } }],
            ["an IfExists operator", { ArnEqualsIfExists: { "aws:SourceArn": "arn:aws:sns:eu-west-1:1:t" } }],
            ["a source ARN of *", { StringLike: { "aws:SourceArn": "*" } }],
            ["a Null check", { Null: { "aws:SourceArn": "false" } }],
            ["every IPv4 address", { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }],
            ["a key that says nothing of the source", { StringEquals: { "aws:RequestedRegion": "eu-west-1" } }],
        ];
        for (const [what, condition] of notNarrowing) {
            it(`do not count ${what} as narrowing a public grant`, async () => {
                assert.equal(isNarrowed(condition), false);
                const policy = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", props: { queueUrl: QUEUE_URL,
                    policy: doc({ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN, Condition: condition }) } };
                assert.equal((await messages("queue-not-public", [policy])).length, 1);
            });
        }

        it("flag another account on a queue whose own account is unknown", async () => {
            const inline = queue({ arn: undefined, url: undefined, policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sqs:*", Resource: "*" }) });
            assert.deepEqual(await messages("queue-not-public", [inline]),
                ["mandatory: an Allow statement grants account 999999999999, and the queue's own account cannot be told from the policy."]);
        });

        it("take the owner of an inline policy from the queue's ARN", async () => {
            const inline = queue({ policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/worker` }, Action: "sqs:ReceiveMessage", Resource: "*" }) });
            assert.deepEqual(await messages("queue-not-public", [inline]), []);
        });

        it("count only an unconditional deny of non-TLS requests, to everyone in either spelling", async () => {
            const tls = (statement: object) => [queue(), { type: "aws:sqs/queuePolicy:QueuePolicy", name: "tls", props: { queueUrl: QUEUE_URL,
                policy: doc({ Effect: "Deny", Action: "sqs:*", Resource: QUEUE_ARN, Condition: { Bool: { "aws:SecureTransport": "false" } }, ...statement }) } }];
            assert.deepEqual(await messages("queue-tls-only", tls({ Principal: { AWS: ["*"] } })), []);
            assert.equal((await messages("queue-tls-only", tls({ Principal: "*", Condition: {
                Bool: { "aws:SecureTransport": "false" }, StringEquals: { "aws:PrincipalAccount": "1" } } }))).length, 1);
        });
    });

    describe("input that is not what it should be", () => {
        it("is reported, never a crash", async () => {
            assert.deepEqual(unencodedOutputs("#set($x = \"${\")$x"),
                ["$x (line 1, column 16)", "the string literal \"${\" cannot be checked: Velocity parses it as a template, and it does not parse"]);
            const nullStatement = rolePolicy(json({ Version: "2012-10-17", Statement: [null] }), "odd");
            assert.match((await messages("api-role-sendmessage-only", [...api, nullStatement]))[0], /Statement 0 must be an object/);
            const nullQueuePolicy = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", props: { queueUrl: QUEUE_URL, policy: "null" } };
            assert.deepEqual(await messages("api-role-sendmessage-only", [...api, nullQueuePolicy]), []);
            assert.deepEqual(await messages("queue-not-public", [nullQueuePolicy]), ["mandatory: the queue policy is not a JSON object."]);
        });
    });
});
