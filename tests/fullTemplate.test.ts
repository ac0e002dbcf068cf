// Every feature of the request template at once (FIFO group and deduplication, the idempotency
// key, configured attributes) over the tricky bodies and hostile header values: SQS must read
// exactly the parameters intended, and nothing a client slipped in.
import assert from "node:assert/strict";

import { sendMessageRequestTemplate, SendMessageOptions } from "../components/integration";
import { TRICKY_BODIES } from "./support/bodies";
import { SqsPeer } from "./support/sqsPeer";
import { renderTemplate } from "../local/vtl";

const REQUEST_ID = "5a1e0f3c-9b7d-4e21-8f00-000000000042";
const OPTIONS: SendMessageOptions = {
    fifo: { messageGroupId: { header: "Customer-Id" }, contentBasedDeduplication: false },
    attributes: { channel: { header: "X-Channel" }, store: { pathParameter: "storeId" } },
};
const HEADERS = {
    "customer-id": "C-17&MessageGroupId=evil",
    "Idempotency-Key": "key+1 100%=&",
    "x-channel": "app\"é😀 &DelaySeconds=900",
};
const PATH = { storeId: "store/9?x=1" };

function render(body: string): string {
    return renderTemplate(sendMessageRequestTemplate(OPTIONS), { body, headers: HEADERS, pathParameters: PATH, requestId: REQUEST_ID }).output;
}

const EXPECTED_ATTRIBUTES = {
    requestId: { DataType: "String", StringValue: REQUEST_ID },
    idempotencyKey: { DataType: "String", StringValue: HEADERS["Idempotency-Key"] },
    channel: { DataType: "String", StringValue: HEADERS["x-channel"] },
    store: { DataType: "String", StringValue: PATH.storeId },
};

describe("the full request template", () => {
    for (const [what, body] of Object.entries(TRICKY_BODIES)) {
        it(`reads back exactly for a body with ${what}`, () => {
            assert.deepEqual([...new URLSearchParams(render(body)).entries()], [
                ["Action", "SendMessage"],
                ["MessageBody", body],
                ["MessageAttribute.1.Name", "requestId"], ["MessageAttribute.1.Value.DataType", "String"],
                ["MessageAttribute.1.Value.StringValue", REQUEST_ID],
                ["MessageAttribute.2.Name", "idempotencyKey"], ["MessageAttribute.2.Value.DataType", "String"],
                ["MessageAttribute.2.Value.StringValue", HEADERS["Idempotency-Key"]],
                ["MessageAttribute.3.Name", "channel"], ["MessageAttribute.3.Value.DataType", "String"],
                ["MessageAttribute.3.Value.StringValue", HEADERS["x-channel"]],
                ["MessageAttribute.4.Name", "store"], ["MessageAttribute.4.Value.DataType", "String"],
                ["MessageAttribute.4.Value.StringValue", PATH.storeId],
                ["MessageGroupId", HEADERS["customer-id"]],
                ["MessageDeduplicationId", HEADERS["Idempotency-Key"]],
            ]);
        });
    }

    describe("against an SQS peer", () => {
        let peer: SqsPeer;
        let queueUrl: string;
        before(async () => {
            peer = await SqsPeer.start("unused", 262144);
            queueUrl = await peer.createQueue("full.fifo", { FifoQueue: "true" });
        });
        after(async () => {
            await peer?.close();
        });

        it("delivers a tricky body with its group, deduplication id and attributes as sent", async () => {
            const body = TRICKY_BODIES["an attempted parameter injection"];
            // The peer refuses group and deduplication ids with characters SQS refuses, so these are plain.
            const rendered = renderTemplate(sendMessageRequestTemplate(OPTIONS), {
                body, headers: { ...HEADERS, "customer-id": "C-17", "Idempotency-Key": "key-1" }, pathParameters: PATH, requestId: REQUEST_ID,
            }).output;
            const answer = await peer.post(rendered, queueUrl);
            assert.equal(answer.status, 200, answer.text);
            const message = await peer.receiveOne(queueUrl);
            assert.equal(message?.Body, body);
            assert.equal(message?.Attributes?.MessageGroupId, "C-17");
            assert.equal(message?.Attributes?.MessageDeduplicationId, "key-1");
            assert.deepEqual(message?.MessageAttributes, {
                ...EXPECTED_ATTRIBUTES,
                idempotencyKey: { DataType: "String", StringValue: "key-1" },
            });
        });
    });
});
