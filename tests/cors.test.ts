// CORS headers as API Gateway would send them from the component's templates, rendered by the VTL
// engine: the static first origin, and a second allowed origin named back by the template's
// override. The engine keeps API Gateway's rule that an override is final.
import assert from "node:assert/strict";

import { CorsSettings, originOverride } from "../components/cors";
import { successTemplate } from "../components/responses";
import { OverrideTwice, renderTemplate } from "../local/vtl";

const CORS: CorsSettings = {
    allowOrigins: ["https://shop.example.com", "https://admin.example.com", "http://localhost:3000"],
    allowMethods: [],
    allowHeaders: ["Content-Type"],
    exposeHeaders: ["x-amzn-RequestId"],
    maxAgeSeconds: 600,
    allowCredentials: false,
};
const SQS_OK = JSON.stringify({ SendMessageResponse: { SendMessageResult: { MessageId: "m-1" } } });
const REQUEST_ID = "c0ffee00-0000-4000-8000-000000000001";

function respond(headers: Record<string, string>) {
    return renderTemplate(`${originOverride(CORS)}${successTemplate()}`, { body: SQS_OK, headers, requestId: REQUEST_ID });
}

describe("CORS in the integration response templates", () => {
    it("names a second or later allowed origin back in Access-Control-Allow-Origin", () => {
        assert.deepEqual(respond({ Origin: "https://admin.example.com" }).headerOverrides, { "Access-Control-Allow-Origin": "https://admin.example.com" });
        assert.deepEqual(respond({ Origin: "http://localhost:3000" }).headerOverrides, { "Access-Control-Allow-Origin": "http://localhost:3000" });
    });

    it("finds the Origin header in either spelling, as HTTP/1.1 and HTTP/2 clients send it", () => {
        assert.deepEqual(respond({ origin: "https://admin.example.com" }).headerOverrides, { "Access-Control-Allow-Origin": "https://admin.example.com" });
    });

    it("overrides nothing for the first origin, another origin or none: the static first origin stands", () => {
        for (const headers of [{ Origin: "https://shop.example.com" }, { Origin: "https://evil.example.com" }, {}] as Record<string, string>[]) {
            assert.deepEqual(respond(headers).headerOverrides, {}, JSON.stringify(headers));
        }
    });

    it("adds nothing to the body it precedes", () => {
        assert.equal(respond({ Origin: "https://admin.example.com" }).output, `{"messageId":"m-1","requestId":"${REQUEST_ID}"}`);
    });

    it("adds nothing with one origin", () => {
        assert.equal(originOverride({ ...CORS, allowOrigins: ["https://shop.example.com"] }), "");
    });
});

describe("the VTL harness's response overrides", () => {
    it("reports the status and the headers a template sets", () => {
        const rendered = renderTemplate("#set($context.responseOverride.status = 413)#set($context.responseOverride.header.Retry-After = \"5\")x");
        assert.deepEqual(rendered, { output: "x", statusOverride: 413, headerOverrides: { "Retry-After": "5" } });
    });

    it("refuses a template that overrides one header twice, which API Gateway answers with a 5XX", () => {
        assert.throws(() => renderTemplate("#set($context.responseOverride.header.Vary = \"a\")#set($context.responseOverride.header.Vary = \"b\")"),
            (err: unknown) => err instanceof OverrideTwice
                && err.message === "$context.responseOverride.header.Vary is overridden twice; API Gateway answers 5XX to that template");
    });

    it("refuses a template that overrides the status twice", () => {
        assert.throws(() => renderTemplate("#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 500)"), OverrideTwice);
    });

    it("takes a set to nothing as no override, as Velocity leaves a #set to null alone", () => {
        assert.deepEqual(renderTemplate("#set($context.responseOverride.header.Vary = $nothing)x").headerOverrides, {});
    });

    it("keeps Java's strings in the override's value", () => {
        assert.throws(() => renderTemplate("#set($o = \"$!input.params().header.get('Origin')\")#set($context.responseOverride.header.X = $o.slice(1))",
            { headers: { Origin: "https://a.example" } }), /\$o\.slice is not a Java String method/);
    });
});
