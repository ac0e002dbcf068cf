// The front door of the local API over HTTP, on a stack with two CORS origins, two API clients and
// a Cognito route: the preflight, the CORS headers on the 202, on the integration's errors and on
// every gateway response the local API gives, and the bodies of 403 INVALID_API_KEY and 401
// UNAUTHORIZED.
import assert from "node:assert/strict";
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";

import { GATEWAY_ERRORS } from "../../local/gateway";
import { startLocalApi } from "../../local/server";
import { remoteSqs } from "../../local/sqsBackend";
import { runStack } from "../../offline/runStack";
import { ADMIN, CORS_RESPONSE_HEADERS, FRONT_DOOR_STACK, SHOP } from "../support/frontDoor";
import { LocalStack, localStack } from "../support/localApi";
import { withFiles } from "../support/plan";

const ORDER = "{\"orderId\":\"A-1\"}";
const STACK = "test-e2e-front-door";

/** The CORS headers of a response, by lower-case name. */
function corsOf(headers: Headers): Record<string, string> {
    return Object.fromEntries([...headers.entries()].filter(([name]) => name.startsWith("access-control-") || name === "vary"));
}

/** What a page of `origin` is told on a route's answers and on gateway responses. */
const corsFor = (origin: string) => ({ "access-control-allow-origin": origin, ...CORS_RESPONSE_HEADERS });

/** The API's JSON error, checked whole: its request id is the response's. */
function assertError(answer: { status: number; text: string; headers: Headers }, status: number, error: string, message: string): void {
    assert.equal(answer.status, status, answer.text);
    assert.deepEqual(JSON.parse(answer.text), { error, message, requestId: answer.headers.get("x-amzn-requestid") });
}

describe("the local API's front door over HTTP", function () {
    const covered = new Set<string>();
    let door: LocalStack;
    let clock = Date.UTC(2026, 10, 30, 9);
    before(async () => {
        door = await localStack(STACK, FRONT_DOOR_STACK, { now: () => clock });
    });
    after(() => door.close());
    // 10 s between tests refill the stage's and the clients' buckets; the partner's quota is per day.
    beforeEach(() => {
        clock += 10_000;
    });
    const key = (client: string) => door.api.apiKeys[client];
    const post = (route: string, body: string, headers: Record<string, string> = {}) =>
        door.call(route, body, { "Content-Type": "application/json", "x-api-key": key("web-shop"), Origin: ADMIN, ...headers });
    const drainAll = async () => {
        for (const queue of Object.values(door.api.queues)) {
            await door.drain(queue.url);
        }
    };

    it("prints each client's key: the local API's own, not the ones AWS generates", () => {
        assert.deepEqual(Object.keys(door.api.apiKeys), ["web-shop", "partner"]);
        for (const value of Object.values(door.api.apiKeys)) {
            assert.match(value, /^[A-Za-z0-9_-]{40}$/);
        }
    });

    it("answers the preflight 204 with the caller's allowed origin, the methods and headers, without a key, an identity or the queue", async () => {
        for (const origin of [ADMIN, SHOP]) {
            const answer = await door.call(door.api.urls["POST /members"], "", { Origin: origin, "Access-Control-Request-Method": "POST" }, "OPTIONS");
            assert.equal(answer.status, 204);
            assert.equal(answer.text, "");
            assert.deepEqual(corsOf(answer.headers), {
                ...corsFor(origin),
                "access-control-allow-headers": "Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,Idempotency-Key,Customer-Id",
                "access-control-allow-methods": "POST,OPTIONS",
                "access-control-max-age": "600",
            });
        }
        const stranger = await door.call(door.api.urls["POST /members"], "", { Origin: "https://evil.example.com" }, "OPTIONS");
        assert.equal(stranger.headers.get("access-control-allow-origin"), SHOP, "the static first origin, which the browser refuses to another");
        assert.deepEqual(await door.drain(door.api.queues["POST /members"].url), []);
    });

    it("names the caller's allowed origin on the 202, and the static first origin to any other caller", async () => {
        const accepted = await post("POST /orders", ORDER);
        assert.equal(accepted.status, 202);
        assert.deepEqual(corsOf(accepted.headers), corsFor(ADMIN));
        // The local API's own origin: one the stack does not list, and the only such one the local API takes.
        const other = await post("POST /orders", ORDER, { Origin: new URL(door.api.urls["POST /orders"]).origin });
        assert.deepEqual(corsOf(other.headers), corsFor(SHOP));
        assert.equal((await door.drain(door.api.queues["POST /orders"].url)).length, 2);
    });

    it("names it on the integration's errors: 400 for a body SQS refuses, 413 for one over the queue's size", async () => {
        const empty = await post("POST /intake", "");
        assertError(empty, 400, "InvalidRequest", "The queue does not accept a value of the request: an empty body, or a header, group id or attribute SQS refuses.");
        assert.deepEqual(corsOf(empty.headers), corsFor(ADMIN));
        const large = await post("POST /intake", "x".repeat(1025));
        assertError(large, 413, "PayloadTooLarge", "The request body is larger than the 1024 bytes the queue accepts.");
        assert.deepEqual(corsOf(large.headers), corsFor(ADMIN));
    });

    it("answers 403 INVALID_API_KEY without a key and with a key of no usage plan, in the API's JSON shape", async () => {
        for (const headers of [{ "x-api-key": "" }, { "x-api-key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }]) {
            const answer = await post("POST /orders", ORDER, headers);
            assertError(answer, 403, "INVALID_API_KEY", "Forbidden");
            assert.equal(answer.headers.get("x-amzn-errortype"), "INVALID_API_KEY");
        }
        const shouting = await door.call("POST /orders", ORDER, { "Content-Type": "application/json", "X-API-KEY": key("partner") });
        assert.equal(shouting.status, 202, "the header's name in any case");
        await drainAll();
    });

    it("answers 401 UNAUTHORIZED to a Cognito route without its token, and takes any token without verifying it", async () => {
        assertError(await post("POST /members", ORDER), 401, "UNAUTHORIZED", "Unauthorized");
        assertError(await post("POST /members", ORDER, { Authorization: "" }), 401, "UNAUTHORIZED", "Unauthorized");
        assert.equal((await post("POST /members", ORDER, { Authorization: "not-even-a-jwt" })).status, 202);
        await drainAll();
    });

    describe("every gateway response the local API gives carries the CORS headers", () => {
        const cases: [string, number, string, () => Promise<{ status: number; text: string; headers: Headers }>][] = [
            ["MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", () => post(door.api.urls["POST /orders"].replace(/orders$/, "nowhere"), ORDER)],
            ["INCOMPLETE_SIGNATURE", 403, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
                () => post("POST /signed", ORDER, { Authorization: "Bearer abc" })],
            ["UNAUTHORIZED", 401, "Unauthorized", () => post("POST /partners", ORDER, { Authorization: "t" })],
            ["INVALID_API_KEY", 403, "Forbidden", () => post("POST /orders", ORDER, { "x-api-key": "" })],
            // partner: bursts of 2, 3 requests a day.
            ["THROTTLED", 429, "Too Many Requests", async () => {
                await post("POST /orders", ORDER, { "x-api-key": key("partner") });
                await post("POST /orders", ORDER, { "x-api-key": key("partner") });
                return post("POST /orders", ORDER, { "x-api-key": key("partner") });
            }],
            // The partner's three requests of the day are used: one in the key test, two above.
            ["QUOTA_EXCEEDED", 429, "Limit Exceeded", () => post("POST /orders", ORDER, { "x-api-key": key("partner") })],
            ["BAD_REQUEST_BODY", 400, "Invalid request body", () => post("POST /orders", "{}")],
            ["BAD_REQUEST_PARAMETERS", 400, "Missing required request parameters: [Customer-Id]",
                () => post(door.api.urls["POST /stores/{storeId}/orders"].replace("{storeId}", "S-1"), ORDER)],
            ["UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type", () => post("POST /orders", ORDER, { "Content-Type": "text/plain" })],
            ["REQUEST_TOO_LARGE", 413, "Request Too Long", () => post("POST /intake", "x".repeat(10 * 1024 * 1024 + 1))],
        ];
        for (const [type, status, message, send] of cases) {
            it(`${status} ${type}`, async () => {
                const answer = await send();
                assertError(answer, status, type, message);
                assert.deepEqual(corsOf(answer.headers), corsFor(ADMIN));
                covered.add(type);
                await drainAll();
            });
        }

        it("403 ACCESS_DENIED to a page of an origin the stack does not allow, which it names back as it does on every gateway response", async () => {
            const stranger = "https://evil.example.com";
            const port = new URL(door.api.urls["POST /orders"]).port;
            const answer = await post("POST /orders", ORDER, { Origin: stranger, "Sec-Fetch-Site": "cross-site" });
            assertError(answer, 403, "ACCESS_DENIED", `this local API takes no request from another site's page: Origin "${stranger}" is none of `
                + `http://127.0.0.1:${port}, http://localhost:${port}, http://[::1]:${port}, ${SHOP}, ${ADMIN}`);
            assert.deepEqual(corsOf(answer.headers), corsFor(stranger));
            covered.add("ACCESS_DENIED");
            assert.deepEqual(await door.drain(door.api.queues["POST /orders"].url), []);
        });

        it("copies the request's Origin, and sends none to a request without one", async () => {
            const answer = await door.call(door.api.urls["POST /orders"].replace(/orders$/, "nowhere"), ORDER);
            assert.deepEqual(corsOf(answer.headers), CORS_RESPONSE_HEADERS);
        });
    });

    describe("with SQS failing", () => {
        let failing: LocalStack;
        let stub: Server;
        let mode: "500" | "403" | "down" = "500";
        before(async () => {
            stub = createServer((request, response) => {
                request.resume();
                if (mode === "down") {
                    request.socket.destroy();
                    return;
                }
                const code = mode === "500" ? "InternalError" : "AccessDenied";
                response.writeHead(Number(mode), { "Content-Type": "application/json" });
                response.end(JSON.stringify({ Error: { Type: "Sender", Code: code, Message: "arn:aws:sqs:eu-west-1:123456789012:orders" }, RequestId: "r" }));
            });
            await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", () => resolve()));
            const endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
            failing = await localStack(STACK, FRONT_DOOR_STACK, { sqs: remoteSqs(endpoint, { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" }) });
        });
        after(async () => {
            await failing.close();
            stub.closeAllConnections();
            stub.close();
        });
        const send = () => failing.call("POST /orders", ORDER, { "Content-Type": "application/json", "x-api-key": failing.api.apiKeys["web-shop"], Origin: ADMIN });

        it("names the caller's origin on 503 (SQS failed) and 500 (SQS refused the API's own request)", async () => {
            mode = "500";
            const unavailable = await send();
            assertError(unavailable, 503, "QueueUnavailable", "The request was not queued. Retry it later.");
            assert.deepEqual(corsOf(unavailable.headers), corsFor(ADMIN));
            mode = "403";
            const refused = await send();
            assertError(refused, 500, "QueueUnavailable", "The request was not queued. Retry it later.");
            assert.deepEqual(corsOf(refused.headers), corsFor(ADMIN));
        });

        it("504 INTEGRATION_FAILURE when SQS does not answer", async () => {
            mode = "down";
            const answer = await send();
            assertError(answer, 504, "INTEGRATION_FAILURE", "Internal server error");
            assert.deepEqual(corsOf(answer.headers), corsFor(ADMIN));
            covered.add("INTEGRATION_FAILURE");
        });
    });

    describe("with a route the program left without an integration", () => {
        it("500 API_CONFIGURATION_ERROR for a route without an integration", async () => {
            const ran = await withFiles({ [`Pulumi.${STACK}.yaml`]: FRONT_DOOR_STACK }, () => runStack(STACK));
            const broken = ran.resources.filter((r) => r.name !== "orders-post-intake-integration");
            const api = await startLocalApi(broken, { region: "eu-west-1", outputs: ran.outputs });
            try {
                const response = await fetch(api.urls["POST /orders"].replace(/orders$/, "intake"), {
                    method: "POST", headers: { "Content-Type": "application/json", "x-api-key": api.apiKeys["web-shop"], Origin: ADMIN }, body: ORDER,
                });
                const answer = { status: response.status, text: await response.text(), headers: response.headers };
                assertError(answer, 500, "API_CONFIGURATION_ERROR", "Internal server error");
                assert.deepEqual(corsOf(answer.headers), corsFor(ADMIN));
                covered.add("API_CONFIGURATION_ERROR");
            } finally {
                await api.close();
            }
        });
    });

    describe("in all", () => {
        it("has covered every gateway response type the local API gives", () => {
            assert.deepEqual([...covered].sort(), Object.keys(GATEWAY_ERRORS).sort());
        });
    });
});
