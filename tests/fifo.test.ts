import assert from "node:assert/strict";

import { QueueApi, resolveSettings } from "../components/index";
import { sendMessageRequestTemplate, SendMessageOptions } from "../components/integration";
import { responseFor } from "./support/sqsErrors";
import { byType, named, runMocked } from "../offline/mockRuntime";
import { fromMockRun, runPolicies } from "../offline/policyRunner";
import { planStack } from "../scripts/planReport";
import { SqsPeer, xmlText } from "./support/sqsPeer";
import { renderTemplate } from "../local/vtl";
import { problemsOf } from "./support/problems";
import { beyondDefaults } from "./support/defaultFindings";

const REQUEST_ID = "5a1e0f3c-9b7d-4e21-8f00-000000000042";

/** The FIFO-specific parameters of the form SQS would read. */
function fifoParams(options: SendMessageOptions, input: { body?: string; headers?: Record<string, string>; path?: Record<string, string>; context?: Record<string, unknown> }) {
    const rendered = renderTemplate(sendMessageRequestTemplate(options), {
        body: input.body ?? "{}", headers: input.headers, pathParameters: input.path, requestId: REQUEST_ID, context: input.context,
    });
    const params = new URLSearchParams(rendered.output);
    return { group: params.getAll("MessageGroupId"), dedup: params.getAll("MessageDeduplicationId"), body: params.get("MessageBody") };
}

const fifo = (messageGroupId: object, contentBasedDeduplication = false): SendMessageOptions =>
    ({ fifo: { messageGroupId, contentBasedDeduplication } });

describe("FIFO queues", () => {
    describe("settings", () => {
        const rejected: [string, unknown, string][] = [
            ["a FIFO route without a group source", { queue: { fifo: true } },
                "messageGroupId is required with a FIFO queue (queue.fifo): give a header, a bodyField, a pathParameter, a value or the caller's context"],
            ["a group source on a standard queue", { messageGroupId: { value: "all" } },
                "messageGroupId is for FIFO queues only: set queue.fifo true, or remove it"],
            ["two group sources", { queue: { fifo: true }, messageGroupId: { header: "Customer-Id", value: "all" } },
                "messageGroupId must have exactly one of header, bodyField, pathParameter, value, context, got {\"header\":\"Customer-Id\",\"value\":\"all\"}"],
            ["a group bound to the caller of an open route", { queue: { fifo: true }, messageGroupId: { context: "callerArn" } },
                "messageGroupId.context binds the group to the authenticated caller, but the route's authorization is NONE: anyone may call it, "
                + "so there is no caller to bind to; give the route AWS_IAM, COGNITO_USER_POOLS or CUSTOM"],
            ["a group from a context value that is not the caller", { authorization: "AWS_IAM", queue: { fifo: true }, messageGroupId: { context: "sourceIp" } },
                "messageGroupId.context must name the authenticated caller: callerArn (AWS_IAM), cognitoSubject (COGNITO_USER_POOLS), "
                + "authorizerPrincipalId (CUSTOM), got \"sourceIp\""],
            ["a group bound to a caller the route's authorization does not name", { authorization: "AWS_IAM", queue: { fifo: true }, messageGroupId: { context: "authorizerPrincipalId" } },
                "messageGroupId.context \"authorizerPrincipalId\" names no caller of this route (authorization AWS_IAM): its caller is callerArn"],
            ["a path parameter the path does not have", { routes: [{ path: "stores/{storeId}/orders", queue: { fifo: true }, messageGroupId: { pathParameter: "shopId" } }] },
                "routes[0].messageGroupId.pathParameter must name a parameter of the path \"stores/{storeId}/orders\", got \"shopId\""],
            ["a group value SQS would refuse", { queue: { fifo: true }, messageGroupId: { value: "all orders" } },
                "messageGroupId.value must be 1 to 128 letters, digits, '_', '.', ':', '/' or '-', got \"all orders\""],
            ["content-based deduplication on a standard queue", { queue: { contentBasedDeduplication: true } },
                "queue.contentBasedDeduplication is for FIFO queues only: set queue.fifo true, or remove it"],
            ["an idempotency header name with a space", { idempotencyHeader: "Idempotency Key" },
                "idempotencyHeader must be a header name of letters, digits and '-', got \"Idempotency Key\""],
        ];
        for (const [what, args, message] of rejected) {
            it(`reject ${what}`, () => {
                assert.deepEqual(problemsOf(args), [message]);
            });
        }

        it("bind the group to the caller each authorization names, per route", () => {
            const routes = resolveSettings({
                authorization: "AWS_IAM",
                cognitoAuthorizer: { userPoolArns: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc123"] },
                routes: [
                    { path: "signed", queue: { fifo: true }, messageGroupId: { context: "callerArn" } },
                    { path: "users", authorization: "COGNITO_USER_POOLS", queue: { fifo: true }, messageGroupId: { context: "cognitoSubject" } },
                ],
            }).routes;
            assert.deepEqual(routes.map((r) => [r.authorization, r.messageGroupId]),
                [["AWS_IAM", { context: "callerArn" }], ["COGNITO_USER_POOLS", { context: "cognitoSubject" }]]);
        });

        it("take a group source per route", () => {
            const routes = resolveSettings({ routes: [
                { path: "stores/{storeId}/orders", queue: { fifo: true }, messageGroupId: { pathParameter: "storeId" } },
                { path: "returns" },
            ] }).routes;
            assert.deepEqual(routes.map((r) => [r.queue.fifo, r.messageGroupId]), [[true, { pathParameter: "storeId" }], [false, undefined]]);
        });
    });

    describe("request template", () => {
        it("takes the group id from a header in any case, from a body field, from a path parameter or a value", () => {
            assert.deepEqual(fifoParams(fifo({ header: "Customer-Id" }), { headers: { "customer-id": "C-17" } }).group, ["C-17"]);
            assert.deepEqual(fifoParams(fifo({ bodyField: "customerId" }), { body: "{\"customerId\":\"C-17\",\"n\":1}" }).group, ["C-17"]);
            assert.deepEqual(fifoParams(fifo({ bodyField: "customerId" }), { body: "{\"customerId\":42}" }).group, ["42"]);
            assert.deepEqual(fifoParams(fifo({ pathParameter: "storeId" }), { path: { storeId: "store-9" } }).group, ["store-9"]);
            assert.deepEqual(fifoParams(fifo({ value: "orders" }), {}).group, ["orders"]);
        });

        it("takes a caller-bound group id from what API Gateway sets for the authenticated caller, never from a header", () => {
            const context = {
                identity: { userArn: "arn:aws:sts::123456789012:assumed-role/shop-frontend/session-1" },
                authorizer: { principalId: "customer-17", claims: { sub: "5f1c7b9e-0d1e-4a51-9d35-1b7e0f3c2a11" } },
            };
            const headers = { "Customer-Id": "someone-else", "x-amzn-identity": "forged" };
            assert.deepEqual(fifoParams(fifo({ context: "callerArn" }), { context, headers }).group, [context.identity.userArn]);
            assert.deepEqual(fifoParams(fifo({ context: "authorizerPrincipalId" }), { context, headers }).group, ["customer-17"]);
            assert.deepEqual(fifoParams(fifo({ context: "cognitoSubject" }), { context, headers }).group, [context.authorizer.claims.sub]);
            assert.deepEqual(fifoParams(fifo({ context: "callerArn" }), { headers }).group, []);
        });

        it("sends no group id when its source is missing, so SQS refuses the message instead of guessing one", () => {
            assert.deepEqual(fifoParams(fifo({ header: "Customer-Id" }), {}).group, []);
            assert.deepEqual(fifoParams(fifo({ bodyField: "customerId" }), { body: "{}" }).group, []);
        });

        it("delivers a group id with form delimiters exactly, adding no parameter", () => {
            const hostile = "C&MessageGroupId=evil&DelaySeconds=900 +%";
            const params = fifoParams(fifo({ header: "Customer-Id" }), { headers: { "Customer-Id": hostile } });
            assert.deepEqual([params.group, params.body], [[hostile], "{}"]);
        });

        it("deduplicates by the idempotency key when there is one, and otherwise by the request id", () => {
            assert.deepEqual(fifoParams(fifo({ value: "g" }), { headers: { "Idempotency-Key": "order-1" } }).dedup, ["order-1"]);
            assert.deepEqual(fifoParams(fifo({ value: "g" }), {}).dedup, [REQUEST_ID]);
            assert.deepEqual(fifoParams({ ...fifo({ value: "g" }), idempotencyHeader: "X-Request-Key" }, { headers: { "x-request-key": "k9" } }).dedup, ["k9"]);
        });

        it("leaves deduplication to SQS's content hash only when chosen, and only without a key", () => {
            assert.deepEqual(fifoParams(fifo({ value: "g" }, true), {}).dedup, []);
            assert.deepEqual(fifoParams(fifo({ value: "g" }, true), { headers: { "Idempotency-Key": "k" } }).dedup, ["k"]);
        });
    });

    describe("component", () => {
        it("makes the queue and its dead-letter queue FIFO, and has API Gateway require a group header", async () => {
            const run = await runMocked(() => new QueueApi("orders", { queue: { fifo: true }, messageGroupId: { header: "Customer-Id" } }));
            assert.deepEqual(byType(run, "aws:sqs/queue:Queue").map((q) => [q.state.name, q.inputs.fifoQueue]),
                [["orders-dlq.fifo", true], ["orders-queue.fifo", true]]);
            assert.equal(named(run, "orders-queue").inputs.contentBasedDeduplication, undefined);
            const method = named(run, "orders-method").inputs;
            assert.deepEqual(method.requestParameters, { "method.request.header.Customer-Id": true });
            assert.equal(method.requestValidatorId, "orders-request-validator-id");
            assert.equal(named(run, "orders-request-validator").inputs.validateRequestParameters, true);
            assert.match(named(run, "orders-integration").inputs.requestTemplates["application/json"], /&MessageGroupId=\$util\.urlEncode\(\$messageGroupId\)/);
            assert.deepEqual(beyondDefaults(await runPolicies(fromMockRun(run.resources))), []);
            const [route] = planStack("test", "us-east-1", run.resources, []).routes;
            assert.deepEqual([route.queue?.fifo, route.deadLetterQueue?.fifo], [true, true]);
        });

        it("sets content-based deduplication only when asked", async () => {
            const run = await runMocked(() => new QueueApi("orders", { queue: { fifo: true, contentBasedDeduplication: true }, messageGroupId: { value: "all" } }));
            assert.equal(named(run, "orders-queue").inputs.contentBasedDeduplication, true);
            assert.deepEqual(byType(run, "aws:apigateway/requestValidator:RequestValidator"), []);
        });
    });

    describe("against an SQS peer", () => {
        let peer: SqsPeer;
        let queueUrl: string;
        before(async () => {
            peer = await SqsPeer.start("standard", 262144);
            queueUrl = await peer.createQueue("orders.fifo", { FifoQueue: "true" });
        });
        after(async () => {
            await peer?.close();
        });
        afterEach(async () => {
            await peer.drain(queueUrl);
        });

        const post = (options: SendMessageOptions, headers: Record<string, string>, requestId = REQUEST_ID, body = "{\"order\":\"A&B\"}") =>
            peer.post(renderTemplate(sendMessageRequestTemplate(options), { body, headers, requestId }).output, queueUrl);

        it("delivers body, group id, deduplication id and attributes as sent", async () => {
            const answer = await post(fifo({ header: "Customer-Id" }), { "Customer-Id": "C-17", "Idempotency-Key": "order-1" });
            assert.equal(answer.status, 200, answer.text);
            const message = await peer.receiveOne(queueUrl);
            assert.ok(message);
            assert.equal(message.Body, "{\"order\":\"A&B\"}");
            assert.equal(message.Attributes?.MessageGroupId, "C-17");
            assert.equal(message.Attributes?.MessageDeduplicationId, "order-1");
            assert.deepEqual(message.MessageAttributes, {
                requestId: { DataType: "String", StringValue: REQUEST_ID },
                idempotencyKey: { DataType: "String", StringValue: "order-1" },
            });
        });

        it("drops a retry with the same idempotency key, and keeps two requests without one", async () => {
            await post(fifo({ value: "g" }), { "Idempotency-Key": "order-2" }, "r-1");
            await post(fifo({ value: "g" }), { "Idempotency-Key": "order-2" }, "r-2");
            await post(fifo({ value: "g" }), {}, "r-3");
            await post(fifo({ value: "g" }), {}, "r-4");
            const ids: string[] = [];
            for (let m = await peer.receiveOne(queueUrl); m; m = await peer.receiveOne(queueUrl)) {
                ids.push(m.MessageAttributes!.requestId.StringValue!);
            }
            assert.deepEqual(ids, ["r-1", "r-3", "r-4"]);
        });

        describe("with deduplication per message group, as the component makes FIFO queues", () => {
            let perGroup: string;
            before(async () => {
                perGroup = await peer.createQueue("per-group.fifo", { FifoQueue: "true", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
            });
            afterEach(async () => {
                await peer.drain(perGroup);
            });
            const send = (options: SendMessageOptions, headers: Record<string, string>, requestId: string, context?: Record<string, unknown>) =>
                peer.post(renderTemplate(sendMessageRequestTemplate(options), { body: `{"order":"${requestId}"}`, headers, requestId, context }).output, perGroup);
            const delivered = async () => {
                const ids: string[] = [];
                for (let m = await peer.receiveOne(perGroup); m; m = await peer.receiveOne(perGroup)) {
                    ids.push(m.MessageAttributes!.requestId.StringValue!);
                }
                return ids.sort();
            };
            const caller = (name: string) => ({ identity: { userArn: `arn:aws:iam::123456789012:user/${name}` } });

            it("lets a caller who sends another customer's group header and key first drop that customer's order", async () => {
                // The attack on an open route: the group and the key are whatever the client sends.
                await send(fifo({ header: "Customer-Id" }), { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, "attacker");
                await send(fifo({ header: "Customer-Id" }), { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, "customer");
                assert.deepEqual(await delivered(), ["attacker"]);
            });

            it("keeps both orders on a signed route whose group is a header: the key is not the deduplication id there, the request id is", async () => {
                const signed: SendMessageOptions = { ...fifo({ header: "Customer-Id" }), caller: "callerArn" };
                await send(signed, { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, "attacker", caller("attacker"));
                await send(signed, { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, "customer", caller("customer"));
                assert.deepEqual(await delivered(), ["attacker", "customer"]);
                const params = fifoParams(signed, { headers: { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, context: caller("customer") });
                assert.deepEqual(params.dedup, [REQUEST_ID]);
            });

            it("keeps both orders when the group is bound to the caller, and still drops a caller's own retry", async () => {
                const bound = fifo({ context: "callerArn" });
                await send(bound, { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, "attacker", caller("attacker"));
                await send(bound, { "Customer-Id": "C-17", "Idempotency-Key": "order-9" }, "customer", caller("customer"));
                await send(bound, { "Idempotency-Key": "order-9" }, "customer-retry", caller("customer"));
                assert.deepEqual(await delivered(), ["attacker", "customer"]);
            });
        });

        it("is refused when the group id is missing or has characters SQS refuses, which the API answers with 400", async () => {
            for (const headers of [{}, { "Customer-Id": "C 17" }] as Record<string, string>[]) {
                const answer = await post(fifo({ header: "Customer-Id" }), headers);
                assert.equal(answer.status, 400, answer.text);
                const code = xmlText(answer.text, "Code")!;
                assert.equal(responseFor(code, xmlText(answer.text, "Message") ?? "").status, 400, `${code}: ${answer.text}`);
            }
            assert.equal(await peer.receiveOne(queueUrl), undefined);
        });
    });
});
