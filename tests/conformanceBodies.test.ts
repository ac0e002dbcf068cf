// The conformance suite's batch check as it reads a deployed stack's queue: the docs promise each
// order's body is API Gateway's serialisation of the order, not the client's bytes, so a body that
// parses to the order's JSON passes, with its other bytes noted in the record, and one that does not
// fails. The queue here is a stand-in that holds what API Gateway may write.
import assert from "node:assert/strict";

import type { Message } from "@aws-sdk/client-sqs";

import { sendMessageBatchRequestTemplate } from "../components/batchIntegration";
import { bodyChecks } from "../local/conformanceBodies";
import { Check, outcomeOf, RouteFacts, Suite } from "../local/conformanceSuite";

const ROUTE = {
    key: "POST /orders/batch",
    method: { integration: { requestTemplates: { "application/json": sendMessageBatchRequestTemplate({ keyField: "orderId" }) } } },
    target: { url: "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1/orders/batch", queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders" },
} as unknown as RouteFacts;
const ORDER = { sku: "A-1", quantity: 2 };
const BATCH_CHECK = "202: a batch's orders arrive each as its own message, in order, with its key: the body is API Gateway's serialisation of the order";

/**
 * The batch check's outcome when the queue holds, for each order the suite sent, the body `write`
 * makes of it: the 202 lists one message id per order, and the queue answers with those messages.
 */
async function batchCheck(write: (order: Record<string, unknown>) => string): Promise<Check> {
    const checks: Check[] = [];
    let sent: Record<string, unknown>[] = [];
    const suite = {
        send: async (_route: RouteFacts, body: string) => {
            sent = JSON.parse(body) as Record<string, unknown>[];
            const entries = sent.map((_, i) => ({ messageId: `m-${i + 1}` }));
            return { status: 202, text: JSON.stringify({ entries, requestId: "r-1" }), json: { entries, requestId: "r-1" }, headers: new Headers() };
        },
        collect: async (): Promise<Message[]> => sent.map((order, i) => ({
            MessageId: `m-${i + 1}`, Body: write(order), MessageAttributes: { idempotencyKey: { DataType: "String", StringValue: String(order.orderId) } },
        })),
        check: async (route: string, name: string, run: () => Promise<void | string>) => {
            checks.push(await outcomeOf(route, name, run));
        },
        errorShape: () => undefined,
    } as unknown as Suite;
    await bodyChecks(suite, ROUTE, ORDER, { name: "sku", maxLength: 64 });
    return checks.find((c) => c.name === BATCH_CHECK)!;
}

describe("the conformance suite's batch check", () => {
    it("passes bodies that are the orders' compact JSON, noting nothing", async () => {
        assert.deepEqual(await batchCheck((order) => JSON.stringify(order)), { route: ROUTE.key, name: BATCH_CHECK, outcome: "pass" });
    });

    it("passes bodies that are the same JSON in other bytes (spacing, key order, escapes), and notes each in the record", async () => {
        const escaped = (text: string) => text.replace(/[^\x00-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);
        const outcome = await batchCheck((order) => escaped(JSON.stringify(Object.fromEntries(Object.entries(order).reverse()), null, 1)));
        assert.equal(outcome.outcome, "pass");
        assert.match(outcome.detail!, /^the same JSON in other bytes than the orders' compact JSON \(API Gateway's serialisation\): order 1 as "\{\\n \\"orderId\\": \\"conformance-[0-9a-f-]+-0\\",\\n \\"quantity\\": 2,\\n \\"sku\\": \\"fish&chips 100% \+ 1\\"\\n\}"; order 2 as .+Z\\\\u00fcrich \\\\ud83d\\\\ude00.+; order 3 as .+$/);
    });

    it("fails a body that is not the order's JSON, naming the order and what the queue holds", async () => {
        const outcome = await batchCheck((order) => JSON.stringify({ ...order, quantity: "2" }));
        assert.equal(outcome.outcome, "fail");
        assert.match(outcome.detail!, /^order 1: the queue holds "\{\\"sku\\":\\"fish&chips 100% \+ 1\\",\\"quantity\\":\\"2\\",\\"orderId\\":\\"conformance-[0-9a-f-]+-0\\"\}", which is not the order's JSON /);
    });
});
