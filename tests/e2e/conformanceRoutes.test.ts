// The conformance suite on routes of one kind each: a Cognito route, a retired route, the docs' stack
// with every feature, and FIFO routes whose group comes from every source.
import assert from "node:assert/strict";

import { configExamples } from "../../offline/docExamples";
import { Check } from "../../local/conformance";
import { runStack } from "../../offline/runStack";
import { FRONT_DOOR_STACK } from "../support/frontDoor";
import { conformanceOf, failed, planted } from "../support/conformanceRuns";
import { withFiles, withStackFileAside } from "../support/plan";
import { main } from "../../scripts/conformance";

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

describe("the conformance suite, route by route", function () {
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

    it("paces itself to a client's throttling: with the only API key throttled at 10 requests a second, every check passes, each 429 retried as a client backs off", async function () {
        this.timeout(60_000);
        const text = "config:\n  aws:region: eu-west-1\n  orders:routes:\n    - path: orders\n    - path: returns\n"
            + "  orders:apiKeys:\n    clients:\n      - name: partner\n        throttle: {rateLimit: 10, burstLimit: 10}\n";
        const ran = await withStackFileAside("test-e2e-paced", text, (configFile) => runStack("test-e2e-paced", undefined, { configFile }));
        const checks = await conformanceOf(ran);
        assert.deepEqual(failed(checks), []);
        // The bursts still find their 429s: they are sent unpaced.
        assert.deepEqual(checks.filter((c) => c.name.startsWith("429:")).map((c) => `${c.outcome} ${c.name.split(",")[0]}`),
            ["pass 429: a burst above a client's usage plan throttling", "pass 429: a burst above the stage's throttling"]);
        assert.deepEqual(checks.filter((c) => c.route === "POST /returns" && c.outcome === "pass").map((c) => c.name.split(":")[0]),
            ["202", "413", "413", "415", "400", "403"]);
    });
});
