import assert from "node:assert/strict";

import { QueueApi } from "../components/index";
import { named, runMocked } from "../offline/mockRuntime";
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
                "messageAttributes.AWS.trace: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId, idempotencyKey or caller"],
            ["a name with a double period", { messageAttributes: { "a..b": { header: "X" } } },
                "messageAttributes.a..b: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId, idempotencyKey or caller"],
            ["more than SQS takes on a route whose messages also carry the caller", {
                authorization: "AWS_IAM", messageAttributes: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}`, { header: `H${i}` }])),
            }, "messageAttributes has 8 attributes; SQS takes at most 10 per message, and requestId, idempotencyKey and caller are always among them "
                + "(caller: the route's authenticated caller, callerArn), so at most 7 here"],
            ["the caller's name, on an open route too, so that a worker can trust it", { messageAttributes: { caller: { header: "X-Caller" } } },
                "messageAttributes.caller: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId, idempotencyKey or caller"],
            ["the name of an attribute always sent", { messageAttributes: { requestId: { header: "X" } } },
                "messageAttributes.requestId: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start with AWS. or Amazon., have no leading, trailing or double '.', and not be requestId, idempotencyKey or caller"],
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

        it("take 8 where messages carry no caller attribute: an open route, and a FIFO route whose group is the caller", () => {
            const eight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`a${i}`, { header: `H${i}` }]));
            assert.deepEqual(problemsOf({ messageAttributes: eight }), []);
            assert.deepEqual(problemsOf({ authorization: "AWS_IAM", queue: { fifo: true }, messageGroupId: { context: "callerArn" }, messageAttributes: eight }), []);
        });
    });

    describe("the caller attribute", () => {
        const render = (caller: SendMessageOptions["caller"], context: Record<string, unknown>) =>
            attributesOf(renderTemplate(sendMessageRequestTemplate({ caller, attributes: { store: { pathParameter: "storeId" } } }),
                { ...REQUEST, headers: { "Idempotency-Key": "k1" }, context }).output);

        it("names the caller each authorization authenticates, after the idempotency key and before the route's attributes", () => {
            const arn = "arn:aws:sts::123456789012:assumed-role/shop/session+1";
            for (const [caller, context, value] of [
                ["callerArn", { identity: { userArn: arn } }, arn],
                ["cognitoSubject", { authorizer: { claims: { sub: "7d3f-user" } } }, "7d3f-user"],
                ["authorizerPrincipalId", { authorizer: { principalId: "customer|42" } }, "customer|42"],
            ] as const) {
                const { numbers, values } = render(caller, context);
                assert.deepEqual(numbers, [1, 2, 3, 4], caller);
                assert.deepEqual(Object.entries(values), [["requestId", ["String", REQUEST_ID]], ["idempotencyKey", ["String", "k1"]],
                    ["caller", ["String", value]], ["store", ["String", "store/9"]]], caller);
            }
        });

        it("is left out, without a gap, when the request names no caller", () => {
            const { numbers, values } = render("callerArn", { identity: {} });
            assert.deepEqual([numbers, Object.keys(values)], [[1, 2, 3], ["requestId", "idempotencyKey", "store"]]);
        });

        it("reaches the integration of each route with an authenticated caller, unless its FIFO group is the caller", async () => {
            const run = await runMocked(() => new QueueApi("shop", { authorization: "AWS_IAM", routes: [
                { path: "signed" },
                { path: "members", authorization: "COGNITO_USER_POOLS" },
                { path: "open", authorization: "NONE" },
                { path: "accounts", queue: { fifo: true }, messageGroupId: { context: "callerArn" } },
            ], cognitoAuthorizer: { userPoolArns: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"] } }));
            const template = (name: string) => named(run, name).inputs.requestTemplates["application/json"] as string;
            assert.equal(template("shop-post-signed-integration"), sendMessageRequestTemplate({ caller: "callerArn" }));
            assert.equal(template("shop-post-members-integration"), sendMessageRequestTemplate({ caller: "cognitoSubject" }));
            assert.equal(template("shop-post-open-integration"), sendMessageRequestTemplate());
            assert.equal(template("shop-post-accounts-integration"),
                sendMessageRequestTemplate({ fifo: { messageGroupId: { context: "callerArn" }, contentBasedDeduplication: false } }));
        });
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

        it("delivers the caller attribute a signed request's template names", async () => {
            const arn = "arn:aws:iam::123456789012:user/alice";
            const template = sendMessageRequestTemplate({ caller: "callerArn" });
            const answer = await peer.post(renderTemplate(template, { ...REQUEST, headers: { "Idempotency-Key": "k1" }, context: { identity: { userArn: arn } } }).output);
            assert.equal(answer.status, 200, answer.text);
            assert.deepEqual((await peer.receiveOne())?.MessageAttributes, {
                requestId: { DataType: "String", StringValue: REQUEST_ID },
                idempotencyKey: { DataType: "String", StringValue: "k1" },
                caller: { DataType: "String", StringValue: arn },
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
