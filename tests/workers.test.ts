// The example workers' logic without a queue: the idempotency key, the store, and the Lambda
// handler's partial batch responses (end to end against the SQS emulator: tests/endToEnd/workers.test.ts, in npm test).
import assert from "node:assert/strict";

import type { Context, SQSEvent, SQSRecord } from "aws-lambda";

import { AlreadyInProgress, idempotencyKeyOf, InMemoryStore, processOnce } from "../workers/idempotency";
import { createHandler } from "../workers/lambda";
import { NotAnOrder, Order, parseOrder } from "../workers/orders";

const ORDER = (orderId: string) => JSON.stringify({ orderId, items: [{ sku: "x", qty: 1 }] });

function record(messageId: string, body: string, attributes: Record<string, string> = {}, queue = "orders-queue", group?: string): SQSRecord {
    return {
        messageId, receiptHandle: `handle-${messageId}`, body, md5OfBody: "",
        attributes: {
            ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "x", ApproximateFirstReceiveTimestamp: "0",
            ...(group ? { MessageGroupId: group } : {}),
        },
        messageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { stringValue: value, dataType: "String" }])),
        eventSource: "aws:sqs", eventSourceARN: `arn:aws:sqs:eu-west-1:123456789012:${queue}`, awsRegion: "eu-west-1",
    } as SQSRecord;
}

const context = { getRemainingTimeInMillis: () => 5000 } as Context;

/** A handler that records what it processed, in order, with a fresh store. */
function recordingHandler() {
    const processed: string[] = [];
    const handler = createHandler({ store: new InMemoryStore(), process: async (order: Order) => {
        processed.push(order.orderId);
    } });
    return { processed, handle: (...records: SQSRecord[]) => handler({ Records: records } as SQSEvent, context) };
}

describe("the example workers", () => {
    describe("idempotency key", () => {
        it("is the idempotencyKey attribute, else the requestId, else the message id, as the SDK and Lambda's event spell them", () => {
            assert.equal(idempotencyKeyOf({ idempotencyKey: { StringValue: "k" }, requestId: { StringValue: "r" } }, "m"), "idempotencyKey:k");
            assert.equal(idempotencyKeyOf({ requestId: { stringValue: "r" } }, "m"), "requestId:r");
            assert.equal(idempotencyKeyOf(undefined, "m"), "messageId:m");
        });
    });

    describe("in-memory store", () => {
        it("claims a key once, until the claim's lease ends or the key is released; remembers it done", async () => {
            let now = 0;
            const store = new InMemoryStore(60, () => now);
            assert.equal(await store.claim("k", 10), "claimed");
            assert.equal(await store.claim("k", 10), "in-progress");
            now = 10_001;
            assert.equal(await store.claim("k", 10), "claimed");
            await store.release("k");
            assert.equal(await store.claim("k", 10), "claimed");
            await store.complete("k");
            assert.equal(await store.claim("k", 10), "done");
            now += 60_001;
            assert.equal(await store.claim("k", 10), "claimed");
        });

        it("runs work once per key, and after a failure lets the next delivery run it", async () => {
            const store = new InMemoryStore();
            let runs = 0;
            await assert.rejects(processOnce(store, "k", 10, async () => {
                runs++;
                throw new Error("downstream unavailable");
            }), /downstream unavailable/);
            assert.equal(await processOnce(store, "k", 10, async () => {
                runs++;
            }), "processed");
            assert.equal(await processOnce(store, "k", 10, async () => {
                runs++;
            }), "duplicate");
            assert.equal(runs, 2);
            await store.claim("busy", 10);
            await assert.rejects(processOnce(store, "busy", 10, async () => undefined), AlreadyInProgress);
        });
    });

    describe("orders", () => {
        it("refuses what is not an order, for good", () => {
            assert.throws(() => parseOrder("{"), new NotAnOrder("the body is not JSON"));
            assert.throws(() => parseOrder(JSON.stringify({ items: [] })), new NotAnOrder("no orderId"));
            assert.throws(() => parseOrder(JSON.stringify({ orderId: "A-1", items: [] })), new NotAnOrder("order A-1 has no items"));
            assert.equal(parseOrder(ORDER("A-1")).orderId, "A-1");
        });
    });

    describe("Lambda handler", () => {
        it("reports exactly the failed messages of a batch, and processes the others", async () => {
            const { processed, handle } = recordingHandler();
            const answer = await handle(record("m1", ORDER("A-1")), record("m2", "{\"orderId\":\"BAD\"}"), record("m3", ORDER("A-3")), record("m4", "not json"));
            assert.deepEqual(answer, { batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m4" }] });
            assert.deepEqual(processed.sort(), ["A-1", "A-3"]);
        });

        it("processes an order once however often it is delivered, by its idempotency key or request id", async () => {
            const { processed, handle } = recordingHandler();
            assert.deepEqual(await handle(record("m1", ORDER("A-1"), { idempotencyKey: "k1", requestId: "r1" })), { batchItemFailures: [] });
            // A client's retry: a new message and request, the same key.
            assert.deepEqual(await handle(record("m2", ORDER("A-1"), { idempotencyKey: "k1", requestId: "r2" })), { batchItemFailures: [] });
            // SQS delivering one message twice: the same request id.
            assert.deepEqual(await handle(record("m3", ORDER("A-2"), { requestId: "r3" }), record("m4", ORDER("A-4"), { requestId: "r4" })), { batchItemFailures: [] });
            assert.deepEqual(await handle(record("m3", ORDER("A-2"), { requestId: "r3" })), { batchItemFailures: [] });
            assert.deepEqual(processed.sort(), ["A-1", "A-2", "A-4"]);
        });

        it("fails the whole invocation when every message failed, so Lambda counts an error", async () => {
            const { handle } = recordingHandler();
            await assert.rejects(handle(record("m1", "{}"), record("m2", "{}")), /All records failed processing/);
        });

        it("from a FIFO queue, returns the rest of a failed message's group unprocessed, and goes on with other groups", async () => {
            const { processed, handle } = recordingHandler();
            const fifo = (id: string, body: string, group: string) => record(id, body, {}, "orders-queue.fifo", group);
            const answer = await handle(fifo("m1", ORDER("A-1"), "g1"), fifo("m2", "{}", "g1"), fifo("m3", ORDER("A-3"), "g1"), fifo("m4", ORDER("B-1"), "g2"));
            assert.deepEqual(answer, { batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m3" }] });
            assert.deepEqual(processed, ["A-1", "B-1"]);
        });
    });
});
