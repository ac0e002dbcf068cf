// The SendMessage mapping template against a real SQS query-protocol peer: what a client posts
// must be what a consumer receives, byte for byte, and nothing in a body may become a parameter.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import type { Message } from "@aws-sdk/client-sqs";

import { sendMessageRequestTemplate } from "../components/integration";
import { clientErrorTemplate } from "../components/responses";
import { TRICKY_BODIES, UNENCODED_TEMPLATE } from "./support/bodies";
import { type PeerAnswer, SqsPeer, xmlText } from "./support/sqsPeer";
import { renderTemplate } from "../local/vtl";

/** SQS's classic limit, which the stack configures on its queue. */
const MAX_MESSAGE_SIZE = 262144;

/** A JSON document of exactly `bytes` ASCII bytes. */
function asciiJsonOfSize(bytes: number): string {
    const frame = "{\"data\":\"\"}";
    return `{"data":"${"x".repeat(bytes - frame.length)}"}`;
}

const BODIES = {
    justUnderLimit: asciiJsonOfSize(262000),
    overLimit: asciiJsonOfSize(MAX_MESSAGE_SIZE + 1),
    unencodedVictim: TRICKY_BODIES["form delimiters & and ="],
} as const;

function md5(text: string): string {
    return createHash("md5").update(text, "utf8").digest("hex");
}

describe("SendMessage template against an SQS peer", function () {
    let peer: SqsPeer;

    before(async function () {
        peer = await SqsPeer.start("orders", MAX_MESSAGE_SIZE);
    });

    after(async function () {
        await peer?.close();
    });

    afterEach(async function () {
        await peer.drain();
    });

    const REQUEST_ID = "5a1e0f3c-9b7d-4e21-8f00-000000000042";
    const requestIdAttribute = { requestId: { DataType: "String", StringValue: REQUEST_ID } };

    async function send(template: string, body: string, headers: Record<string, string> = {}): Promise<PeerAnswer> {
        return peer.post(renderTemplate(template, { body, headers, requestId: REQUEST_ID }).output);
    }

    /**
     * Sends a body through the project's template and checks that a consumer receives it at once
     * and unchanged; returns the message for further checks.
     */
    async function roundTrip(body: string, headers: Record<string, string> = {}): Promise<Message> {
        const answer = await send(sendMessageRequestTemplate(), body, headers);
        assert.strictEqual(answer.status, 200, answer.text);
        const sentId = xmlText(answer.text, "MessageId");
        assert.ok(sentId, answer.text);

        // No wait: a message held back by an injected DelaySeconds would not be here.
        const message = await peer.receiveOne();
        assert.ok(message, "the message was not receivable at once");
        assert.strictEqual(message.MessageId, sentId);
        assert.strictEqual(message.Body, body);
        // SQS hashes the UTF-8 bytes it decoded, so this holds the peer to bytes, not just to a string.
        assert.strictEqual(xmlText(answer.text, "MD5OfMessageBody"), md5(body));
        return message;
    }

    for (const [what, body] of Object.entries(TRICKY_BODIES)) {
        it(`delivers a body with ${what} intact`, async function () {
            await roundTrip(body);
        });
    }

    it("turns no part of the body into a parameter: no delay, no second MessageBody", async function () {
        const message = await roundTrip(TRICKY_BODIES["an attempted parameter injection"]);
        assert.ok(message.Body?.includes("&DelaySeconds=900&MessageBody=evil"));
        assert.deepStrictEqual(message.MessageAttributes, requestIdAttribute);
    });

    it("turns no part of the body into a message attribute", async function () {
        const message = await roundTrip(TRICKY_BODIES["an attempted attribute injection"]);
        assert.deepStrictEqual(message.MessageAttributes, requestIdAttribute);
    });

    it("delivers the API request id as a message attribute", async function () {
        assert.deepStrictEqual((await roundTrip("{}")).MessageAttributes, requestIdAttribute);
    });

    for (const key of ["order-A-1001", "k&MessageAttribute.3.Name=x&DelaySeconds=900", "a+b 100% \"é\" 😀"]) {
        it(`delivers the Idempotency-Key ${JSON.stringify(key)} intact as a message attribute`, async function () {
            const message = await roundTrip("{}", { "idempotency-key": key });
            assert.deepStrictEqual(message.MessageAttributes, {
                ...requestIdAttribute,
                idempotencyKey: { DataType: "String", StringValue: key },
            });
        });
    }

    it("is refused by SQS when an attribute is empty, which is why an empty header sends none", async function () {
        const empty = "Action=SendMessage&MessageBody=x&MessageAttribute.1.Name=idempotencyKey"
            + "&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=";
        assert.strictEqual((await peer.post(empty)).status, 400);
        assert.deepStrictEqual((await roundTrip("{}", { "Idempotency-Key": "" })).MessageAttributes, requestIdAttribute);
    });

    it("delivers a body just under the queue's size limit", async function () {
        assert.strictEqual(Buffer.byteLength(BODIES.justUnderLimit, "utf8"), 262000);
        await roundTrip(BODIES.justUnderLimit);
    });

    it("is refused as too large, in the terms the 413 response mapping looks for", async function () {
        assert.strictEqual(Buffer.byteLength(BODIES.overLimit, "utf8"), MAX_MESSAGE_SIZE + 1);
        const answer = await send(sendMessageRequestTemplate(), BODIES.overLimit);
        assert.strictEqual(answer.status, 400, answer.text);
        const code = xmlText(answer.text, "Code");
        const message = xmlText(answer.text, "Message");
        assert.strictEqual(code, "InvalidParameterValue");
        assert.ok(message?.includes("must be shorter than"), answer.text);
        assert.strictEqual(await peer.receiveOne(), undefined, "a refused message was queued");

        // The emulator answers in XML whatever the Accept header says; SQS honours Accept:
        // application/json with this JSON shape, which is what the response template reads.
        const sqsJson = JSON.stringify({ Error: { Type: "Sender", Code: code, Message: message }, RequestId: "r" });
        const mapped = renderTemplate(clientErrorTemplate(MAX_MESSAGE_SIZE), { body: sqsJson });
        assert.strictEqual(mapped.statusOverride, 413);
        assert.strictEqual(JSON.parse(mapped.output).error, "PayloadTooLarge");
    });

    it("counter-example: the unencoded template does not deliver the body intact", async function () {
        const answer = await send(UNENCODED_TEMPLATE, BODIES.unencodedVictim);
        assert.strictEqual(answer.status, 200, answer.text);
        const message = await peer.receiveOne();
        assert.ok(message, "the message was not receivable at once");
        assert.notStrictEqual(message.Body, BODIES.unencodedVictim);
        // The form ends the body at the first '&'.
        assert.strictEqual(message.Body, "{\"item\":\"fish");
    });
});
