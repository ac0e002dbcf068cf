import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { accessLogFormat } from "./accessLog";
import { apiShapeHash } from "./deploymentHash";
import {
    apiGatewayTrustPolicy,
    denyInsecureTransportPolicy,
    pushToCloudWatchPolicyArn,
    sendMessagePolicy,
} from "./iam";
import { apiDefinition } from "./apiDefinition";
import { sqsIntegrationUri } from "./integration";
import { QueueApiArgs, QueueApiSettings, resolveSettings, SettingsError } from "./settings";

export const QUEUE_API_TYPE = "queue-load-leveling:index:QueueApi";

/**
 * A REST API whose route writes each request body, unchanged, into an SQS queue, and answers 202
 * with the message id. Builds the queue with its dead-letter queue, the role API Gateway assumes
 * (allowed `sqs:SendMessage` on that queue only), the RestApi, Resource, Method, Integration with
 * its responses, a Deployment that follows every change, and a throttled, logged Stage.
 */
export class QueueApi extends pulumi.ComponentResource {
    /** The route's full URL: POST here. */
    public readonly url: pulumi.Output<string>;
    public readonly queueUrl: pulumi.Output<string>;
    public readonly queueArn: pulumi.Output<string>;
    public readonly deadLetterQueueUrl: pulumi.Output<string>;
    public readonly deadLetterQueueArn: pulumi.Output<string>;
    /** The role API Gateway assumes to send messages; name it in cross-account queue policies. */
    public readonly roleArn: pulumi.Output<string>;
    /** The customer-managed KMS key of the queues, when `queue.encryption` is `kms`. */
    public readonly kmsKeyArn: pulumi.Output<string | undefined>;
    public readonly restApiId: pulumi.Output<string>;
    public readonly stageName: pulumi.Output<string>;

    constructor(name: string, args: QueueApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Checked before super() so that bad arguments register nothing at all.
        const s = resolveOrExplain(name, args);
        super(QUEUE_API_TYPE, name, {}, opts);

        const parent = { parent: this };
        const tags = s.tags;
        const queueOptions = { parent: this, protect: s.protectQueues, retainOnDelete: s.protectQueues };

        // Both queues use the same encryption: a message keeps its key when it moves to the DLQ.
        const kmsKeyArn = s.queue.encryption !== "kms" ? undefined
            : s.queue.kmsKeyArn ?? new aws.kms.Key(`${name}-key`, {
                description: "Encrypts the messages of the queue and dead-letter queue of an API",
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            }, queueOptions).arn;
        const encryption = kmsKeyArn === undefined ? { sqsManagedSseEnabled: true } : { kmsMasterKeyId: kmsKeyArn };

        const deadLetterQueue = new aws.sqs.Queue(`${name}-dlq`, {
            messageRetentionSeconds: s.queue.deadLetterRetentionSeconds,
            maxMessageSize: s.queue.maxMessageSize,
            ...encryption,
            tags,
        }, queueOptions);

        const queue = new aws.sqs.Queue(`${name}-queue`, {
            messageRetentionSeconds: s.queue.messageRetentionSeconds,
            visibilityTimeoutSeconds: s.queue.visibilityTimeoutSeconds,
            maxMessageSize: s.queue.maxMessageSize,
            ...encryption,
            redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify({
                deadLetterTargetArn: arn,
                maxReceiveCount: s.queue.maxReceiveCount,
            })),
            tags,
        }, queueOptions);

        if (s.deadLetterAlarm.enabled) {
            const topic = s.deadLetterAlarm.snsTopicArn ? [s.deadLetterAlarm.snsTopicArn] : [];
            new aws.cloudwatch.MetricAlarm(`${name}-dlq-alarm`, {
                alarmDescription: "A message has failed for good and waits in the dead-letter queue: look at it, fix the cause, redrive it",
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: deadLetterQueue.name },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 1,
                threshold: 0,
                comparisonOperator: "GreaterThanThreshold",
                // SQS stops sending metrics for an idle queue: an empty DLQ is fine, not unknown.
                treatMissingData: "notBreaching",
                alarmActions: topic,
                okActions: topic,
                tags,
            }, parent);
        }

        // Only this queue may use the DLQ; set apart from the DLQ because each ARN needs the other.
        new aws.sqs.RedriveAllowPolicy(`${name}-dlq-redrive-allow`, {
            queueUrl: deadLetterQueue.url,
            redriveAllowPolicy: queue.arn.apply((arn) => JSON.stringify({
                redrivePermission: "byQueue",
                sourceQueueArns: [arn],
            })),
        }, parent);

        for (const [suffix, target] of [["queue", queue], ["dlq", deadLetterQueue]] as const) {
            new aws.sqs.QueuePolicy(`${name}-${suffix}-tls-only`, {
                queueUrl: target.url,
                policy: target.arn.apply((arn) => JSON.stringify(denyInsecureTransportPolicy(arn))),
            }, parent);
        }

        const role = new aws.iam.Role(`${name}-role`, {
            description: "Assumed by API Gateway to send request bodies to SQS",
            assumeRolePolicy: JSON.stringify(apiGatewayTrustPolicy()),
            tags,
        }, parent);

        const sendPolicy = new aws.iam.RolePolicy(`${name}-send-message`, {
            role: role.id,
            policy: pulumi.all([queue.arn, kmsKeyArn]).apply(([arn, key]) => JSON.stringify(sendMessagePolicy([arn], key ? [key] : []))),
        }, parent);

        const api = new aws.apigateway.RestApi(`${name}-api`, {
            description: "Writes each request into SQS for workers to drain at their own pace",
            endpointConfiguration: { types: "REGIONAL" },
            tags,
        }, parent);

        const definition = apiDefinition(s);
        const resource = new aws.apigateway.Resource(`${name}-resource`, {
            restApi: api.id,
            parentId: api.rootResourceId,
            ...definition.resource,
        }, parent);

        const method = new aws.apigateway.Method(`${name}-method`, {
            restApi: api.id,
            resourceId: resource.id,
            ...definition.method,
        }, parent);

        const uri = queue.arn.apply(sqsIntegrationUri);
        const integration = new aws.apigateway.Integration(`${name}-integration`, {
            restApi: api.id,
            resourceId: resource.id,
            httpMethod: method.httpMethod,
            credentials: role.arn,
            uri,
            ...definition.integration,
        }, parent);

        const methodResponses = definition.methodResponses.map((response) =>
            new aws.apigateway.MethodResponse(`${name}-method-response-${response.statusCode}`, {
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                ...response,
            }, parent));

        const integrationResponses = definition.integrationResponses.map((response) =>
            new aws.apigateway.IntegrationResponse(`${name}-integration-response-${responseSuffix(response.selectionPattern)}`, {
                restApi: api.id,
                resourceId: resource.id,
                httpMethod: method.httpMethod,
                ...response,
            }, { parent: this, dependsOn: [integration, ...methodResponses] }));

        const gatewayResponses = definition.gatewayResponses.map((response) =>
            new aws.apigateway.Response(`${name}-gateway-${response.responseType.toLowerCase().replace(/_/g, "-")}`, {
                restApiId: api.id,
                ...response,
            }, parent));

        const shape = pulumi.all([uri, role.arn]).apply(([integrationUri, credentials]) =>
            apiShapeHash({ ...definition, integration: { ...definition.integration, uri: integrationUri, credentials } }));

        const deployment = new aws.apigateway.Deployment(`${name}-deployment`, {
            restApi: api.id,
            description: "Managed by Pulumi; replaced whenever the API's shape changes",
            triggers: { apiShape: shape },
        }, {
            parent: this,
            // Created before its integration it fails ("No integration defined for method"); the
            // role's permission must exist before the first request can be queued.
            dependsOn: [integration, ...integrationResponses, ...methodResponses, ...gatewayResponses, sendPolicy],
        });

        const accountLogging = s.manageCloudWatchRole ? this.manageAccountLogging(name, tags) : undefined;

        let accessLogSettings: aws.types.input.apigateway.StageAccessLogSettings | undefined;
        if (s.accessLogs.enabled) {
            const logGroup = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
                retentionInDays: s.accessLogs.retentionInDays,
                tags,
            }, parent);
            accessLogSettings = { destinationArn: logGroup.arn, format: accessLogFormat() };
        }

        const stage = new aws.apigateway.Stage(`${name}-stage`, {
            restApi: api.id,
            deployment: deployment.id,
            stageName: s.stageName,
            accessLogSettings,
            tags,
        }, { parent: this, dependsOn: accountLogging ? [accountLogging] : [] });

        new aws.apigateway.MethodSettings(`${name}-method-settings`, {
            restApi: api.id,
            stageName: stage.stageName,
            methodPath: "*/*",
            settings: {
                throttlingRateLimit: s.throttle.rateLimit,
                throttlingBurstLimit: s.throttle.burstLimit,
                metricsEnabled: true,
                // Execution logs would need the account role too, and data traces log bodies.
                loggingLevel: "OFF",
                dataTraceEnabled: false,
            },
        }, parent);

        this.url = pulumi.interpolate`${stage.invokeUrl}/${s.path}`;
        this.queueUrl = queue.url;
        this.queueArn = queue.arn;
        this.deadLetterQueueUrl = deadLetterQueue.url;
        this.deadLetterQueueArn = deadLetterQueue.arn;
        this.roleArn = role.arn;
        this.kmsKeyArn = pulumi.output(kmsKeyArn);
        this.restApiId = api.id;
        this.stageName = stage.stageName;

        this.registerOutputs({
            url: this.url,
            queueUrl: this.queueUrl,
            queueArn: this.queueArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            deadLetterQueueArn: this.deadLetterQueueArn,
            roleArn: this.roleArn,
            kmsKeyArn: this.kmsKeyArn,
            restApiId: this.restApiId,
            stageName: this.stageName,
        });
    }

    /**
     * The account-wide CloudWatch role for API Gateway. One per account and region: whoever
     * creates it sets it for every API there, which is why it is opt-in.
     */
    private manageAccountLogging(name: string, tags: QueueApiSettings["tags"]): aws.apigateway.Account {
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent).partition;
        const role = new aws.iam.Role(`${name}-cloudwatch-role`, {
            description: "Lets API Gateway write logs for every API in this account and region",
            assumeRolePolicy: JSON.stringify(apiGatewayTrustPolicy()),
            tags,
        }, parent);
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-cloudwatch-role-logs`, {
            role: role.name,
            policyArn: partition.apply(pushToCloudWatchPolicyArn),
        }, parent);
        return new aws.apigateway.Account(`${name}-account`, {
            cloudwatchRoleArn: role.arn,
        }, { parent: this, dependsOn: [attachment] });
    }
}

/** Names an integration response by the SQS statuses it selects: 2xx, 4xx, 5xx or default. */
function responseSuffix(selectionPattern: string | undefined): string {
    return selectionPattern === undefined ? "default" : `${selectionPattern[0]}xx`;
}

function resolveOrExplain(name: string, args: QueueApiArgs): QueueApiSettings {
    try {
        return resolveSettings(args);
    } catch (err) {
        if (err instanceof SettingsError) {
            throw new SettingsError(err.problems.map((problem) => `QueueApi "${name}": ${problem}`));
        }
        throw err;
    }
}
