// A boundary per kind of role: a stack file planned as the CLI plans it gives the API's role, each
// consumer's role and the account's CloudWatch role their kind's boundary; then concrete requests,
// decided by the policy pack's IAM evaluator against each planned role's own policy and the
// boundary docs/iam.md gives its kind: what each role needs is allowed; reading another team's log
// group, decrypting outside SQS and any queue outside the stacks are not, whatever a deploy writes
// into the role.
import assert from "node:assert/strict";

import { iamCatalogue } from "../policy/catalogue";
import { AwsRequest, decide, RequestPolicies } from "../policy/requests";
import { ACCOUNT_ID, byType, named, Registered } from "../offline/mockRuntime";
import { ProgramRefused } from "../offline/runStack";
import { iamDocuments } from "./support/iamDocuments";
import { plannedResources } from "./support/plan";

const catalogue = iamCatalogue();
const documents = iamDocuments();
const REGION = "eu-west-1";
const boundaryArn = (kind: string) => `arn:aws:iam::${ACCOUNT_ID}:policy/orders-${kind}-boundary`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:payments-queue`;
const OTHER_LOGS = `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:payments:log-stream:2026/12/01/a1b2`;
const VIA_SQS = `sqs.${REGION}.amazonaws.com`;
/** A role's session, as the role: the boundary and policies are the role's. */
const caller = (roleName: string) => ({ arn: `arn:aws:iam::${ACCOUNT_ID}:role/${roleName}` });
/** Whatever a deploy could write into a role: every action of the services around it. */
const EVERYTHING = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sqs:*", "kms:*", "logs:*", "dynamodb:*", "iam:*", "sts:*", "s3:*"], Resource: "*" }] };
/** AWS's managed policy AmazonAPIGatewayPushToCloudWatchLogs, as AWS publishes it. */
const PUSH_TO_CLOUDWATCH_LOGS = {
    Version: "2012-10-17",
    Statement: [{
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents",
            "logs:GetLogEvents", "logs:FilterLogEvents"],
        Resource: "*",
    }],
};

const planned = (name: string, config: Record<string, unknown>) => plannedResources(name, config, REGION);

describe("a boundary per kind of role", () => {
    const kinds = { api: boundaryArn("api"), consumers: boundaryArn("consumer"), cloudWatchRole: boundaryArn("cloudwatch") };
    let resources: Registered[];
    const policyOf = (name: string) => JSON.parse(named({ resources }, name).inputs.policy);

    before(async () => {
        resources = await planned("boundaries", {
            "orders:permissionsBoundaries": kinds,
            "orders:manageCloudWatchRole": true,
            "orders:routes": [{ path: "orders", queue: { encryption: "kms", kmsKeyArn: KEY, visibilityTimeoutSeconds: 60 }, consumer: { timeoutSeconds: 10 } }],
        });
    });

    describe("in a stack file", () => {
        it("gives the API's role, each consumer's role and the account's CloudWatch role their kind's boundary", () => {
            assert.deepEqual(byType({ resources }, "aws:iam/role:Role").map((r) => [r.name, r.inputs.permissionsBoundary]), [
                ["orders-post-orders-consumer-role", kinds.consumers], ["orders-role", kinds.api], ["orders-cloudwatch-role", kinds.cloudWatchRole],
            ]);
        });

        it("keeps permissionsBoundary working: the boundary of every kind permissionsBoundaries does not name", async () => {
            const old = boundaryArn("every");
            const mixed = await planned("boundaries-mixed", {
                "orders:permissionsBoundary": old,
                "orders:permissionsBoundaries": { api: kinds.api },
                "orders:manageCloudWatchRole": true,
                "orders:routes": [{ path: "orders", queue: { visibilityTimeoutSeconds: 60 }, consumer: { timeoutSeconds: 10 } }],
            });
            assert.deepEqual(byType({ resources: mixed }, "aws:iam/role:Role").map((r) => [r.name, r.inputs.permissionsBoundary]), [
                ["orders-post-orders-consumer-role", old], ["orders-role", kinds.api], ["orders-cloudwatch-role", old],
            ]);
        });

        it("refuses a boundary that is not a policy ARN, and a kind it does not know, naming the key", async () => {
            const refused = await planned("boundaries-bad", { "orders:permissionsBoundaries": { api: "orders-api-boundary", lambda: kinds.api } })
                .then(() => undefined, (err: unknown) => err);
            assert.ok(refused instanceof ProgramRefused);
            assert.deepEqual(refused.lines, [
                "Pulumi.boundaries-bad.yaml:3:62: orders:permissionsBoundaries.lambda is not a known setting; known: api, consumers, cloudWatchRole",
                "Pulumi.boundaries-bad.yaml:3:34: orders:permissionsBoundaries.api must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>), got \"orders-api-boundary\"",
            ]);
        });
    });

    describe("the API's role, under the API's boundary", () => {
        const role = caller("orders-role");
        const queue = () => named({ resources }, "orders-post-orders-queue").state.arn as string;
        const asPlanned = (): RequestPolicies => ({ identity: [policyOf("orders-send-message")], boundary: documents["api-boundary"] });
        const request = (action: string, resource: string, context: AwsRequest["context"] = {}): AwsRequest => ({ caller: role, action, resource, context });

        it("sends to its queue, and has SQS encrypt with the queue's key for it", () => {
            assert.equal(decide(request("sqs:SendMessage", queue()), asPlanned(), catalogue), "allowed");
            for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
                assert.equal(decide(request(action, KEY, { "kms:ViaService": VIA_SQS, "kms:EncryptionContext:aws:sqs:arn": queue() }), asPlanned(), catalogue),
                    "allowed", action);
            }
        });

        it("cannot decrypt with the key outside SQS, or through SQS for another team's queue", () => {
            assert.equal(decide(request("kms:Decrypt", KEY), asPlanned(), catalogue), "implicitly denied");
            assert.equal(decide(request("kms:Decrypt", KEY, { "kms:ViaService": VIA_SQS, "kms:EncryptionContext:aws:sqs:arn": OTHER_QUEUE }),
                asPlanned(), catalogue), "implicitly denied");
        });

        it("whatever a deploy writes into it: no other team's queue, no reading of log groups, no role to assume", () => {
            const capped: RequestPolicies = { identity: [EVERYTHING], boundary: documents["api-boundary"] };
            for (const [action, resource] of [["sqs:SendMessage", OTHER_QUEUE], ["sqs:ReceiveMessage", queue()], ["logs:GetLogEvents", OTHER_LOGS],
                ["logs:FilterLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:payments`], ["sts:AssumeRole", `arn:aws:iam::${ACCOUNT_ID}:role/admin`],
                ["kms:Decrypt", KEY], ["iam:CreateRole", `arn:aws:iam::${ACCOUNT_ID}:role/orders-escape`]]) {
                assert.equal(decide(request(action, resource), capped, catalogue), "implicitly denied", `${action} on ${resource}`);
            }
            assert.equal(decide(request("sqs:SendMessage", queue()), capped, catalogue), "allowed");
        });
    });

    describe("a consumer's role, under the consumers' boundary", () => {
        const role = caller("orders-post-orders-consumer-role");
        const queue = () => named({ resources }, "orders-post-orders-queue").state.arn as string;
        const ownLogs = () => `${named({ resources }, "orders-post-orders-consumer-logs").state.arn}:log-stream:2026/12/01/[$LATEST]a1b2`;
        const asPlanned = (): RequestPolicies => ({ identity: [policyOf("orders-post-orders-consumer-policy")], boundary: documents["consumer-boundary"] });
        const request = (action: string, resource: string, context: AwsRequest["context"] = {}): AwsRequest => ({ caller: role, action, resource, context });

        it("drains its queue, decrypts its messages through SQS and writes its own logs", () => {
            for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]) {
                assert.equal(decide(request(action, queue()), asPlanned(), catalogue), "allowed", action);
            }
            assert.equal(decide(request("kms:Decrypt", KEY, { "kms:ViaService": VIA_SQS, "kms:EncryptionContext:aws:sqs:arn": queue() }), asPlanned(), catalogue),
                "allowed");
            assert.equal(decide(request("logs:PutLogEvents", ownLogs()), asPlanned(), catalogue), "allowed");
        });

        it("keeps its idempotency records in its table, and reads no other table", () => {
            const capped: RequestPolicies = { identity: [EVERYTHING], boundary: documents["consumer-boundary"] };
            const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/orders-idempotency`;
            for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]) {
                assert.equal(decide(request(action, table), capped, catalogue), "allowed", action);
            }
            assert.equal(decide(request("dynamodb:Scan", table), capped, catalogue), "implicitly denied");
            assert.equal(decide(request("dynamodb:GetItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/payments`), capped, catalogue), "implicitly denied");
        });

        it("whatever a deploy writes into it: no reading of another team's log group, no decrypting outside SQS, no sending", () => {
            const capped: RequestPolicies = { identity: [EVERYTHING], boundary: documents["consumer-boundary"] };
            for (const [action, resource, context] of [["logs:GetLogEvents", OTHER_LOGS, {}], ["logs:GetLogEvents", ownLogs(), {}],
                ["logs:PutLogEvents", OTHER_LOGS, {}], ["kms:Decrypt", KEY, {}], ["sqs:SendMessage", queue(), {}], ["sqs:ReceiveMessage", OTHER_QUEUE, {}],
                ["kms:Decrypt", KEY, { "kms:ViaService": "s3.eu-west-1.amazonaws.com" }]] as [string, string, Record<string, string>][]) {
                assert.equal(decide(request(action, resource, context), capped, catalogue), "implicitly denied", `${action} on ${resource}`);
            }
        });
    });

    describe("the account's CloudWatch role, under its boundary", () => {
        const role = caller("orders-cloudwatch-role");
        const executionLogs = `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:API-Gateway-Execution-Logs_a1b2c3d4e5/v1`;
        const request = (action: string, resource: string): AwsRequest => ({ caller: role, action, resource });

        it("gets AWS's managed policy, as planned", () => {
            assert.equal(named({ resources }, "orders-cloudwatch-role-logs").inputs.policyArn,
                "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
        });

        it("writes API Gateway's logs for every API of the account and region, and reads none of them", () => {
            const bounded: RequestPolicies = { identity: [PUSH_TO_CLOUDWATCH_LOGS], boundary: documents["cloudwatch-boundary"] };
            for (const [action, resource] of [["logs:CreateLogGroup", executionLogs], ["logs:CreateLogStream", executionLogs],
                ["logs:PutLogEvents", `${executionLogs}:log-stream:a1b2`], ["logs:DescribeLogStreams", executionLogs], ["logs:DescribeLogGroups", "*"],
                ["logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:payments-access-logs:log-stream:a1b2`]]) {
                assert.equal(decide(request(action, resource), bounded, catalogue), "allowed", `${action} on ${resource}`);
            }
            for (const [action, resource] of [["logs:GetLogEvents", OTHER_LOGS], ["logs:FilterLogEvents", executionLogs],
                ["logs:GetLogEvents", `${executionLogs}:log-stream:a1b2`]]) {
                assert.equal(decide(request(action, resource), bounded, catalogue), "implicitly denied", `${action} on ${resource}`);
                // The managed policy alone would allow it: the boundary is what takes it away.
                assert.equal(decide(request(action, resource), { identity: [PUSH_TO_CLOUDWATCH_LOGS] }, catalogue), "allowed", `${action} unbounded`);
            }
        });
    });
});
