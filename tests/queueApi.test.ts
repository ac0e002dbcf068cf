import assert from "node:assert/strict";

import { QueueApi, QueueApiArgs, resolveSettings, SettingsError } from "../components/index";
import { subscriberId } from "../components/settings";
import { accessLogFormat } from "../components/accessLog";
import { apiDefinition } from "../components/apiDefinition";
import { apiShapeHash } from "../components/deploymentHash";
import { sendMessageRequestTemplate } from "../components/integration";
import { integrationResponses } from "../components/responses";
import { ACCOUNT_ID, byType, MockRun, named, one, runMocked } from "../offline/mockRuntime";

const REGION = "eu-west-1";
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders-queue`;
const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders-dlq`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/orders-role`;

async function build(args: QueueApiArgs = {}): Promise<MockRun<Record<string, unknown>>> {
    const run = await runMocked(() => {
        const api = new QueueApi("orders", args);
        return {
            url: api.url,
            queueUrl: api.queueUrl,
            queueArn: api.queueArn,
            deadLetterQueueUrl: api.deadLetterQueueUrl,
            deadLetterQueueArn: api.deadLetterQueueArn,
            roleArn: api.roleArn,
            kmsKeyArn: api.kmsKeyArn,
            restApiId: api.restApiId,
            stageName: api.stageName,
        };
    }, { config: { "aws:region": REGION } });
    if (run.error) {
        throw run.error;
    }
    return run;
}

function deploymentHash(run: MockRun<unknown>): string {
    return one(run, "aws:apigateway/deployment:Deployment").inputs.triggers.apiShape;
}

describe("QueueApi", () => {
    let run: MockRun<Record<string, unknown>>;
    before(async () => {
        run = await build();
    });

    it("builds the queue, DLQ, role, API, deployment and stage, all parented to itself", () => {
        const children = run.resources.filter((r) => r.name !== "orders");
        assert.deepEqual(children.map((r) => r.parent), children.map(() => "orders"));
        assert.deepEqual(run.resources.map((r) => `${r.type} ${r.name}`), [
            "queue-load-leveling:index:QueueApi orders",
            "aws:sqs/queue:Queue orders-dlq",
            "aws:sqs/queue:Queue orders-queue",
            "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy orders-dlq-redrive-allow",
            "aws:sqs/queuePolicy:QueuePolicy orders-queue-tls-only",
            "aws:sqs/queuePolicy:QueuePolicy orders-dlq-tls-only",
            "aws:iam/role:Role orders-role",
            "aws:iam/rolePolicy:RolePolicy orders-send-message",
            "aws:apigateway/restApi:RestApi orders-api",
            "aws:apigateway/restApiPolicy:RestApiPolicy orders-api-policy",
            "aws:apigateway/resource:Resource orders-resource",
            "aws:apigateway/method:Method orders-method",
            "aws:apigateway/integration:Integration orders-integration",
            "aws:apigateway/methodResponse:MethodResponse orders-method-response-202",
            "aws:apigateway/methodResponse:MethodResponse orders-method-response-400",
            "aws:apigateway/methodResponse:MethodResponse orders-method-response-413",
            "aws:apigateway/methodResponse:MethodResponse orders-method-response-500",
            "aws:apigateway/methodResponse:MethodResponse orders-method-response-503",
            "aws:apigateway/integrationResponse:IntegrationResponse orders-integration-response-2xx",
            "aws:apigateway/integrationResponse:IntegrationResponse orders-integration-response-4xx",
            "aws:apigateway/integrationResponse:IntegrationResponse orders-integration-response-5xx",
            "aws:apigateway/integrationResponse:IntegrationResponse orders-integration-response-default",
            "aws:apigateway/response:Response orders-gateway-default-4xx",
            "aws:apigateway/response:Response orders-gateway-default-5xx",
            "aws:apigateway/response:Response orders-gateway-bad-request-body",
            "aws:apigateway/response:Response orders-gateway-bad-request-parameters",
            "aws:apigateway/response:Response orders-gateway-missing-authentication-token",
            "aws:apigateway/response:Response orders-gateway-request-too-large",
            "aws:apigateway/response:Response orders-gateway-unsupported-media-type",
            "aws:apigateway/response:Response orders-gateway-throttled",
            "aws:apigateway/response:Response orders-gateway-integration-timeout",
            "aws:apigateway/response:Response orders-gateway-unauthorized",
            "aws:apigateway/response:Response orders-gateway-access-denied",
            "aws:apigateway/response:Response orders-gateway-invalid-api-key",
            "aws:apigateway/response:Response orders-gateway-quota-exceeded",
            "aws:apigateway/response:Response orders-gateway-authorizer-failure",
            "aws:apigateway/response:Response orders-gateway-authorizer-configuration-error",
            "aws:apigateway/response:Response orders-gateway-waf-filtered",
            "aws:apigateway/deployment:Deployment orders-deployment",
            "aws:cloudwatch/logGroup:LogGroup orders-access-logs",
            "aws:apigateway/stage:Stage orders-stage",
            "aws:apigateway/methodSettings:MethodSettings orders-method-settings",
            "aws:cloudwatch/dashboard:Dashboard orders-dashboard",
        ]);
    });

    describe("queues", () => {
        it("encrypts the queue with SQS-managed keys and sends failures to the DLQ after 5 receives", () => {
            const queue = named(run, "orders-queue").inputs;
            assert.equal(queue.sqsManagedSseEnabled, true);
            assert.equal(queue.messageRetentionSeconds, 345600);
            assert.equal(queue.visibilityTimeoutSeconds, 30);
            assert.equal(queue.maxMessageSize, 262144);
            assert.deepEqual(JSON.parse(queue.redrivePolicy), { deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 5 });
        });

        it("keeps dead letters 14 days, encrypted, and accepts only this queue as their source", () => {
            const dlq = named(run, "orders-dlq").inputs;
            assert.equal(dlq.sqsManagedSseEnabled, true);
            assert.equal(dlq.messageRetentionSeconds, 1209600);
            assert.equal(dlq.maxMessageSize, 262144);
            const allow = named(run, "orders-dlq-redrive-allow").inputs;
            assert.equal(allow.queueUrl, `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/orders-dlq`);
            assert.deepEqual(JSON.parse(allow.redriveAllowPolicy), { redrivePermission: "byQueue", sourceQueueArns: [QUEUE_ARN] });
        });

        it("refuses requests without TLS on both queues", () => {
            for (const [name, arn] of [["orders-queue-tls-only", QUEUE_ARN], ["orders-dlq-tls-only", DLQ_ARN]]) {
                const statement = JSON.parse(named(run, name).inputs.policy).Statement[0];
                assert.equal(statement.Effect, "Deny");
                assert.equal(statement.Resource, arn);
                assert.deepEqual(statement.Condition, { Bool: { "aws:SecureTransport": "false" } });
            }
        });

        it("passes queue settings through", async () => {
            const custom = await build({
                queue: {
                    messageRetentionSeconds: 600, visibilityTimeoutSeconds: 90, maxMessageSize: 1048576,
                    maxReceiveCount: 3, deadLetterRetentionSeconds: 86400,
                },
            });
            const queue = named(custom, "orders-queue").inputs;
            assert.deepEqual([queue.messageRetentionSeconds, queue.visibilityTimeoutSeconds, queue.maxMessageSize],
                [600, 90, 1048576]);
            assert.equal(JSON.parse(queue.redrivePolicy).maxReceiveCount, 3);
            assert.equal(named(custom, "orders-dlq").inputs.messageRetentionSeconds, 86400);
        });

        it("raises no dead-letter alarm without somewhere to send it", () => {
            assert.deepEqual(byType(run, "aws:cloudwatch/metricAlarm:MetricAlarm"), []);
            assert.deepEqual(byType(run, "aws:sns/topic:Topic"), []);
        });

        it("raises an alarm as soon as the DLQ holds a message, notifying the given topic", async () => {
            const topic = "arn:aws:sns:eu-west-1:123456789012:ops";
            const notified = await build({ deadLetterAlarm: { snsTopicArn: topic } });
            const alarm = named(notified, "orders-dlq-alarm").inputs;
            assert.deepEqual({ ...alarm, alarmDescription: undefined }, {
                alarmDescription: undefined,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: "orders-dlq" },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [topic],
                okActions: [topic],
                tags: {},
            });
            assert.deepEqual(byType(notified, "aws:sns/topic:Topic"), []);
            assert.deepEqual(byType(await build({ deadLetterAlarm: { snsTopicArn: topic, enabled: false } }), "aws:cloudwatch/metricAlarm:MetricAlarm"), []);
        });

        it("creates a topic for the alarm with one subscription per subscriber, named after the endpoint, not its place", async () => {
            const subscribers = ["oncall@example.com", "https://hooks.example.com/orders?token=x"];
            const created = await build({ deadLetterAlarm: { subscribers } });
            const topicArn = "arn:aws:sns:eu-west-1:123456789012:orders-alarms";
            assert.deepEqual(byType(created, "aws:sns/topic:Topic").map((t) => [t.name, t.parent]), [["orders-alarms", "orders"]]);
            const subscriptions = byType(created, "aws:sns/topicSubscription:TopicSubscription");
            assert.deepEqual(subscriptions.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint, s.inputs.topic]), [
                [`orders-alarms-${subscriberId(subscribers[0])}`, "email", subscribers[0], topicArn],
                [`orders-alarms-${subscriberId(subscribers[1])}`, "https", subscribers[1], topicArn],
            ]);
            const reordered = await build({ deadLetterAlarm: { subscribers: [...subscribers].reverse() } });
            assert.deepEqual(byType(reordered, "aws:sns/topicSubscription:TopicSubscription").map((s) => s.name).sort(),
                subscriptions.map((s) => s.name).sort());
            assert.deepEqual(named(created, "orders-dlq-alarm").inputs.alarmActions, [topicArn]);
        });

        it("encrypts both queues with a new rotating KMS key that the role may use, with encryption kms", async () => {
            const kms = await build({ queue: { encryption: "kms" } });
            const key = named(kms, "orders-key");
            assert.deepEqual([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.parent], [true, 30, "orders"]);
            const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/orders-key`;
            for (const name of ["orders-queue", "orders-dlq"]) {
                assert.equal(named(kms, name).inputs.kmsMasterKeyId, keyArn);
                assert.equal(named(kms, name).inputs.sqsManagedSseEnabled, undefined);
            }
            assert.deepEqual(JSON.parse(named(kms, "orders-send-message").inputs.policy).Statement[1], {
                Sid: "UseQueueKeys", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn,
            });
            assert.equal(kms.result.kmsKeyArn, keyArn);
        });

        it("uses a given KMS key, creating none", async () => {
            const keyArn = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const kms = await build({ queue: { encryption: "kms", kmsKeyArn: keyArn } });
            assert.deepEqual(byType(kms, "aws:kms/key:Key"), []);
            assert.equal(named(kms, "orders-queue").inputs.kmsMasterKeyId, keyArn);
            assert.equal(JSON.parse(named(kms, "orders-send-message").inputs.policy).Statement[1].Resource, keyArn);
        });

        it("protects both queues, and nothing else, when asked; keeps the log group in AWS either way", async () => {
            const protectedRun = await build({ protectQueues: true });
            const flagged = (resources: typeof run.resources) => resources.filter((r) => r.protect || r.retainOnDelete)
                .map((r) => [r.name, r.protect, r.retainOnDelete]);
            assert.deepEqual(flagged(protectedRun.resources), [["orders-dlq", true, true], ["orders-queue", true, true], ["orders-access-logs", false, true]]);
            assert.deepEqual(flagged(run.resources), [["orders-access-logs", false, true]]);
        });
    });

    describe("role", () => {
        it("is trusted by API Gateway alone, for sts:AssumeRole alone", () => {
            assert.deepEqual(JSON.parse(named(run, "orders-role").inputs.assumeRolePolicy), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
            });
        });

        it("has no permissions boundary unless given one, and then every role of the stack has it: its own, the consumer's, the account's CloudWatch role", async () => {
            assert.equal(named(run, "orders-role").inputs.permissionsBoundary, undefined);
            const boundary = "arn:aws:iam::123456789012:policy/orders-boundary";
            const bounded = await build({ permissionsBoundary: boundary, manageCloudWatchRole: true,
                queue: { visibilityTimeoutSeconds: 60 }, consumer: { timeoutSeconds: 10 } });
            assert.deepEqual(byType(bounded, "aws:iam/role:Role").map((r) => [r.name, r.inputs.permissionsBoundary]).sort(),
                [["orders-cloudwatch-role", boundary], ["orders-consumer-role", boundary], ["orders-role", boundary]]);
        });

        it("may send messages to its queue and do nothing else", () => {
            const policy = named(run, "orders-send-message").inputs;
            assert.equal(policy.role, "orders-role");
            assert.deepEqual(JSON.parse(policy.policy), {
                Version: "2012-10-17",
                Statement: [{ Sid: "SendToQueues", Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }],
            });
        });
    });

    describe("API", () => {
        it("is a REGIONAL REST API with POST /orders, open by default", () => {
            assert.deepEqual(named(run, "orders-api").inputs.endpointConfiguration, { types: "REGIONAL" });
            const resource = named(run, "orders-resource").inputs;
            assert.deepEqual([resource.parentId, resource.pathPart], ["orders-api-root", "orders"]);
            const method = named(run, "orders-method").inputs;
            assert.deepEqual([method.httpMethod, method.authorization, method.resourceId], ["POST", "NONE", "orders-resource-id"]);
        });

        it("takes its path and AWS_IAM authorization from the arguments", async () => {
            const iam = await build({ path: "purchases", authorization: "AWS_IAM" });
            assert.equal(named(iam, "orders-resource").inputs.pathPart, "purchases");
            assert.equal(named(iam, "orders-method").inputs.authorization, "AWS_IAM");
            assert.equal(iam.result.url, `https://orders-api-id.execute-api.${REGION}.amazonaws.com/v1/purchases`);
        });

        it("integrates with SQS as an AWS service, form-encoded, never passing other media types through", () => {
            const integration = named(run, "orders-integration").inputs;
            assert.deepEqual({ ...integration, restApi: undefined, resourceId: undefined }, {
                restApi: undefined,
                resourceId: undefined,
                httpMethod: "POST",
                type: "AWS",
                integrationHttpMethod: "POST",
                uri: `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT_ID}/orders-queue`,
                credentials: ROLE_ARN,
                requestParameters: {
                    "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'",
                    "integration.request.header.Accept": "'application/json'",
                },
                requestTemplates: { "application/json": sendMessageRequestTemplate() },
                passthroughBehavior: "NEVER",
            });
            assert.ok(sendMessageRequestTemplate().startsWith("Action=SendMessage&MessageBody=$util.urlEncode($input.body)&"));
        });

        it("declares a method response for 202, 400, 413, 500 and 503", () => {
            assert.deepEqual(byType(run, "aws:apigateway/methodResponse:MethodResponse").map((r) => r.inputs.statusCode),
                ["202", "400", "413", "500", "503"]);
        });

        it("maps SQS's answers by status, after the integration and method responses exist", () => {
            const registered = byType(run, "aws:apigateway/integrationResponse:IntegrationResponse");
            assert.deepEqual(registered.map((r) => [r.inputs.selectionPattern, r.inputs.statusCode, r.inputs.responseTemplates]),
                integrationResponses(262144).map((r) => [r.selectionPattern, r.statusCode, { "application/json": r.template }]));
            for (const response of registered) {
                assert.deepEqual(response.dependsOn, ["orders-integration", "orders-method-response-202",
                    "orders-method-response-400", "orders-method-response-413", "orders-method-response-500",
                    "orders-method-response-503"]);
            }
        });

        it("registers exactly the API definition the deployment hash covers", () => {
            // As the engine sees it: keys whose value is undefined are not sent.
            const definition = JSON.parse(JSON.stringify(apiDefinition(resolveSettings({}), "orders")));
            const [route] = definition.routes;
            const strip = (inputs: Record<string, unknown>, ...keys: string[]) =>
                Object.fromEntries(Object.entries(inputs).filter(([k]) => !keys.includes(k)));
            const ids = ["restApi", "restApiId", "resourceId", "httpMethod", "parentId"];
            assert.equal(named(run, "orders-resource").inputs.pathPart, route.path);
            assert.deepEqual(strip(named(run, "orders-method").inputs, "restApi", "resourceId"), route.method);
            assert.deepEqual(strip(named(run, "orders-integration").inputs, ...ids, "uri", "credentials"), route.integration);
            assert.deepEqual(byType(run, "aws:apigateway/methodResponse:MethodResponse").map((r) => strip(r.inputs, ...ids)),
                route.methodResponses);
            assert.deepEqual(byType(run, "aws:apigateway/integrationResponse:IntegrationResponse")
                .map((r) => strip(r.inputs, ...ids)), route.integrationResponses);
            assert.deepEqual(byType(run, "aws:apigateway/response:Response").map((r) => strip(r.inputs, ...ids)),
                definition.gatewayResponses);
            const integration = named(run, "orders-integration").inputs;
            assert.equal(deploymentHash(run), apiShapeHash({
                ...definition,
                routes: [{ ...route, integration: { ...route.integration, uri: integration.uri, credentials: integration.credentials } }],
            }));
        });
    });

    describe("deployment", () => {
        it("waits for the integration, its responses, the gateway responses and the role's permission", () => {
            const deployment = one(run, "aws:apigateway/deployment:Deployment");
            for (const dependency of ["orders-integration", "orders-integration-response-2xx", "orders-integration-response-4xx",
                "orders-integration-response-5xx", "orders-integration-response-default", "orders-gateway-default-4xx",
                "orders-method-response-202", "orders-send-message"]) {
                assert.ok(deployment.dependsOn.includes(dependency), `deployment does not wait for ${dependency}`);
            }
        });

        it("keeps its trigger hash when nothing that shapes the API changes", async () => {
            const again = await build({ throttle: { rateLimit: 1 }, queue: { messageRetentionSeconds: 600 } });
            assert.equal(deploymentHash(again), deploymentHash(run));
        });

        it("changes its trigger hash when a template, the path or the authorization changes", async () => {
            const hashes = new Set([deploymentHash(run)]);
            // The 413 response template states the queue's size limit.
            hashes.add(deploymentHash(await build({ queue: { maxMessageSize: 1048576 } })));
            hashes.add(deploymentHash(await build({ path: "purchases" })));
            hashes.add(deploymentHash(await build({ authorization: "AWS_IAM" })));
            assert.equal(hashes.size, 4);
        });

        it("changes its trigger hash when any part of the definition changes", () => {
            const d = apiDefinition(resolveSettings({}), "orders");
            const [r] = d.routes;
            const variants = [
                { ...d, routes: [{ ...r, integration: { ...r.integration, requestTemplates: { "application/json": "Action=SendMessage" } } }] },
                { ...d, routes: [{ ...r, integration: { ...r.integration, passthroughBehavior: "WHEN_NO_MATCH" } }] },
                { ...d, routes: [{ ...r, methodResponses: r.methodResponses.slice(1) }] },
                { ...d, routes: [{ ...r, integrationResponses: r.integrationResponses.slice(0, 3) }] },
                { ...d, routes: [r, { ...r, path: "returns" }] },
                { ...d, gatewayResponses: [{ ...d.gatewayResponses[0], statusCode: "418" }, ...d.gatewayResponses.slice(1)] },
            ];
            for (const variant of variants) {
                assert.notEqual(apiShapeHash(variant), apiShapeHash(d));
            }
        });
    });

    describe("stage", () => {
        it("serves the deployment as v1 with JSON access logs kept 30 days", () => {
            const stage = named(run, "orders-stage").inputs;
            assert.equal(stage.stageName, "v1");
            assert.equal(stage.deployment, "orders-deployment-id");
            assert.deepEqual(stage.accessLogSettings, {
                destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:orders-access-logs`,
                format: accessLogFormat(),
            });
            assert.equal(named(run, "orders-access-logs").inputs.retentionInDays, 30);
        });

        it("throttles every method and keeps execution logs and body traces off", () => {
            const settings = named(run, "orders-method-settings").inputs;
            assert.equal(settings.methodPath, "*/*");
            assert.equal(settings.stageName, "v1");
            assert.deepEqual(settings.settings, {
                throttlingRateLimit: 100, throttlingBurstLimit: 200, metricsEnabled: true, loggingLevel: "OFF",
                dataTraceEnabled: false,
            });
        });

        it("uses the given name, limits and log retention", async () => {
            const custom = await build({ stageName: "live", throttle: { rateLimit: 500, burstLimit: 1000 },
                accessLogs: { retentionInDays: 365 } });
            assert.equal(named(custom, "orders-stage").inputs.stageName, "live");
            assert.deepEqual([named(custom, "orders-method-settings").inputs.settings.throttlingRateLimit,
                named(custom, "orders-method-settings").inputs.settings.throttlingBurstLimit], [500, 1000]);
            assert.equal(named(custom, "orders-access-logs").inputs.retentionInDays, 365);
        });

        it("creates no log group and no log settings when access logs are off", async () => {
            const quiet = await build({ accessLogs: { enabled: false } });
            assert.deepEqual(byType(quiet, "aws:cloudwatch/logGroup:LogGroup"), []);
            assert.equal(named(quiet, "orders-stage").inputs.accessLogSettings, undefined);
        });

        it("leaves the account's CloudWatch role alone unless asked", () => {
            assert.deepEqual(byType(run, "aws:apigateway/account:Account"), []);
        });

        it("manages the account's CloudWatch role when asked, before the stage", async () => {
            const managed = await build({ manageCloudWatchRole: true });
            const role = named(managed, "orders-cloudwatch-role").inputs;
            assert.equal(JSON.parse(role.assumeRolePolicy).Statement[0].Principal.Service, "apigateway.amazonaws.com");
            assert.deepEqual(named(managed, "orders-cloudwatch-role-logs").inputs, {
                role: "orders-cloudwatch-role",
                policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            });
            assert.equal(named(managed, "orders-account").inputs.cloudwatchRoleArn,
                `arn:aws:iam::${ACCOUNT_ID}:role/orders-cloudwatch-role`);
            assert.deepEqual(named(managed, "orders-stage").dependsOn, ["orders-account"]);
        });

        it("keeps the account setting, its role and the role's policy in AWS when the stack or the setting goes", async () => {
            const managed = await build({ manageCloudWatchRole: true });
            // Deleting an apigateway.Account resets the region's account settings for every API there.
            for (const name of ["orders-cloudwatch-role", "orders-cloudwatch-role-logs", "orders-account"]) {
                assert.equal(named(managed, name).retainOnDelete, true, name);
            }
        });
    });

    it("outputs the route's URL, the queues, the role and the stage", () => {
        assert.deepEqual(run.result, {
            url: `https://orders-api-id.execute-api.${REGION}.amazonaws.com/v1/orders`,
            queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/orders-queue`,
            queueArn: QUEUE_ARN,
            deadLetterQueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/orders-dlq`,
            deadLetterQueueArn: DLQ_ARN,
            roleArn: ROLE_ARN,
            kmsKeyArn: undefined,
            restApiId: "orders-api-id",
            stageName: "v1",
        });
    });

    it("registers nothing at all when an argument is invalid", async () => {
        const bad = await runMocked(() => new QueueApi("orders", { queue: { maxMessageSize: 100 }, path: "a/b" }));
        assert.ok(bad.error instanceof SettingsError);
        assert.equal(bad.error.message, [
            "QueueApi \"orders\": path must be one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..), got \"a/b\"",
            "QueueApi \"orders\": queue.maxMessageSize must be an integer from 1024 to 1048576, got 100",
        ].join("\n"));
        assert.deepEqual(bad.resources, []);
    });
});
