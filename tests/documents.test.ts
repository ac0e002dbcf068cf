import assert from "node:assert/strict";

import { accessLogFormat } from "../components/accessLog";
import { apiShapeHash, canonicalJson } from "../components/deploymentHash";
import {
    apiGatewayTrustPolicy,
    denyInsecureTransportPolicy,
    pushToCloudWatchPolicyArn,
    sendMessagePolicy,
} from "../components/iam";
import { parseSqsArn, sqsIntegrationUri } from "../components/integration";
import { substitute } from "../local/substitution";

describe("integration URI", () => {
    it("takes partition, region and account from the queue ARN", () => {
        assert.equal(sqsIntegrationUri("arn:aws:sqs:eu-west-1:123456789012:orders-queue"),
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-queue");
    });

    it("follows the queue into other partitions", () => {
        assert.equal(sqsIntegrationUri("arn:aws-cn:sqs:cn-north-1:210987654321:orders"),
            "arn:aws-cn:apigateway:cn-north-1:sqs:path/210987654321/orders");
        assert.equal(sqsIntegrationUri("arn:aws-us-gov:sqs:us-gov-west-1:111122223333:orders.fifo"),
            "arn:aws-us-gov:apigateway:us-gov-west-1:sqs:path/111122223333/orders.fifo");
    });

    it("refuses an ARN that is not an SQS queue's", () => {
        assert.throws(() => parseSqsArn("arn:aws:sns:eu-west-1:123456789012:orders"),
            { message: "not an SQS queue ARN (arn:<partition>:sqs:<region>:<account-id>:<queue-name>): "
                + "\"arn:aws:sns:eu-west-1:123456789012:orders\"" });
        assert.throws(() => parseSqsArn("arn:aws:sqs:eu-west-1::orders"), /not an SQS queue ARN/);
    });
});

describe("IAM documents", () => {
    it("let only API Gateway assume the role, with sts:AssumeRole only", () => {
        assert.deepEqual(apiGatewayTrustPolicy(), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });

    it("allow exactly sqs:SendMessage on exactly the queue", () => {
        assert.deepEqual(sendMessagePolicy(["arn:aws:sqs:eu-west-1:123456789012:orders"]), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "SendToQueues",
                Effect: "Allow",
                Action: "sqs:SendMessage",
                Resource: "arn:aws:sqs:eu-west-1:123456789012:orders",
            }],
        });
    });

    it("list several queues in one statement", () => {
        const doc = sendMessagePolicy(["arn:aws:sqs:eu-west-1:1:a", "arn:aws:sqs:eu-west-1:1:b"]);
        assert.deepEqual(doc.Statement[0].Resource, ["arn:aws:sqs:eu-west-1:1:a", "arn:aws:sqs:eu-west-1:1:b"]);
    });

    it("deny every request to a queue that is not made over TLS", () => {
        assert.deepEqual(denyInsecureTransportPolicy("arn:aws:sqs:eu-west-1:123456789012:orders").Statement, [{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: "arn:aws:sqs:eu-west-1:123456789012:orders",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }]);
    });

    it("name the managed logging policy in the stack's partition", () => {
        assert.equal(pushToCloudWatchPolicyArn("aws-cn"),
            "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
    });
});

describe("deployment trigger hash", () => {
    const shape = { route: { path: "orders", httpMethod: "POST" }, templates: ["a", "b"] };

    it("is the same for the same shape, whatever the key order", () => {
        assert.equal(apiShapeHash(shape), apiShapeHash({ templates: ["a", "b"], route: { httpMethod: "POST", path: "orders" } }));
        assert.match(apiShapeHash(shape), /^[0-9a-f]{64}$/);
    });

    it("changes when any value changes, including order in a list", () => {
        assert.notEqual(apiShapeHash(shape), apiShapeHash({ ...shape, templates: ["a", "c"] }));
        assert.notEqual(apiShapeHash(shape), apiShapeHash({ ...shape, templates: ["b", "a"] }));
    });

    it("ignores keys whose value is undefined, as JSON does", () => {
        assert.equal(canonicalJson({ a: 1, b: undefined }), "{\"a\":1}");
    });
});

describe("access log format", () => {
    const format = accessLogFormat();
    const variables = [...format.matchAll(/\$context(?:\.[A-Za-z]+)+/g)].map((m) => m[0].slice(1));

    it("is one line of JSON with the request, status, integration and error fields", () => {
        assert.ok(!format.includes("\n"));
        const sample = JSON.parse(substitute(format, {}, { absent: "-" }));
        assert.deepEqual(Object.keys(sample), [
            "requestId", "extendedRequestId", "requestTime", "ip", "caller", "httpMethod", "resourcePath", "protocol",
            "status", "responseLength", "responseLatency", "integrationStatus", "integrationLatency", "errorType",
        ]);
        assert.equal(sample.errorType, "-");
    });

    it("stays JSON for a successful request and a failed one, as API Gateway fills it in", () => {
        const success: Record<string, string> = {
            "context.requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "context.requestTime": "30/Nov/2026:09:00:00 +0000",
            "context.identity.sourceIp": "2001:db8::1", "context.httpMethod": "POST", "context.resourcePath": "/stores/{storeId}/orders",
            "context.status": "202", "context.integration.status": "200",
        };
        assert.equal(JSON.parse(substitute(format, success, { absent: "-" })).status, "202");
        const failure = { ...success, "context.status": "415", "context.error.responseType": "UNSUPPORTED_MEDIA_TYPE" };
        assert.equal(JSON.parse(substitute(format, failure, { absent: "-" })).errorType, "UNSUPPORTED_MEDIA_TYPE");
    });

    it("logs only values that cannot hold a quote: no user agent, no error or integration message", () => {
        const freeText = ["context.identity.userAgent", "context.error.message", "context.error.messageString",
            "context.integration.error", "context.integrationErrorMessage", "context.error.validationErrorString"];
        assert.deepEqual(variables.filter((v) => freeText.includes(v)), []);
    });

    it("never logs the request body", () => {
        assert.ok(!/\$input|\$context\.requestBody|body/i.test(format));
    });
});
