import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

import { DEFAULTS, SettingsError } from "../components/settings";
import { CONFIG_KEYS, readStackConfig } from "../stackConfig";

const ROOT = path.join(__dirname, "..");

function problemsOf(raw: Record<string, string>): readonly string[] {
    try {
        readStackConfig("orders", raw);
        return [];
    } catch (err) {
        assert.ok(err instanceof SettingsError);
        return err.problems;
    }
}

describe("stack config", () => {
    it("turns scalar strings, booleans and JSON objects into settings", () => {
        const settings = readStackConfig("orders", {
            "aws:region": "eu-west-1",
            "orders:path": "purchases",
            "orders:authorization": "AWS_IAM",
            "orders:protectQueues": "true",
            "orders:queue": "{\"maxMessageSize\":1048576}",
            "orders:throttle": "{\"rateLimit\":5,\"burstLimit\":10}",
        });
        assert.equal(settings.path, "purchases");
        assert.equal(settings.authorization, "AWS_IAM");
        assert.equal(settings.protectQueues, true);
        assert.equal(settings.queue.maxMessageSize, 1048576);
        assert.equal(settings.queue.maxReceiveCount, DEFAULTS.queue.maxReceiveCount);
        assert.deepEqual(settings.throttle, { rateLimit: 5, burstLimit: 10 });
    });

    it("ignores the keys of other namespaces", () => {
        assert.deepEqual(readStackConfig("orders", { "aws:region": "eu-west-1", "other:path": "x" }), DEFAULTS);
    });

    it("rejects an unknown key of the project, listing the known ones", () => {
        assert.deepEqual(problemsOf({ "orders:rps": "10" }), [
            "orders:rps is not a known setting; known: path, authorization, queue, idempotencyHeader, stageName, throttle, "
            + "accessLogs, manageCloudWatchRole, protectQueues, deadLetterAlarm, tags, routes, messageGroupId, messageAttributes, "
            + "requestSchema",
        ]);
    });

    it("rejects a boolean that is not true or false", () => {
        assert.deepEqual(problemsOf({ "orders:protectQueues": "yes" }),
            ["orders:protectQueues must be true or false, got \"yes\""]);
    });

    it("rejects a structured key that is not an object", () => {
        assert.deepEqual(problemsOf({ "orders:queue": "fast" }), ["orders:queue must be an object of settings, got \"fast\""]);
        assert.deepEqual(problemsOf({ "orders:throttle": "[1,2]" }),
            ["orders:throttle must be an object of settings, got \"[1,2]\""]);
    });

    it("names the full config key of a bad nested value", () => {
        assert.deepEqual(problemsOf({ "orders:queue": "{\"maxMessageSize\":\"2MB\"}" }),
            ["orders:queue.maxMessageSize must be an integer from 1024 to 1048576, got \"2MB\""]);
    });

    describe("Pulumi.yaml", () => {
        const project = load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
            name: string;
            config: Record<string, { type: string; description: string; default: unknown }>;
        };

        it("is the namespace the stack files use", () => {
            assert.equal(project.name, "orders");
        });

        it("declares every scalar key with its type, a description and the component's default", () => {
            const declared = Object.fromEntries(Object.entries(project.config)
                .map(([key, spec]) => [key, { type: spec.type, default: spec.default, described: spec.description.length > 10 }]));
            assert.deepEqual(declared, {
                path: { type: "string", default: DEFAULTS.path, described: true },
                authorization: { type: "string", default: DEFAULTS.authorization, described: true },
                stageName: { type: "string", default: DEFAULTS.stageName, described: true },
                manageCloudWatchRole: { type: "boolean", default: DEFAULTS.manageCloudWatchRole, described: true },
                protectQueues: { type: "boolean", default: DEFAULTS.protectQueues, described: true },
            });
            for (const key of Object.keys(project.config)) {
                assert.ok(CONFIG_KEYS.includes(key), `${key} is declared but the program does not read it`);
            }
        });
    });
});
