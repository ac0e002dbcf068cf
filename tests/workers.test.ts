// The example workers' logic without a queue: the idempotency key, the store, and the Lambda
// handler's partial batch responses (end to end against the SQS emulator: tests/e2e/workers.test.ts, in npm run test:e2e).
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
            assert.equal(idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: "k" }, requestId: { StringValue: "r" } }, messageId: "m" }), "idempotencyKey:k");
            assert.equal(idempotencyKeyOf({ attributes: { requestId: { stringValue: "r" } }, messageId: "m" }), "requestId:r");
            assert.equal(idempotencyKeyOf({ attributes: undefined, messageId: "m" }), "messageId:m");
        });

        it("binds the idempotency key to the caller attribute, else to the FIFO group; the API's own ids need no binding", () => {
            const arn = "arn:aws:sts::123456789012:assumed-role/shop/a";
            assert.equal(idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: "k" }, caller: { StringValue: arn } }, messageId: "m", messageGroupId: "g" }),
                "caller:arn%3Aaws%3Asts%3A%3A123456789012%3Aassumed-role%2Fshop%2Fa/idempotencyKey:k");
            assert.equal(idempotencyKeyOf({ attributes: { idempotencyKey: { stringValue: "k" } }, messageId: "m", messageGroupId: "C-1/x" }), "group:C-1%2Fx/idempotencyKey:k");
            assert.equal(idempotencyKeyOf({ attributes: { requestId: { StringValue: "r" }, caller: { StringValue: "a" } }, messageId: "m", messageGroupId: "g" }), "requestId:r");
            // A "/" in a caller cannot make one caller's key read as another caller's.
            assert.notEqual(idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: "b/idempotencyKey:k" }, caller: { StringValue: "a" } }, messageId: "m" }),
                idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: "k" }, caller: { StringValue: "a/idempotencyKey:b" } }, messageId: "m" }));
        });

        it("compares an open route's unscoped key only with other unscoped keys, never with a caller's or a group's", () => {
            const keys = ["k", "caller:a/idempotencyKey:k", "group:g/idempotencyKey:k", "idempotencyKey:k"];
            const unscoped = keys.map((key) => idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: key } }, messageId: "m" }));
            const scoped = keys.flatMap((key) => [
                idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: key }, caller: { StringValue: "a" } }, messageId: "m" }),
                idempotencyKeyOf({ attributes: { idempotencyKey: { StringValue: key } }, messageId: "m", messageGroupId: "g" }),
            ]);
            assert.deepEqual(unscoped.filter((key) => scoped.includes(key)), []);
            // Two open-route messages with one key are one order, whoever sent them.
            assert.equal(unscoped[0], idempotencyKeyOf({ attributes: { idempotencyKey: { stringValue: "k" } }, messageId: "other" }));
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

        it("on a standard queue, drops a caller's retry but never another caller's order sent with the same key", async () => {
            const { processed, handle } = recordingHandler();
            const from = (id: string, caller: string, orderId: string) => record(id, ORDER(orderId), { idempotencyKey: "order-1", requestId: `r-${id}`, caller });
            // Caller B learns A's key and sends it first.
            await handle(from("m1", "arn:aws:iam::123456789012:user/B", "B-1"));
            assert.deepEqual(await handle(from("m2", "arn:aws:iam::123456789012:user/A", "A-1")), { batchItemFailures: [] });
            // A's retry of its order is still a retry.
            await handle(from("m3", "arn:aws:iam::123456789012:user/A", "A-1"));
            assert.deepEqual(processed, ["B-1", "A-1"]);
        });

        it("on a FIFO queue whose group is the caller, drops a caller's retry but never another caller's order sent with the same key", async () => {
            const { processed, handle } = recordingHandler();
            const from = (id: string, group: string, orderId: string) =>
                record(id, ORDER(orderId), { idempotencyKey: "order-1", requestId: `r-${id}` }, "orders-queue.fifo", group);
            await handle(from("m1", "arn:aws:iam::123456789012:user/B", "B-1"));
            await handle(from("m2", "arn:aws:iam::123456789012:user/A", "A-1"));
            await handle(from("m3", "arn:aws:iam::123456789012:user/A", "A-1"));
            assert.deepEqual(processed, ["B-1", "A-1"]);
        });

        it("on an open route (no caller, no group), compares a key with every sender's: nobody is identified there", async () => {
            const { processed, handle } = recordingHandler();
            await handle(record("m1", ORDER("B-1"), { idempotencyKey: "order-1", requestId: "r1" }));
            await handle(record("m2", ORDER("A-1"), { idempotencyKey: "order-1", requestId: "r2" }));
            assert.deepEqual(processed, ["B-1"]);
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
