import assert from "node:assert/strict";

import { QueueApi } from "../components/index";
import { named, runMocked } from "../scripts/offline/mockRuntime";
import { sendMessageRequestTemplate, SendMessageOptions } from "../components/integration";
import { unencodedOutputs } from "../policy/templateEncoding";
import { SqsPeer } from "./support/sqsPeer";
import { renderTemplate } from "../local/vtl";
import { problemsOf } from "./support/problems";

const REQUEST_ID = "5a1e0f3c-9b7d-4e21-8f00-000000000042";

const ATTRIBUTES: SendMessageOptions["attributes"] = {
    customer: { header: "Customer-Id" },
    channel: { query: "channel" },
    store: { pathParameter: "storeId" },
    sourceIp: { context: "sourceIp" },
    quantity: { header: "X-Quantity", dataType: "Number" },
};

const REQUEST = {
    body: "{}",
    requestId: REQUEST_ID,
    headers: { "customer-id": "C&17=x", "X-Quantity": "3" },
    query: { channel: "mobile app+" },
    pathParameters: { storeId: "store/9" },
    context: { identity: { sourceIp: "203.0.113.7", userAgent: "curl/8" }, stage: "v1" },
};

/** The attributes of a rendered form, as SQS reads them: name → [type, value], in number order. */
function attributesOf(form: string): { numbers: number[]; values: Record<string, [string, string]> } {
    const params = new URLSearchParams(form);
    const numbers = [...params.keys()].map((k) => /^MessageAttribute\.(\d+)\.Name$/.exec(k)?.[1]).filter(Boolean).map(Number);
    const values = Object.fromEntries(numbers.map((n) => [params.get(`MessageAttribute.${n}.Name`)!,
        [params.get(`MessageAttribute.${n}.Value.DataType`)!, params.get(`MessageAttribute.${n}.Value.StringValue`)!] as [string, string]]));
    return { numbers, values };
}

describe("message attributes", () => {
    describe("settings", () => {
        const rejected: [string, unknown, string][] = [
            ["more than SQS takes with the two it always gets", { messageAttributes: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`a${i}`, { header: `H${i}` }])) },
                "messageAttributes has 9 attributes; SQS takes at most 10 per message, and requestId and idempotencyKey are always among them, so at most 8 here"],
            ["a name SQS reserves", { messageAttributes: { "AWS.trace": { header: "X-Trace" } } },
                "messageAttributes.AWS.trace: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId or idempotencyKey"],
            ["a name with a double period", { messageAttributes: { "a..b": { header: "X" } } },
                "messageAttributes.a..b: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId or idempotencyKey"],
            ["the name of an attribute always sent", { messageAttributes: { requestId: { header: "X" } } },
                "messageAttributes.requestId: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId or idempotencyKey"],
            ["two sources", { messageAttributes: { a: { header: "X", query: "y" } } },
                "messageAttributes.a must have exactly one of header, query, pathParameter, context, got {\"header\":\"X\",\"query\":\"y\"}"],
            ["an unknown context value", { messageAttributes: { a: { context: "password" } } },
                "messageAttributes.a.context must be one of sourceIp, userAgent, stage, callerArn, authorizerPrincipalId, cognitoSubject, got \"password\""],
            ["an unknown data type", { messageAttributes: { a: { header: "X", dataType: "Binary" } } },
                "messageAttributes.a.dataType must be one of String, Number, got \"Binary\""],
            ["a path parameter the path does not have", { messageAttributes: { a: { pathParameter: "storeId" } } },
                "messageAttributes.a.pathParameter must name a parameter of the path \"orders\", got \"storeId\""],
        ];
        for (const [what, args, message] of rejected) {
            it(`reject ${what}`, () => {
                assert.deepEqual(problemsOf(args), [message]);
            });
        }
    });

    describe("request template", () => {
        const template = sendMessageRequestTemplate({ attributes: ATTRIBUTES });

        it("URL-encodes every value it outputs, counter included, by the policy pack's own check", () => {
            assert.deepEqual(unencodedOutputs(template), []);
        });

        it("sends each attribute from its source with its type, values intact and numbered 1..n", () => {
            const { numbers, values } = attributesOf(renderTemplate(template, { ...REQUEST, headers: { ...REQUEST.headers, "Idempotency-Key": "k1" } }).output);
            assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7]);
            assert.deepEqual(values, {
                requestId: ["String", REQUEST_ID],
                idempotencyKey: ["String", "k1"],
                customer: ["String", "C&17=x"],
                channel: ["String", "mobile app+"],
                store: ["String", "store/9"],
                sourceIp: ["String", "203.0.113.7"],
                quantity: ["Number", "3"],
            });
        });

        it("leaves out absent values without a gap in the numbering", () => {
            const { numbers, values } = attributesOf(renderTemplate(template, { ...REQUEST, headers: { "X-Quantity": "3" }, query: {} }).output);
            assert.deepEqual(numbers, [1, 2, 3, 4]);
            assert.deepEqual(Object.keys(values), ["requestId", "store", "sourceIp", "quantity"]);
        });
    });

    it("reach the route's integration, per route", async () => {
        const run = await runMocked(() => new QueueApi("shop", { routes: [
            { path: "stores/{storeId}/orders", messageAttributes: { store: { pathParameter: "storeId" } } },
            { path: "returns" },
        ] }));
        const template = (name: string) => named(run, name).inputs.requestTemplates["application/json"] as string;
        assert.equal(template("shop-post-stores-storeid-orders-integration"), sendMessageRequestTemplate({ attributes: { store: { pathParameter: "storeId" } } }));
        assert.equal(template("shop-post-returns-integration"), sendMessageRequestTemplate());
    });

    describe("against an SQS peer", () => {
        let peer: SqsPeer;
        before(async () => {
            peer = await SqsPeer.start("attributes", 262144);
        });
        after(async () => {
            await peer?.close();
        });

        it("delivers every attribute with its type and value, and takes the numbering", async () => {
            const template = sendMessageRequestTemplate({ attributes: ATTRIBUTES });
            const answer = await peer.post(renderTemplate(template, { ...REQUEST, query: {} }).output);
            assert.equal(answer.status, 200, answer.text);
            const message = await peer.receiveOne();
            assert.deepEqual(message?.MessageAttributes, {
                requestId: { DataType: "String", StringValue: REQUEST_ID },
                customer: { DataType: "String", StringValue: "C&17=x" },
                store: { DataType: "String", StringValue: "store/9" },
                sourceIp: { DataType: "String", StringValue: "203.0.113.7" },
                quantity: { DataType: "Number", StringValue: "3" },
            });
        });

        it("refuses a gap in the numbering, which is why absent values are counted out", async () => {
            const gap = "Action=SendMessage&MessageBody=x&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String"
                + "&MessageAttribute.1.Value.StringValue=1&MessageAttribute.3.Name=b&MessageAttribute.3.Value.DataType=String"
                + "&MessageAttribute.3.Value.StringValue=2";
            assert.equal((await peer.post(gap)).status, 400);
        });
    });
});
