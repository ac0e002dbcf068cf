// Bodies other than one JSON order, over HTTP through the local API into the SQS emulator: each
// media type a route takes queued byte for byte with its contentType attribute, batches of orders
// sent with one SendMessageBatch (each order its own message, with its own key and group), and a
// queue's delay.
import assert from "node:assert/strict";

import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";

import { HOSTILE_TEXTS } from "../../local/conformance";
import { LocalStack, localStack } from "../support/localApi";

const STACK = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: webhooks
      contentTypes: [application/json, application/x-www-form-urlencoded, text/plain, application/xml]
      requestSchema: {type: object, required: [orderId], properties: {orderId: {type: string}}}
    - path: batches
      batch: {maxEntries: 3, keyField: orderId}
      queue: {maxMessageSize: 1024}
      requestSchema: {type: object, required: [orderId], properties: {orderId: {type: string, maxLength: 64}, note: {type: string}}}
    - path: fifo/batches
      batch: {keyField: orderId}
      queue: {fifo: true}
      messageGroupId: {bodyField: customerId}
      requestSchema: {type: object, required: [customerId], properties: {customerId: {type: string}}}
    - path: later
      queue: {delaySeconds: 900}
    - path: tagged
      messageAttributes: {channel: {query: channel}}
`;

/** Bodies of each non-JSON media type that break a form whose values are not encoded: `&`, `+`, `%`, multi-byte, CR/LF. */
const FORM_BODIES = ["orderId=A-1&note=fish%26chips+100%25&city=Z%C3%BCrich", "orderId=A-2&note=1+1=2&raw=100%&zz=%zz", "a=1\r\nb=2"];
const XML_BODIES = ["<order id=\"A&amp;1\"><note>100% &lt;on&gt; time + 1</note><city>Zürich 😀</city></order>\r\n",
    "<?xml version=\"1.0\"?><order>x&amp;DelaySeconds=900&amp;MessageBody=evil</order>"];

describe("bodies other than one JSON order, through the local API", function () {
    let stack: LocalStack;
    before(async () => {
        stack = await localStack("test-bodies", STACK);
    });
    after(() => stack.close());

    const queue = (route: string) => stack.api.queues[route].url;

    it("queues each media type a route takes byte for byte, hostile bodies included, with its contentType attribute", async () => {
        const sent: [string, string][] = [
            ...FORM_BODIES.map((body): [string, string] => ["application/x-www-form-urlencoded", body]),
            ...HOSTILE_TEXTS.map((body): [string, string] => ["text/plain", body]),
            ...XML_BODIES.map((body): [string, string] => ["application/xml", body]),
            ["application/json", "{\"orderId\":\"A&1 100% + Zürich\\r\\n\"}"],
            ["text/plain; charset=utf-8", "charset given & kept"],
            // Media types are case-insensitive (RFC 9110): the local API takes this one as application/xml.
            ["Application/XML", "<order>case</order>"],
        ];
        for (const [contentType, body] of sent) {
            const answer = await stack.call("POST /webhooks", body, { "Content-Type": contentType });
            assert.equal(answer.status, 202, `${contentType}: ${answer.text}`);
            const messages = await stack.drain(queue("POST /webhooks"));
            assert.deepEqual(messages.map((m) => [m.Body, m.MessageAttributes?.contentType?.StringValue]), [[body, contentType.split(";")[0].toLowerCase()]], contentType);
        }
    });

    it("checks JSON bodies against the schema, the others not at all, and answers 415 to a media type the route does not take", async () => {
        const invalid = await stack.call("POST /webhooks", "{\"note\":\"no orderId\"}");
        assert.deepEqual([invalid.status, JSON.parse(invalid.text).error], [400, "BAD_REQUEST_BODY"]);
        const text = await stack.call("POST /webhooks", "{\"note\":\"no orderId\"}", { "Content-Type": "text/plain" });
        assert.equal(text.status, 202);
        const other = await stack.call("POST /webhooks", "a,b", { "Content-Type": "text/csv" });
        assert.deepEqual([other.status, JSON.parse(other.text).error], [415, "UNSUPPORTED_MEDIA_TYPE"]);
        const jsonOnly = await stack.call("POST /later", "x", { "Content-Type": "text/plain" });
        assert.equal(jsonOnly.status, 415);
        assert.deepEqual((await stack.drain(queue("POST /webhooks"))).map((m) => m.Body), ["{\"note\":\"no orderId\"}"]);
    });

    it("answers 400 InvalidMessage, as SQS refuses them, to a body or an attribute holding a character SQS does not take, queueing nothing", async () => {
        for (const [contentType, body] of [["text/plain", "fish\u0000chips"], ["application/x-www-form-urlencoded", "a=1&b=\u0008"],
            ["application/xml", "<order>\uFFFE</order>"], ["text/plain", "escape \u001b[31m"]]) {
            const answer = await stack.call("POST /webhooks", body, { "Content-Type": contentType });
            assert.deepEqual([answer.status, JSON.parse(answer.text).error], [400, "InvalidMessage"], `${contentType}: ${JSON.stringify(body)}`);
        }
        const tagged = await stack.call(`${stack.api.urls["POST /tagged"]}?channel=web%00`, "{\"orderId\":\"G-1\"}");
        assert.deepEqual([tagged.status, JSON.parse(tagged.text).error], [400, "InvalidMessage"], tagged.text);
        assert.deepEqual([await stack.drain(queue("POST /webhooks")), await stack.drain(queue("POST /tagged"))], [[], []]);
        // Every character SQS takes still arrives, the edges of its ranges included.
        const edges = "\t\n\r \uD7FF\uE000\uFFFD\u{10000}\u{10FFFF}";
        assert.equal((await stack.call("POST /webhooks", edges, { "Content-Type": "text/plain" })).status, 202);
        assert.deepEqual((await stack.drain(queue("POST /webhooks"))).map((m) => m.Body), [edges]);
    });

    it("answers 400 BatchRefused naming the order whose key holds a character SQS does not take, and queues the others", async () => {
        const answer = await stack.call("POST /batches", JSON.stringify([{ orderId: "H-1" }, { orderId: "H-2\u0000" }, { orderId: "H-3" }]));
        const body = JSON.parse(answer.text);
        assert.deepEqual([answer.status, body.error], [400, "BatchRefused"], answer.text);
        assert.deepEqual(body.entries.map((e: Record<string, string>) => e.error ?? "queued"), ["queued", "InvalidRequest", "queued"]);
        const messages = await stack.drain(queue("POST /batches"));
        assert.deepEqual(messages.map((m) => [m.MessageId, m.MessageAttributes?.idempotencyKey?.StringValue]).sort(),
            [[body.entries[0].messageId, "H-1"], [body.entries[2].messageId, "H-3"]].sort());
    });

    it("queues a batch as one message per order, in order, each with its own key, and answers 202 with their message ids", async () => {
        const orders = [{ orderId: "A&1", note: "100% + fish&chips" }, { orderId: "A-2", note: "Zürich 😀\r\n" }, { note: "x&DelaySeconds=900", orderId: "A-3" }];
        const answer = await stack.call("POST /batches", JSON.stringify(orders, null, 2));
        assert.equal(answer.status, 202, answer.text);
        const { entries, requestId } = JSON.parse(answer.text);
        assert.equal(entries.length, 3);
        const messages = await stack.drain(queue("POST /batches"));
        const byId = new Map(messages.map((m) => [m.MessageId, m]));
        // Each message holds API Gateway's serialisation of its order (compact JSON here), not the client's indented bytes.
        assert.deepEqual(entries.map((e: { messageId: string }) => {
            const message = byId.get(e.messageId)!;
            return [message.Body, message.MessageAttributes?.idempotencyKey?.StringValue, message.MessageAttributes?.requestId?.StringValue];
        }), orders.map((order) => [JSON.stringify(order), order.orderId, requestId]));
    });

    it("answers 400 to an empty batch, one over maxEntries and one whose order lacks its key, queueing none of it", async () => {
        for (const body of ["[]", JSON.stringify([1, 2, 3, 4].map((n) => ({ orderId: `B-${n}` }))), JSON.stringify([{ orderId: "B-1" }, { note: "no key" }]),
            JSON.stringify({ orderId: "not an array" })]) {
            const answer = await stack.call("POST /batches", body);
            assert.deepEqual([answer.status, JSON.parse(answer.text).error], [400, "BAD_REQUEST_BODY"], body);
        }
        assert.deepEqual(await stack.drain(queue("POST /batches")), []);
    });

    it("answers 400 naming each order's outcome when SQS refuses one order of a batch and queues the others", async () => {
        const answer = await stack.call("POST /batches", JSON.stringify([{ orderId: "C-1" }, { orderId: "C-2", note: "x".repeat(2000) }]));
        const body = JSON.parse(answer.text);
        assert.equal(answer.status, 400, answer.text);
        assert.equal(body.error, "BatchRefused");
        assert.deepEqual(body.entries.map((e: Record<string, string>) => Object.keys(e)), [["messageId"], ["error", "message"]]);
        assert.equal(body.entries[1].error, "PayloadTooLarge");
        const messages = await stack.drain(queue("POST /batches"));
        assert.deepEqual(messages.map((m) => [m.MessageId, m.Body]), [[body.entries[0].messageId, "{\"orderId\":\"C-1\"}"]]);
    });

    it("answers 413 to a batch whose orders together pass SQS's 1 MiB for one request", async () => {
        const answer = await stack.call("POST /batches", JSON.stringify([1, 2, 3].map((n) => ({ orderId: `D-${n}`, note: "x".repeat(400_000) }))));
        assert.deepEqual([answer.status, JSON.parse(answer.text).error], [413, "PayloadTooLarge"], answer.text);
        assert.deepEqual(await stack.drain(queue("POST /batches")), []);
    });

    it("groups a FIFO batch's orders by their own field and drops a retried batch's orders by their keys", async () => {
        const batch = JSON.stringify([{ orderId: "E-1", customerId: "C-1" }, { orderId: "E-2", customerId: "C-2" }, { orderId: "E-3", customerId: "C-1" }]);
        assert.deepEqual([(await stack.call("POST /fifo/batches", batch)).status, (await stack.call("POST /fifo/batches", batch)).status], [202, 202]);
        const messages = await stack.drain(queue("POST /fifo/batches"));
        assert.deepEqual(messages.map((m) => [JSON.parse(m.Body!).orderId, m.Attributes?.MessageGroupId, m.Attributes?.MessageDeduplicationId]).sort(),
            [["E-1", "C-1", "E-1"], ["E-2", "C-2", "E-2"], ["E-3", "C-1", "E-3"]]);
    });

    it("holds a delayed queue's messages back for its delaySeconds", async () => {
        assert.equal((await stack.call("POST /later", "{\"orderId\":\"F-1\"}")).status, 202);
        assert.deepEqual(await stack.drain(queue("POST /later")), []);
        const { Attributes } = await stack.sqs.send(new GetQueueAttributesCommand({
            QueueUrl: queue("POST /later"), AttributeNames: ["DelaySeconds", "ApproximateNumberOfMessagesDelayed"],
        }));
        assert.deepEqual([Attributes?.DelaySeconds, Attributes?.ApproximateNumberOfMessagesDelayed], ["900", "1"]);
    });
});
