import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as kms from "@pulumi/aws/kms";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";

import { denyInsecureTransportPolicy } from "./iam";
import { QueueApiSettings, QueueSettings } from "./settings";

export interface RouteQueueOptions {
    /** What the children are named after: `<prefix>-queue`, `<prefix>-dlq` and so on. */
    readonly prefix: string;
    readonly queueSettings: QueueSettings;
    /** The API's settings: tags and whether the queues are protected. */
    readonly settings: QueueApiSettings;
    /** The topic the dead-letter alarm notifies; no alarm without one. */
    readonly alarmTopicArn: pulumi.Input<string> | undefined;
    readonly parent: pulumi.Resource;
}

export interface RouteQueue {
    readonly arn: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    /** Absent for an existing queue: its dead-letter queue, if any, is its owner's. */
    readonly deadLetterQueue?: { readonly arn: pulumi.Output<string>; readonly url: pulumi.Output<string> };
    /** The customer-managed key of the queue, if any. */
    readonly kmsKeyArn: pulumi.Input<string> | undefined;
}

/** An existing queue's URL, from its ARN (SQS's endpoint differs in the China partition). */
export function queueUrlOfArn(arn: string): string {
    const [, partition, , region, account, name] = arn.split(":");
    return `https://sqs.${region}.amazonaws.com${partition === "aws-cn" ? ".cn" : ""}/${account}/${name}`;
}

/** A queue created elsewhere, which the route only sends to. */
export function existingRouteQueue(arn: string, kmsKeyArn: string | undefined): RouteQueue {
    return { arn: pulumi.output(arn), url: pulumi.output(queueUrlOfArn(arn)), kmsKeyArn };
}

/**
 * A route's queue with its dead-letter queue: encrypted alike, redriven after `maxReceiveCount`
 * receives, only this queue allowed to use the DLQ, TLS required on both, and an alarm on the DLQ
 * that notifies the alarm topic.
 */
export function createRouteQueue(options: RouteQueueOptions): RouteQueue {
    const { prefix, queueSettings, settings: s, alarmTopicArn, parent } = options;
    const tags = s.tags;
    const queueOptions = { parent, protect: s.protectQueues, retainOnDelete: s.protectQueues };

    // Both queues use the same encryption: a message keeps its key when it moves to the DLQ.
    const kmsKeyArn = queueSettings.encryption !== "kms" ? undefined
        : queueSettings.kmsKeyArn ?? new kms.Key(`${prefix}-key`, {
            description: "Encrypts the messages of the queue and dead-letter queue of an API",
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags,
        }, queueOptions).arn;
    const encryption = kmsKeyArn === undefined ? { sqsManagedSseEnabled: true } : { kmsMasterKeyId: kmsKeyArn };

    // The dead-letter queue of a FIFO queue must be FIFO too. Names get their .fifo suffix from the provider.
    const fifo = queueSettings.fifo ? { fifoQueue: true } : {};
    const deadLetterQueue = new sqs.Queue(`${prefix}-dlq`, {
        ...fifo,
        messageRetentionSeconds: queueSettings.deadLetterRetentionSeconds,
        maxMessageSize: queueSettings.maxMessageSize,
        ...encryption,
        tags,
    }, queueOptions);

    const queue = new sqs.Queue(`${prefix}-queue`, {
        ...fifo,
        // Deduplicate within a message group, not across the queue: two customers who happen to send
        // the same Idempotency-Key are in different groups, and neither order is dropped.
        ...(queueSettings.fifo ? { deduplicationScope: "messageGroup", fifoThroughputLimit: "perMessageGroupId" } : {}),
        ...(queueSettings.contentBasedDeduplication ? { contentBasedDeduplication: true } : {}),
        messageRetentionSeconds: queueSettings.messageRetentionSeconds,
        visibilityTimeoutSeconds: queueSettings.visibilityTimeoutSeconds,
        maxMessageSize: queueSettings.maxMessageSize,
        ...encryption,
        redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify({
            deadLetterTargetArn: arn,
            maxReceiveCount: queueSettings.maxReceiveCount,
        })),
        tags,
    }, queueOptions);

    if (alarmTopicArn !== undefined) {
        const topic = [alarmTopicArn];
        new cloudwatch.MetricAlarm(`${prefix}-dlq-alarm`, {
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
        }, { parent });
    }

    // Only this queue may use the DLQ; set apart from the DLQ because each ARN needs the other.
    new sqs.RedriveAllowPolicy(`${prefix}-dlq-redrive-allow`, {
        queueUrl: deadLetterQueue.url,
        redriveAllowPolicy: queue.arn.apply((arn) => JSON.stringify({
            redrivePermission: "byQueue",
            sourceQueueArns: [arn],
        })),
    }, { parent });

    for (const [suffix, target] of [["queue", queue], ["dlq", deadLetterQueue]] as const) {
        new sqs.QueuePolicy(`${prefix}-${suffix}-tls-only`, {
            queueUrl: target.url,
            policy: target.arn.apply((arn) => JSON.stringify(denyInsecureTransportPolicy(arn))),
        }, { parent });
    }

    return {
        arn: queue.arn,
        url: queue.url,
        deadLetterQueue: { arn: deadLetterQueue.arn, url: deadLetterQueue.url },
        kmsKeyArn,
    };
}
