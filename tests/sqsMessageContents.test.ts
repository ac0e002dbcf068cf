// The characters SQS takes in a message, as the local API's SQS answers for them before the
// emulator (which queues any): a SendMessage holding another in its body or a String attribute is
// refused whole with InvalidMessageContents, which the API answers 400; a SendMessageBatch loses
// only such entries, each listed as failed, the others sent renumbered.
import assert from "node:assert/strict";

import { checkMessageContents, refusedCharacter, withFailedEntries } from "../local/sqsMessageContents";

const ALLOWED = "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe("the characters SQS takes in a message", () => {
    it("are #x9, #xA, #xD and #x20 to #xD7FF, #xE000 to #xFFFD, #x10000 to #x10FFFF: each edge of each range", () => {
        const taken = ["\t", "\n", "\r", " ", "\uD7FF", "\uE000", "\uFFFD", "\u{10000}", "\u{10FFFF}", "Zürich 😀 𝄞"];
        assert.deepEqual(taken.map(refusedCharacter), taken.map(() => undefined));
        const refused = ["\u0000", "\u0008", "\u000B", "\u001F", "\uD800", "\uDFFF", "\uFFFE", "\uFFFF", "ok\u0001"];
        assert.deepEqual(refused.map(refusedCharacter), ["#x0", "#x8", "#xB", "#x1F", "#xD800", "#xDFFF", "#xFFFE", "#xFFFF", "#x1"]);
    });

    it("refuse a SendMessage whose body or String attribute holds another, whole, as SQS answers: 400 InvalidMessageContents", () => {
        const body = checkMessageContents(form({ Action: "SendMessage", MessageBody: "fish\u0000chips" }), "r-1");
        assert.deepEqual(body, { refused: { status: 400, body: JSON.stringify({ Error: { Type: "Sender", Code: "InvalidMessageContents",
            Message: `Invalid binary character '#x0' was found in the message body, the set of allowed characters is ${ALLOWED}` }, RequestId: "r-1" }) } });
        const attribute = checkMessageContents(form({ Action: "SendMessage", MessageBody: "fine", "MessageAttribute.1.Name": "requestId",
            "MessageAttribute.1.Value.DataType": "String", "MessageAttribute.1.Value.StringValue": "r", "MessageAttribute.2.Name": "channel",
            "MessageAttribute.2.Value.DataType": "String", "MessageAttribute.2.Value.StringValue": "web\u001b" }), "r-2");
        assert.equal("refused" in attribute && JSON.parse(attribute.refused.body).Error.Message,
            `Invalid binary character '#x1B' was found in the value of the message attribute channel, the set of allowed characters is ${ALLOWED}`);
    });

    it("send a form SQS takes byte for byte, however it was encoded", () => {
        const sent = "Action=SendMessage&MessageBody=Z%C3%BCrich+%F0%9F%98%80%0D%0A&MessageAttribute.1.Name=k";
        assert.deepEqual(checkMessageContents(sent, "r"), { form: sent, failed: [] });
        const batch = "Action=SendMessageBatch&SendMessageBatchRequestEntry.1.Id=1&SendMessageBatchRequestEntry.1.MessageBody=%7B%7D";
        assert.deepEqual(checkMessageContents(batch, "r"), { form: batch, failed: [] });
    });

    it("send a batch without the entries SQS refuses, the others renumbered, and list those as failed in SQS's answer", () => {
        const entry = (n: number, id: string, body: string, key: string) => ({ [`SendMessageBatchRequestEntry.${n}.Id`]: id,
            [`SendMessageBatchRequestEntry.${n}.MessageBody`]: body, [`SendMessageBatchRequestEntry.${n}.MessageAttribute.1.Name`]: "idempotencyKey",
            [`SendMessageBatchRequestEntry.${n}.MessageAttribute.1.Value.StringValue`]: key });
        const checked = checkMessageContents(form({ Action: "SendMessageBatch", ...entry(1, "1", "{}", "a"), ...entry(2, "2", "{}", "b\u0000"),
            ...entry(3, "3", "{}", "c") }), "r-3");
        assert.ok("form" in checked);
        assert.deepEqual(Object.fromEntries(new URLSearchParams(checked.form)), { Action: "SendMessageBatch", ...entry(1, "1", "{}", "a"), ...entry(2, "3", "{}", "c") });
        const failed = [{ Id: "2", SenderFault: true, Code: "InvalidMessageContents",
            Message: `Invalid binary character '#x0' was found in the value of the message attribute idempotencyKey, the set of allowed characters is ${ALLOWED}` }];
        assert.deepEqual(checked.failed, failed);
        const answer = JSON.stringify({ SendMessageBatchResponse: { SendMessageBatchResult: { Successful: [{ Id: "1", MessageId: "m-1" }, { Id: "3", MessageId: "m-3" }] },
            ResponseMetadata: { RequestId: "q" } } });
        assert.deepEqual(JSON.parse(withFailedEntries(answer, failed, "r-3")), { SendMessageBatchResponse: {
            SendMessageBatchResult: { Successful: [{ Id: "1", MessageId: "m-1" }, { Id: "3", MessageId: "m-3" }], Failed: failed }, ResponseMetadata: { RequestId: "q" } } });
        // Every entry refused: nothing is sent, and the answer lists them all.
        const none = checkMessageContents(form({ Action: "SendMessageBatch", ...entry(1, "1", "\uFFFE", "a") }), "r-4");
        assert.ok("form" in none);
        assert.deepEqual([none.form, none.failed.map((f) => f.Id)], ["", ["1"]]);
        assert.deepEqual(JSON.parse(withFailedEntries(undefined, none.failed, "r-4")).SendMessageBatchResponse,
            { ResponseMetadata: { RequestId: "r-4" }, SendMessageBatchResult: { Failed: none.failed } });
    });
});
