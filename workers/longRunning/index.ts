// The example long-running worker, for a container or a VM: long-polls the queue, processes each
// order once per idempotency key, deletes a message only when it was processed, and on SIGTERM or
// SIGINT stops taking messages and finishes those it holds before it exits. sqs-consumer does the
// polling, deleting and stopping; a receive that fails (the queue, the endpoint or the
// credentials unavailable) is reported as such and retried after a growing wait, never in a loop.
//
//   QUEUE_URL=https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue-abc1234 \
//     node -r esbuild-register workers/longRunning/index.ts
//
// The queue URL is the stack's output queueUrl (or queueUrls for a route). The role it runs with
// needs the same four SQS actions as a Lambda consumer's (docs/workers.md), and kms:Decrypt on
// the queue's key if it has a customer-managed one. docs/workers.md shows it against the local API.
import { SQSClient } from "@aws-sdk/client-sqs";
import { Consumer } from "sqs-consumer";

import { IdempotencyStore, idempotencyKeyOf, InMemoryStore, processOnce } from "../idempotency";
import { logOrder, parseOrder, ProcessOrder } from "../orders";
import { Backoff, backoffDelay, RECEIVE_BACKOFF } from "./backoff";

export interface WorkerOptions {
    readonly queueUrl: string;
    readonly sqs: SQSClient;
    readonly store: IdempotencyStore;
    readonly process: ProcessOrder;
    /** Messages per receive, 1 to 10. */
    readonly batchSize?: number;
    /** The long poll's wait, 1 to 20 seconds. */
    readonly waitTimeSeconds?: number;
    /** The queue's visibility timeout: how long a claim on an order lasts. */
    readonly visibilityTimeoutSeconds?: number;
    /** Called with each failure of an order; the message is then delivered again after its visibility timeout. */
    readonly onError?: (error: Error) => void;
    /** Called with each failed receive, and the wait before the next. */
    readonly onReceiveError?: (error: Error, retryInMs: number) => void;
    /** The waits after failed receives in a row. */
    readonly backoff?: Backoff;
    /** The jitter's source, in [0, 1). */
    readonly random?: () => number;
    /** Waits `ms`, or less once `signal` aborts (the worker stops). */
    readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RunningWorker {
    /** Stops taking messages, waits for those in hand to be processed and deleted, then resolves. */
    stop(): Promise<void>;
}

/** A wait that a stop cuts short. */
function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        signal.addEventListener("abort", done, { once: true });
        function done() {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
        }
    });
}

const log = (fields: Record<string, unknown>) => console.error(JSON.stringify(fields));

/** Thrown before a receive once the worker is stopping, so that no new long poll starts. */
class Stopping extends Error {}

/** Starts polling the queue. */
export function startWorker(options: WorkerOptions): RunningWorker {
    const waitTimeSeconds = options.waitTimeSeconds ?? 20;
    const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 30;
    const sleep = options.sleep ?? abortableSleep;
    const stopping = new AbortController();
    let failedReceives = 0;
    let nextWaitMs = 0;
    let waiting = false;
    const consumer = Consumer.create({
        queueUrl: options.queueUrl,
        sqs: options.sqs,
        batchSize: options.batchSize ?? 10,
        waitTimeSeconds,
        messageAttributeNames: ["idempotencyKey", "requestId", "caller"],
        // A FIFO message's group binds its idempotency key to the caller; SQS's discontinued
        // AttributeNames asks for it too, for servers that read only that one.
        messageSystemAttributeNames: ["MessageGroupId"],
        attributeNames: ["All"],
        // stop() waits this long for the last poll and the messages in hand: a poll's wait, then
        // a visibility timeout's worth of processing.
        pollingCompleteWaitTimeMs: (waitTimeSeconds + visibilityTimeoutSeconds) * 1000,
        // Failed receives wait here, growing, whatever failed (sqs-consumer would wait a fixed 10 s
        // for some errors and not at all for others, such as a missing region or an endpoint that is down).
        authenticationErrorTimeout: 0,
        preReceiveMessageCallback: async () => {
            if (nextWaitMs > 0) {
                waiting = true;
                await sleep(nextWaitMs, stopping.signal).finally(() => {
                    waiting = false;
                });
            }
            if (stopping.signal.aborted) {
                throw new Stopping();
            }
        },
        handleMessage: async (message) => {
            const key = idempotencyKeyOf({ attributes: message.MessageAttributes, messageId: message.MessageId!, messageGroupId: message.Attributes?.MessageGroupId });
            await processOnce(options.store, key, visibilityTimeoutSeconds, () => options.process(parseOrder(message.Body ?? ""), key));
            // Returning the message acknowledges it: sqs-consumer deletes it.
            return message;
        },
    });
    const report = options.onError ?? ((error: Error) => log({ message: "order failed", error: error.message }));
    const reportReceive = options.onReceiveError
        ?? ((error: Error, retryInMs: number) => log({ message: "receive failed", error: error.message, retryInSeconds: retryInMs / 1000 }));
    // sqs-consumer emits a failed receive as an error without a message; an error with one is the order's.
    consumer.on("error", (error, message) => {
        if (message !== undefined) {
            report(error);
        } else if (!stopping.signal.aborted) {
            failedReceives += 1;
            nextWaitMs = backoffDelay(failedReceives, options.backoff ?? RECEIVE_BACKOFF, options.random);
            reportReceive(error, nextWaitMs);
        }
    });
    consumer.on("processing_error", report);
    consumer.on("timeout_error", report);
    const received = () => {
        failedReceives = 0;
        nextWaitMs = 0;
    };
    consumer.on("empty", received);
    consumer.on("response_processed", received);
    const stopped = new Promise<void>((resolve) => consumer.once("stopped", () => resolve()));
    consumer.start();
    return {
        async stop() {
            stopping.abort();
            if (waiting) {
                // The wait ends and the poll it held back settles first, so that stopping does not wait for a poll that never comes.
                await new Promise((resolve) => setImmediate(resolve));
            }
            // Not aborted: the requests in flight (a receive, a delete) finish.
            consumer.stop({ abort: false });
            return stopped;
        },
    };
}

/** What the worker needs from its environment, checked before it starts. */
export interface WorkerSettings {
    readonly queueUrl: string;
    readonly region: string;
    readonly visibilityTimeoutSeconds: number;
    readonly waitTimeSeconds: number;
}

/** An integer setting of the environment from `min` to `max`, `fallback` when unset; a line in `problems` otherwise. */
function integerSetting(env: Readonly<Record<string, string | undefined>>, name: string, what: string, range: [number, number, number], problems: string[]): number {
    const [min, max, fallback] = range;
    const text = env[name] ?? String(fallback);
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
        problems.push(`${name} must be ${what}, an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
    }
    return Number(text);
}

/**
 * The worker's settings from its environment, or a line for each one missing or wrong: the queue,
 * its region (AWS_REGION, else AWS_DEFAULT_REGION, else the one an SQS queue URL names), the
 * queue's visibility timeout and the long poll's wait.
 */
export function workerSettings(env: Readonly<Record<string, string | undefined>>): WorkerSettings | string[] {
    const problems: string[] = [];
    const queueUrl = env.QUEUE_URL ?? "";
    if (queueUrl === "") {
        problems.push("QUEUE_URL is not set: give the queue to drain, the stack's output queueUrl (or one of queueUrls; npm run local prints the local API's)");
    }
    const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(queueUrl)?.[1];
    if (!region) {
        problems.push("AWS_REGION is not set: give the queue's region, such as eu-west-1 (the queue URL names none)");
    }
    const visibilityTimeoutSeconds = integerSetting(env, "VISIBILITY_TIMEOUT_SECONDS", "the queue's visibility timeout", [0, 43200, 30], problems);
    const waitTimeSeconds = integerSetting(env, "WAIT_TIME_SECONDS", "the long poll's wait", [1, 20, 20], problems);
    return problems.length > 0 ? problems : { queueUrl, region: region!, visibilityTimeoutSeconds, waitTimeSeconds };
}

if (require.main === module) {
    // The AWS SDK's notice that its later versions will need a later Node.js says nothing about this
    // run; set before the first client, as every command of the project does (scripts/commandExit.ts).
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const settings = workerSettings(process.env);
    if (Array.isArray(settings)) {
        console.error(settings.join("\n"));
        process.exit(2);
    }
    const worker = startWorker({
        queueUrl: settings.queueUrl,
        sqs: new SQSClient({ region: settings.region }),
        store: new InMemoryStore(),
        process: logOrder,
        visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
        waitTimeSeconds: settings.waitTimeSeconds,
    });
    const stop = () => {
        worker.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
}
