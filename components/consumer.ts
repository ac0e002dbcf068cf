// A route's Lambda consumer: the function that drains its queue, its role (allowed to consume that
// queue and write its own logs, nothing else), its log group, the event source mapping that feeds
// it batches, and its alarms.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as pulumi from "@pulumi/pulumi";

import { raiseAlarm } from "./alarmResources";
import { consumerAlarms } from "./alarms";
import { ConsumerSettings, QueueApiSettings } from "./settingsTypes";
import { HANDLER, WorkerArchive } from "./bundle";
import { consumerPolicy, lambdaTrustPolicy } from "./iam";

/** The type of the component that groups a consumer's resources inside a QueueApi. */
export const QUEUE_CONSUMER_TYPE = "queue-load-leveling:index:QueueConsumer";

export interface QueueConsumerArgs {
    readonly consumer: ConsumerSettings;
    /** The consumer's code, bundled before any resource was registered. */
    readonly archive: WorkerArchive;
    readonly queueArn: pulumi.Input<string>;
    /** The queue's customer-managed key, which the consumer needs to read its messages. */
    readonly kmsKeyArn: pulumi.Input<string> | undefined;
    /** The API's settings: tags, and the alarms' thresholds. */
    readonly settings: QueueApiSettings;
    /** The topic the consumer's alarms notify; no alarms without one. */
    readonly alarmTopicArn: pulumi.Input<string> | undefined;
}

/**
 * A route's Lambda consumer, `<prefix>-consumer`: its function (`…-function`), role (`…-role`)
 * and its policy (`…-policy`), log group (`…-logs`), event source mapping (`…-trigger`) and alarms.
 * A component of its own, so that its role's policy is never taken for the API's (the policy pack
 * tells them apart by the component they are in).
 */
export class QueueConsumer extends pulumi.ComponentResource {
    public readonly functionName: pulumi.Output<string>;
    public readonly functionArn: pulumi.Output<string>;
    /** The function's role, which a program may grant more (a table the worker writes to). */
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: QueueConsumerArgs, opts?: pulumi.ComponentResourceOptions) {
        super(QUEUE_CONSUMER_TYPE, name, {}, opts);
        const { consumer, settings: s } = args;
        const parent = { parent: this };
        const tags = s.tags;

        // Kept in AWS when the consumer or its route leaves: its retention then expires the events.
        const logGroup = new cloudwatch.LogGroup(`${name}-logs`, {
            retentionInDays: consumer.logRetentionInDays,
            tags,
        }, { ...parent, retainOnDelete: true });

        const role = new iam.Role(`${name}-role`, {
            description: "Assumed by the Lambda function that drains one queue of an API",
            assumeRolePolicy: JSON.stringify(lambdaTrustPolicy()),
            ...(s.permissionsBoundaries.consumers ? { permissionsBoundary: s.permissionsBoundaries.consumers } : {}),
            tags,
        }, parent);

        const policy = new iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            policy: pulumi.all([args.queueArn, logGroup.arn, args.kmsKeyArn])
                .apply(([queueArn, logGroupArn, keyArn]) => JSON.stringify(consumerPolicy(queueArn, logGroupArn, keyArn))),
        }, parent);

        const fn = new lambda.Function(`${name}-function`, {
            description: "Drains one queue of an API, a batch at a time, reporting the messages it could not process",
            runtime: consumer.runtime,
            handler: HANDLER,
            // Pulumi compares archives by their hash: the same worker gives the same bytes, so no change.
            code: new pulumi.asset.FileArchive(args.archive.path),
            role: role.arn,
            timeout: consumer.timeoutSeconds,
            memorySize: consumer.memorySize,
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            tags,
        }, { ...parent, dependsOn: [policy] });

        // Created before its role may read the queue, AWS refuses the mapping; it waits for the policy.
        new lambda.EventSourceMapping(`${name}-trigger`, {
            eventSourceArn: args.queueArn,
            functionName: fn.arn,
            batchSize: consumer.batchSize,
            ...(consumer.batchingWindowSeconds > 0 ? { maximumBatchingWindowInSeconds: consumer.batchingWindowSeconds } : {}),
            // Only the messages the function names as failed go back to the queue; the rest are deleted.
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: consumer.maximumConcurrency },
            tags,
        }, { ...parent, dependsOn: [policy] });

        if (args.alarmTopicArn !== undefined && !s.alarms.deadLettersOnly) {
            for (const alarm of consumerAlarms(s.alarms)) {
                raiseAlarm(alarm, { prefix: name, dimensions: { FunctionName: fn.name }, topicArn: args.alarmTopicArn, tags, parent: this });
            }
        }
        this.functionName = fn.name;
        this.functionArn = fn.arn;
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn, roleArn: this.roleArn, roleName: this.roleName });
    }
}
