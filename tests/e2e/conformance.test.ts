// The conformance suite passes against the local API of every shipped stack and checks every kind of
// route; tests/e2e/conformanceRoutes.test.ts, conformanceDefects.test.ts and conformanceDeployed.test.ts
// hold its routes one by one, its planted defects and its run as against a deployed stack.
import assert from "node:assert/strict";

import { runStack } from "../../offline/runStack";
import { conformanceOf, failed } from "../support/conformanceRuns";
import { withFiles } from "../support/plan";

describe("the conformance suite", function () {
    for (const stack of ["dev", "prod", "conformance"]) {
        it(`passes against the local API of ${stack}`, async () => {
            const checks = await conformanceOf(await runStack(stack));
            assert.deepEqual(failed(checks), []);
            assert.ok(checks.filter((c) => c.outcome === "pass").length >= 7);
        });
    }

    it("checks every kind of route on the conformance stack: schema, none, AWS_IAM, FIFO, media types, batches; CORS and API keys", async () => {
        const checks = await conformanceOf(await runStack("conformance"));
        const passed = checks.filter((c) => c.outcome === "pass").map((c) => `${c.route}  ${c.name}`);
        const passedKinds = new Set(passed.map((c) => c.split(":")[0]));
        assert.ok(passed.includes("POST /webhooks  202: each media type the route takes besides JSON arrives byte for byte, with its contentType attribute"));
        assert.ok(passed.includes("POST /orders/batches  202: a batch's orders arrive each as its own message, in order, with its key: "
            + "the body is API Gateway's serialisation of the order"));
        assert.ok(passed.includes("POST /orders/batches  400: an empty batch, one over its maxEntries and one with an order without its key, in the API's JSON shape"));
        // SQS refuses a NUL where API Gateway checks nothing: the routes without a schema, and a route's other media types.
        assert.deepEqual(checks.filter((c) => c.name.startsWith("400: a body holding a character SQS does not take")).map((c) => `${c.route} ${c.outcome}`),
            ["POST /orders skip", "POST /orders/batches skip", "POST /intake pass", "POST /signed pass", "POST /stores/{storeId}/orders pass", "POST /webhooks pass"]);
        for (const expected of ["POST /orders  400", "POST /intake  413", "POST /signed  403", "POST /stores/{storeId}/orders  FIFO",
            "POST /stores/{storeId}/orders  400", "(stage)  429", "(stage)  403", "POST /orders  204", "POST /intake  CORS", "(stage)  CORS"]) {
            assert.ok(passedKinds.has(expected), expected);
        }
        for (const route of ["POST /orders", "POST /intake", "POST /signed", "POST /stores/{storeId}/orders"]) {
            assert.ok(passed.includes(`${route}  403: a request without an API key, and one with a key of no usage plan, in the API's JSON shape`), route);
        }
        assert.ok(passed.includes("(stage)  429: a burst above a client's usage plan throttling, in the API's JSON shape"));
    });

    it("checks the CORS headers of a 413 on a route of the order schema, which refuses fields it does not name", async () => {
        const stack = "config:\n  aws:region: eu-west-1\n  orders:cors: {allowOrigins: [https://shop.example.com]}\n";
        const checks = await conformanceOf(await withFiles({ "Pulumi.test-e2e-cors-orders.yaml": stack }, () => runStack("test-e2e-cors-orders")));
        assert.deepEqual(failed(checks), []);
        assert.deepEqual(checks.filter((c) => c.name.startsWith("CORS: an integration error")).map((c) => `${c.route} ${c.outcome}`), ["POST /orders pass"]);
    });
});
