import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { ENFORCEMENT_LEVELS, readPackConfig } from "../offline/policyConfig";
import { levelOf } from "../offline/policyRunner";
import { BadInput } from "../offline/sourceFile";
import { listStacks, placeholderFor, PROJECT_ROOT, readStackFile } from "../offline/stacks";
import { planOneStack } from "../scripts/plan";
import { HELP } from "../scripts/planFlags";
import { shortStackName } from "../scripts/stackFlag";
import { policies } from "../policy/policies";
import { plan, planning, withFiles } from "./support/plan";

/** Plans a stack whose files hold `stackFile` (and `policyConfig`): exit code, stdout and stderr. */
async function planWith(name: string, stackFile: string, policyConfig?: string) {
    return withFiles({
        [`Pulumi.${name}.yaml`]: stackFile,
        ...(policyConfig === undefined ? {} : { [`policy/${name}.json`]: policyConfig }),
    }, () => plan("--stack", name));
}

/** The lines of the BadInput that `read` throws. */
function badInputOf(read: () => unknown): readonly string[] {
    try {
        read();
    } catch (err) {
        assert.ok(err instanceof BadInput, `expected a BadInput, got ${String(err)}`);
        return err.lines;
    }
    assert.fail("no BadInput thrown");
}

const REGION = "config:\n  aws:region: eu-west-1\n";

describe("plan input: stack files", () => {
    it("plans an empty stack file as a stack with no config", async () => {
        const { code, stdout, stderr } = await planWith("test-empty", "");
        assert.equal(code, 0);
        assert.equal(stderr, planning("test-empty"));
        assert.ok(stdout.includes("Stack test-empty  (Pulumi.test-empty.yaml, (no aws:region))\n"));
        assert.ok(stdout.endsWith("Verdict for test-empty: pass (0 mandatory and 2 advisory findings)\n"));
    });

    it("reads a comment-only file, and one without config:, as no config: Pulumi.yaml's defaults alone", async () => {
        for (const text of ["# nothing set yet\n", "secretsprovider: passphrase\nencryptionsalt: v1:abc\n", "config:\n"]) {
            const stackFile = await withFiles({ "Pulumi.test-noconfig.yaml": text }, () => readStackFile("test-noconfig"));
            assert.deepEqual(stackFile.config, {
                "orders:authorization": "NONE", "orders:idempotencyHeader": "Idempotency-Key",
                "orders:stageName": "v1", "orders:manageCloudWatchRole": "false", "orders:protectQueues": "false",
                "orders:endpointType": "REGIONAL", "orders:tracing": "false",
            }, text);
        }
    });

    it("exits 2 with the file, line and column of a YAML syntax error", async () => {
        assert.deepEqual(await planWith("test-syntax", `${REGION}  orders:queue: {maxMessageSize: 1024\n  orders:stageName: v2\n`), {
            code: 2,
            stdout: "",
            stderr: "Pulumi.test-syntax.yaml:4:3: Flow map in block collection must be sufficiently indented and end with a }\n",
        });
        assert.deepEqual(await planWith("test-syntax", `${REGION}  orders:stageName: "v2\n`), {
            code: 2, stdout: "", stderr: "Pulumi.test-syntax.yaml:4:1: Missing closing \"quote\n",
        });
    });

    it("exits 2 on a key set twice, naming it", async () => {
        assert.deepEqual(await planWith("test-twice", `${REGION}  aws:region: eu-west-2\n`), {
            code: 2, stdout: "", stderr: "Pulumi.test-twice.yaml:3:3: aws:region is set twice in one map; keys must be unique\n",
        });
    });

    it("exits 2 when config: is a list or a string instead of a map", async () => {
        assert.deepEqual(await planWith("test-shape", "config:\n  - orders:stageName: v2\n"), {
            code: 2, stdout: "", stderr: "Pulumi.test-shape.yaml:2:3: config must be a map of <namespace>:<name> keys to values, got a list\n",
        });
        assert.deepEqual(await planWith("test-shape", "config: orders\n"), {
            code: 2, stdout: "", stderr: "Pulumi.test-shape.yaml:1:9: config must be a map of <namespace>:<name> keys to values, got a string\n",
        });
    });

    it("exits 2 when the stack file cannot be read", async () => {
        fs.mkdirSync(path.join(PROJECT_ROOT, "Pulumi.test-folder.yaml"));
        try {
            assert.deepEqual(await plan("--stack", "test-folder"), {
                code: 2, stdout: "", stderr: "Pulumi.test-folder.yaml: cannot be read: EISDIR\n",
            });
        } finally {
            fs.rmdirSync(path.join(PROJECT_ROOT, "Pulumi.test-folder.yaml"));
        }
    });

    it("exits 2 when the file is not a map", async () => {
        assert.deepEqual(await planWith("test-shape", "- config\n"), {
            code: 2, stdout: "", stderr: "Pulumi.test-shape.yaml:1:1: a stack file is a map with a config: key, got a list\n",
        });
    });

    it("exits 2 on a key without a namespace, suggesting the project's", async () => {
        assert.deepEqual(await planWith("test-namespace", `${REGION}  stageName: v2\n`), {
            code: 2,
            stdout: "",
            stderr: "Pulumi.test-namespace.yaml:3:3: stageName has no namespace: config keys are <namespace>:<name>; "
                + "did you mean orders:stageName?\n",
        });
    });

    it("exits 2 on a misspelt key or nested key, naming the setting it was likely meant to be", async () => {
        const { code, stderr } = await planWith("test-typo", `${REGION}  orders:throtle: {rateLimit: 5}\n  orders:queue: {maxMesageSize: 2048}\n`);
        assert.equal(code, 2);
        assert.deepEqual(stderr.split("\n").slice(1, -1).map((line) => line.replace(/ known: .*$/, " known: …")), [
            "Pulumi.test-typo.yaml:3:3: orders:throtle is not a known setting; did you mean orders:throttle? known: …",
            "Pulumi.test-typo.yaml:4:18: orders:queue.maxMesageSize is not a known setting; did you mean orders:queue.maxMessageSize? known: …",
        ]);
    });

    it("exits 2 on CORS headers that leave out the API key every route requires, as a browser could never send it", async () => {
        const stack = `${REGION}  orders:apiKeys: {clients: [{name: web-shop}]}\n  orders:cors:\n    allowOrigins: [https://shop.example.com]\n`
            + "    allowHeaders: [Content-Type, Idempotency-Key]\n";
        assert.deepEqual(await planWith("test-cors-key", stack), {
            code: 2,
            stdout: "",
            stderr: `${planning("test-cors-key")}Pulumi.test-cors-key.yaml:6:5: orders:cors.allowHeaders leaves out "X-Api-Key", which POST /orders `
                + "requires (apiKeyRequired): browsers would never send it; add it, or leave cors.allowHeaders out to allow every header the routes read\n",
        });
    });

    it("exits 2 on a queue's delay at or above its retention, for the single route's queue and a route's, naming both keys", async () => {
        const stack = `${REGION}  orders:queue: {messageRetentionSeconds: 60, delaySeconds: 900}\n`;
        assert.deepEqual(await planWith("test-delay", stack), {
            code: 2,
            stdout: "",
            stderr: `${planning("test-delay")}Pulumi.test-delay.yaml:3:47: orders:queue.delaySeconds must be below orders:queue.messageRetentionSeconds (60): `
                + "every message would expire before a worker could receive it, got 900\n",
        });
        const routes = `${REGION}  orders:routes:\n    - path: orders\n      queue: {messageRetentionSeconds: 300, delaySeconds: 300}\n`;
        assert.deepEqual(await planWith("test-delay", routes), {
            code: 2,
            stdout: "",
            stderr: `${planning("test-delay")}Pulumi.test-delay.yaml:5:45: orders:routes[0].queue.delaySeconds must be below `
                + "orders:routes[0].queue.messageRetentionSeconds (300): every message would expire before a worker could receive it, got 300\n",
        });
        assert.equal((await planWith("test-delay", `${REGION}  orders:queue: {messageRetentionSeconds: 901, delaySeconds: 900}\n`)).code, 0);
    });

    it("exits 2 on a request schema of a route that takes no JSON, naming both keys, and plans such a route without the program's schema", async () => {
        const stack = `${REGION}  orders:contentTypes: [text/plain, application/xml]\n  orders:requestSchema: {type: object}\n`;
        assert.deepEqual(await planWith("test-schema-types", stack), {
            code: 2,
            stdout: "",
            stderr: `${planning("test-schema-types")}Pulumi.test-schema-types.yaml:4:3: orders:requestSchema describes JSON bodies, and orders:contentTypes `
                + "lists [\"text/plain\",\"application/xml\"], without application/json: the schema would never be checked; add application/json, "
                + "or remove orders:requestSchema\n",
        });
        const routes = `${REGION}  orders:routes:\n    - path: notes\n      contentTypes: [text/plain]\n      requestSchema: {type: object}\n`;
        assert.equal((await planWith("test-schema-types", routes)).stderr, `${planning("test-schema-types")}Pulumi.test-schema-types.yaml:6:7: `
            + "orders:routes[0].requestSchema describes JSON bodies, and orders:routes[0].contentTypes lists [\"text/plain\"], without application/json: "
            + "the schema would never be checked; add application/json, or remove orders:routes[0].requestSchema\n");
        assert.equal((await planWith("test-schema-types", `${REGION}  orders:contentTypes: [text/plain]\n`)).code, 0);
    });

    it("exits 2 on a key of more than one ':', and reads the older <namespace>:config:<name> as <namespace>:<name>", async () => {
        assert.deepEqual(await planWith("test-colons", `${REGION}  orders:queue:maxMessageSize: 2048\n`), {
            code: 2,
            stdout: "",
            stderr: "Pulumi.test-colons.yaml:3:3: orders:queue:maxMessageSize is not a config key: config keys are "
                + "<namespace>:<name>, with one ':'\n",
        });
        const stackFile = await withFiles({ "Pulumi.test-colons.yaml": `${REGION}  orders:config:stageName: v2\n` },
            () => readStackFile("test-colons"));
        assert.equal(stackFile.config["orders:stageName"], "v2");
    });
});

describe("plan input: encrypted (secure:) values", () => {
    it("plans with a placeholder and says so in one line naming the key", async () => {
        await withFiles({ "Pulumi.test-secure.yaml": `${REGION}  orders:tags:\n    owner:\n      secure: AAABAJ2Zk3x0\n` }, async () => {
            const lines: string[] = [];
            const planned = await planOneStack("test-secure", (line) => lines.push(line));
            assert.deepEqual(lines, [
                planning("test-secure").trimEnd(),
                "Pulumi.test-secure.yaml:4:5: orders:tags.owner holds an encrypted (secure:) value, which cannot be decrypted offline; "
                + "planning with a placeholder",
            ]);
            assert.equal(planned.errors, undefined);
            assert.deepEqual(planned.notices, [lines[1]]);
            const queue = planned.resources!.find((r) => r.name === "orders-queue")!;
            assert.equal(queue.inputs.tags.owner, placeholderFor("orders:tags", ["owner"]));
        });
    });

    it("puts a setting's own example in place of an encrypted value, so that the plan can go on", async () => {
        assert.equal(placeholderFor("orders:deadLetterAlarm", ["subscribers", 1]), "orders-oncall@example.com");
        assert.equal(placeholderFor("orders:deadLetterAlarm", ["snsTopicArn"]), "arn:aws:sns:eu-west-1:123456789012:orders-alerts");
        assert.equal(placeholderFor("orders:routes", [2, "existingQueue", "arn"]), "arn:aws:sqs:us-east-1:210987654321:fulfilment");
        assert.equal(placeholderFor("orders:stageName", []), "v1");
        assert.equal(placeholderFor("orders:tags", ["owner"]), "secure-placeholder");
        assert.equal(placeholderFor("other:token", []), "secure-placeholder");
        await withFiles({ "Pulumi.test-secure.yaml": `${REGION}  orders:deadLetterAlarm:\n    subscribers:\n      - secure: AAABAJ2Zk3x0\n` }, async () => {
            const planned = await planOneStack("test-secure", () => undefined);
            assert.equal(planned.errors, undefined);
            const subscriptions = planned.resources!.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription");
            assert.deepEqual(subscriptions.map((r) => r.inputs.endpoint), ["orders-oncall@example.com"]);
        });
    });

    it("replaces an encrypted value anywhere in a value, and the value itself", async () => {
        const text = `${REGION}  other:list:\n    - plain\n    - secure: AAAB\n  other:token:\n    secure: AAAC\n`;
        const stackFile = await withFiles({ "Pulumi.test-secure.yaml": text }, () => readStackFile("test-secure"));
        assert.equal(stackFile.config["other:list"], "[\"plain\",\"secure-placeholder\"]");
        assert.equal(stackFile.config["other:token"], "secure-placeholder");
        assert.deepEqual(stackFile.notices, [
            "Pulumi.test-secure.yaml:5:7: other:list[1] holds an encrypted (secure:) value, which cannot be decrypted offline; planning with a placeholder",
            "Pulumi.test-secure.yaml:6:3: other:token holds an encrypted (secure:) value, which cannot be decrypted offline; planning with a placeholder",
        ]);
    });

    it("leaves a map with secure: and another key alone: only a map of secure: alone is encrypted", async () => {
        const stackFile = await withFiles({ "Pulumi.test-secure.yaml": `${REGION}  other:setting:\n    secure: x\n    note: y\n` },
            () => readStackFile("test-secure"));
        assert.equal(stackFile.config["other:setting"], "{\"secure\":\"x\",\"note\":\"y\"}");
        assert.deepEqual(stackFile.notices, []);
    });
});

describe("plan input: problems the program reports about a key", () => {
    const text = `${REGION}  orders:queue.maxMessageSize: 5\n  orders:routes:\n    - path: a\n    - path: b\n      queue:\n        maxReceiveCount: 0\n`;

    it("get the file and the line and column of the key, followed into maps and lists", async () => {
        const stackFile = await withFiles({ "Pulumi.test-locate.yaml": text }, () => readStackFile("test-locate"));
        assert.equal(stackFile.locate("orders:routes[1].queue.maxReceiveCount must be an integer from 1 to 1000, got 0"),
            "Pulumi.test-locate.yaml:8:9: orders:routes[1].queue.maxReceiveCount must be an integer from 1 to 1000, got 0");
        assert.equal(stackFile.locate("orders:queue.maxMessageSize is a dotted key"),
            "Pulumi.test-locate.yaml:3:3: orders:queue.maxMessageSize is a dotted key");
        assert.equal(stackFile.locate("orders:routes[0].queue is odd"), "Pulumi.test-locate.yaml:5:7: orders:routes[0].queue is odd");
        assert.equal(stackFile.locate("orders:messageAttributes.x: an attribute name must be …"),
            "Pulumi.test-locate.yaml: orders:messageAttributes.x: an attribute name must be …");
    });

    it("get the file alone when the key is not in it", async () => {
        const stackFile = await withFiles({ "Pulumi.test-locate.yaml": text }, () => readStackFile("test-locate"));
        assert.equal(stackFile.locate("orders:stageName must be letters"), "Pulumi.test-locate.yaml: orders:stageName must be letters");
    });
});

describe("plan input: policy configs", () => {
    it("exits 2 with the file, line and column of a JSON syntax error", async () => {
        assert.deepEqual(await planWith("test-json", REGION, "{\n  \"queue-has-dlq\": \"mandatory\"\n  \"queue-tls-only\": \"mandatory\"\n}\n"), {
            code: 2, stdout: "", stderr: "policy/test-json.json:3:3: not valid JSON: expected ',' or '}' after a property, found '\"'\n",
        });
        assert.deepEqual(await planWith("test-json", REGION, "{\n  \"queue-has-dlq\": \"mandatory\",\n}\n"), {
            code: 2, stdout: "", stderr: "policy/test-json.json:3:1: not valid JSON: expected a property name in double quotes, found '}'\n",
        });
    });

    it("exits 2 on an unknown policy, naming the closest", async () => {
        assert.deepEqual(await planWith("test-policy", REGION, "{\n  \"queue-has-dql\": \"mandatory\"\n}\n"), {
            code: 2, stdout: "", stderr: "policy/test-policy.json:2:3: queue-has-dql is not a policy of the pack; did you mean queue-has-dlq?\n",
        });
    });

    it("exits 2 on an unknown policy like no other, listing the pack's policies", async () => {
        assert.deepEqual(await planWith("test-policy", REGION, "{\"encryption\": \"mandatory\"}"), {
            code: 2,
            stdout: "",
            stderr: `policy/test-policy.json:1:2: encryption is not a policy of the pack; its policies: ${policies.map((p) => p.name).join(", ")}, all\n`,
        });
    });

    it("exits 2 on an enforcement level the SDK does not have, as a level or in an object", async () => {
        assert.deepEqual(await planWith("test-level", REGION, "{\n  \"queue-has-dlq\": \"required\"\n}\n"), {
            code: 2,
            stdout: "",
            stderr: "policy/test-level.json:2:3: queue-has-dlq: \"required\" is not an enforcement level; "
                + "use advisory, mandatory, remediate or disabled\n",
        });
        assert.deepEqual(await planWith("test-level", REGION, "{\"queue-tls-only\": {\"enforcementLevel\": \"Mandatory\"}}"), {
            code: 2,
            stdout: "",
            stderr: "policy/test-level.json:1:21: queue-tls-only: \"Mandatory\" is not an enforcement level; "
                + "use advisory, mandatory, remediate or disabled\n",
        });
    });

    it("takes exactly the enforcement levels of @pulumi/policy", () => {
        assert.deepEqual(ENFORCEMENT_LEVELS, ["advisory", "mandatory", "remediate", "disabled"]);
    });

    it("exits 2 on a setting the policy does not have", async () => {
        assert.deepEqual(await planWith("test-setting", REGION, "{\"queue-has-dlq\": {\"enforcementLevel\": \"mandatory\", \"exemptQueue\": [\"x\"]}}"), {
            code: 2,
            stdout: "",
            stderr: "policy/test-setting.json:1:53: queue-has-dlq has no setting exemptQueue; its settings: enforcementLevel, exemptQueues\n",
        });
    });

    it("exits 2 on a setting of the wrong type, one line per setting", async () => {
        const config = "{\n  \"queue-has-dlq\": {\"exemptQueues\": \"orders-dlq\"},\n"
            + "  \"api-role-sendmessage-only\": {\"queueKeys\": {\"arn:aws:sqs:eu-west-1:123456789012:q\": 3}}\n}\n";
        assert.deepEqual(await planWith("test-setting", REGION, config), {
            code: 2,
            stdout: "",
            stderr: "policy/test-setting.json:2:21: queue-has-dlq.exemptQueues must be an array of strings, got \"orders-dlq\"\n"
                + "policy/test-setting.json:3:47: api-role-sendmessage-only.queueKeys[\"arn:aws:sqs:eu-west-1:123456789012:q\"] "
                + "must be a string, got 3\n",
        });
    });

    it("exits 2 on a public route that is not a method and a path, nor $default", async () => {
        assert.deepEqual(await planWith("test-route", REGION, "{\"api-methods-authorized\": {\"publicRoutes\": [\"$default\", \"/orders\"]}}"), {
            code: 2,
            stdout: "",
            stderr: "policy/test-route.json:1:58: api-methods-authorized.publicRoutes[1] should match pattern "
                + "\"^((ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /|\\$default$)\", got \"/orders\"\n",
        });
    });

    it("exits 2 when an entry is neither a level nor an object, or the file is not an object", async () => {
        assert.deepEqual(await planWith("test-entry", REGION, "{\"queue-has-dlq\": true}"), {
            code: 2, stdout: "", stderr: "policy/test-entry.json:1:2: queue-has-dlq must be an enforcement level or an object of settings, got true\n",
        });
        assert.deepEqual(await planWith("test-entry", REGION, "[\"queue-has-dlq\"]"), {
            code: 2,
            stdout: "",
            stderr: "policy/test-entry.json:1:1: a policy config is an object of policy names to an enforcement level "
                + "or an object of settings, got a list\n",
        });
    });

    it("takes all as every policy's level, which a policy's own entry overrides", async () => {
        const config = await withFiles({ "policy/test-all.json": "{\"all\": \"mandatory\", \"queue-has-dlq\": {\"enforcementLevel\": \"advisory\"}}" },
            () => readPackConfig("test-all"));
        assert.deepEqual(policies.map((policy) => levelOf(policy, config)),
            policies.map((policy) => (policy.name === "queue-has-dlq" ? "advisory" : "mandatory")));
        assert.deepEqual([...new Set(policies.map((policy) => levelOf(policy, config)))].sort(), ["advisory", "mandatory"]);
        const lines = await withFiles({ "policy/test-all.json": "{\"all\": {\"exemptQueues\": []}}" },
            () => badInputOf(() => readPackConfig("test-all")));
        assert.deepEqual(lines, ["policy/test-all.json:1:10: all has no setting exemptQueues; all takes only enforcementLevel"]);
    });
});

describe("plan input: flags", () => {
    for (const [argv, message] of [
        [["--all", "--stack", "prod"], "--all plans every stack and --stack one: give one of them"],
        [["--all", "--diagram"], "--diagram draws one stack: give --stack, not --all"],
        [["--stack", "prod", "--diagram", "--json"], "--diagram and --json are two different outputs: give one of them"],
        [["--stacks", "prod"], "unknown flag --stacks; did you mean --stack? the flags are --stack <name>, --all, --json, --diagram, --since <git-ref>, --preview-json <file> and --help"],
        [["--jsno"], "unknown flag --jsno; did you mean --json? the flags are --stack <name>, --all, --json, --diagram, --since <git-ref>, --preview-json <file> and --help"],
        [["-s", "prod"], "unknown flag -s; the flags are --stack <name>, --all, --json, --diagram, --since <git-ref>, --preview-json <file> and --help"],
        [["prod"], "unexpected argument \"prod\": name a stack with --stack prod"],
        [["--stack"], "--stack needs a value: --stack <name>"],
        [["--stack", "--json"], "--stack needs a value: --stack <name>"],
        [["--stack", "dev", "--stack", "prod"], "--stack is given twice (dev, prod): give it once"],
        [["--json=yes"], "--json takes no value, got --json=yes"],
        // Whatever stacks the project has: a user's own stacks are listed too.
        [["--stack", "test-no-such-stack"], `no stack file Pulumi.test-no-such-stack.yaml; stacks: ${listStacks().join(", ")}`],
        [["--stack", "acme/test-no-such-stack"], `no stack file Pulumi.test-no-such-stack.yaml; stacks: ${listStacks().join(", ")}`],
        [["--stack", "acme/shop/prod"], "acme/shop/prod is a stack of the project shop; this project is orders"],
        [["--stack", "../prod"], "../prod is not a stack name: give <stack>, <org>/<stack> or <org>/<project>/<stack>, "
            + "the stack's name of letters, digits, '-', '_' or '.'"],
    ] as const) {
        it(`refuses ${argv.join(" ")} with exit 2 and one line`, async () => {
            assert.deepEqual(await plan(...argv), { code: 2, stdout: "", stderr: `${message}\n` });
        });
    }

    it("prints the usage, one line per flag and the exit codes with --help", async () => {
        const { code, stdout, stderr } = await plan("--stack", "prod", "--help");
        assert.equal(code, 0);
        assert.equal(stderr, "");
        assert.equal(stdout, HELP);
        const lines = stdout.split("\n");
        assert.deepEqual(lines.slice(0, 2), ["usage: npm run plan -- [--stack <name>] [--json | --diagram]", "       npm run plan -- --all [--json]"]);
        for (const flag of ["--stack <name>", "--all", "--json", "--diagram", "--help"]) {
            assert.equal(lines.filter((line) => line.startsWith(`  ${flag} `)).length, 1, flag);
        }
        assert.deepEqual(lines.filter((line) => /^ {2}\d {2}/.test(line)), [
            "  0  planned, and every mandatory policy passes",
            "  1  a mandatory policy is violated",
            "  2  bad input: flags, a stack file, its config or a policy config (one line each, on stderr)",
            "  3  an internal error: a bug, reported with its stack trace",
        ]);
    });

    it("finds Pulumi.<stack>.yaml for <org>/<stack> and <org>/<project>/<stack>", async () => {
        assert.equal(shortStackName("acme/prod", () => "orders"), "prod");
        assert.equal(shortStackName("acme/orders/prod", () => "orders"), "prod");
        const { code, stdout } = await plan("--stack", "acme/orders/dev");
        assert.equal(code, 0);
        assert.ok(stdout.includes("Stack dev  (Pulumi.dev.yaml, eu-west-1)\n"));
    });
});

describe("plan input: --all with bad input in one stack", () => {
    it("reports the broken stack on stderr, still plans the others and exits with the worst code", async () => {
        const files = {
            "Pulumi.test-broken.yaml": "config:\n  orders:stageName: [v1\n",
            "Pulumi.test-nologs.yaml": `${REGION}  orders:accessLogs: {enabled: false}\n`,
            "policy/test-nologs.json": "{\"stage-throttled-and-logged\": \"mandatory\"}",
        };
        const { code, stdout, stderr, stacks } = await withFiles(files, async () => ({ ...await plan("--all"), stacks: listStacks() }));
        assert.equal(code, 2);
        // Every stack in name order, a user's own too, the broken one reported in its place.
        const broken = "Pulumi.test-broken.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]\n";
        assert.equal(stderr.replace(/^(?!planning |Pulumi\.test-broken\.yaml:).*\n/gm, ""),
            stacks.map((stack) => (stack === "test-broken" ? broken : planning(stack))).join(""));
        const verdicts = stdout.split("\n").filter((line) => line.startsWith("Verdict"));
        assert.equal(verdicts.length, stacks.length - 1);
        for (const verdict of [
            "Verdict for conformance: pass (0 mandatory and 6 advisory findings)",
            "Verdict for dev: pass (0 mandatory and 2 advisory findings)",
            "Verdict for prod: pass (0 mandatory and 0 advisory findings)",
            "Verdict for test-nologs: FAIL (1 mandatory and 2 advisory findings)",
        ]) {
            assert.ok(verdicts.includes(verdict), verdict);
        }
    });

    it("carries a stack's error lines instead of a plan in --json", async () => {
        const { code, stdout } = await withFiles({ "Pulumi.test-broken.yaml": "config:\n  stageName: v2\n  path: x\n" },
            () => plan("--stack", "test-broken", "--json"));
        assert.equal(code, 2);
        assert.deepEqual(JSON.parse(stdout).stacks, [{
            stack: "test-broken",
            errors: [
                "Pulumi.test-broken.yaml:2:3: stageName has no namespace: config keys are <namespace>:<name>; did you mean orders:stageName?",
                "Pulumi.test-broken.yaml:3:3: path has no namespace: config keys are <namespace>:<name>; did you mean orders:path?",
            ],
        }]);
    });
});
