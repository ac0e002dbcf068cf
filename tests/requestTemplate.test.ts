import assert from "node:assert/strict";

import { sendMessageRequestTemplate } from "../components/integration";
import { TRICKY_BODIES, UNENCODED_TEMPLATE } from "./support/bodies";
import { javaUrlEncode, renderTemplate } from "../local/vtl";

/** Reads a rendered request the way SQS does: application/x-www-form-urlencoded. */
function decodeForm(rendered: string): [string, string][] {
    return [...new URLSearchParams(rendered).entries()];
}

const REQUEST_ID = "c0ffee00-0000-4000-8000-000000000001";

/** The form SQS reads: the body, then the request id as attribute 1, then what `extra` adds. */
function expectedForm(body: string, ...extra: [string, string][]): [string, string][] {
    return [
        ["Action", "SendMessage"], ["MessageBody", body],
        ["MessageAttribute.1.Name", "requestId"], ["MessageAttribute.1.Value.DataType", "String"],
        ["MessageAttribute.1.Value.StringValue", REQUEST_ID],
        ...extra,
    ];
}

function idempotencyAttribute(key: string): [string, string][] {
    return [["MessageAttribute.2.Name", "idempotencyKey"], ["MessageAttribute.2.Value.DataType", "String"],
        ["MessageAttribute.2.Value.StringValue", key]];
}

function sendMessageFor(body: string, headers: Record<string, string> = {}): [string, string][] {
    return decodeForm(renderTemplate(sendMessageRequestTemplate(), { body, headers, requestId: REQUEST_ID }).output);
}

describe("SendMessage request template", () => {
    it("is one line, so that no line break ends up in the form", () => {
        assert.ok(!sendMessageRequestTemplate().includes("\n"));
        assert.ok(sendMessageRequestTemplate().startsWith("Action=SendMessage&MessageBody=$util.urlEncode($input.body)&"));
    });

    for (const [what, body] of Object.entries(TRICKY_BODIES)) {
        it(`delivers a body with ${what} exactly, as the only parameter besides Action`, () => {
            assert.deepEqual(sendMessageFor(body), expectedForm(body));
        });
    }

    it("adds the Idempotency-Key header as attribute 2, whatever the header's case", () => {
        for (const name of ["Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY"]) {
            assert.deepEqual(sendMessageFor("{}", { [name]: "order-A-1001" }), expectedForm("{}", ...idempotencyAttribute("order-A-1001")));
        }
    });

    for (const [what, key] of Object.entries({
        "form delimiters and an injection": "k&MessageAttribute.3.Name=x&DelaySeconds=900",
        "plus, percent and spaces": "a+b 100% c",
        "quotes and non-ASCII": "\"é\" 中文 😀",
    })) {
        it(`delivers an Idempotency-Key with ${what} exactly, adding no parameter`, () => {
            assert.deepEqual(sendMessageFor("{}", { "Idempotency-Key": key }), expectedForm("{}", ...idempotencyAttribute(key)));
        });
    }

    it("sends no idempotency attribute when the header is absent or empty, so the numbering has no gap", () => {
        assert.deepEqual(sendMessageFor("{}", { "Content-Type": "application/json" }), expectedForm("{}"));
        assert.deepEqual(sendMessageFor("{}", { "Idempotency-Key": "" }), expectedForm("{}"));
    });

    it("delivers a body 1 byte under SQS's 1 MiB limit exactly", () => {
        // Every character here needs encoding, so the rendered form is about three times the body.
        const head = "é&+ %=".repeat(149796);
        const body = head + "#".repeat(1048575 - Buffer.byteLength(head, "utf8"));
        assert.equal(Buffer.byteLength(body, "utf8"), 1048575);
        assert.deepEqual(sendMessageFor(body), expectedForm(body));
    });

    describe("the un-encoded template of the console walkthrough (counter-example)", () => {
        const sent = (body: string) => decodeForm(renderTemplate(UNENCODED_TEMPLATE, { body }).output);

        it("cuts a body at its first &", () => {
            assert.deepEqual(sent(TRICKY_BODIES["form delimiters & and ="]), [
                ["Action", "SendMessage"], ["MessageBody", "{\"item\":\"fish"], ["chips\",\"note\":\"a", "b\"}"],
            ]);
        });

        it("turns + into a space", () => {
            assert.deepEqual(sent(TRICKY_BODIES["a plus sign, which a form reads as a space"])[1], ["MessageBody", "{\"qty\":\"1 1\"}"]);
        });

        it("lets a client inject SQS parameters", () => {
            const params = Object.fromEntries(sent(TRICKY_BODIES["an attempted parameter injection"]));
            assert.equal(params.DelaySeconds, "900");
        });
    });
});

describe("the $util.urlEncode shim", () => {
    it("behaves as Java's URLEncoder: space as +, * . - _ kept, everything else percent-encoded", () => {
        assert.equal(javaUrlEncode("a b*c.d-e_f!g'h(i)j~k"), "a+b*c.d-e_f%21g%27h%28i%29j%7Ek");
        assert.equal(javaUrlEncode("é😀"), "%C3%A9%F0%9F%98%80");
    });
});

describe("the VTL harness", () => {
    it("refuses a JavaScript-only string method that API Gateway's Java strings lack", () => {
        assert.throws(() => renderTemplate("#set($b = $input.body)$b.includes(\"x\")"),
            { message: "$b.includes is not a Java String method, so API Gateway would not run it" });
    });

    it("refuses a JavaScript-only string property", () => {
        assert.throws(() => renderTemplate("#set($b = $input.body)$b.length"), /\$b\.length is not a Java String method/);
    });

    it("runs the Java String methods the templates use", () => {
        const out = renderTemplate("#set($b = \"$input.body\")#if($b.contains(\"x\") && $b.length() == 3)yes#end",
            { body: "axb" }).output;
        assert.equal(out, "yes");
    });
});
