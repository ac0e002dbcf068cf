// npm run plan warns of a header a route reads that a given cors.allowHeaders leaves out: a page's
// request reaches the route without it. Headers a route requires are refused by the component
// instead (tests/frontDoor.test.ts), and without cors.allowHeaders every header read is allowed.
import assert from "node:assert/strict";

import { plan, temporaryStack } from "./support/plan";

const CORS = { allowOrigins: ["https://shop.example.com"] };
const ATTRIBUTES = { channel: { header: "X-Channel" } };

async function warningsOf(stack: string, config: object): Promise<string[]> {
    const cleanup = temporaryStack(stack, { "aws:region": "eu-west-1", ...config });
    let planned;
    try {
        planned = await plan("--stack", stack, "--json");
    } finally {
        cleanup();
    }
    assert.equal(planned.code, 0, planned.stderr);
    return JSON.parse(planned.stdout).stacks[0].warnings;
}

describe("CORS warnings in the plan", function () {
    this.timeout(30000);

    it("name each header a route reads that a given cors.allowHeaders leaves out, and refuse nothing", async () => {
        const warnings = await warningsOf("test-cors-warnings", {
            "orders:cors": { ...CORS, allowHeaders: ["Content-Type", "x-channel"] },
            "orders:routes": [{ path: "orders", messageAttributes: ATTRIBUTES }, { path: "returns", messageAttributes: { reason: { header: "X-Reason" } } }],
        });
        const tail = ": a browser sends only the headers a preflight allows, so requests from pages reach the route without it; add it, "
            + "or leave cors.allowHeaders out to allow every header the routes read";
        assert.deepEqual(warnings, [
            `orders:cors.allowHeaders leaves out Idempotency-Key, which POST /orders reads${tail}`,
            `orders:cors.allowHeaders leaves out Idempotency-Key, which POST /returns reads${tail}`,
            `orders:cors.allowHeaders leaves out X-Reason, which POST /returns reads${tail}`,
        ]);
    });

    it("are none when cors.allowHeaders is left out, or allows every header the routes read", async () => {
        assert.deepEqual(await warningsOf("test-cors-default", { "orders:cors": CORS, "orders:messageAttributes": ATTRIBUTES }), []);
        assert.deepEqual(await warningsOf("test-cors-all", {
            "orders:cors": { ...CORS, allowHeaders: ["Content-Type", "Idempotency-Key", "X-Channel"] }, "orders:messageAttributes": ATTRIBUTES,
        }), []);
    });
});
