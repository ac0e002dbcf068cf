// No policy crashes on any input: documents and settings of the wrong shape are read as what AWS
// would make of them (or reported), and values unknown during a preview are left to the SDK, which
// reports them as "can't run during preview" while every known value is still checked.
import assert from "node:assert/strict";

import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import {
    ACCOUNT, api, doc, integration, json, QUEUE_ARN, QUEUE_URL, queue, queuePolicy, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

/** What every policy of the pack reports. */
const summary = async (stack: readonly FixtureResource[]) =>
    (await runPolicies(stack)).map((f) => `${f.policy} ${f.enforcementLevel}: ${f.message}`);

const ORDERS_HAS_NO_TLS_DENY = 'queue-tls-only advisory: queue orders accepts requests without TLS: no policy denies aws:SecureTransport false.';
const ORDERS_HAS_NO_DLQ = 'queue-has-dlq advisory: queue orders has no dead-letter queue: set a redrivePolicy with a deadLetterTargetArn.';

describe("the pack on input of the wrong shape", () => {
    const odd: [string, FixtureResource[], string[]][] = [
        ["resource policies with principals, conditions and resources of every wrong type", api(
            queuePolicy(json({ Statement: [{ Effect: "Allow", Principal: { AWS: 42 }, Action: "sqs:SendMessage", Condition: "yes" },
                { Effect: "Allow", Principal: { Service: null }, Action: ["sqs:SendMessage"], Condition: { StringLike: null, "ForAnyValue:": { x: 1 } } },
                { Effect: "Deny", Principal: "*", Action: 7, Condition: { StringNotEquals: { "aws:PrincipalOrgID": [null] } } }] })),
            { type: "aws:s3/bucketPolicy:BucketPolicy", name: "bp", props: { bucket: 12, policy: { Statement: "none" } } },
            { type: "aws:sns/topicPolicy:TopicPolicy", name: "tp", props: { arn: null, policy: "[1, 2]" } },
            { type: "aws:lambda/permission:Permission", name: "perm", props: { principal: ["x"], action: 3, function: {} } },
            { type: "aws:kms/grant:Grant", name: "grant", props: { keyId: 1, granteePrincipal: ROLE_ARN, operations: "Decrypt" } },
            role({ assumeRolePolicy: "{not json" }, "broken-trust")),
        [ORDERS_HAS_NO_TLS_DENY, ORDERS_HAS_NO_DLQ]],
        ["roles and attachments of every wrong type", [queue(), role({ inlinePolicies: [null, { policy: 5 }], managedPolicyArns: "arn", permissionsBoundary: 9 }),
            rolePolicy(sendOnly()), integration(),
            { type: "aws:iam/policyAttachment:PolicyAttachment", name: "pa", props: { roles: "api-role", policyArn: null } },
            { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", name: "ex", props: { roleName: ["api-role"], policyArns: [null] } }],
        [`api-role-sendmessage-only mandatory: role ${ROLE_ARN} (credentials of orders-integration): a policy document cannot be read: a policy document `
            + "must be a JSON object, got 5", ORDERS_HAS_NO_TLS_DENY, ORDERS_HAS_NO_DLQ]],
        ["integrations and stages of every wrong type", [...api(),
            integration({ uri: `arn:aws:apigateway:eu-west-1:sqs:action/SendMessage`, requestParameters: "QueueUrl", requestTemplates: ["x"] }, "odd"),
            { type: "aws:apigatewayv2/integration:Integration", name: "v2", props: { integrationSubtype: "SQS-SendMessage", credentialsArn: ROLE_ARN, requestParameters: [] } },
            { type: "aws:apigatewayv2/stage:Stage", name: "v2-stage", props: { apiId: 5, defaultRouteSettings: "fast", routeSettings: { routeKey: 1 }, accessLogSettings: [] } },
            { type: "aws:apigateway/stage:Stage", name: "stage", props: { restApi: null, stageName: 1, accessLogSettings: "on" } },
            { type: "aws:apigateway/methodSettings:MethodSettings", name: "ms", props: { restApi: null, stageName: 1, methodPath: 3, settings: null } }],
        [`api-role-sendmessage-only mandatory: role ${ROLE_ARN} (credentials of orders-integration, odd, v2) is used by an integration that names no queue the pack `
            + "can read (odd: its URI names no queue and it sets no QueueUrl); is used by an integration that names no queue the pack can read (v2: its QueueUrl is not set).",
        ORDERS_HAS_NO_TLS_DENY, ORDERS_HAS_NO_DLQ,
        "integration-encodes-body mandatory: This SQS integration is unsafe: it must set integration.request.header.Content-Type to "
            + "'application/x-www-form-urlencoded', got undefined.",
        "stage-throttled-and-logged advisory: stage stage has no throttling (MethodSettings with throttlingRateLimit and throttlingBurstLimit) and no access logs.",
        "stage-throttled-and-logged advisory: stage v2-stage has no throttling for $default (defaultRouteSettings, or routeSettings for each route, with "
            + "throttlingRateLimit and throttlingBurstLimit) and no access logs."]],
    ];
    for (const [what, stack, expected] of odd) {
        it(`reports, and never crashes on, ${what}`, async () => {
            assert.deepEqual(await summary(stack), expected);
        });
    }
});

describe("the pack during a preview, on the new kinds of grant and integration", () => {
    const CANT_RUN = /^can't run during preview: /;

    it("leaves an HTTP API integration whose queue URL is unknown to the SDK, and still reports a known wide grant", async () => {
        const stack = [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" })),
            { type: "aws:apigatewayv2/integration:Integration", name: "v2", props: { integrationSubtype: "SQS-SendMessage", credentialsArn: ROLE_ARN,
                requestParameters: { QueueUrl: UNKNOWN_STRING, MessageBody: "$request.body" } } }, integration()];
        const found = await runPolicies(stack, { only: ["api-role-sendmessage-only"] });
        assert.deepEqual(found.map((f) => f.enforcementLevel), ["mandatory", "advisory"]);
        assert.match(found[0].message, /allows more than it needs: 20 sqs actions .* on \*\.$/);
        assert.match(found[1].message, CANT_RUN);
    });

    it("does not report a role's identity grants while its permissions boundary is unknown", async () => {
        const stack = [queue(), role({ permissionsBoundary: UNKNOWN_STRING }), rolePolicy(doc({ Effect: "Allow", Action: "sqs:*", Resource: QUEUE_ARN })), integration()];
        const found = await runPolicies(stack, { only: ["api-role-sendmessage-only"] });
        assert.deepEqual(found.map((f) => f.enforcementLevel), ["advisory"]);
        assert.match(found[0].message, CANT_RUN);
    });

    it("leaves a bucket policy whose document is unknown to the SDK", async () => {
        const stack = api({ type: "aws:s3/bucketPolicy:BucketPolicy", name: "bp", props: { bucket: "exports", policy: UNKNOWN_STRING } });
        const found = await runPolicies(stack, { only: ["api-role-sendmessage-only"] });
        assert.deepEqual(found.map((f) => [f.enforcementLevel, CANT_RUN.test(f.message)]), [["advisory", true]]);
    });

    it("does not count a key policy on a key whose ARN is unknown as a grant on every key", async () => {
        const key = { type: "aws:kms/key:Key", name: "key", props: { arn: UNKNOWN_STRING, keyId: UNKNOWN_STRING,
            policy: doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" }) } };
        const found = await runPolicies([queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId: UNKNOWN_STRING }), role(), rolePolicy(sendOnly()), integration(), key],
            { only: ["api-role-sendmessage-only"] });
        assert.deepEqual(found.map((f) => [f.enforcementLevel, CANT_RUN.test(f.message)]), [["advisory", true]]);
    });

    it("does not exempt a dead-letter target while an integration's queue is unknown", async () => {
        const stack = [queue({ redrivePolicy: JSON.stringify({ deadLetterTargetArn: QUEUE_ARN, maxReceiveCount: 3 }) }, "decoy"), queue(),
            role(), integration({ uri: UNKNOWN_STRING })];
        const found = await runPolicies(stack, { only: ["queue-has-dlq"] });
        assert.deepEqual(found.map((f) => [f.enforcementLevel, CANT_RUN.test(f.message)]), [["advisory", true]]);
    });

    it("checks a TLS deny on a queue whose ARN is unknown only once the ARN is known", async () => {
        const stack = [queue({ arn: UNKNOWN_STRING }), queuePolicy(doc({ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`,
            Condition: { Bool: { "aws:SecureTransport": "false" } } }), "tls", QUEUE_URL)];
        const found = await runPolicies(stack, { only: ["queue-tls-only"] });
        assert.deepEqual(found.map((f) => [f.enforcementLevel, CANT_RUN.test(f.message)]), [["advisory", true]]);
    });
});
