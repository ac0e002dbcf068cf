// Bodies other than one JSON order: a route's media types, each through a template of its own, and
// batches sent with one SendMessageBatch, rendered by the Velocity engine and posted to the SQS
// peer; their answers; the settings' rules; the program's plan of them; the policy pack's reading.
import assert from "node:assert/strict";

import Ajv from "ajv";
import draft04 from "ajv/lib/refs/json-schema-draft-04.json";

import { apiDefinition } from "../components/apiDefinition";
import { batchRequestSchema, sendMessageBatchRequestTemplate } from "../components/batchIntegration";
import { batchSuccessTemplate } from "../components/batchResponses";
import { sendMessageRequestTemplate } from "../components/integration";
import { clientErrorTemplate } from "../components/responses";
import { resolveSettings } from "../components/settings";
import { sqsXmlToJson } from "../local/sqsBackend";
import { renderTemplate } from "../local/vtl";
import { unencodedOutputs } from "../policy/templateEncoding";
import { HOSTILE_BODIES } from "../local/conformanceBodies";
import { SqsPeer, xmlText } from "./support/sqsPeer";
import { resolveStackConfig } from "../components/stackConfig";
import { SettingsError } from "../components/settings";

/** What the program reports for a stack's config, given as the CLI gives it (values as text). */
function problemsOf(raw: Record<string, string>): readonly string[] {
    try {
        resolveStackConfig("orders", raw);
        return [];
    } catch (err) {
        assert.ok(err instanceof SettingsError);
        return err.problems;
    }
}

const REQUEST_ID = "5a1e0f3c-9b7d-4e21-8f00-000000000042";
const RESULT = (successful: unknown[], failed?: unknown[]) =>
    JSON.stringify({ SendMessageBatchResponse: { SendMessageBatchResult: { Successful: successful, ...(failed ? { Failed: failed } : {}) } } });

describe("bodies other than one JSON order", function () {
    let peer: SqsPeer;
    before(async () => {
        peer = await SqsPeer.start("bodies", 262144);
    });
    after(async () => {
        await peer?.close();
    });
    afterEach(async () => {
        await peer.drain();
    });

    describe("a route's media types", () => {
        const templatesOf = (contentTypes: string[]) =>
            apiDefinition(resolveSettings({ routes: [{ path: "webhooks", contentTypes }] }), "orders").routes[0].integration.requestTemplates;

        it("get a request template each, keyed by the media type, and JSON alone keeps its one template without the attribute", () => {
            const templates = templatesOf(["application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml"]);
            assert.deepEqual(Object.keys(templates), ["application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml"]);
            assert.equal(templates["text/plain"], sendMessageRequestTemplate({ idempotencyHeader: "Idempotency-Key", contentType: "text/plain" }));
            assert.deepEqual(templatesOf(["application/json"]), { "application/json": sendMessageRequestTemplate({ idempotencyHeader: "Idempotency-Key" }) });
        });

        for (const [contentType, bodies] of Object.entries(HOSTILE_BODIES)) {
            it(`queue ${contentType} bodies byte for byte through the real engine and the SQS peer, with the contentType attribute`, async () => {
                const template = sendMessageRequestTemplate({ contentType });
                assert.deepEqual(unencodedOutputs(template), []);
                for (const body of bodies) {
                    const answer = await peer.post(renderTemplate(template, { body, requestId: REQUEST_ID, headers: { "Idempotency-Key": "k&1" } }).output);
                    assert.equal(answer.status, 200, answer.text);
                    const message = (await peer.receiveOne())!;
                    assert.equal(message.Body, body);
                    assert.deepEqual(message.MessageAttributes, {
                        requestId: { DataType: "String", StringValue: REQUEST_ID },
                        idempotencyKey: { DataType: "String", StringValue: "k&1" },
                        contentType: { DataType: "String", StringValue: contentType },
                    });
                }
            });
        }

        it("are refused when unknown or none, and a body field group beside another media type", () => {
            assert.deepEqual(problemsOf({ "orders:contentTypes": JSON.stringify(["application/json", "image/png"]) }), [
                "orders:contentTypes[1] must be application/json, application/x-www-form-urlencoded, text/plain or application/xml, got \"image/png\""]);
            assert.deepEqual(problemsOf({ "orders:contentTypes": "[]" }), ["orders:contentTypes must list at least one media type"]);
            assert.deepEqual(problemsOf({
                "orders:queue": "{\"fifo\":true}", "orders:messageGroupId": "{\"bodyField\":\"orderId\"}", "orders:contentTypes": "[\"application/json\",\"text/plain\"]",
                "orders:requestSchema": JSON.stringify({ type: "object", required: ["orderId"], properties: { orderId: { type: "string" } } }),
            }), ["orders:messageGroupId.bodyField reads the group from a JSON body, and orders:contentTypes lists text/plain, whose bodies have no such field: "
                + "take the group from a header, a path parameter, a value or the caller, or take JSON only"]);
        });

        it("take one of SQS's 10 attributes on a route that takes more than JSON, and reserve its name there only", () => {
            const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}`, { header: `X-A${i}` }]));
            assert.deepEqual(problemsOf({ "orders:contentTypes": "[\"application/json\",\"text/plain\"]", "orders:messageAttributes": JSON.stringify(eight) }), [
                "orders:messageAttributes has 8 attributes; SQS takes at most 10 per message, and requestId, idempotencyKey and contentType are always among them "
                + "(contentType: the body's media type, on a route that takes more than JSON), so at most 7 here"]);
            assert.deepEqual(problemsOf({ "orders:messageAttributes": JSON.stringify(eight) }), []);
            const named = JSON.stringify({ contentType: { header: "Content-Type" } });
            assert.deepEqual(problemsOf({ "orders:messageAttributes": named }), []);
            assert.equal(problemsOf({ "orders:contentTypes": "[\"text/plain\"]", "orders:messageAttributes": named }).length, 1);
        });
    });

    describe("a batch", () => {
        const orders = [{ orderId: "A&1", note: "100% + fish&chips", customerId: "C:1/a" }, { orderId: "A-2", note: "Zürich 😀\r\n", customerId: "C-2" }];

        it("sends every order as its own entry of one SendMessageBatch: its serialisation, its key, the request's values, through the SQS peer", async () => {
            const template = sendMessageBatchRequestTemplate({ keyField: "orderId", caller: "callerArn", attributes: { channel: { header: "X-Channel" } } });
            assert.deepEqual(unencodedOutputs(template), []);
            const rendered = renderTemplate(template, {
                body: JSON.stringify(orders, null, 2), requestId: REQUEST_ID, headers: { "x-channel": "web&pos", "Idempotency-Key": "ignored" },
                context: { identity: { userArn: "arn:aws:iam::123456789012:user/till" } },
            }).output;
            const answer = await peer.post(rendered);
            assert.equal(answer.status, 200, answer.text);
            // The emulator's XML read as SQS's JSON answer: the entries in Successful, none Failed.
            const result = (sqsXmlToJson(answer.text) as any).SendMessageBatchResponse.SendMessageBatchResult;
            assert.deepEqual([result.Successful.map((e: { Id: string }) => e.Id), result.Failed], [["1", "2"], undefined]);
            assert.equal(result.Successful[0].MessageId, xmlText(answer.text, "MessageId"));
            const received = [(await peer.receiveOne())!, (await peer.receiveOne())!];
            assert.deepEqual(received.map((m) => [m.Body, m.MessageAttributes]), orders.map((order) => [JSON.stringify(order), {
                requestId: { DataType: "String", StringValue: REQUEST_ID },
                idempotencyKey: { DataType: "String", StringValue: order.orderId },
                caller: { DataType: "String", StringValue: "arn:aws:iam::123456789012:user/till" },
                channel: { DataType: "String", StringValue: "web&pos" },
            }]));
        });

        it("is judged by the policy pack's reading of templates: an order's body or key sent without $util.urlEncode is caught", () => {
            const template = sendMessageBatchRequestTemplate({ keyField: "orderId" });
            assert.deepEqual(unencodedOutputs(template.replace("$util.urlEncode($input.json(\"$[$k]\"))", "$input.json(\"$[$k]\")")),
                ["$input.json() (line 1, column 205)"]);
            assert.equal(unencodedOutputs(template.replace("StringValue=$util.urlEncode($key)", "StringValue=$key")).length, 1);
        });

        it("takes each FIFO order's group from its own field and its key as the deduplication id", async () => {
            const queueUrl = await peer.createQueue("bodies.fifo", { FifoQueue: "true", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
            const template = sendMessageBatchRequestTemplate({ keyField: "orderId", messageGroupId: { bodyField: "customerId" } });
            const rendered = renderTemplate(template, { body: JSON.stringify(orders), requestId: REQUEST_ID }).output;
            assert.equal((await peer.post(rendered, queueUrl)).status, 200);
            assert.equal((await peer.post(rendered, queueUrl)).status, 200);
            const received = [(await peer.receiveOne(queueUrl))!, (await peer.receiveOne(queueUrl))!, await peer.receiveOne(queueUrl)];
            assert.deepEqual(received.map((m) => m && [m.Attributes?.MessageGroupId, m.Attributes?.MessageDeduplicationId]), [["C:1/a", "A&1"], ["C-2", "A-2"], undefined]);
        });

        it("on a signed route, deduplicates each FIFO entry by the request and its number, never by a key another caller may send first", async () => {
            const queueUrl = await peer.createQueue("signed-bodies.fifo", { FifoQueue: "true", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
            const template = sendMessageBatchRequestTemplate({ keyField: "orderId", messageGroupId: { bodyField: "customerId" }, caller: "callerArn" });
            const from = (name: string, requestId: string) => renderTemplate(template, {
                body: JSON.stringify(orders), requestId, context: { identity: { userArn: `arn:aws:iam::123456789012:user/${name}` } },
            }).output;
            assert.equal((await peer.post(from("attacker", "r-attacker"), queueUrl)).status, 200);
            assert.equal((await peer.post(from("till", "r-till"), queueUrl)).status, 200);
            const received = (await peer.receiveMany(4, queueUrl)).map((m) => [m.MessageAttributes?.caller?.StringValue, m.Attributes?.MessageDeduplicationId]);
            assert.equal(await peer.receiveOne(queueUrl), undefined, "more messages than the two batches' four orders");
            assert.deepEqual(received.sort(), [
                ["arn:aws:iam::123456789012:user/attacker", "r-attacker-1"], ["arn:aws:iam::123456789012:user/attacker", "r-attacker-2"],
                ["arn:aws:iam::123456789012:user/till", "r-till-1"], ["arn:aws:iam::123456789012:user/till", "r-till-2"],
            ]);
        });

        it("answers 202 with each order's message id in the request's order, whatever order SQS lists them in", () => {
            const rendered = renderTemplate(batchSuccessTemplate(262144), { body: RESULT([{ Id: "2", MessageId: "m-2" }, { Id: "1", MessageId: "m-1" }]), requestId: REQUEST_ID });
            assert.equal(rendered.statusOverride, undefined);
            assert.deepEqual(JSON.parse(rendered.output), { entries: [{ messageId: "m-1" }, { messageId: "m-2" }], requestId: REQUEST_ID });
        });

        it("answers 400 BatchRefused when SQS refused only orders the client must change, naming each order's outcome", () => {
            const rendered = renderTemplate(batchSuccessTemplate(262144), { requestId: REQUEST_ID, body: RESULT([{ Id: "2", MessageId: "m-2" }], [
                { Id: "1", SenderFault: true, Code: "InvalidParameterValue", Message: "One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes." },
                { Id: "3", SenderFault: "true", Code: "InvalidMessageContents", Message: "Invalid binary character '#x1' was found in the message body" }]) });
            assert.equal(rendered.statusOverride, 400);
            assert.deepEqual(JSON.parse(rendered.output), {
                error: "BatchRefused", message: "The queue refused some orders; the others are queued. Change those and send the batch again.",
                entries: [{ error: "PayloadTooLarge", message: "The order is larger than the 262144 bytes the queue accepts." }, { messageId: "m-2" },
                    { error: "InvalidRequest", message: "The queue does not accept a value of this order." }],
                requestId: REQUEST_ID,
            });
        });

        it("answers a retryable 500 BatchNotQueued when SQS failed on one order, and 500 to an answer that lists no order", () => {
            const rendered = renderTemplate(batchSuccessTemplate(262144), { requestId: REQUEST_ID, body: RESULT([{ Id: "1", MessageId: "m-1" }], [
                { Id: "2", SenderFault: false, Code: "InternalError", Message: "We encountered an internal error. Please try again." }]) });
            assert.equal(rendered.statusOverride, 500);
            assert.deepEqual(JSON.parse(rendered.output).entries, [{ messageId: "m-1" }, { error: "QueueUnavailable", message: "The order was not queued. Retry the batch." }]);
            assert.equal(JSON.parse(rendered.output).error, "BatchNotQueued");
            const unknown = renderTemplate(batchSuccessTemplate(262144), { requestId: REQUEST_ID, body: "{\"SendMessageResponse\":{}}" });
            assert.equal(unknown.statusOverride, 500);
            assert.deepEqual(JSON.parse(unknown.output), { error: "QueueUnavailable", message: "The request was not queued. Retry it later.", requestId: REQUEST_ID });
        });

        it("answers 413 when the orders together pass SQS's 1 MiB for one request, as the peer refuses it", async () => {
            const big = [1, 2, 3].map((n) => ({ orderId: `B-${n}`, note: "x".repeat(400_000) }));
            const answer = await peer.post(renderTemplate(sendMessageBatchRequestTemplate({ keyField: "orderId" }), { body: JSON.stringify(big) }).output);
            assert.equal(answer.status, 400);
            const rendered = renderTemplate(clientErrorTemplate(262144, true), { body: JSON.stringify(sqsXmlToJson(answer.text)), requestId: REQUEST_ID });
            assert.equal(rendered.statusOverride, 413);
            assert.equal(JSON.parse(rendered.output).error, "PayloadTooLarge");
        });

        it("is checked by a model before SQS: 1 to maxEntries orders, each the route's order with its key, a FIFO key one SQS takes", () => {
            const order = { $schema: "http://json-schema.org/draft-04/schema#", type: "object", additionalProperties: false, required: ["items"],
                properties: { items: { type: "array" }, orderId: { type: "string", maxLength: 64 } } };
            assert.deepEqual(batchRequestSchema(order, { maxEntries: 5, keyField: "orderId" }, true), {
                $schema: "http://json-schema.org/draft-04/schema#", type: "array", minItems: 1, maxItems: 5,
                items: { type: "object", additionalProperties: false, required: ["items", "orderId"], properties: {
                    items: { type: "array" }, orderId: { type: "string", minLength: 1, maxLength: 64, pattern: "^[!-~]+$" } } },
            });
            assert.deepEqual(batchRequestSchema(undefined, { maxEntries: 10, keyField: "id" }, false).items,
                { type: "object", required: ["id"], properties: { id: { type: "string", minLength: 1 } } });
        });

        it("keeps SQS's FIFO key pattern beside the route schema's own, in draft 4 as API Gateway checks it", () => {
            const order = { type: "object", properties: { orderId: { type: "string", pattern: "^[A-Z0-9 -]+$" } } };
            const schema = batchRequestSchema(order, { maxEntries: 2, keyField: "orderId" }, true);
            assert.deepEqual((schema.items as { properties: Record<string, unknown> }).properties.orderId,
                { type: "string", minLength: 1, maxLength: 128, pattern: "^[!-~]+$", allOf: [{ pattern: "^[A-Z0-9 -]+$" }] });
            const ajv = new Ajv({ schemaId: "id", meta: false, logger: false });
            ajv.addMetaSchema(draft04);
            const valid = ajv.compile(schema);
            assert.deepEqual(["A-1", "A 1", "a-1"].map((orderId) => valid([{ orderId }])), [true, false, false]);
            assert.deepEqual((batchRequestSchema(order, { maxEntries: 2, keyField: "orderId" }, false).items as { properties: Record<string, unknown> })
                .properties.orderId, { type: "string", minLength: 1, pattern: "^[A-Z0-9 -]+$" }, "a standard queue's key keeps the route's pattern alone");
        });

        it("is refused without its key field, over 10 entries, beside another media type, or with a key the schema types otherwise", () => {
            assert.deepEqual(problemsOf({ "orders:batch": "{\"maxEntries\":11}" }), ["orders:batch.maxEntries must be an integer from 2 to 10, got 11",
                "orders:batch.keyField is required: the field of each order that holds its idempotency key, such as orderId"]);
            assert.deepEqual(problemsOf({ "orders:batch": "{\"keyField\":\"orderId\"}", "orders:contentTypes": "[\"application/json\",\"text/plain\"]" }),
                ["orders:batch takes a JSON array of orders, and orders:contentTypes lists [\"application/json\",\"text/plain\"]: a batch route takes application/json only"]);
            assert.deepEqual(problemsOf({ "orders:batch": "{\"keyField\":\"orderId\"}", "orders:requestSchema": "{\"type\":\"object\",\"properties\":{\"orderId\":{\"type\":\"integer\"}}}" }),
                ["orders:requestSchema.properties.orderId must be of type string: orders:batch.keyField makes it each order's idempotency key, got type \"integer\""]);
            assert.deepEqual(problemsOf({ "orders:batch": "{\"keyField\":\"orderId\"}", "orders:requestSchema": "{\"type\":\"array\"}" }),
                ["orders:requestSchema describes each order of a batch, which is a JSON object: its type must be object, got \"array\""]);
        });
    });

    describe("the program's plan", () => {
        it("gives a batch route its array model and SendMessageBatch template, and a delayed queue its delay (the dead-letter queue none)", async () => {
            const { runStack } = await import("../offline/runStack");
            const { withFiles } = await import("./support/plan");
            const ran = await withFiles({ "Pulumi.test-bodies-plan.yaml": `config:
  aws:region: eu-west-1
  orders:batch: {maxEntries: 4, keyField: orderId}
  orders:queue: {delaySeconds: 120}
` }, () => runStack("test-bodies-plan"));
            const of = (type: string) => ran.resources.filter((r) => r.type === type);
            const model = JSON.parse(of("aws:apigateway/model:Model")[0].inputs.schema);
            assert.deepEqual([model.type, model.minItems, model.maxItems, model.items.required], ["array", 1, 4, ["orderId", "items"]]);
            const templates = of("aws:apigateway/integration:Integration")[0].inputs.requestTemplates;
            assert.deepEqual(Object.keys(templates), ["application/json"]);
            assert.ok(templates["application/json"].startsWith("Action=SendMessageBatch"));
            assert.deepEqual(of("aws:sqs/queue:Queue").map((q) => [q.name, q.inputs.delaySeconds]), [["orders-dlq", undefined], ["orders-queue", 120]]);
        });
    });
});
