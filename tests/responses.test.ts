import assert from "node:assert/strict";

import {
    GATEWAY_RESPONSES,
    integrationResponses,
    METHOD_RESPONSE_STATUS_CODES,
} from "../components/responses";
import { substitute, vtlOnlyConstruct } from "../local/substitution";
import { ACCOUNT_ID } from "../offline/mockRuntime";
import { renderTemplate } from "../local/vtl";

const MAX_MESSAGE_SIZE = 262144;
const REQUEST_ID = "5a1e0f3c-9b7d-4e21-8f00-000000000042";
const QUEUE_URL = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT_ID}/orders-queue-1a2b3c`;

const responses = integrationResponses(MAX_MESSAGE_SIZE);
const byPattern = (pattern: string | undefined) => {
    const found = responses.find((r) => r.selectionPattern === pattern);
    assert.ok(found, `no integration response for ${String(pattern)}`);
    return found;
};

/** SQS's JSON answer to SendMessage (query protocol, Accept: application/json). */
function sqsSuccess(messageId: string): string {
    return JSON.stringify({
        SendMessageResponse: {
            ResponseMetadata: { RequestId: "sqs-request-1" },
            SendMessageResult: { MD5OfMessageBody: "0cc175b9c0f1b6a831c399e269772661", MessageId: messageId },
        },
    });
}

/** SQS's JSON error answer; its message often names the account and the queue. */
function sqsError(code: string, message: string): string {
    return JSON.stringify({ Error: { Type: "Sender", Code: code, Message: message }, RequestId: "sqs-request-2" });
}

/** The status the client gets: the template's override, else the integration response's status. */
function clientStatus(statusCode: string, override: number | undefined): number {
    return override ?? Number(statusCode);
}

function respond(pattern: string | undefined, body: string) {
    const response = byPattern(pattern);
    const rendered = renderTemplate(response.template, { body, requestId: REQUEST_ID });
    return { status: clientStatus(response.statusCode, rendered.statusOverride), json: JSON.parse(rendered.output) };
}

describe("integration responses", () => {
    it("select SQS's answer by its HTTP status: 2xx, 4xx, 5xx, and a default for anything else", () => {
        assert.deepEqual(responses.map((r) => [r.selectionPattern, r.statusCode]), [
            ["2\\d{2}", "202"],
            ["4\\d{2}", "400"],
            ["5\\d{2}", "503"],
            [undefined, "500"],
        ]);
    });

    it("have a status code each, since API Gateway keeps one integration response per status code", () => {
        const codes = responses.map((r) => r.statusCode);
        assert.deepEqual(codes, [...new Set(codes)]);
    });


    it("answer 202 with SQS's message id and the API request id on success", () => {
        assert.deepEqual(respond("2\\d{2}", sqsSuccess("7f6c1e2a-0d1b-4c5e-9f8a-3b2c1d0e9f8a")), {
            status: 202,
            json: { messageId: "7f6c1e2a-0d1b-4c5e-9f8a-3b2c1d0e9f8a", requestId: REQUEST_ID },
        });
    });

    const sqsErrors: [string, string, string, number, string][] = [
        ["a message too long", "InvalidParameterValue",
            `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_SIZE} bytes.`,
            413, "PayloadTooLarge"],
        ["characters SQS does not accept", "InvalidMessageContents",
            "Invalid binary character '#x1' was found in the message body, the set of allowed characters is #x9 | #xA",
            400, "InvalidMessage"],
        ["an empty body", "MissingParameter", "The request must contain the parameter MessageBody.", 400, "InvalidRequest"],
        ["another invalid value taken from the request", "InvalidParameterValue",
            "Value for parameter MessageBody is invalid.", 400, "InvalidRequest"],
        ["a denied role (our misconfiguration)", "AccessDenied",
            `Access to the resource ${QUEUE_URL} is denied.`, 500, "QueueUnavailable"],
        ["a missing queue (our misconfiguration)", "AWS.SimpleQueueService.NonExistentQueue",
            `The specified queue ${QUEUE_URL} does not exist for this wsdl version.`, 500, "QueueUnavailable"],
        ["a KMS key the role may not use", "KMS.AccessDeniedException",
            `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/orders-role/x is not authorized to perform kms:GenerateDataKey`,
            500, "QueueUnavailable"],
        ["throttling by SQS", "RequestThrottled", "Rate exceeded", 500, "QueueUnavailable"],
        ["an error code nobody planned for", "SomethingNew", `Queue ${QUEUE_URL}`, 500, "QueueUnavailable"],
    ];
    for (const [what, code, message, status, error] of sqsErrors) {
        it(`answer ${status} (${error}) when SQS reports ${what} (${code})`, () => {
            const { status: got, json } = respond("4\\d{2}", sqsError(code, message));
            assert.equal(got, status);
            assert.equal(json.error, error);
            assert.equal(json.requestId, REQUEST_ID);
        });
    }

    it("have a method response for every status they produce, overrides included", () => {
        const produced = new Set(responses.map((r) => r.statusCode));
        for (const [, code, message] of sqsErrors) {
            produced.add(String(respond("4\\d{2}", sqsError(code, message)).status));
        }
        assert.deepEqual([...produced].sort(), [...METHOD_RESPONSE_STATUS_CODES].sort());
    });

    it("answer a retryable 500 when a 4xx body is not the JSON SQS usually sends", () => {
        const { status, json } = respond("4\\d{2}", JSON.stringify({ unexpected: true }));
        assert.equal(status, 500);
        assert.equal(json.error, "QueueUnavailable");
    });

    it("answer 503 when SQS itself fails (5xx), and 500 for the unmatched default", () => {
        const internal = sqsError("InternalError", `We encountered an internal error at ${QUEUE_URL}`);
        assert.deepEqual(respond("5\\d{2}", internal).status, 503);
        assert.deepEqual(respond(undefined, internal).status, 500);
        assert.equal(respond(undefined, internal).json.error, "QueueUnavailable");
    });

    it("never pass on the account id, the queue URL or SQS's own message", () => {
        for (const [, code, message] of sqsErrors) {
            for (const response of responses.filter((r) => r.selectionPattern !== "2\\d{2}")) {
                const out = renderTemplate(response.template, { body: sqsError(code, message), requestId: REQUEST_ID }).output;
                assert.ok(!out.includes(ACCOUNT_ID), `${code}: ${out}`);
                assert.ok(!out.includes("sqs."), `${code}: ${out}`);
                assert.ok(!out.includes(message), `${code}: ${out}`);
                assert.deepEqual(Object.keys(JSON.parse(out)), ["error", "message", "requestId"]);
            }
        }
    });

    it("state the queue's size limit in the 413 message", () => {
        const tooLong = sqsError("InvalidParameterValue", "Reason: Message must be shorter than 1024 bytes.");
        const small = integrationResponses(1024).find((r) => r.selectionPattern === "4\\d{2}")!;
        const out = JSON.parse(renderTemplate(small.template, { body: tooLong }).output);
        assert.equal(out.message, "The request body is larger than the 1024 bytes the queue accepts.");
    });
});

describe("gateway responses", () => {
    /** What API Gateway inserts for each reference: messageString is the message as a quoted JSON string. */
    function render(template: string, responseType: string, message: string): string {
        return substitute(template, {
            "context.requestId": REQUEST_ID,
            "context.error.responseType": responseType,
            "context.error.message": message,
            "context.error.messageString": JSON.stringify(message),
        }, { absent: "" });
    }

    const HOSTILE_MESSAGES = [
        "Unsupported Media Type",
        "Unsupported Media Type: \"text/plain\" \\ here",
        "line one\nline two\r\n\ttabbed",
        "caf\u00e9 \u65e5\u672c \ud83d\udce6 \u2028 \u0000 \u001f",
        "'; DROP TABLE orders; -- $context.requestId #set($x = 1) ${x}",
        "",
    ];

    it("cover API Gateway's default errors and the ones clients meet most", () => {
        assert.deepEqual(GATEWAY_RESPONSES.map((r) => [r.responseType, r.statusCode]), [
            ["DEFAULT_4XX", undefined],
            ["DEFAULT_5XX", undefined],
            ["BAD_REQUEST_BODY", "400"],
            ["BAD_REQUEST_PARAMETERS", "400"],
            ["MISSING_AUTHENTICATION_TOKEN", "403"],
            ["REQUEST_TOO_LARGE", "413"],
            ["UNSUPPORTED_MEDIA_TYPE", "415"],
            ["THROTTLED", "429"],
            ["INTEGRATION_TIMEOUT", "504"],
            ["UNAUTHORIZED", "401"],
            ["ACCESS_DENIED", "403"],
            ["INVALID_API_KEY", "403"],
            ["QUOTA_EXCEEDED", "429"],
            ["AUTHORIZER_FAILURE", "500"],
            ["AUTHORIZER_CONFIGURATION_ERROR", "500"],
            ["WAF_FILTERED", "403"],
        ]);
    });

    it("use nothing that needs the VTL engine, which API Gateway does not run on them", () => {
        for (const response of GATEWAY_RESPONSES) {
            assert.equal(vtlOnlyConstruct(response.template), undefined, response.responseType);
        }
    });

    it("render valid JSON in our error shape by plain substitution, whatever the message holds", () => {
        for (const response of GATEWAY_RESPONSES) {
            for (const message of HOSTILE_MESSAGES) {
                const out = render(response.template, response.responseType, message);
                assert.deepEqual(JSON.parse(out), { error: response.responseType, message, requestId: REQUEST_ID },
                    `${response.responseType} with ${JSON.stringify(message)}`);
            }
        }
    });

    it("leave API Gateway's validation message out of the invalid-body answer, since its escaping is undocumented", () => {
        const invalidBody = GATEWAY_RESPONSES.find((r) => r.responseType === "BAD_REQUEST_BODY")!;
        assert.ok(!invalidBody.template.includes("validationErrorString"));
        assert.deepEqual(JSON.parse(render(invalidBody.template, "BAD_REQUEST_BODY", "Invalid request body")),
            { error: "BAD_REQUEST_BODY", message: "Invalid request body", requestId: REQUEST_ID });
    });
});

describe("plain substitution", () => {
    it("refuses a template that needs VTL, as it would reach the client as literal text", () => {
        for (const template of ["#set($a = 1)$a", "$util.escapeJavaScript($context.error.message)", "$input.body", "$!context.x", "${context.requestId}"]) {
            assert.throws(() => substitute(template, {}, { absent: "" }), /needs the VTL engine/, template);
        }
    });

    it("inserts values as they are and absent ones as given", () => {
        assert.equal(substitute("{\"a\":\"$context.a.b\",\"s\":\"$stageVariables.env\",\"m\":\"$context.missing\"}",
            { "context.a.b": "x\"y", "stageVariables.env": "dev" }, { absent: "-" }), "{\"a\":\"x\"y\",\"s\":\"dev\",\"m\":\"-\"}");
    });
});
