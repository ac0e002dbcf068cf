// The conformance suite passes against the local API of every shipped stack, fails when a planted
// defect breaks a status or a body, and runs as it would against a deployed stack (outputs read
// from `pulumi stack output --json`, SQS through the SDK's own configuration, IAM routes signed).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { SQSClient } from "@aws-sdk/client-sqs";

import { Check, runConformance } from "../../local/conformance";
import { RunningLocalApi, startLocalApi } from "../../local/server";
import { successTemplate } from "../../components/responses";
import { Registered } from "../../offline/mockRuntime";
import { configExamples } from "../../offline/docExamples";
import { runStack } from "../../offline/runStack";
import { FRONT_DOOR_STACK } from "../support/frontDoor";
import { withFiles, withStackFileAside } from "../support/plan";
import { allowedOriginsOf, main } from "../../scripts/conformance";

type Ran = Awaited<ReturnType<typeof runStack>>;

/** FIFO routes whose group a path parameter, a body field and the signed caller give, and signed ones whose group a header and a value give. */
const FIFO_GROUPS = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: stores/{storeId}/orders
      queue: {fifo: true}
      messageGroupId: {pathParameter: storeId}
    - path: customers/orders
      queue: {fifo: true}
      messageGroupId: {bodyField: customerId}
      requestSchema: {type: object, required: [customerId], properties: {customerId: {type: string, maxLength: 64}}}
    - path: accounts/orders
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {context: callerArn}
    - path: partners/orders
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {header: Partner-Id}
    - path: ledger
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {value: ledger}
`;

/** The suite against the local API of a stack's run (its resources possibly planted with a defect). */
async function conformanceOf(ran: Ran, resources: readonly Registered[] = ran.resources): Promise<Check[]> {
    const api = await startLocalApi(resources, { region: "eu-west-1", outputs: ran.outputs });
    const sqs = new SQSClient({ endpoint: api.sqsEndpoint, region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const origins = allowedOriginsOf(ran.stackFile.config);
    try {
        return await runConformance({
            model: api.model,
            routes: Object.fromEntries(Object.entries(api.urls).map(([key, url]) => [key, { url, queueUrl: api.queues[key].url }])),
            retiredRoutes: api.retiredUrls,
            sqs,
            apiKeys: api.apiKeys,
            ...(origins ? { allowedOrigins: origins } : {}),
            tokensUnverified: true,
        });
    } finally {
        sqs.destroy();
        await api.close();
    }
}

const failed = (checks: readonly Check[]) => checks.filter((c) => c.outcome === "fail").map((c) => `${c.route}  ${c.name}`);

/** A copy of the resources with one resource's inputs changed. */
function planted(resources: readonly Registered[], name: string, change: (inputs: Record<string, any>) => Record<string, any>): Registered[] {
    assert.ok(resources.some((r) => r.name === name), `no resource ${name}`);
    return resources.map((r) => (r.name === name ? { ...r, inputs: change(structuredClone(r.inputs)) } : r));
}

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

    it("checks a Cognito route's 401 and, its token unverified locally, the rest of its checks", async () => {
        const ran = await withFiles({ "Pulumi.test-e2e-conformance-door.yaml": FRONT_DOOR_STACK }, () => runStack("test-e2e-conformance-door"));
        const checks = await conformanceOf(ran);
        assert.deepEqual(failed(checks), []);
        const members = checks.filter((c) => c.route === "POST /members");
        assert.deepEqual(members.filter((c) => c.outcome === "pass").map((c) => c.name.split(":")[0]),
            ["202", "413", "413", "415", "400", "204", "CORS", "CORS", "403", "401"]);
    });

    it("checks that a retired route answers 410 Gone, and fails when it still sends to its queue", async () => {
        const text = "config:\n  aws:region: eu-west-1\n  orders:routes:\n    - path: orders\n    - {path: legacy, retired: true}\n";
        const ran = await withFiles({ "Pulumi.test-e2e-retired.yaml": text }, () => runStack("test-e2e-retired"));
        const checks = await conformanceOf(ran);
        assert.deepEqual(failed(checks), []);
        assert.deepEqual(checks.filter((c) => c.route === "POST /legacy").map((c) => [c.outcome, c.name]),
            [["pass", "410: a retired route answers Gone in the API's JSON shape"]]);
        const answering = await conformanceOf(ran, planted(ran.resources, "orders-post-legacy-integration-response-4xx",
            (inputs) => ({ ...inputs, responseTemplates: { "application/json": "{\"messageId\": \"m\"}" } })));
        assert.deepEqual(failed(answering), ["POST /legacy  410: a retired route answers Gone in the API's JSON shape"]);
    });

    it("passes against the local API of the docs' stack with every feature, as npm run conformance -- --target local runs it", async function () {
        this.timeout(120_000);
        const example = configExamples().find((e) => e.where.startsWith("docs/examples.md:"))!;
        let stdout = "";
        let stderr = "";
        const code = await withFiles({
            "Pulumi.test-e2e-every-feature.yaml": example.text,
            "policy/test-e2e-every-feature.json": JSON.stringify(example.policyConfig),
        }, () => main(["--target", "local", "--stack", "test-e2e-every-feature"], {
            stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) },
        }));
        assert.deepEqual(stdout.split("\n").filter((line) => line.startsWith("fail")), [], stdout);
        assert.equal(code, 0, stderr);
        const passed = (route: string) => stdout.split("\n").filter((line) => line.startsWith(`pass  ${route}  `)).map((line) => line.split("  ")[2].split(":")[0]);
        // The Cognito route's group is the caller's sub, which the placeholder token carries, with the route's scope.
        assert.deepEqual(passed("POST /members/orders"), ["202", "413", "413", "415", "400", "204", "CORS", "CORS", "401", "FIFO"]);
        // FIFO retries are checked on routes grouped by a path parameter and by a body field too.
        assert.deepEqual(["PUT /stores/{storeId}/orders", "PATCH /customers/{customerId}/returns"].map((route) => passed(route).includes("FIFO")), [true, true]);
        // The queue of another account is the local API's stand-in, with SQS's default size, which the suite reads.
        assert.deepEqual(passed("POST /fulfilment"), ["202", "413", "413", "415", "400", "403", "204", "CORS", "CORS", "403"]);
        assert.match(stdout, /\n\d+ passed, 0 failed, \d+ not applicable to this stack\n$/);
    });

    it("checks FIFO retries wherever the group comes from, and who drops them: the queue by the key, or the worker by the key and caller on a signed route "
        + "whose group is not the caller; and fails each route whose retry neither can drop", async function () {
        this.timeout(60_000);
        const ran = await withStackFileAside("test-e2e-fifo-groups", FIFO_GROUPS, (configFile) => runStack("test-e2e-fifo-groups", undefined, { configFile }));
        const fifo = (checks: readonly Check[]) => checks.filter((c) => c.name.startsWith("FIFO:")).map((c) => `${c.outcome} ${c.route}`);
        const routes = ["POST /stores/{storeId}/orders", "POST /customers/orders", "POST /accounts/orders", "POST /partners/orders", "POST /ledger"];
        assert.deepEqual(fifo(await conformanceOf(ran)), routes.map((route) => `pass ${route}`));
        const replaced = (from: string, to: string) => (inputs: Record<string, any>) => ({
            ...inputs, requestTemplates: { "application/json": String(inputs.requestTemplates["application/json"]).split(from).join(to) },
        });
        // Where the queue drops the retry, every request gets a deduplication id of its own: the suite sees the second message.
        const everyRequestKept = replaced("&MessageDeduplicationId=$util.urlEncode($idempotencyKey)", "&MessageDeduplicationId=$util.urlEncode($context.requestId)");
        // Where the worker drops it, a message whose caller, or whose key, is its own request id leaves the worker nothing to drop it by.
        const callerLost = replaced("$util.urlEncode($caller)", "$util.urlEncode($context.requestId)");
        const keyLost = replaced("Value.StringValue=$util.urlEncode($idempotencyKey)#end", "Value.StringValue=$util.urlEncode($context.requestId)#end");
        const defects = { "stores-storeid-orders": everyRequestKept, "customers-orders": everyRequestKept, "accounts-orders": everyRequestKept,
            "partners-orders": callerLost, "ledger": keyLost };
        const broken = Object.entries(defects).reduce((resources, [route, defect]) => planted(resources, `orders-post-${route}-integration`, defect), ran.resources);
        assert.deepEqual(fifo(await conformanceOf(ran, broken)), routes.map((route) => `fail ${route}`));
    });

    describe("fails on a planted defect", () => {
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

    describe("against a deployed stack", () => {
        let api: RunningLocalApi;
        let dir: string;
        const saved = { ...process.env };
        before(async () => {
            // The local API stands in for the deployed stack; the SDK finds the emulator by its usual variables.
            const ran = await runStack("conformance");
            api = await startLocalApi(ran.resources, { region: "eu-west-1", outputs: ran.outputs });
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"));
            Object.assign(process.env, {
                AWS_ENDPOINT_URL_SQS: api.sqsEndpoint, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "eu-west-1",
            });
        });
        after(async () => {
            process.env = saved;
            fs.rmSync(dir, { recursive: true, force: true });
            await api.close();
        });

        const io = (stdin = "") => {
            const out = { stdout: "", stderr: "" };
            return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, stdin: () => stdin } };
        };

        const outputsOf = (apiKeys: unknown) => ({
            routeUrls: api.urls,
            queueUrls: Object.fromEntries(Object.entries(api.queues).map(([key, q]) => [key, q.url])),
            deadLetterQueueUrls: Object.fromEntries(Object.entries(api.queues).map(([key, q]) => [key, q.deadLetterQueueUrl])),
            apiKeys,
        });

        it("reads the stack's outputs and API keys, signs IAM routes, and passes", async () => {
            const outputs = outputsOf(api.apiKeys);
            const file = path.join(dir, "outputs.json");
            fs.writeFileSync(file, JSON.stringify(outputs));
            const { out, io: streams } = io();
            const record = path.join(dir, "certification.json");
            const now = () => new Date("2026-12-05T10:00:00Z");
            assert.equal(await main(["--stack", "conformance", "--outputs", file, "--record", record], { ...streams, now }), 0, out.stdout);
            const written = JSON.parse(fs.readFileSync(record, "utf8"));
            assert.deepEqual([written.product, written.version, written.stack, written.region, written.date, written.checks.length],
                ["queue-load-leveling", "0.2.0", "conformance", "eu-west-1", "2026-12-05T10:00:00.000Z", 106]);
            assert.deepEqual(written.register.find((line: { line: string }) => line.line === "3"),
                { line: "3", outcome: "passed", seenOnAws: "yes: 0.2.0, eu-west-1, 2026-12-05", checks: ["POST /orders", "POST /intake", "POST /signed",
                    "POST /stores/{storeId}/orders", "POST /webhooks"].map((route) => `${route}: 202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes`) });
            assert.match(out.stdout, /^pass {2}POST \/signed {2}403: an unsigned request to an AWS_IAM route$/m);
            assert.match(out.stdout, /^pass {2}POST \/signed {2}403: a request without an API key, and one with a key of no usage plan, in the API's JSON shape$/m);
            assert.match(out.stdout, /\n61 passed, 0 failed, 45 not applicable to this stack\n$/);
            // Without --outputs the outputs are read from stdin, as `pulumi stack output --json | npm run -s conformance` pipes them.
            const piped = io(JSON.stringify({ url: outputs.routeUrls["POST /orders"] }));
            assert.equal(await main(["--stack", "conformance"], piped.io), 2);
            assert.equal(piped.out.stderr, "the outputs have no routeUrls: give the JSON of pulumi stack output --json for this stack\n");
        });

        it("refuses outputs without the API keys, as pulumi stack output gives them without --show-secrets", async () => {
            const masked = io(JSON.stringify(outputsOf("[secret]")));
            assert.equal(await main(["--stack", "conformance"], masked.io), 2);
            assert.equal(masked.out.stderr, "the stack's routes take API keys, and the outputs do not hold them (apiKeys is \"[secret]\"): "
                + "give pulumi stack output --json --show-secrets, as the keys are secrets\n");
        });

        it("refuses outputs that lack one client's key, naming the clients and never a key", async () => {
            const conformanceKey = api.apiKeys.conformance;
            const partial = io(JSON.stringify(outputsOf({ conformance: conformanceKey })));
            assert.equal(await main(["--stack", "conformance"], partial.io), 2);
            assert.equal(partial.out.stderr, "the stack's routes take API keys, and the outputs do not hold them (apiKeys has no key for limited; "
                + "it holds conformance (value not shown)): give pulumi stack output --json --show-secrets, as the keys are secrets\n");
            assert.ok(!partial.out.stderr.includes(conformanceKey));
            const listed = io(JSON.stringify(outputsOf([conformanceKey])));
            assert.equal(await main(["--stack", "conformance"], listed.io), 2);
            assert.ok(!listed.out.stderr.includes(conformanceKey));
            assert.match(listed.out.stderr, /\(apiKeys is not an object of keys by client \(a list\)\)/);
        });

        it("refuses a stack whose queues are protected, and outputs that are not the stack's", async () => {
            const prod = io("{}");
            assert.equal(await main(["--stack", "prod"], prod.io), 2);
            assert.equal(prod.out.stderr, "Pulumi.prod.yaml protects its queues: the suite sends and deletes messages, so it runs only on a "
                + "throwaway stack such as Pulumi.conformance.yaml, never on one that holds real orders\n");
            const garbage = io("not json");
            assert.equal(await main(["--stack", "conformance"], garbage.io), 2);
            assert.equal(garbage.out.stderr, "standard input:1:1: not valid JSON; the stack's outputs must be the JSON of pulumi stack output --json\n");
            // A --show-secrets file cut short: its place is named, none of its text.
            const file = path.join(dir, "cut.json");
            fs.writeFileSync(file, "{\n  \"apiKeys\": {\"web-shop\": \"k3yF4agment0fAS3cret\n");
            const cut = io();
            assert.equal(await main(["--stack", "conformance", "--outputs", file], cut.io), 2);
            assert.equal(cut.out.stderr, `${file}:2:48: not valid JSON; the stack's outputs must be the JSON of pulumi stack output --json\n`);
            const flags = io();
            assert.equal(await main(["--target", "aws"], flags.io), 2);
            assert.equal(flags.out.stderr, "--target must be local (a deployed stack is --stack <name> alone), got \"aws\"\n");
        });
    });
});
