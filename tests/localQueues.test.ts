// The local API's queues are the stack's: every queue setting, set apart from its default through a
// stack file, reaches the queue the SQS emulator holds, or changes only inputs the local API says it
// has nothing to model for (encryption at rest); a queue input it does not know stops it, so that a
// queue setting added later cannot be silently ignored; the queue's delay holds messages back; and a
// long poll returns as soon as a message is there, as SQS's does, not at the end of its wait.
import assert from "node:assert/strict";

import { ReceiveMessageCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";

import { QUEUE_FIELDS, ScalarDeclaration } from "../components/declarations";
import { QUEUE_INPUTS, queueAttributes } from "../local/queueModel";
import { Registered } from "../offline/mockRuntime";
import { localStack } from "./support/localApi";
import { plannedResources } from "./support/plan";
import { problemsOf } from "./support/problems";

/** Values of a setting other than its default, to try in turn. */
function otherValues(declaration: ScalarDeclaration): unknown[] {
    switch (declaration.kind) {
        case "integer":
            return [declaration.max, declaration.min, Math.round((declaration.min + declaration.max) / 2)].filter((v) => v !== declaration.default);
        case "boolean":
            return [!declaration.default];
        case "enum":
            return declaration.values.filter((v) => v !== declaration.default);
        case "string":
            return declaration.example === undefined ? [] : [declaration.example];
    }
}

/** What some settings need beside them (a FIFO queue, a customer's key): tried in turn until the route is accepted. */
const COMPANIONS: readonly Record<string, unknown>[] = [{}, { fifo: true }, { encryption: "kms" }];
const GROUP = { header: "Customer-Id" };

const route = (path: string, queue: Record<string, unknown>) => ({ path, queue, ...(queue.fifo ? { messageGroupId: GROUP } : {}) });

/** A queue setting with a value the program takes, and the companion settings it needs. */
function settingApart(field: string, declaration: ScalarDeclaration): { value: unknown; companion: Record<string, unknown> } {
    for (const companion of COMPANIONS) {
        for (const value of otherValues(declaration)) {
            if (problemsOf({ routes: [route("x", { ...companion, [field]: value })] }).length === 0) {
                return { value, companion };
            }
        }
    }
    assert.fail(`queue.${field}: no value apart from its default is taken alone, with a FIFO queue or with kms: give this test its companion`);
}

describe("the local API's queues", () => {
    it("refuses a queue input it does not know, naming it and where to model it", () => {
        const queue = { type: "aws:sqs/queue:Queue", name: "orders-queue", inputs: { notAQueueInput: 20 }, state: {} } as unknown as Registered;
        assert.throws(() => queueAttributes(queue, new Map()), {
            message: "the local API does not know the queue input notAQueueInput of orders-queue: give it its SQS attribute in "
                + "local/queueModel.ts (QUEUE_INPUTS), or say there why it changes nothing the local API serves",
        });
    });

    it("hold every queue setting of the declarations: set apart from its default, it reaches the emulator's queue or changes only what it need not model", async function () {
        this.timeout(30000);
        const fields = Object.entries(QUEUE_FIELDS) as [string, ScalarDeclaration][];
        const cases = fields.map(([field, declaration], i) => ({ field, ...settingApart(field, declaration), withPath: `with${i}`, withoutPath: `without${i}` }));
        const resources = await plannedResources("test-local-queues", {
            "orders:routes": cases.flatMap((c) => [route(c.withPath, { ...c.companion, [c.field]: c.value }), route(c.withoutPath, c.companion)]),
        });
        /** A route's queue and dead-letter queue: their inputs and attributes, with the route's own name taken out. */
        const queuesOf = (path: string) => ["queue", "dlq"].map((kind) => {
            const queue = resources.find((r) => r.type === "aws:sqs/queue:Queue" && r.name === `orders-post-${path}-${kind}`)!;
            const own = (value: unknown) => JSON.parse(JSON.stringify(value).split(`-${path}-`).join("-route-"));
            return { inputs: own(queue.inputs), attributes: own(queueAttributes(queue, new Map())) as Record<string, string> };
        });
        for (const { field, value, withPath, withoutPath } of cases) {
            const [withQueues, withoutQueues] = [queuesOf(withPath), queuesOf(withoutPath)];
            const changed = withQueues.flatMap((q, i) => Object.entries(q.attributes).filter(([name, v]) => withoutQueues[i].attributes[name] !== v).map(([, v]) => v));
            if (changed.length > 0) {
                assert.ok(changed.some((v) => v.includes(String(value))), `queue.${field} ${String(value)}: the emulator's queue holds ${changed.join(", ")}`);
                continue;
            }
            const inputs = withQueues.flatMap((q, i) => Object.keys({ ...q.inputs, ...withoutQueues[i].inputs })
                .filter((name) => JSON.stringify(q.inputs[name]) !== JSON.stringify(withoutQueues[i].inputs[name])));
            assert.ok(inputs.length > 0, `queue.${field} changes nothing of the queues`);
            assert.deepEqual(inputs.filter((name) => !("notModelled" in QUEUE_INPUTS[name])), [],
                `queue.${field} changes inputs the local API should model, yet its queue is the same`);
        }
    });

    it("hold a message back for the queue's delaySeconds before a worker may receive it", async function () {
        this.timeout(20000);
        const local = await localStack("test-local-delay", "config:\n  aws:region: eu-west-1\n  orders:queue: {delaySeconds: 1}\n");
        try {
            const answer = await local.call("POST /orders", JSON.stringify({ orderId: "D-1", items: [{ sku: "x", qty: 1 }] }));
            assert.equal(answer.status, 202, answer.text);
            const queueUrl = local.api.queues["POST /orders"].url;
            const sent = Date.now();
            assert.deepEqual((await local.drain(queueUrl, { keep: true })).length, 0);
            // A long poll returns once the message may be received: after the delay.
            const { Messages = [] } = await local.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 3 }));
            assert.deepEqual(Messages.map((m) => JSON.parse(m.Body!).orderId), ["D-1"]);
            assert.ok(Date.now() - sent >= 900, `received ${Date.now() - sent} ms after it was sent`);
        } finally {
            await local.close();
        }
    });

    it("answer a long poll as SQS does: at once with the messages that are there, as soon as one arrives, and empty only at the end of the wait", async function () {
        this.timeout(20000);
        const local = await localStack("dev");
        try {
            const queueUrl = local.api.queues["POST /orders"].url;
            const deadLetterUrl = local.api.queues["POST /orders"].deadLetterQueueUrl!;
            const receive = async (url: string, wait: { WaitTimeSeconds?: number }) => {
                const started = Date.now();
                const { Messages = [] } = await local.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, ...wait }));
                return { orders: Messages.map((m) => JSON.parse(m.Body!).orderId as string).sort(), ms: Date.now() - started };
            };
            const order = (orderId: string) => local.call("POST /orders", JSON.stringify({ orderId, items: [{ sku: "x", qty: 1 }] }));
            // A receive without WaitTimeSeconds waits the queue's ReceiveMessageWaitTimeSeconds; one with 0 does not wait.
            await local.sqs.send(new SetQueueAttributesCommand({ QueueUrl: deadLetterUrl, Attributes: { ReceiveMessageWaitTimeSeconds: "1" } }));
            const [empty, emptyByDefault, short] = await Promise.all([
                receive(queueUrl, { WaitTimeSeconds: 1 }), receive(deadLetterUrl, {}), receive(deadLetterUrl, { WaitTimeSeconds: 0 })]);
            assert.deepEqual([empty.orders, emptyByDefault.orders, short.orders], [[], [], []]);
            assert.ok(empty.ms >= 950, `an empty long poll of 1 s returned after ${empty.ms} ms`);
            assert.ok(emptyByDefault.ms >= 950, `an empty receive of a queue whose wait is 1 s returned after ${emptyByDefault.ms} ms`);
            assert.ok(short.ms < 500, `a receive with WaitTimeSeconds 0 returned after ${short.ms} ms`);
            assert.deepEqual([(await order("L-1")).status, (await order("L-2")).status], [202, 202]);
            // Two messages of a batch of ten: SQS returns them without waiting for more.
            const waiting = await receive(queueUrl, { WaitTimeSeconds: 10 });
            assert.deepEqual(waiting.orders, ["L-1", "L-2"]);
            assert.ok(waiting.ms < 5000, `two waiting messages returned after ${waiting.ms} ms of a 10 s long poll`);
            const arriving = receive(queueUrl, { WaitTimeSeconds: 10 });
            await new Promise((resolve) => setTimeout(resolve, 200));
            assert.equal((await order("L-3")).status, 202);
            const arrived = await arriving;
            assert.deepEqual(arrived.orders, ["L-3"]);
            assert.ok(arrived.ms < 5000, `a message sent 200 ms into a 10 s long poll returned after ${arrived.ms} ms`);
        } finally {
            await local.close();
        }
    });
});
