// Orders in through the local API (the real request template, into the SQS emulator) and out
// through each example worker: the Lambda consumer from its own archive, fed as its event source
// mapping feeds it, and the long-running worker with sqs-consumer.
import assert from "node:assert/strict";

import { GetQueueAttributesCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";

import { LocalConsumer } from "../../local/consumers";
import { addressesText, startFromArgs } from "../../scripts/local";
import { InMemoryStore } from "../../workers/idempotency";
import { startWorker } from "../../workers/longRunning";
import { Order } from "../../workers/orders";
import { LocalStack, localStack } from "../support/localApi";
import { withStackFileAside } from "../support/plan";

// The consumer's route hides a message for 6 s (six times its 1 s timeout, as the stack's rules
// require) and dead-letters it after 2 receives; the other route has no consumer, for the
// long-running worker, and hides a message for 2 s. Most of these tests' time is spent waiting for
// visibility timeouts, so once the stack is served its emulator queue hides a message for 2 s, not
// 6: what they check (which messages come back, how often, and where they end) does not depend on
// how long.
const STACK = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: orders
      queue:
        visibilityTimeoutSeconds: 6
        maxReceiveCount: 2
      consumer:
        timeoutSeconds: 1
    - path: bulk
      queue:
        visibilityTimeoutSeconds: 2
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ORDER = (orderId: string) => JSON.stringify({ orderId, items: [{ sku: "fish&chips", qty: 2 }], note: "100% on time" });

async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting until ${what}`);
        }
        await sleep(100);
    }
}

describe("the example workers, end to end through the local API", function () {
    this.timeout(60_000);
    let local: LocalStack;
    before(async () => {
        local = await localStack("test-workers", STACK);
        const QueueUrl = local.api.queues["POST /orders"].url;
        await local.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: "2" } }));
        const { Attributes } = await local.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["VisibilityTimeout"] }));
        assert.equal(Attributes?.VisibilityTimeout, "2");
    });
    after(() => local.close());

    const post = async (route: string, body: string, idempotencyKey?: string) => {
        const answer = await local.call(route, body, { "Content-Type": "application/json", ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}) });
        assert.equal(answer.status, 202, answer.text);
        return JSON.parse(answer.text).messageId as string;
    };

    describe("the Lambda consumer", () => {
        const queue = () => local.api.queues["POST /orders"];
        const processed = (consumer: LocalConsumer) => consumer.logs.map((line) => JSON.parse(line))
            .filter((l) => l.message === "order processed").map((l) => l.orderId as string);

        it("runs the function's own archive against the route's queue, and processes each order once, however often a client retries it", async () => {
            const running = await local.startConsumers();
            const [consumer] = running.consumers;
            assert.deepEqual(running.consumers.map((c) => [c.functionName, c.queueUrl]), [["orders-post-orders-consumer-function", queue().url]]);
            await post("POST /orders", ORDER("A-1"), "retry-A-1");
            await post("POST /orders", ORDER("A-2"));
            await until("both are processed", () => processed(consumer).length === 2);
            const retry = await post("POST /orders", ORDER("A-1"), "retry-A-1");
            await until("the retry is taken from the queue", async () => consumer.invocations.some((i) => i.messageIds.includes(retry))
                && await local.visibleCount(queue().url) === 0);
            await running.stop();
            assert.deepEqual(processed(consumer).sort(), ["A-1", "A-2"]);
            assert.deepEqual(consumer.invocations.flatMap((i) => i.batchItemFailures), []);
            assert.equal(await local.visibleCount(queue().url), 0);
        });

        it("reports exactly the failed message of a batch, and a poison message reaches the dead-letter queue after maxReceiveCount receives", async () => {
            // Three orders queue up before the consumer starts, so that they make one batch.
            const good1 = await post("POST /orders", ORDER("B-1"));
            const poison = await post("POST /orders", JSON.stringify({ orderId: "B-2", note: "no items" }));
            const good2 = await post("POST /orders", ORDER("B-3"));
            const running = await local.startConsumers();
            const [consumer] = running.consumers;
            await until("the poison message is in the dead-letter queue", async () => await local.visibleCount(queue().deadLetterQueueUrl!) === 1, 40_000);
            await running.stop();
            const [first, ...retries] = consumer.invocations;
            assert.deepEqual([...first.messageIds].sort(), [good1, poison, good2].sort());
            assert.deepEqual(first.batchItemFailures, [poison]);
            // Alone in its batch, the poison message fails the invocation, which Lambda counts as an error.
            assert.deepEqual(retries.map((i) => [i.messageIds, i.error]), [[[poison], "All records failed processing. See individual errors below."]]);
            const [dead] = await local.drain(queue().deadLetterQueueUrl!);
            assert.equal(dead.MessageId, poison);
            // Received exactly maxReceiveCount (2) times before SQS moved it.
            assert.equal(consumer.invocations.filter((i) => i.messageIds.includes(poison)).length, 2);
            assert.deepEqual(processed(consumer).sort(), ["B-1", "B-3"]);
        });
    });

    describe("the long-running worker", () => {
        const queue = () => local.api.queues["POST /bulk"];

        it("drains the queue, deletes what it processed, and stops without losing the order in hand", async () => {
            const processed: string[] = [];
            let inHand: (() => void) | undefined;
            const slowFirst = async (order: Order, key: string) => {
                if (inHand === undefined) {
                    // The first order is still being processed when the worker is told to stop.
                    await new Promise<void>((resolve) => {
                        inHand = resolve;
                    });
                }
                processed.push(`${order.orderId} ${key}`);
            };
            const store = new InMemoryStore();
            await post("POST /bulk", ORDER("C-1"), "key-C-1");
            const worker = startWorker({ queueUrl: queue().url, sqs: local.sqs, store, process: slowFirst, waitTimeSeconds: 1, visibilityTimeoutSeconds: 2, onError: () => undefined });
            await until("the first order is in hand", () => inHand !== undefined);
            const stopped = worker.stop();
            await sleep(200);
            inHand!();
            const started = Date.now();
            await stopped;
            assert.deepEqual(processed, ["C-1 idempotencyKey:key-C-1"]);
            assert.ok(Date.now() - started < 2_000);
            // Deleted, not merely hidden: still gone once its visibility timeout has passed.
            await sleep(2_500);
            assert.deepEqual(await local.drain(queue().url, { keep: true }), []);

            // A client's retry with the same key, taken by a worker started again: processed once.
            await post("POST /bulk", ORDER("C-1"), "key-C-1");
            await post("POST /bulk", ORDER("C-2"));
            const again = startWorker({ queueUrl: queue().url, sqs: local.sqs, store, process: slowFirst, waitTimeSeconds: 1, visibilityTimeoutSeconds: 2, onError: () => undefined });
            await until("both are taken from the queue", async () => processed.length === 2 && await local.visibleCount(queue().url) === 0);
            await again.stop();
            assert.deepEqual(processed.map((p) => p.split(" ")[0]), ["C-1", "C-2"]);
        });
    });

    it("run in npm run local, their log lines on stderr after the function's name", async () => {
        let stderr = "";
        const io = { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } };
        // The stack file is read from a folder of its own: the project's holds only the stacks the other tests list.
        const started = await withStackFileAside("test-local-consumer", STACK, (file) => startFromArgs(["--stack", "test-local-consumer", "--config-file", file], io));
        assert.ok(typeof started !== "number");
        try {
            assert.match(addressesText(started.api, started.stack),
                /\nConsumer orders-post-orders-consumer-function runs here, on http:\/\/127\.0\.0\.1:\d+\/123456789012\/orders-post-orders-queue \(its log lines go to stderr\)\n/);
            const answer = await fetch(started.api.urls["POST /orders"], { method: "POST", headers: { "Content-Type": "application/json" }, body: ORDER("D-1") });
            assert.equal(answer.status, 202);
            await until("the order is processed", () => stderr.includes("orders-post-orders-consumer-function: {\"message\":\"order processed\",\"orderId\":\"D-1\""));
        } finally {
            await started.api.close();
        }
        const without = await withStackFileAside("test-local-consumer", STACK,
            (file) => startFromArgs(["--stack", "test-local-consumer", "--config-file", file, "--no-consumers"], io));
        assert.ok(typeof without !== "number");
        assert.equal(without.api.consumers, undefined);
        await without.api.close();
    });
});
