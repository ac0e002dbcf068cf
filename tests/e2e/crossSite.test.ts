// The local API refuses what a web page of another site makes a browser send it: a no-cors POST
// with a body of no declared type needs no preflight and carries the local API's own Host, so
// only its Origin and Sec-Fetch-Site tell it apart. Clients that are no browser send neither.
import assert from "node:assert/strict";

import { LocalStack, localStack } from "../support/localApi";

const STACK = "test-e2e-cross-site";
const SHOP = "https://shop.example.com";
const ADMIN = "https://admin.example.com";
const EVIL = "https://evil.example";
const CORS_STACK = `config:\n  aws:region: eu-west-1\n  orders:cors: {allowOrigins: [${SHOP}, ${ADMIN}]}\n`;
const ORDER = JSON.stringify({ orderId: "A-1", items: [{ sku: "fish", qty: 1 }] });

describe("the local API and requests of other sites' pages", function () {
    let api: LocalStack;
    let ownOrigin: string;
    before(async () => {
        api = await localStack(STACK, CORS_STACK);
        ownOrigin = new URL(api.api.urls["POST /orders"]).origin;
    });
    after(() => api.close());
    const queue = () => api.api.queues["POST /orders"].url;

    /** POSTs the order as a page's no-cors fetch of a Blob does: no Content-Type, with the browser's headers. */
    async function post(headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown>; requestId: string | null }> {
        const response = await fetch(api.api.urls["POST /orders"], { method: "POST", headers, body: new Blob([ORDER]) });
        return { status: response.status, body: JSON.parse(await response.text()) as Record<string, unknown>, requestId: response.headers.get("x-amzn-requestid") };
    }

    /** The messages the queue received, drained. */
    const received = async () => (await api.drain(queue())).map((message) => message.Body);

    it("refuses a cross-site page's POST with 403 ACCESS_DENIED in the API's error shape, and queues nothing", async () => {
        const answer = await post({ Origin: EVIL, "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors" });
        assert.equal(answer.status, 403);
        assert.deepEqual(answer.body, {
            error: "ACCESS_DENIED",
            message: `this local API takes no request from another site's page: Origin "${EVIL}" is none of `
                + `${ownOrigin}, http://localhost:${new URL(ownOrigin).port}, http://[::1]:${new URL(ownOrigin).port}, ${SHOP}, ${ADMIN}`,
            requestId: answer.requestId,
        });
        assert.deepEqual(await received(), []);
    });

    it("refuses an Origin it does not know even without Sec-Fetch-Site, and the origin null of a sandboxed page", async () => {
        assert.equal((await post({ Origin: EVIL })).status, 403);
        assert.equal((await post({ Origin: "null" })).status, 403);
        assert.deepEqual(await received(), []);
    });

    for (const site of ["cross-site", "same-site"]) {
        it(`refuses Sec-Fetch-Site ${site} without an Origin`, async () => {
            const answer = await post({ "Sec-Fetch-Site": site });
            assert.equal(answer.status, 403);
            assert.equal(answer.body.message,
                `this local API takes no request from another site's page: Sec-Fetch-Site is "${site}" and the request has no Origin of `
                + `${ownOrigin}, http://localhost:${new URL(ownOrigin).port}, http://[::1]:${new URL(ownOrigin).port}, ${SHOP}, ${ADMIN}`);
            assert.deepEqual(await received(), []);
        });
    }

    it("takes a page of each of the stack's CORS origins, as the deployed API would", async () => {
        assert.equal((await post({ Origin: SHOP, "Sec-Fetch-Site": "cross-site" })).status, 202);
        assert.equal((await post({ Origin: ADMIN, "Sec-Fetch-Site": "cross-site" })).status, 202);
        assert.deepEqual(await received(), [ORDER, ORDER]);
    });

    it("takes its own origin, and a client that sends neither header (curl, the SDKs)", async () => {
        assert.equal((await post({ Origin: ownOrigin, "Sec-Fetch-Site": "same-origin" })).status, 202);
        assert.equal((await post({})).status, 202);
        assert.deepEqual(await received(), [ORDER, ORDER]);
    });

    it("answers another origin's CORS preflight as API Gateway does, naming only an allowed origin", async () => {
        const response = await fetch(api.api.urls["POST /orders"], {
            method: "OPTIONS",
            headers: { Origin: EVIL, "Sec-Fetch-Site": "cross-site", "Access-Control-Request-Method": "POST" },
        });
        assert.equal(response.status, 204);
        assert.equal(response.headers.get("access-control-allow-origin"), SHOP);
    });
});
