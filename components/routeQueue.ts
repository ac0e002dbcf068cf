import * as kms from "@pulumi/aws/kms";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";

import { DEAD_LETTER_ALARM, oldestMessageAlarm } from "./alarms";
import { raiseAlarm } from "./alarmResources";
import { denyInsecureTransportPolicy } from "./iam";
import { QueueApiSettings, QueueSettings } from "./settings";

export interface RouteQueueOptions {
    /** What the children are named after: `<prefix>-queue`, `<prefix>-dlq` and so on. */
    readonly prefix: string;
    readonly queueSettings: QueueSettings;
    /** The API's settings: tags and whether the queues are protected. */
    readonly settings: QueueApiSettings;
    /** The route is retired: its queues and key are kept in AWS when it is removed, and no longer protected. */
    readonly retired: boolean;
    /** The topic the queue's alarms notify; no alarm without one. */
    readonly alarmTopicArn: pulumi.Input<string> | undefined;
    readonly parent: pulumi.Resource;
}

export interface RouteQueue {
    readonly arn: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    /** Absent for an existing queue: its dead-letter queue, if any, is its owner's. */
    readonly deadLetterQueue?: { readonly arn: pulumi.Output<string>; readonly url: pulumi.Output<string>; readonly name: pulumi.Output<string> };
    /** The customer-managed key of the queue, if any. */
    readonly kmsKeyArn: pulumi.Input<string> | undefined;
}

/**
 * How what holds a route's messages leaves the program. A retired route's are kept in AWS
 * when it is removed, whatever they still hold, and are not protected: a protected resource fails
 * the update that removes it only at its end, after the new deployment has been made.
 */
export function keptOptions(protectQueues: boolean, retired: boolean): { protect: boolean; retainOnDelete: boolean } {
    return retired ? { protect: false, retainOnDelete: true } : { protect: protectQueues, retainOnDelete: protectQueues };
}

/**
 * The tag a retired route's queue carries: its role keeps the queue's grant until the route is
 * removed, and the policy pack reads the tag as the reason (policy/apiRole.ts names the same tag).
 */
export const RETIRED_QUEUE_TAG = "queue-load-leveling:retired-route";

/** An existing queue's URL, from its ARN (SQS's endpoint differs in the China partition). */
export function queueUrlOfArn(arn: string): string {
    const [, partition, , region, account, name] = arn.split(":");
    return `https://sqs.${region}.amazonaws.com${partition === "aws-cn" ? ".cn" : ""}/${account}/${name}`;
}

/** A queue created elsewhere, which the route only sends to. */
export function existingRouteQueue(arn: string, kmsKeyArn: string | undefined): RouteQueue {
    return { arn: pulumi.output(arn), url: pulumi.output(queueUrlOfArn(arn)), name: pulumi.output(arn.split(":")[5]), kmsKeyArn };
}

/**
 * A route's queue with its dead-letter queue: encrypted alike, redriven after `maxReceiveCount`
 * receives, only this queue allowed to use the DLQ, TLS required on both, and alarms on the DLQ
 * and on the queue's oldest message that notify the alarm topic.
 */
export function createRouteQueue(options: RouteQueueOptions): RouteQueue {
    const { prefix, queueSettings, settings: s, alarmTopicArn, parent } = options;
    const tags = s.tags;
    const queueOptions = { parent, ...keptOptions(s.protectQueues, options.retired) };

    // Both queues use the same encryption: a message keeps its key when it moves to the DLQ.
    const kmsKeyArn = queueSettings.encryption !== "kms" ? undefined
        : queueSettings.kmsKeyArn ?? new kms.Key(`${prefix}-key`, {
            description: "Encrypts the messages of the queue and dead-letter queue of an API",
            enableKeyRotation: true,
            // The longest wait KMS allows: when the queues move to other encryption and the key
            // leaves, every message it encrypted has expired before it is deleted (at most 28 days:
            // a FIFO message's retention starts again in its dead-letter queue).
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
        // The queue's own delay, for FIFO queues too (which refuse a delay per message); the
        // dead-letter queue has none, so a redriven message is not delayed twice.
        ...(queueSettings.delaySeconds > 0 ? { delaySeconds: queueSettings.delaySeconds } : {}),
        ...encryption,
        redrivePolicy: deadLetterQueue.arn.apply((arn) => JSON.stringify({
            deadLetterTargetArn: arn,
            maxReceiveCount: queueSettings.maxReceiveCount,
        })),
        tags: options.retired ? { ...tags, [RETIRED_QUEUE_TAG]: "true" } : tags,
    }, queueOptions);

    if (alarmTopicArn !== undefined) {
        const alarms = [
            { alarm: DEAD_LETTER_ALARM, queueName: deadLetterQueue.name },
            ...(s.alarms.deadLettersOnly ? [] : [{ alarm: oldestMessageAlarm(s.alarms, queueSettings.messageRetentionSeconds), queueName: queue.name }]),
        ];
        for (const { alarm, queueName } of alarms) {
            raiseAlarm(alarm, { prefix, dimensions: { QueueName: queueName }, topicArn: alarmTopicArn, tags, parent });
        }
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
        name: queue.name,
        deadLetterQueue: { arn: deadLetterQueue.arn, url: deadLetterQueue.url, name: deadLetterQueue.name },
        kmsKeyArn,
    };
}
