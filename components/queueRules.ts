// The rules a route's queue follows beyond each value's own declaration: what SQS refuses or
// silently gets wrong when two of its settings disagree. A queue that exists already is checked
// for what the stack needs to know of it.
import { ExistingQueueArgs } from "./args";
import { Checker, isPlainObject, show } from "./checks";
import { walkObject, walkValues } from "./fieldWalk";
import { EXISTING_QUEUE_TYPE, QUEUE_TYPE } from "./queueDeclarations";
import { QueueSettings } from "./settingsTypes";

/** A queue's settings, each as declared: what a queue is when nothing is said of it. */
export const DEFAULT_QUEUE: QueueSettings = walkValues(new Checker(""), {}, (field) => field, QUEUE_TYPE.fields);

/** A queue's settings with defaults applied; `name` is where it sits (`queue`, `routes[1].queue`). */
export function resolveQueue(check: Checker, value: unknown, name: string): QueueSettings {
    const { given, values: queue } = walkObject(check, value, name, QUEUE_TYPE);
    const at = (k: string) => `${name}.${k}`;
    if (queue.contentBasedDeduplication && !queue.fifo) {
        check.problem(`${check.key(at("contentBasedDeduplication"))} is for FIFO queues only: set ${check.key(at("fifo"))} true, or remove it`);
    }
    if (queue.kmsKeyArn !== undefined && queue.encryption !== "kms") {
        check.problem(`${check.key(at("kmsKeyArn"))} is used only with ${check.key(at("encryption"))} kms, `
            + `got encryption ${show(queue.encryption)}`);
    }
    // A message keeps its first enqueue time when it moves to the dead-letter queue, so a DLQ that
    // keeps messages for less time than the queue can drop them the moment they arrive.
    if (given.deadLetterRetentionSeconds !== undefined && queue.deadLetterRetentionSeconds < queue.messageRetentionSeconds) {
        check.problem(`${check.key(at("deadLetterRetentionSeconds"))} must be at least `
            + `${check.key(at("messageRetentionSeconds"))} (${queue.messageRetentionSeconds}), `
            + `got ${show(queue.deadLetterRetentionSeconds)}`);
    }
    // Retention counts from the send, delay included: a delay that long lets every message expire
    // before any worker can receive it. The dead-letter queue has no delay (routeQueue.ts), so its
    // retention needs no such rule.
    if (queue.delaySeconds >= queue.messageRetentionSeconds) {
        check.problem(`${check.key(at("delaySeconds"))} must be below ${check.key(at("messageRetentionSeconds"))} `
            + `(${queue.messageRetentionSeconds}): every message would expire before a worker could receive it, got ${show(queue.delaySeconds)}`);
    }
    return queue;
}

/** A queue that exists already, or undefined when the route has none (or its ARN is refused). */
export function resolveExistingQueue(check: Checker, value: unknown, name: string): ExistingQueueArgs | undefined {
    if (value === undefined) {
        return undefined;
    }
    const { given, values: existing } = walkObject(check, value, name, EXISTING_QUEUE_TYPE);
    if (given.arn === undefined && isPlainObject(value)) {
        check.problem(`${check.key(`${name}.arn`)} is required`);
    }
    const { arn, kmsKeyArn } = existing;
    if (arn && kmsKeyArn && arn.split(":")[1] !== kmsKeyArn.split(":")[1]) {
        check.problem(`${check.key(`${name}.kmsKeyArn`)} must be in the queue's partition (${arn.split(":")[1]}), got ${show(kmsKeyArn)}`);
    } else if (arn && kmsKeyArn && arn.split(":")[3] !== kmsKeyArn.split(":")[3]) {
        // SQS encrypts a queue only with a key of the queue's own region.
        check.problem(`${check.key(`${name}.kmsKeyArn`)} must be a key of the queue's region ${arn.split(":")[3]} (${check.key(`${name}.arn`)}): `
            + `SQS encrypts a queue only with a key of its own region, got one of ${kmsKeyArn.split(":")[3]}: ${show(kmsKeyArn)}`);
    }
    return arn ? { ...existing, arn } : undefined;
}
