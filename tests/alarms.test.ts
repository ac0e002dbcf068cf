// Alarms that page someone, and the stack's dashboard: what each alarm watches and when it goes
// off, for the shipped stacks and for a route with a consumer; the older deadLetterAlarm as it was.
import assert from "node:assert/strict";

import { QueueApi, QueueApiArgs } from "../components";
import { dashboardBody, dashboardName } from "../components/dashboard";
import { byType, MockRun, named, runMocked } from "../offline/mockRuntime";
import { alarms } from "./support/alarms";
import { problemsOf } from "./support/problems";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:ops";

async function build(args: QueueApiArgs): Promise<MockRun<Record<string, unknown>>> {
    const run = await runMocked(() => {
        const api = new QueueApi("orders", args);
        return { dashboardName: api.dashboardName };
    }, { config: { "aws:region": "eu-west-1" } });
    if (run.error) {
        throw run.error;
    }
    return run;
}

let consumerRun: Promise<MockRun<Record<string, unknown>>> | undefined;
/** A route with a consumer and alarms to a given topic, built once for the tests that read it. */
const withConsumer = () => (consumerRun ??= build({ consumer: {}, alarms: { snsTopicArn: TOPIC } }));

describe("alarms", () => {
    it("for a consumer: 1 failed invocation or 5 throttles in 5 minutes; the defaults elsewhere: 5% 5XX, p99 over 2 s", async () => {
        const run = await withConsumer();
        assert.deepEqual(alarms(run).map(([name, rule]) => [name, rule]), [
            ["orders-dlq-alarm", "AWS/SQS ApproximateNumberOfMessagesVisible Maximum GreaterThanThreshold 0 (1 of 1 × 60 s)"],
            ["orders-age-alarm", "AWS/SQS ApproximateAgeOfOldestMessage Maximum GreaterThanThreshold 86400 (1 of 1 × 300 s)"],
            ["orders-consumer-errors-alarm", "AWS/Lambda Errors Sum GreaterThanOrEqualToThreshold 1 (1 of 1 × 300 s)"],
            ["orders-consumer-throttles-alarm", "AWS/Lambda Throttles Sum GreaterThanOrEqualToThreshold 5 (1 of 1 × 300 s)"],
            ["orders-5xx-alarm", "AWS/ApiGateway 5XXError Average GreaterThanThreshold 0.05 (3 of 5 × 60 s)"],
            ["orders-latency-alarm", "AWS/ApiGateway Latency p99 GreaterThanThreshold 2000 (2 of 3 × 300 s)"],
        ]);
        assert.deepEqual(named(run, "orders-consumer-errors-alarm").inputs.dimensions, { FunctionName: "orders-consumer-function" });
        assert.equal(named(run, "orders-consumer-errors-alarm").parent, "orders-consumer");
    });

    it("take the thresholds given, per route: its own resource path and queue", async () => {
        const run = await build({
            routes: [{ path: "stores/{storeId}/orders", method: "PUT" }],
            alarms: { snsTopicArn: TOPIC, oldestMessageAgeSeconds: 3600, serverErrorPercent: 2, latencyP99Milliseconds: 500 },
        });
        assert.deepEqual(alarms(run), [
            ["orders-put-stores-storeid-orders-dlq-alarm", "AWS/SQS ApproximateNumberOfMessagesVisible Maximum GreaterThanThreshold 0 (1 of 1 × 60 s)",
                { QueueName: "orders-put-stores-storeid-orders-dlq" }],
            ["orders-put-stores-storeid-orders-age-alarm", "AWS/SQS ApproximateAgeOfOldestMessage Maximum GreaterThanThreshold 3600 (1 of 1 × 300 s)",
                { QueueName: "orders-put-stores-storeid-orders-queue" }],
            ["orders-put-stores-storeid-orders-5xx-alarm", "AWS/ApiGateway 5XXError Average GreaterThanThreshold 0.02 (3 of 5 × 60 s)",
                { ApiName: "orders-api", Stage: "v1", Method: "PUT", Resource: "/stores/{storeId}/orders" }],
            ["orders-put-stores-storeid-orders-latency-alarm", "AWS/ApiGateway Latency p99 GreaterThanThreshold 500 (2 of 3 × 300 s)",
                { ApiName: "orders-api", Stage: "v1", Method: "PUT", Resource: "/stores/{storeId}/orders" }],
        ]);
    });

    it("as the older deadLetterAlarm: the dead-letter alarm alone, as before", async () => {
        const run = await build({ consumer: {}, deadLetterAlarm: { snsTopicArn: TOPIC } });
        assert.deepEqual(alarms(run).map(([name]) => name), ["orders-dlq-alarm"]);
        assert.deepEqual(named(run, "orders-dlq-alarm").inputs.alarmActions, [TOPIC]);
    });

    const refused: [string, unknown, string][] = [
        ["both alarms and deadLetterAlarm", { alarms: { snsTopicArn: TOPIC }, deadLetterAlarm: { snsTopicArn: TOPIC } },
            "deadLetterAlarm and alarms both say where alarms go: move deadLetterAlarm's enabled, snsTopicArn and subscribers into alarms "
            + "(they keep their names and the topic they create) and remove deadLetterAlarm"],
        ["alarms switched on with nowhere to send them", { alarms: { enabled: true } },
            "alarms.enabled is true, but the alarms would notify no one: give alarms.snsTopicArn (an existing SNS topic) or alarms.subscribers "
            + "(email addresses or HTTPS URLs), or set it false"],
        ["an age the queue never reaches", { queue: { messageRetentionSeconds: 3600 }, alarms: { snsTopicArn: TOPIC, oldestMessageAgeSeconds: 3600 } },
            "alarms.oldestMessageAgeSeconds (3600) must be less than queue.messageRetentionSeconds (3600): SQS deletes a message at that age, so the alarm would never go off"],
        ["a 5XX share over 100%", { alarms: { serverErrorPercent: 101 } }, "alarms.serverErrorPercent must be an integer from 1 to 100, got 101"],
        ["a latency over API Gateway's 29 s", { alarms: { latencyP99Milliseconds: 30000 } }, "alarms.latencyP99Milliseconds must be an integer from 50 to 29000, got 30000"],
    ];
    for (const [what, args, message] of refused) {
        it(`refuse ${what}`, () => {
            assert.deepEqual(problemsOf(args), [message]);
        });
    }
});

describe("the dashboard", () => {
    it("is one per stack, named after the project, the stack and a component not named as the project", async () => {
        const run = await withConsumer();
        assert.deepEqual(byType(run, "aws:cloudwatch/dashboard:Dashboard").map((d) => [d.name, d.inputs.dashboardName]), [["orders-dashboard", "orders-test"]]);
        assert.equal(run.result.dashboardName, "orders-test");
        assert.equal(dashboardName("orders", "orders", "acme/prod.eu"), "orders-acme-prod-eu");
        assert.equal(dashboardName("shop", "orders", "prod"), "shop-prod-orders");
    });

    it("shows requests, errors and latency, queue depth and age, dead letters and the consumer, a line per route", () => {
        const body = JSON.parse(dashboardBody({
            region: "eu-west-1", apiName: "orders-api", stageName: "v1",
            routes: [
                { key: "POST /orders", method: "POST", resourcePath: "/orders", queueName: "q", deadLetterQueueName: "dlq", functionName: "fn" },
                { key: "PUT /returns", method: "PUT", resourcePath: "/returns" },
            ],
        }));
        const widgets = body.widgets as { x: number; y: number; properties: { title: string; region: string; metrics: unknown[][] } }[];
        assert.deepEqual(widgets.map((w) => [w.properties.title, w.x, w.y, w.properties.metrics.length]), [
            ["Requests", 0, 0, 2], ["Errors (4XX, 5XX)", 8, 0, 4], ["Latency (ms)", 16, 0, 4],
            ["Queue depth", 0, 6, 2], ["Oldest message (s)", 8, 6, 1], ["Dead letters", 16, 6, 1],
            ["Consumer invocations", 0, 12, 3], ["Consumer duration (ms)", 8, 12, 1], ["Consumer concurrency", 16, 12, 1],
        ]);
        assert.deepEqual(widgets[0].properties.metrics[1],
            ["AWS/ApiGateway", "Count", "ApiName", "orders-api", "Method", "PUT", "Resource", "/returns", "Stage", "v1", { label: "PUT /returns" }]);
        assert.deepEqual(widgets[5].properties.metrics[0], ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "dlq", { label: "POST /orders" }]);
        assert.ok(widgets.every((w) => w.properties.region === "eu-west-1"));
    });
});
