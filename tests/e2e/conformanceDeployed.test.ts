// The conformance suite runs as it would against a deployed stack: outputs read from `pulumi stack
// output --json`, SQS through the SDK's own configuration, IAM routes signed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { RunningLocalApi, startLocalApi } from "../../local/server";
import { runStack } from "../../offline/runStack";
import { main } from "../../scripts/conformance";

describe("the conformance suite against a deployed stack", () => {
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
