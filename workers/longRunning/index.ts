// The example long-running worker, for a container or a VM: long-polls the queue, processes each
// order once per idempotency key, deletes a message only when it was processed, and on SIGTERM or
// SIGINT stops taking messages and finishes those it holds before it exits. sqs-consumer does the
// polling, deleting and stopping.
//
//   QUEUE_URL=https://sqs.eu-west-1.amazonaws.com/123456789012/orders-queue-abc1234 \
//     node -r esbuild-register workers/longRunning/index.ts
//
// The queue URL is the stack's output queueUrl (or queueUrls for a route). The role it runs with
// needs the same four SQS actions as a Lambda consumer's (docs/workers.md), and kms:Decrypt on
// the queue's key if it has a customer-managed one.
import { SQSClient } from "@aws-sdk/client-sqs";
import { Consumer } from "sqs-consumer";

import { IdempotencyStore, idempotencyKeyOf, InMemoryStore, processOnce } from "../idempotency";
import { logOrder, parseOrder, ProcessOrder } from "../orders";

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
    /** Called with each failure; the message is then delivered again after its visibility timeout. */
    readonly onError?: (error: Error) => void;
}

export interface RunningWorker {
    /** Stops taking messages, waits for those in hand to be processed and deleted, then resolves. */
    stop(): Promise<void>;
}

/** Starts polling the queue. */
export function startWorker(options: WorkerOptions): RunningWorker {
    const waitTimeSeconds = options.waitTimeSeconds ?? 20;
    const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 30;
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
        handleMessage: async (message) => {
            const key = idempotencyKeyOf({ attributes: message.MessageAttributes, messageId: message.MessageId!, messageGroupId: message.Attributes?.MessageGroupId });
            await processOnce(options.store, key, visibilityTimeoutSeconds, () => options.process(parseOrder(message.Body ?? ""), key));
            // Returning the message acknowledges it: sqs-consumer deletes it.
            return message;
        },
    });
    const report = options.onError ?? ((error: Error) => console.error(JSON.stringify({ message: "order failed", error: error.message })));
    consumer.on("error", report);
    consumer.on("processing_error", report);
    const stopped = new Promise<void>((resolve) => consumer.once("stopped", () => resolve()));
    consumer.start();
    return {
        stop() {
            // Not aborted: the requests in flight (a receive, a delete) finish.
            consumer.stop({ abort: false });
            return stopped;
        },
    };
}

if (require.main === module) {
    const queueUrl = process.env.QUEUE_URL;
    if (!queueUrl) {
        console.error("set QUEUE_URL to the queue to drain (the stack's output queueUrl)");
        process.exit(2);
    }
    const worker = startWorker({
        queueUrl,
        sqs: new SQSClient({}),
        store: new InMemoryStore(),
        process: logOrder,
        visibilityTimeoutSeconds: Number(process.env.VISIBILITY_TIMEOUT_SECONDS ?? 30),
    });
    const stop = () => {
        worker.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
}
