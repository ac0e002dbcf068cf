import assert from "node:assert/strict";

import { ACCOUNT_ID, byType, MockRun, named } from "../offline/mockRuntime";
import { runProgram } from "../offline/programRun";
import { stackConfig } from "../offline/stacks";
import { alarms } from "./support/alarms";

async function runStack(stack: string, config = stackConfig(stack)): Promise<MockRun<Record<string, unknown>>> {
    return runProgram({ stack, config });
}

/** The settings a reviewer compares between stacks. */
function profile(run: MockRun<unknown>) {
    const queue = named(run, "orders-queue");
    const dlq = named(run, "orders-dlq");
    const throttle = named(run, "orders-method-settings").inputs.settings;
    return {
        queueRetention: queue.inputs.messageRetentionSeconds,
        deadLetterRetention: dlq.inputs.messageRetentionSeconds,
        visibilityTimeout: queue.inputs.visibilityTimeoutSeconds,
        rateLimit: throttle.throttlingRateLimit,
        burstLimit: throttle.throttlingBurstLimit,
        logRetentionDays: named(run, "orders-access-logs").inputs.retentionInDays,
        queuesProtected: [queue.protect, queue.retainOnDelete, dlq.protect, dlq.retainOnDelete],
        deadLetterAlarm: run.resources.some((r) => r.name === "orders-dlq-alarm"),
        tags: queue.inputs.tags,
    };
}

describe("the program", () => {
    it("sets aws:region in both stacks", () => {
        assert.equal(stackConfig("dev")["aws:region"], "eu-west-1");
        assert.equal(stackConfig("prod")["aws:region"], "eu-west-1");
    });

    describe("dev stack (Pulumi.dev.yaml)", () => {
        let dev: MockRun<Record<string, unknown>>;
        before(async () => {
            dev = await runStack("dev");
            assert.equal(dev.error, undefined);
        });

        it("is cheap and disposable: short retention, low limits, unprotected queues", () => {
            assert.deepEqual(profile(dev), {
                queueRetention: 86400,
                deadLetterRetention: 345600,
                visibilityTimeout: 30,
                rateLimit: 10,
                burstLimit: 20,
                logRetentionDays: 3,
                queuesProtected: [false, false, false, false],
                deadLetterAlarm: false,
                tags: { environment: "dev" },
            });
        });

        it("pages no one, and has its dashboard all the same", () => {
            assert.deepEqual(alarms(dev), []);
            assert.deepEqual(byType(dev, "aws:sns/topic:Topic"), []);
            assert.equal(named(dev, "orders-dashboard").inputs.dashboardName, "orders-dev");
        });

        it("exports the route's URL, the queues and the role", () => {
            assert.deepEqual(dev.result, {
                url: "https://orders-api-id.execute-api.eu-west-1.amazonaws.com/v1/orders",
                queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/orders-queue`,
                queueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:orders-queue`,
                deadLetterQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/orders-dlq`,
                deadLetterQueueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:orders-dlq`,
                roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/orders-role`,
                kmsKeyArn: undefined,
                stageName: "v1",
                routeUrls: { "POST /orders": "https://orders-api-id.execute-api.eu-west-1.amazonaws.com/v1/orders" },
                queueUrls: { "POST /orders": `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/orders-queue` },
                queueArns: { "POST /orders": `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:orders-queue` },
                deadLetterQueueUrls: { "POST /orders": `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/orders-dlq` },
                deadLetterQueueArns: { "POST /orders": `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:orders-dlq` },
                apiKeys: {},
                domainRouteUrls: {},
                webAclArn: undefined,
                consumerFunctionNames: {},
                consumerRoleArns: {},
                consumerRoleNames: {},
                dashboardName: "orders-dev",
            });
        });
    });

    describe("prod stack (Pulumi.prod.yaml)", () => {
        let prod: MockRun<Record<string, unknown>>;
        before(async () => {
            prod = await runStack("prod");
            assert.equal(prod.error, undefined);
        });

        it("keeps orders longer, absorbs larger peaks, keeps logs a year and protects its queues", () => {
            assert.deepEqual(profile(prod), {
                queueRetention: 604800,
                deadLetterRetention: 1209600,
                visibilityTimeout: 60,
                rateLimit: 500,
                burstLimit: 1000,
                logRetentionDays: 365,
                queuesProtected: [true, true, true, true],
                deadLetterAlarm: true,
                tags: { environment: "prod" },
            });
        });

        it("requires signed callers on every method, traces with X-Ray and puts a created web ACL in front of its stage", () => {
            assert.deepEqual(byType(prod, "aws:apigateway/method:Method").map((m) => [m.name, m.inputs.authorization]), [["orders-method", "AWS_IAM"]]);
            assert.equal(named(prod, "orders-stage").inputs.xrayTracingEnabled, true);
            const [association, ...others] = byType(prod, "aws:wafv2/webAclAssociation:WebAclAssociation");
            assert.deepEqual(others, []);
            assert.deepEqual([association.inputs.resourceArn, association.inputs.webAclArn],
                [named(prod, "orders-stage").state.arn, named(prod, "orders-web-acl").state.arn]);
        });

        it("keeps no sampled requests in its web ACL, whose headers would show callers' signatures to anyone who may read WAF", () => {
            const acl = named(prod, "orders-web-acl").inputs;
            const visibility = [acl.visibilityConfig, ...acl.rules.map((rule: { visibilityConfig: unknown }) => rule.visibilityConfig)];
            assert.deepEqual(visibility.map((v: { sampledRequestsEnabled: boolean; cloudwatchMetricsEnabled: boolean }) =>
                [v.sampledRequestsEnabled, v.cloudwatchMetricsEnabled]), Array(5).fill([false, true]));
        });

        it("pages the on-call topic about dead letters, a backlog at a quarter of the retention, 1% 5XX and a p99 over 1 s", () => {
            const api = { ApiName: "orders-api", Stage: "v1", Method: "POST", Resource: "/orders" };
            assert.deepEqual(alarms(prod), [
                ["orders-dlq-alarm", "AWS/SQS ApproximateNumberOfMessagesVisible Maximum GreaterThanThreshold 0 (1 of 1 × 60 s)", { QueueName: "orders-dlq" }],
                ["orders-age-alarm", "AWS/SQS ApproximateAgeOfOldestMessage Maximum GreaterThanThreshold 151200 (1 of 1 × 300 s)", { QueueName: "orders-queue" }],
                ["orders-5xx-alarm", "AWS/ApiGateway 5XXError Average GreaterThanThreshold 0.01 (3 of 5 × 60 s)", api],
                ["orders-latency-alarm", "AWS/ApiGateway Latency p99 GreaterThanThreshold 1000 (2 of 3 × 300 s)", api],
            ]);
            const topic = `arn:aws:sns:eu-west-1:${ACCOUNT_ID}:orders-alarms`;
            for (const alarm of byType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
                assert.deepEqual([alarm.inputs.alarmActions, alarm.inputs.okActions, alarm.inputs.treatMissingData], [[topic], [topic], "notBreaching"]);
            }
        });

        it("builds the same API as dev with prod's authorization, so what is tested in dev is what runs in prod", async () => {
            const dev = await runStack("dev", { ...stackConfig("dev"), "orders:authorization": "AWS_IAM" });
            const shape = (run: MockRun<unknown>) => run.resources.filter((r) => r.type.startsWith("aws:apigateway/"))
                .map((r) => `${r.type} ${r.name}`);
            assert.deepEqual(shape(prod), shape(dev));
            const hash = (run: MockRun<unknown>) => named(run, "orders-deployment").inputs.triggers.apiShape;
            assert.equal(hash(prod), hash(dev));
        });
    });

    it("stops on bad stack config before registering any resource, naming key, value and range", async () => {
        const config = { ...stackConfig("dev"), "orders:queue": JSON.stringify({ maxMessageSize: "2MB" }) };
        const bad = await runStack("dev", config);
        // The program's modules are loaded afresh for each run, so the class is compared by name.
        assert.equal((bad.error as Error).name, "SettingsError");
        assert.equal((bad.error as Error).message, "orders:queue.maxMessageSize must be an integer from 1024 to 1048576, got \"2MB\"");
        assert.deepEqual(bad.resources, []);
    });

    it("stops on a misspelt config key instead of ignoring it", async () => {
        const bad = await runStack("dev", { ...stackConfig("dev"), "orders:protectQueue": "true" });
        assert.equal((bad.error as Error).name, "SettingsError");
        assert.match((bad.error as Error).message, /^orders:protectQueue is not a known setting; did you mean orders:protectQueues\? known: path, /);
        assert.deepEqual(bad.resources, []);
    });
});
