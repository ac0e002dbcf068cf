// The local API over HTTP: a client's request through the stack's API into the queue, and out to
// an SDK client, with every answer of the README's status table.
import assert from "node:assert/strict";
import { createServer, IncomingMessage, request } from "node:http";
import type { AddressInfo } from "node:net";

import { ChangeMessageVisibilityCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";

import { startLocalApi } from "../../local/server";
import { remoteSqs } from "../../local/sqsBackend";
import { runStack } from "../../offline/runStack";
import { TRICKY_BODIES } from "../support/bodies";
import { LocalStack, localStack } from "../support/localApi";

const ORDER = (note = "100% on time") => JSON.stringify({ orderId: "A-1001", items: [{ sku: "fish&chips", qty: 2 }], note });
const REGION = "config:\n  aws:region: eu-west-1\n";

/** POSTs an order to `url` with the given Host header (fetch sets its own); the status and body. */
function postWithHost(url: string, host: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
        const sent = request(url, { method: "POST", headers: { Host: host, "Content-Type": "application/json" } }, (response) => {
            let text = "";
            response.on("data", (chunk) => (text += chunk));
            response.on("end", () => resolve({ status: response.statusCode!, text }));
        });
        sent.on("error", reject);
        sent.end(ORDER());
    });
}

describe("the local API over HTTP", function () {
    describe("the dev stack", () => {
        let dev: LocalStack;
        const log: string[] = [];
        let clock = 1_000_000;
        before(async () => {
            dev = await localStack("dev", undefined, { now: () => clock, accessLog: (line) => log.push(line) });
        });
        after(() => dev.close());
        // The clock moves only when a test moves it: 10 s refill the stage's burst for the next test.
        beforeEach(() => {
            clock += 10_000;
        });
        const queue = () => dev.api.queues["POST /orders"].url;

        it("prints the route, its queue and its dead-letter queue", () => {
            assert.deepEqual(Object.keys(dev.api.urls), ["POST /orders"]);
            assert.match(dev.api.urls["POST /orders"], /^http:\/\/127\.0\.0\.1:\d+\/v1\/orders$/);
            assert.deepEqual(dev.api.queues["POST /orders"], {
                url: `${dev.api.sqsEndpoint}/123456789012/orders-queue`,
                deadLetterQueueUrl: `${dev.api.sqsEndpoint}/123456789012/orders-dlq`,
            });
        });

        it("answers 202 with the message id, and an SDK client receives the body byte for byte with its attributes", async () => {
            const body = ORDER();
            const answer = await dev.call("POST /orders", body, { "Content-Type": "application/json", "Idempotency-Key": "retry-1" });
            assert.equal(answer.status, 202);
            const json = JSON.parse(answer.text);
            assert.deepEqual(Object.keys(json), ["messageId", "requestId"]);
            const [message, ...more] = await dev.drain(queue());
            assert.deepEqual(more, []);
            assert.equal(message.Body, body);
            assert.equal(message.MessageId, json.messageId);
            assert.equal(message.MessageAttributes?.requestId.StringValue, json.requestId);
            assert.equal(message.MessageAttributes?.idempotencyKey.StringValue, "retry-1");
            assert.equal(answer.headers.get("x-amzn-requestid"), json.requestId);
        });

        it("queues orders whose text holds every trap byte for byte", async () => {
            for (const [trap, text] of Object.entries(TRICKY_BODIES)) {
                const body = ORDER(text);
                assert.equal((await dev.call("POST /orders", body)).status, 202, trap);
                assert.deepEqual((await dev.drain(queue())).map((m) => m.Body), [body], trap);
            }
        });

        it("takes a JSON content type with parameters, and a request without one as JSON", async () => {
            assert.equal((await dev.call("POST /orders", ORDER(), { "Content-Type": "application/json; charset=utf-8" })).status, 202);
            // fetch would add a text/plain Content-Type to a string body: a bare request has none.
            const status = await new Promise<number>((resolve, reject) => {
                const sent = request(dev.api.urls["POST /orders"], { method: "POST" }, (response) => {
                    response.resume();
                    resolve(response.statusCode!);
                });
                sent.on("error", reject);
                sent.end(ORDER());
            });
            assert.equal(status, 202);
            assert.equal((await dev.drain(queue())).length, 2);
        });

        it("answers only requests whose Host is its own address and port, so that no other site's name reaches it (DNS rebinding)", async () => {
            const url = dev.api.urls["POST /orders"];
            const port = new URL(url).port;
            for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
                assert.equal((await postWithHost(url, host)).status, 202, host);
            }
            assert.equal((await dev.drain(queue())).length, 3);
            for (const host of [`rebind.attacker.example:${port}`, "localhost", `127.0.0.1:${Number(port) + 1}`, `127.0.0.1.attacker.example:${port}`]) {
                const answer = await postWithHost(url, host);
                assert.deepEqual([answer.status, JSON.parse(answer.text).message], [421, `this local API answers only requests to 127.0.0.1:${port}, `
                    + `localhost:${port}, [::1]:${port}, not to Host ${JSON.stringify(host.toLowerCase())}`], host);
            }
            assert.deepEqual(await dev.drain(queue()), []);
        });

        const refused: [string, () => Promise<{ status: number; text: string }>, number, string, string][] = [
            ["a body the order schema refuses", () => dev.call("POST /orders", "{\"orderId\":\"A-1002\"}"), 400, "BAD_REQUEST_BODY", "Invalid request body"],
            ["a property the order schema does not name", () => dev.call("POST /orders", JSON.stringify({ ...JSON.parse(ORDER()), pad: "x" })), 400,
                "BAD_REQUEST_BODY", "Invalid request body"],
            ["a body that is not JSON", () => dev.call("POST /orders", "orderId=A-1002"), 400, "BAD_REQUEST_BODY", "Invalid request body"],
            ["another media type", () => dev.call("POST /orders", "A-1004", { "Content-Type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"],
            ["an unknown path", () => dev.call(dev.api.urls["POST /orders"].replace(/orders$/, "order"), ORDER()), 403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"],
            ["a method the route does not have", () => dev.call("POST /orders", ORDER(), {}, "PUT"), 403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"],
            ["another stage", () => dev.call(dev.api.urls["POST /orders"].replace("/v1/", "/v2/"), ORDER()), 403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token"],
            // Whitespace is JSON, and the schema bounds fields, not bytes: a valid order can still be too large.
            ["a valid order padded with whitespace over the queue's size", () => dev.call("POST /orders", ORDER().replace(/}$/, `${" ".repeat(262144)}}`)), 413, "PayloadTooLarge",
                "The request body is larger than the 262144 bytes the queue accepts."],
            ["a body over API Gateway's 10 MB", () => dev.call("POST /orders", Buffer.alloc(10 * 1024 * 1024 + 1, "x")), 413, "REQUEST_TOO_LARGE", "Request Too Long"],
        ];
        for (const [what, send, status, error, message] of refused) {
            it(`answers ${status} ${error} in the API's JSON shape to ${what}, and queues nothing`, async () => {
                const answer = await send();
                assert.equal(answer.status, status);
                const json = JSON.parse(answer.text);
                assert.deepEqual([Object.keys(json), json.error, json.message], [["error", "message", "requestId"], error, message]);
                assert.deepEqual(await dev.drain(queue()), []);
            });
        }

        it("throttles a burst above the stage's limits with 429, and lets requests through again as tokens return", async () => {
            const statuses: number[] = [];
            for (let i = 0; i < 25; i++) {
                statuses.push((await dev.call("POST /orders", ORDER())).status);
            }
            // dev: 10 requests a second, bursts of 20.
            assert.deepEqual(statuses, [...Array(20).fill(202), ...Array(5).fill(429)]);
            clock += 200;
            assert.deepEqual([(await dev.call("POST /orders", ORDER())).status, (await dev.call("POST /orders", ORDER())).status], [202, 202]);
            assert.equal((await dev.call("POST /orders", ORDER())).status, 429);
            assert.equal((await dev.drain(queue())).length, 22);
        });

        it("logs every request in the stage's JSON format", () => {
            const lines = log.map((line) => JSON.parse(line) as Record<string, string>);
            assert.ok(lines.length > 30);
            assert.deepEqual(lines.find((l) => l.status === "415"), { ...lines.find((l) => l.status === "415"), errorType: "UNSUPPORTED_MEDIA_TYPE", integrationStatus: "-" });
            assert.ok(lines.some((l) => l.status === "202" && l.integrationStatus === "200" && l.resourcePath === "/orders" && l.errorType === "-"));
        });

        it("moves a message that keeps failing to the dead-letter queue after maxReceiveCount receives", async () => {
            assert.equal((await dev.call("POST /orders", ORDER("poison"))).status, 202);
            for (let receive = 1; receive <= 5; receive++) {
                const { Messages = [] } = await dev.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue(), WaitTimeSeconds: 0, VisibilityTimeout: 1 }));
                assert.equal(Messages.length, 1, `receive ${receive}`);
                // The worker fails: it lets the message become visible again at once.
                await new Promise((resolve) => setTimeout(resolve, 1100));
            }
            await dev.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue(), WaitTimeSeconds: 0 }));
            const dead = await dev.drain(dev.api.queues["POST /orders"].deadLetterQueueUrl!);
            assert.deepEqual(dead.map((m) => JSON.parse(m.Body!).note), ["poison"]);
            assert.deepEqual(await dev.drain(queue()), []);
        });
    });

    describe("a stack with a route without a schema, an AWS_IAM route and FIFO routes", () => {
        let stack: LocalStack;
        before(async () => {
            stack = await localStack("test-e2e", `${REGION}  orders:routes:
    - path: intake
    - path: signed
      authorization: AWS_IAM
    - path: stores/{storeId}/orders
      queue: {fifo: true}
      messageGroupId: {header: Customer-Id}
      messageAttributes:
        store: {pathParameter: storeId}
        channel: {query: channel}
    - path: accounts/orders
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {context: callerArn}
`);
        });
        after(() => stack.close());

        it("queues any body byte for byte, JSON or not", async () => {
            for (const [trap, body] of Object.entries(TRICKY_BODIES)) {
                assert.equal((await stack.call("POST /intake", body)).status, 202, trap);
                assert.deepEqual((await stack.drain(stack.api.queues["POST /intake"].url)).map((m) => m.Body), [body], trap);
            }
        });

        it("answers 400 InvalidRequest to an empty body, which SQS refuses", async () => {
            const answer = await stack.call("POST /intake", "");
            assert.deepEqual([answer.status, JSON.parse(answer.text).error], [400, "InvalidRequest"]);
        });

        it("answers 403 to an AWS_IAM route without a signature, and takes a SigV4-shaped one without verifying it", async () => {
            const unsigned = await stack.call("POST /signed", "{}");
            assert.deepEqual([unsigned.status, JSON.parse(unsigned.text).error], [403, "MISSING_AUTHENTICATION_TOKEN"]);
            const garbled = await stack.call("POST /signed", "{}", { "Content-Type": "application/json", Authorization: "Bearer abc" });
            assert.deepEqual([garbled.status, JSON.parse(garbled.text).error], [403, "INCOMPLETE_SIGNATURE"]);
            const signed = await stack.call("POST /signed", "{}", {
                "Content-Type": "application/json",
                Authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
            });
            assert.equal(signed.status, 202);
            // The caller the local API names after the signature's access key id, as the caller attribute workers bind keys to.
            const [message] = await stack.drain(stack.api.queues["POST /signed"].url);
            assert.deepEqual(message.MessageAttributes?.caller, { DataType: "String", StringValue: "arn:aws:iam::000000000000:user/AKIDEXAMPLE" });
        });

        it("groups FIFO messages by the header and drops a retry with the same key in the same group only", async () => {
            const url = stack.api.urls["POST /stores/{storeId}/orders"].replace("{storeId}", "S-7");
            const queue = stack.api.queues["POST /stores/{storeId}/orders"].url;
            const missing = await stack.call(url, "{}");
            assert.deepEqual([missing.status, JSON.parse(missing.text).message], [400, "Missing required request parameters: [Customer-Id]"]);
            const send = (customer: string, key: string, body: string) =>
                stack.call(`${url}?channel=web`, body, { "Content-Type": "application/json", "Customer-Id": customer, "Idempotency-Key": key });
            assert.deepEqual([(await send("C-1", "k-1", "{\"n\":1}")).status, (await send("C-1", "k-1", "{\"n\":1}")).status,
                (await send("C-2", "k-1", "{\"n\":2}")).status], [202, 202, 202]);
            const messages = await stack.drain(queue);
            assert.deepEqual(messages.map((m) => [m.Body, m.Attributes?.MessageGroupId, m.MessageAttributes?.store.StringValue,
                m.MessageAttributes?.channel.StringValue]), [["{\"n\":1}", "C-1", "S-7", "web"], ["{\"n\":2}", "C-2", "S-7", "web"]]);
        });

        it("groups a caller-bound FIFO route's messages by the signer, so one caller's key never drops another's order", async () => {
            const queue = stack.api.queues["POST /accounts/orders"].url;
            const send = (accessKeyId: string, body: string) => stack.call("POST /accounts/orders", body, {
                "Content-Type": "application/json", "Customer-Id": "C-1", "Idempotency-Key": "order-1",
                Authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261130/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
            });
            assert.deepEqual([(await send("AKIDATTACKER", "{\"n\":1}")).status, (await send("AKIDCUSTOMER", "{\"n\":2}")).status,
                (await send("AKIDCUSTOMER", "{\"n\":2}")).status], [202, 202, 202]);
            const messages = await stack.drain(queue);
            assert.deepEqual(messages.map((m) => [m.Body, m.Attributes?.MessageGroupId]).sort(), [
                ["{\"n\":1}", "arn:aws:iam::000000000000:user/AKIDATTACKER"], ["{\"n\":2}", "arn:aws:iam::000000000000:user/AKIDCUSTOMER"]]);
        });
    });

    describe("with another SQS endpoint", () => {
        it("posts the form to <endpoint>/<account>/<queue>, signed with SigV4 for the queue's region", async () => {
            const seen: { path: string; headers: IncomingMessage["headers"]; body: string }[] = [];
            const recorder = createServer((request, response) => {
                let body = "";
                request.on("data", (chunk) => (body += chunk));
                request.on("end", () => {
                    seen.push({ path: request.url!, headers: request.headers, body });
                    response.writeHead(200, { "Content-Type": "application/json" });
                    response.end(JSON.stringify({ SendMessageResponse: { SendMessageResult: { MessageId: "m-1" }, ResponseMetadata: { RequestId: "r" } } }));
                });
            });
            await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", () => resolve()));
            const endpoint = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
            const ran = await runStack("dev");
            const api = await startLocalApi(ran.resources, {
                region: "eu-west-1",
                sqs: remoteSqs(endpoint, { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" }),
            });
            try {
                const answer = await fetch(api.urls["POST /orders"], { method: "POST", headers: { "Content-Type": "application/json" }, body: ORDER() });
                assert.deepEqual([answer.status, (await answer.json()).messageId], [202, "m-1"]);
                assert.equal(api.queues["POST /orders"].url, `${endpoint}/123456789012/orders-queue`);
                const [request] = seen;
                assert.equal(request.path, "/123456789012/orders-queue");
                assert.match(String(request.headers.authorization),
                    /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
                assert.equal(request.headers["x-amz-security-token"], "token");
                assert.equal(request.headers["content-type"], "application/x-www-form-urlencoded");
                assert.equal(new URLSearchParams(request.body).get("MessageBody"), ORDER());
                assert.equal(new URLSearchParams(request.body).get("QueueUrl"), null, "a real SQS takes the queue from the path");
                // A request under another site's name is never signed with the developer's credentials.
                const rebound = await postWithHost(api.urls["POST /orders"], `rebind.attacker.example:${new URL(api.urls["POST /orders"]).port}`);
                assert.equal(rebound.status, 421);
                assert.equal(seen.length, 1);
            } finally {
                await api.close();
                recorder.closeAllConnections();
                recorder.close();
            }
        });
    });

    it("keeps a message received but not deleted invisible for the queue's visibility timeout", async () => {
        const dev = await localStack("dev");
        try {
            assert.equal((await dev.call("POST /orders", ORDER())).status, 202);
            const queue = dev.api.queues["POST /orders"].url;
            const [message] = await dev.drain(queue, { keep: true });
            assert.deepEqual(await dev.drain(queue, { keep: true }), []);
            await dev.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queue, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }));
            assert.equal((await dev.drain(queue)).length, 1);
        } finally {
            await dev.close();
        }
    });
});
