// Inputs that would pass a naive check and then fail at deploy time, or lose an order: each is
// refused before anything is created, with a message that says what to do.
import assert from "node:assert/strict";

import { QueueApi, SettingsError } from "../components/index";
import { sendMessageRequestTemplate } from "../components/integration";
import { named, runMocked } from "../offline/mockRuntime";
import { renderTemplate } from "../local/vtl";
import { problemsOf } from "./support/problems";

const CUSTOMER_SCHEMA = { type: "object", required: ["customerId"], properties: { customerId: { type: "string" } } };

describe("guards", () => {
    it("make FIFO deduplication per message group, so two customers' equal keys both stay", async () => {
        const run = await runMocked(() => new QueueApi("orders", { queue: { fifo: true }, messageGroupId: { header: "Customer-Id" } }));
        const queue = named(run, "orders-queue").inputs;
        assert.deepEqual([queue.deduplicationScope, queue.fifoThroughputLimit], ["messageGroup", "perMessageGroupId"]);
    });

    it("take a group id from the body only when the schema makes API Gateway require it as a string", () => {
        const fifo = { queue: { fifo: true }, messageGroupId: { bodyField: "customerId" } };
        assert.deepEqual(problemsOf(fifo), ["messageGroupId.bodyField \"customerId\" needs requestSchema to require it as a string "
            + "(type object, \"customerId\" in required, properties.customerId.type string), so that a request without it is answered 400 before SQS"]);
        assert.deepEqual(problemsOf({ ...fifo, requestSchema: CUSTOMER_SCHEMA }), []);
    });

    it("refuse a Number attribute from a context value, which SQS would refuse every time", () => {
        assert.deepEqual(problemsOf({ messageAttributes: { ip: { context: "sourceIp", dataType: "Number" } } }),
            ["messageAttributes.ip.dataType must be String for a context value, got \"Number\""]);
    });

    it("refuse paths that would give resources or models the same name", () => {
        assert.deepEqual(problemsOf({ routes: [{ path: "a-b" }, { path: "a/b" }] }), [
            "routes[1].path: POST /a/b and POST /a-b would give resources the same name (route post-a-b); paths must differ in more than case and punctuation",
            "routes[1].path: POST /a/b and POST /a-b would give resources the same name (model PostABBody); paths must differ in more than case and punctuation",
            "routes[1].path: /a/b and /a-b would give resources the same name (resource a-b); paths must differ in more than case and punctuation",
        ]);
        assert.deepEqual(problemsOf({ routes: [{ path: "Orders" }, { path: "orders", method: "PUT" }] }), [
            "routes[1].path: /orders and /Orders would give resources the same name (resource orders); paths must differ in more than case and punctuation",
        ]);
    });

    it("refuse a path that names a parameter twice", () => {
        assert.deepEqual(problemsOf({ routes: [{ path: "s/{id}/o/{id}" }] }),
            ["routes[0].path names the parameter {id} twice; each parameter of a path needs its own name"]);
    });

    it("refuse a queue name SQS would refuse for its length, before anything is created", async () => {
        const path = "stores/{storeId}/customers/{customerId}/orders";
        const run = await runMocked(() => new QueueApi("shop-orders-api", { routes: [{ path, queue: { fifo: true }, messageGroupId: { pathParameter: "storeId" } }] }));
        assert.ok(run.error instanceof SettingsError);
        assert.equal(run.error.message, "QueueApi \"shop-orders-api\": routes[0] makes the queue's name "
            + "shop-orders-api-post-stores-storeid-customers-customerid-orders-queue-xxxxxxx.fifo 82 characters long, and AWS takes 80: "
            + "shorten the component's name or the path");
        assert.deepEqual(run.resources, []);
    });

    it("refuse a consumer's function name Lambda would refuse for its length, and a role name IAM would, before anything is created", async () => {
        const path = "stores/{storeId}/orders";
        const consumer = { queue: { visibilityTimeoutSeconds: 60 }, consumer: { timeoutSeconds: 10 } };
        const run = await runMocked(() => new QueueApi("shop-orders-api", { routes: [{ path, ...consumer }] }));
        assert.ok(run.error instanceof SettingsError);
        assert.deepEqual(run.error.problems, ["QueueApi \"shop-orders-api\": routes[0] makes the Lambda function's name "
            + "shop-orders-api-post-stores-storeid-orders-consumer-function-xxxxxxx 68 characters long, and AWS takes 64: shorten the component's name or the path"]);
        assert.deepEqual(run.resources, []);
        assert.equal((await runMocked(() => new QueueApi("shop", { routes: [{ path, ...consumer }] }))).error, undefined);
        const name = "a".repeat(52);
        const long = await runMocked(() => new QueueApi(name, {}));
        assert.ok(long.error instanceof SettingsError);
        assert.deepEqual(long.error.problems, [`QueueApi "${name}": the component's name makes the IAM role's name ${name}-role-xxxxxxx 65 characters long, `
            + "and AWS takes 64: shorten the component's name"]);
        assert.equal((await runMocked(() => new QueueApi(name.slice(1), {}))).error, undefined);
    });

    it("refuse an existing queue's name over 80 characters and a key from another partition", () => {
        const long = `arn:aws:sqs:us-east-1:210987654321:${"q".repeat(76)}.fifo`;
        assert.match(problemsOf({ routes: [{ path: "a", existingQueue: { arn: long }, messageGroupId: { value: "g" } }] })[0], /^routes\[0\]\.existingQueue\.arn must be an SQS queue ARN/);
        assert.deepEqual(problemsOf({ routes: [{ path: "a", existingQueue: {
            arn: "arn:aws-cn:sqs:cn-north-1:210987654321:q", kmsKeyArn: "arn:aws:kms:us-east-1:210987654321:key/abc" } }] }),
        ["routes[0].existingQueue.kmsKeyArn must be in the queue's partition (aws-cn), got \"arn:aws:kms:us-east-1:210987654321:key/abc\""]);
    });

    it("refuse a schema API Gateway could not compile: a bad pattern, a bad keyword value, an unresolved $ref", () => {
        assert.match(problemsOf({ requestSchema: { type: "object", properties: { a: { type: "string", pattern: "(" } } } })[0],
            /^requestSchema is not a JSON Schema API Gateway can use: schema is invalid: data.properties\['a'\].pattern should match format "regex"$/);
        assert.match(problemsOf({ requestSchema: { minLength: "x" } })[0], /data.minLength should be integer$/);
        assert.match(problemsOf({ requestSchema: { $ref: "#/definitions/missing" } })[0], /can't resolve reference #\/definitions\/missing/);
    });

    it("take the first non-empty spelling of a header sent twice", () => {
        const rendered = renderTemplate(sendMessageRequestTemplate(), { body: "{}", headers: { "Idempotency-Key": "k1", "idempotency-key": "" } }).output;
        assert.equal(new URLSearchParams(rendered).get("MessageAttribute.2.Value.StringValue"), "k1");
        const reversed = renderTemplate(sendMessageRequestTemplate(), { body: "{}", headers: { "idempotency-key": "", "Idempotency-Key": "k1" } }).output;
        assert.equal(new URLSearchParams(reversed).get("MessageAttribute.2.Value.StringValue"), "k1");
    });
});
