// The rules a route's Lambda consumer must follow, beyond each value's own declaration: what Lambda
// and SQS refuse together, and what AWS advises so that a batch is not delivered twice while it
// runs. Checked with the route's other settings, before any resource is registered.
import * as fs from "node:fs";
import * as path from "node:path";

import { ExistingQueueArgs } from "./args";
import { Checker, isPlainObject } from "./checks";
import { walkObject } from "./fieldWalk";
import { CONSUMER_TYPE } from "./queueDeclarations";
import { ConsumerSettings, QueueSettings } from "./settingsTypes";

/** AWS's guidance for a Lambda consumer: the queue hides a message for six times the function's timeout. */
export const VISIBILITY_PER_TIMEOUT = 6;
/** The largest batch Lambda takes from a FIFO queue, and from a standard queue without a batching window. */
export const MAX_UNWINDOWED_BATCH = 10;

/** The file names a worker's folder is entered by, in the order they are looked for. */
export const WORKER_ENTRIES = ["index.ts", "index.js"];

/**
 * The example worker, the consumer's code by default: the repository's workers/lambda beside these
 * sources, or, installed from the registry, the copy the package holds beside its build.
 */
export const EXAMPLE_WORKER = path.join(__dirname, "..", "workers", "lambda");

/** The entry file of a worker's folder, or undefined when it has none. */
export function workerEntry(folder: string): string | undefined {
    return WORKER_ENTRIES.map((entry) => path.join(folder, entry)).find((file) => fs.existsSync(file));
}

/** What a consumer is checked against: the route's keys and its queue (its region rule is regionRules.ts's). */
export interface ConsumerContext {
    /** The key of one of the route's settings: `consumer` for the single route, `routes[1].consumer` for a listed one. */
    readonly at: (key: string) => string;
    readonly queue: QueueSettings;
    readonly existingQueue?: ExistingQueueArgs;
    /** Where a relative `code` folder is found: the program's folder. */
    readonly root: string;
}

/** A route's consumer with defaults applied, or undefined when the route has none. */
export function resolveConsumer(check: Checker, value: unknown, context: ConsumerContext): ConsumerSettings | undefined {
    if (value === undefined) {
        return undefined;
    }
    const { at, queue, existingQueue } = context;
    const key = (field: string) => at(`consumer.${field}`);
    const { code, ...values } = walkObject(check, value, at("consumer"), CONSUMER_TYPE).values;
    // Without code (or with one that is not a folder's name, which is reported), the example worker.
    const consumer: ConsumerSettings = { code: code === undefined ? EXAMPLE_WORKER : path.resolve(context.root, code), ...values };
    if (!isPlainObject(value)) {
        return consumer;
    }
    if (!workerEntry(consumer.code)) {
        check.problem(`${check.key(key("code"))} must be ${CONSUMER_TYPE.fields.code.allowed}: ${consumer.code} has no `
            + `${WORKER_ENTRIES.join(" or ")}, got ${code === undefined ? "none, so the example worker" : JSON.stringify(code)}`);
    }

    const fifoKey = existingQueue ? at("existingQueue.arn") : at("queue.fifo");
    if (queue.fifo && consumer.batchSize > MAX_UNWINDOWED_BATCH) {
        check.problem(`${check.key(key("batchSize"))} must be at most ${MAX_UNWINDOWED_BATCH} with a FIFO queue (${check.key(fifoKey)}), `
            + `got ${consumer.batchSize}`);
    }
    if (queue.fifo && consumer.batchingWindowSeconds > 0) {
        check.problem(`${check.key(key("batchingWindowSeconds"))} must be 0 with a FIFO queue (${check.key(fifoKey)}): Lambda takes `
            + `no batching window from a FIFO queue, got ${consumer.batchingWindowSeconds}`);
    }
    if (!queue.fifo && consumer.batchSize > MAX_UNWINDOWED_BATCH && consumer.batchingWindowSeconds < 1) {
        check.problem(`${check.key(key("batchSize"))} ${consumer.batchSize} is above ${MAX_UNWINDOWED_BATCH}, which needs `
            + `${check.key(key("batchingWindowSeconds"))} of at least 1, got ${consumer.batchingWindowSeconds}`);
    }

    const needed = VISIBILITY_PER_TIMEOUT * consumer.timeoutSeconds;
    const visibilityKey = existingQueue ? at("existingQueue.visibilityTimeoutSeconds") : at("queue.visibilityTimeoutSeconds");
    const visibility = existingQueue ? existingQueue.visibilityTimeoutSeconds : queue.visibilityTimeoutSeconds;
    if (visibility === undefined) {
        check.problem(`${check.key(at("consumer"))} needs ${check.key(visibilityKey)}: the existing queue's visibility timeout as its `
            + `owner set it, which must be at least ${VISIBILITY_PER_TIMEOUT} × ${check.key(key("timeoutSeconds"))} `
            + `(${consumer.timeoutSeconds}) = ${needed}`);
    } else if (visibility < needed) {
        check.problem(`${check.key(visibilityKey)} (${visibility}) must be at least ${VISIBILITY_PER_TIMEOUT} × `
            + `${check.key(key("timeoutSeconds"))} (${consumer.timeoutSeconds}) = ${needed}: AWS advises six times a Lambda `
            + `consumer's timeout, or a batch that is retried is delivered again while it runs; raise the visibility timeout `
            + "or lower the function's timeout");
    }
    return consumer;
}
