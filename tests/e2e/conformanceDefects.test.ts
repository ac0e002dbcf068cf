// The conformance suite fails when a planted defect breaks a status, a body or a header.
import assert from "node:assert/strict";

import { successTemplate } from "../../components/responses";
import { Registered } from "../../offline/mockRuntime";
import { runStack } from "../../offline/runStack";
import { conformanceOf, failed, planted, Ran } from "../support/conformanceRuns";

describe("the conformance suite fails on a planted defect", () => {
    let ran: Ran;
    let dev: Registered[];
    let conformance: Ran;
    before(async () => {
        ran = await runStack("dev");
        dev = ran.resources;
        conformance = await runStack("conformance");
    });

    it("a success answered 200 instead of 202", async () => {
        const checks = await conformanceOf(ran, planted(dev, "orders-integration-response-2xx", (inputs) => ({ ...inputs, statusCode: "200" })));
        assert.deepEqual(failed(checks), [
            "POST /orders  202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes",
        ]);
    });

    it("a gateway response whose body is not the API's JSON", async () => {
        const checks = await conformanceOf(ran, planted(dev, "orders-gateway-unsupported-media-type",
            (inputs) => ({ ...inputs, responseTemplates: { "application/json": "Unsupported: $context.error.message" } })));
        assert.deepEqual(failed(checks), ["POST /orders  415: a media type the route does not take"]);
    });

    it("the console's template, which does not encode the body", async () => {
        const checks = await conformanceOf(ran, planted(dev, "orders-integration",
            (inputs) => ({ ...inputs, requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" } })));
        assert.ok(failed(checks).includes(
            "POST /orders  202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes"));
    });

    it("an SQS error that is not the client's answered 400 instead of a retryable 500", async () => {
        // An over-size message is the client's fault (413); with the limit hidden from the template it falls to 400.
        const checks = await conformanceOf(ran, planted(dev, "orders-integration-response-4xx", (inputs) => ({
            ...inputs,
            responseTemplates: { "application/json": "{\"error\":\"InvalidRequest\",\"message\":\"x\",\"requestId\":\"$context.requestId\"}" },
        })));
        assert.deepEqual(failed(checks), ["POST /orders  413: a body over the queue's maxMessageSize"]);
    });
    it("a second allowed origin answered with the first: the template's override left out", async () => {
        const checks = await conformanceOf(conformance, planted(conformance.resources, "orders-post-orders-integration-response-2xx",
            (inputs) => ({ ...inputs, responseTemplates: { "application/json": successTemplate() } })));
        assert.deepEqual(failed(checks), ["POST /orders  CORS: the 202 names the caller's allowed origin"]);
    });

    it("a preflight that leaves out the API key's header, which the route requires: a browser could never send the key", async () => {
        const checks = await conformanceOf(conformance, planted(conformance.resources, "orders-preflight-orders-integration-response", (inputs) => ({
            ...inputs,
            responseParameters: { ...inputs.responseParameters, "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Idempotency-Key'" },
        })));
        assert.deepEqual(failed(checks), [
            "POST /orders  204: the CORS preflight names each allowed origin and allows the route's method and headers, and names no other origin",
        ]);
        const detail = checks.find((c) => c.route === "POST /orders" && c.name.startsWith("204"))!.detail;
        assert.match(detail!, /not \["x-api-key"\], which the route's requests send$/);
    });

    it("gateway responses without their CORS headers, which a page then cannot read", async () => {
        const checks = await conformanceOf(conformance, planted(conformance.resources, "orders-gateway-missing-authentication-token",
            (inputs) => ({ ...inputs, responseParameters: {} })));
        assert.deepEqual(failed(checks), ["(stage)  CORS: a gateway response (403 for an unknown path) names the caller's allowed origin"]);
    });
});
