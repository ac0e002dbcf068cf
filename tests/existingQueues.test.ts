import assert from "node:assert/strict";

import { QueueApi, QueueApiArgs } from "../components/index";
import { queueUrlOfArn } from "../components/routeQueue";
import { byType, named, runMocked } from "../offline/mockRuntime";
import { fromMockRun, runPolicies } from "../offline/policyRunner";
import { planStack } from "../scripts/planReport";
import { problemsOf } from "./support/problems";
import { beyondDefaults } from "./support/defaultFindings";

const OTHER_ACCOUNT_QUEUE = "arn:aws:sqs:us-east-1:210987654321:fulfilment";
const KEY = "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ARGS: QueueApiArgs = {
    routes: [
        { path: "orders" },
        { path: "fulfilment", existingQueue: { arn: OTHER_ACCOUNT_QUEUE, kmsKeyArn: KEY } },
    ],
    deadLetterAlarm: { snsTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops" },
};

describe("routes to existing queues", () => {
    it("refuse an ARN that is not an SQS queue's, and a route that names a new queue too", () => {
        assert.deepEqual(problemsOf({ routes: [{ path: "a", existingQueue: { arn: "arn:aws:sns:us-east-1:210987654321:topic" } }] }),
            ["routes[0].existingQueue.arn must be an SQS queue ARN (arn:<partition>:sqs:<region>:<account-id>:<queue-name>), got \"arn:aws:sns:us-east-1:210987654321:topic\""]);
        assert.deepEqual(problemsOf({ routes: [{ path: "a", existingQueue: { arn: OTHER_ACCOUNT_QUEUE }, queue: { fifo: true } }] }),
            ["routes[0].queue is for a new queue; routes[0].existingQueue names one that exists: give one of them"]);
    });

    it("treat a .fifo queue as FIFO, which needs a group source", () => {
        assert.deepEqual(problemsOf({ routes: [{ path: "a", existingQueue: { arn: `${OTHER_ACCOUNT_QUEUE}.fifo` } }] }),
            ["routes[0].messageGroupId is required with a FIFO queue (routes[0].existingQueue.arn): give a header, a bodyField, a pathParameter, a value or the caller's context"]);
        assert.deepEqual(problemsOf({ routes: [{ path: "a", existingQueue: { arn: `${OTHER_ACCOUNT_QUEUE}.fifo` }, messageGroupId: { value: "all" } }] }), []);
    });

    describe("component", () => {
        let run: Awaited<ReturnType<typeof runMocked<Record<string, unknown>>>>;
        before(async () => {
            run = await runMocked(() => {
                const api = new QueueApi("shop", ARGS);
                return { queueUrls: api.queueUrls, deadLetterQueueArns: api.deadLetterQueueArns };
            }, { config: { "aws:region": "eu-west-1" } });
        });

        it("creates no queue, dead-letter queue or alarm for the existing queue", () => {
            assert.deepEqual(byType(run, "aws:sqs/queue:Queue").map((q) => q.name), ["shop-post-orders-dlq", "shop-post-orders-queue"]);
            assert.deepEqual(byType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name), ["shop-post-orders-dlq-alarm"]);
        });

        it("addresses the queue in its own account and region", () => {
            assert.equal(named(run, "shop-post-fulfilment-integration").inputs.uri, "arn:aws:apigateway:us-east-1:sqs:path/210987654321/fulfilment");
        });

        it("allows the role to send to it and to use its key, nothing more", () => {
            const statements = JSON.parse(named(run, "shop-send-message").inputs.policy).Statement;
            assert.deepEqual(statements[0].Resource, ["arn:aws:sqs:eu-west-1:123456789012:shop-post-orders-queue", OTHER_ACCOUNT_QUEUE]);
            assert.deepEqual(statements[1], { Sid: "UseQueueKeys", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY });
        });

        it("outputs its URL, and no dead-letter queue for it", () => {
            assert.equal((run.result.queueUrls as Record<string, string>)["POST /fulfilment"], "https://sqs.us-east-1.amazonaws.com/210987654321/fulfilment");
            assert.deepEqual(Object.keys(run.result.deadLetterQueueArns as object), ["POST /orders"]);
        });

        it("passes the policy pack once the queue's key is declared in its config, and not before", async () => {
            const fixtures = fromMockRun(run.resources);
            const undeclared = await runPolicies(fixtures, { only: ["api-role-sendmessage-only"] });
            assert.match(undeclared[0]?.message ?? "", new RegExp(`queue ${OTHER_ACCOUNT_QUEUE} is not in this stack, so the key it is encrypted with `
                + "cannot be read offline and its use of KMS is not judged: declare the key in this policy's queueKeys\\.$"));
            assert.deepEqual(beyondDefaults(await runPolicies(fixtures, { config: { "api-role-sendmessage-only": { queueKeys: { [OTHER_ACCOUNT_QUEUE]: KEY } } } })), []);
        });

        it("shows in the offline plan as a queue the stack does not create", () => {
            const plan = planStack("test", "eu-west-1", run.resources, []);
            assert.deepEqual(plan.routes.map((r) => [r.path, r.queue?.name ?? r.existingQueue]), [
                ["/orders", "shop-post-orders-queue"],
                ["/fulfilment", "fulfilment (account 210987654321, not created by this stack)"],
            ]);
        });
    });

    it("derive the queue URL from the ARN in every partition", () => {
        assert.equal(queueUrlOfArn("arn:aws-cn:sqs:cn-north-1:210987654321:orders"), "https://sqs.cn-north-1.amazonaws.com.cn/210987654321/orders");
    });
});
