// One caller cannot make another's order a duplicate: orders signed by two callers go in through
// the local API (the real request template, which names the caller) and out through the
// long-running worker, on a standard queue (the caller attribute) and on a FIFO queue whose group
// is the caller.
import assert from "node:assert/strict";

import { InMemoryStore } from "../../workers/idempotency";
import { startWorker } from "../../workers/longRunning";
import { Order } from "../../workers/orders";
import { LocalStack, localStack } from "../support/localApi";

const STACK = `config:
  aws:region: eu-west-1
  orders:authorization: AWS_IAM
  orders:routes:
    - path: orders
      queue:
        visibilityTimeoutSeconds: 2
    - path: accounts/orders
      queue:
        fifo: true
        visibilityTimeoutSeconds: 2
      messageGroupId:
        context: callerArn
`;

const ORDER = (orderId: string) => JSON.stringify({ orderId, items: [{ sku: "x", qty: 1 }] });
// The local API takes a SigV4-shaped header without verifying it, and names the caller after its access key id.
const signedBy = (accessKeyId: string) => ({
    "Content-Type": "application/json",
    Authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261130/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
});

describe("idempotency keys per caller, end to end through the local API and the long-running worker", function () {
    this.timeout(60_000);
    let local: LocalStack;
    before(async () => {
        local = await localStack("test-callers", STACK);
    });
    after(() => local.close());

    for (const route of ["POST /orders", "POST /accounts/orders"]) {
        it(`${route}: caller B sending A's key first does not drop A's order, and A's retry is still dropped`, async () => {
            const send = async (accessKeyId: string, orderId: string) => {
                const answer = await local.call(route, ORDER(orderId), { ...signedBy(accessKeyId), "Idempotency-Key": "order-1" });
                assert.equal(answer.status, 202, answer.text);
            };
            await send("AKIDCALLERB", "B-1");
            await send("AKIDCALLERA", "A-1");
            await send("AKIDCALLERA", "A-1");
            const queueUrl = local.api.queues[route].url;
            const processed: string[] = [];
            const worker = startWorker({
                queueUrl, sqs: local.sqs, store: new InMemoryStore(), waitTimeSeconds: 1, visibilityTimeoutSeconds: 2, onError: () => undefined,
                process: async (order: Order, key: string) => {
                    processed.push(`${order.orderId} ${key}`);
                },
            });
            const deadline = Date.now() + 20_000;
            while (processed.length < 2 || await local.visibleCount(queueUrl) > 0) {
                assert.ok(Date.now() < deadline, `processed ${JSON.stringify(processed)}`);
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            await worker.stop();
            const caller = (accessKeyId: string) => encodeURIComponent(`arn:aws:iam::000000000000:user/${accessKeyId}`);
            const scope = route === "POST /orders" ? "caller" : "group";
            assert.deepEqual(processed.sort(), [
                `A-1 ${scope}:${caller("AKIDCALLERA")}/idempotencyKey:order-1`,
                `B-1 ${scope}:${caller("AKIDCALLERB")}/idempotencyKey:order-1`,
            ]);
        });
    }
});
