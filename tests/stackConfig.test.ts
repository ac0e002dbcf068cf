import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";
import { load } from "js-yaml";

import { resolveSettings, SettingsError } from "../components/settings";
import { PROGRAM_DEFAULTS } from "../programDefaults";
import { declaredDefaults } from "../offline/stacks";
import { SINGLE_ROUTE_KEYS } from "../components/declarations";
import { QUEUE_FIELDS } from "../components/queueDeclarations";
import { CONFIG_KEYS, projectDeclaredKeys, readStackConfig } from "../components/stackConfig";

const ROOT = path.join(__dirname, "..");

/** A stack's config as the CLI hands it to the program: Pulumi.yaml's declared defaults, then the stack's values. */
function asTheCliPasses(config: Record<string, string>): Record<string, string> {
    return { ...declaredDefaults(), ...config };
}

function problemsOf(raw: Record<string, string>): readonly string[] {
    try {
        readStackConfig("orders", asTheCliPasses(raw), PROGRAM_DEFAULTS);
        return [];
    } catch (err) {
        assert.ok(err instanceof SettingsError);
        return err.problems;
    }
}

describe("stack config", () => {
    it("turns scalar strings, booleans and JSON objects into arguments", () => {
        const args = readStackConfig("orders", {
            "aws:region": "eu-west-1",
            "orders:path": "purchases",
            "orders:authorization": "AWS_IAM",
            "orders:protectQueues": "true",
            "orders:queue": "{\"maxMessageSize\":1048576}",
            "orders:throttle": "{\"rateLimit\":5,\"burstLimit\":10}",
        });
        assert.deepEqual(args, {
            path: "purchases",
            authorization: "AWS_IAM",
            protectQueues: true,
            queue: { maxMessageSize: 1048576 },
            throttle: { rateLimit: 5, burstLimit: 10 },
        });
    });

    it("reads every structured setting as JSON, whether or not it has a default", () => {
        const schema = { type: "object", required: ["customerId"], properties: { customerId: { type: "string" } } };
        const args = readStackConfig("orders", asTheCliPasses({
            "orders:queue": JSON.stringify({ fifo: true }),
            "orders:messageGroupId": JSON.stringify({ bodyField: "customerId" }),
            "orders:messageAttributes": JSON.stringify({ channel: { query: "channel" } }),
            "orders:requestSchema": JSON.stringify(schema),
            "orders:deadLetterAlarm": JSON.stringify({ subscribers: ["ops@example.com"] }),
            "orders:tags": JSON.stringify({ team: "shop" }),
        }), PROGRAM_DEFAULTS);
        assert.deepEqual(args.messageGroupId, { bodyField: "customerId" });
        assert.deepEqual(args.messageAttributes, { channel: { query: "channel" } });
        assert.deepEqual(args.requestSchema, schema);
        assert.deepEqual(args.deadLetterAlarm, { subscribers: ["ops@example.com"] });
        assert.deepEqual(args.tags, { team: "shop" });
    });

    it("gives the single route the program's order schema unless the stack sets one", () => {
        assert.deepEqual(readStackConfig("orders", asTheCliPasses({}), PROGRAM_DEFAULTS).requestSchema, PROGRAM_DEFAULTS.requestSchema);
    });

    describe("with routes", () => {
        const routes = JSON.stringify([{ path: "orders" }, { path: "stores/{storeId}/returns", method: "PUT" }]);

        it("leaves out Pulumi.yaml's declared path and the program's order schema, which describe the single route", () => {
            const args = readStackConfig("orders", asTheCliPasses({ "orders:routes": routes }), PROGRAM_DEFAULTS);
            assert.equal(args.path, undefined);
            assert.equal(args.requestSchema, undefined);
            assert.deepEqual(resolveSettings(args).routes.map((r) => r.key), ["POST /orders", "PUT /stores/{storeId}/returns"]);
        });

        it("still refuses a single-route setting the stack sets itself", () => {
            assert.deepEqual(problemsOf({ "orders:routes": routes, "orders:path": "purchases" }),
                ["orders:path describes the single route; with orders:routes, set it in each route instead"]);
            assert.deepEqual(problemsOf({ "orders:routes": routes, "orders:requestSchema": "{\"type\":\"object\"}" }),
                ["orders:requestSchema describes the single route; with orders:routes, set it in each route instead"]);
        });
    });

    it("ignores the keys of other namespaces", () => {
        assert.deepEqual(readStackConfig("orders", { "aws:region": "eu-west-1", "other:path": "x" }), {});
    });

    it("refuses a namespace that looks like a misspelling of the project's", () => {
        assert.deepEqual(problemsOf({ "order:stageName": "v2", "Orders:path": "x", "ordres:tags": "{}" }), [
            "order:stageName is in the namespace \"order\", not this project's \"orders\": did you mean orders:stageName?",
            "Orders:path is in the namespace \"Orders\", not this project's \"orders\": did you mean orders:path?",
            "ordres:tags is in the namespace \"ordres\", not this project's \"orders\": did you mean orders:tags?",
        ]);
    });

    it("explains that a dotted key is not a path, and how to nest it", () => {
        assert.deepEqual(problemsOf({ "orders:queue.maxMessageSize": "1048576" }), [
            "orders:queue.maxMessageSize: a key's dots are not a path; nest the value under orders:queue in the stack file "
            + "(or set it with pulumi config set --path 'queue.maxMessageSize' <value>)",
        ]);
    });

    it("rejects an unknown key of the project, listing the known ones", () => {
        assert.deepEqual(problemsOf({ "orders:rps": "10" }), [
            `orders:rps is not a known setting; known: ${CONFIG_KEYS.join(", ")}`,
        ]);
    });

    it("rejects a boolean that is not true or false", () => {
        assert.deepEqual(problemsOf({ "orders:protectQueues": "yes" }), ["orders:protectQueues must be true or false, got \"yes\""]);
    });

    it("rejects a structured key that is not an object, or not a list", () => {
        // The keys as the declarations list them, in their order: a queue setting added there needs no edit here.
        assert.deepEqual(problemsOf({ "orders:queue": "fast" }), [`orders:queue must be an object: ${Object.keys(QUEUE_FIELDS).map((k) => `\`${k}\``).join(", ")}, got "fast"`]);
        assert.deepEqual(problemsOf({ "orders:throttle": "[1,2]" }), ["orders:throttle must be an object: `rateLimit`, `burstLimit`, got \"[1,2]\""]);
        assert.deepEqual(problemsOf({ "orders:deadLetterAlarm": "{\"subscribers\":\"ops@example.com\"}" }),
            ["orders:deadLetterAlarm.subscribers must be a non-empty list of email addresses and HTTPS URLs, got \"ops@example.com\""]);
    });

    it("names the full config key of a bad nested value", () => {
        assert.deepEqual(problemsOf({ "orders:queue": "{\"maxMessageSize\":\"2MB\"}" }),
            ["orders:queue.maxMessageSize must be an integer from 1024 to 1048576, got \"2MB\""]);
    });

    it("refuses tag keys AWS refuses", () => {
        const rule = "a tag key must be 1 to 128 letters, digits, spaces or _ . : / = + - @, and not start with aws: (AWS's own prefix)";
        assert.deepEqual(problemsOf({ "orders:tags": JSON.stringify({ "aws:team": "x", "": "y", ["k".repeat(129)]: "z", "a|b": "w" }) }), [
            `orders:tags has the key "aws:team"; ${rule}`,
            `orders:tags has the key ""; ${rule}`,
            `orders:tags has the key "${"k".repeat(129)}"; ${rule}`,
            `orders:tags has the key "a|b"; ${rule}`,
        ]);
        assert.deepEqual(problemsOf({ "orders:tags": JSON.stringify({ team: "v".repeat(257) }) }),
            [`orders:tags.team must be up to 256 letters, digits, spaces or _ . : / = + - @, got "${"v".repeat(257)}"`]);
        assert.deepEqual(problemsOf({ "orders:tags": JSON.stringify({ "cost-centre": "RD-42", "Team Name": "Café", "a:b/c=d+e@f": "x" }) }), []);
    });

    it("throws a RunError, which the Pulumi CLI prints as its message alone, without a stack trace", () => {
        let thrown: unknown;
        try {
            readStackConfig("orders", { "orders:stageName": "v 1" });
        } catch (err) {
            thrown = err;
        }
        assert.ok(pulumi.RunError.isInstance(thrown));
        assert.equal((thrown as Error).message, "orders:stageName must be 1 to 128 letters, digits, '_' or '-', got \"v 1\"");
    });

    describe("Pulumi.yaml", () => {
        const project = load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
            name: string;
            config: Record<string, { type: string; description: string; default: unknown }>;
        };

        it("is the namespace the stack files use", () => {
            assert.equal(project.name, "orders");
        });

        it("gives each key it declares a default, which the CLI would otherwise require of every stack, and declares none of the single route's", () => {
            const declared = Object.entries(project.config);
            assert.deepEqual(declared.filter(([, spec]) => spec.default === undefined), []);
            assert.deepEqual(declared.map(([key]) => key).filter((key) => SINGLE_ROUTE_KEYS.includes(key)), []);
        });

        it("declares the API-wide scalar settings with their type, description and default, and nothing else", () => {
            assert.deepEqual(project.config, projectDeclaredKeys());
            assert.deepEqual(Object.keys(project.config), ["authorization", "idempotencyHeader", "stageName", "manageCloudWatchRole", "protectQueues", "endpointType", "tracing"]);
            assert.deepEqual(project.config.protectQueues, {
                type: "boolean",
                description: "Protect the queues from pulumi destroy, and keep them in AWS if removed from the program.",
                default: false,
            });
        });
    });
});
