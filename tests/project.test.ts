import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { DEFAULTS, QueueApiSettings, SETTING_KEYS } from "../components/settings";
import { PROGRAM_DEFAULTS } from "../programDefaults";
import { readStackConfig } from "../stackConfig";
import { PROJECT_ROOT, stackConfig } from "../scripts/offline/stacks";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
const packageJson = JSON.parse(read("package.json"));
const readme = read("README.md");

/** A setting by its dotted key, e.g. `queue.maxMessageSize`. */
function lookup(settings: QueueApiSettings, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], settings);
}

/** How the README writes a value: objects as `key: value` pairs, `{}` when empty. */
function asWritten(value: unknown): string {
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value);
        return entries.length === 0 ? "{}" : entries.map(([k, v]) => `${k}: ${String(v)}`).join(", ");
    }
    return String(value);
}

describe("the project", () => {
    it("pins the SDKs and tools that matter exactly", () => {
        const all = { ...packageJson.dependencies, ...packageJson.devDependencies };
        assert.equal(all["@pulumi/pulumi"], "3.248.0");
        assert.match(all["@pulumi/aws"], /^7\.48\.\d+$/);
        assert.match(all.typescript, /^5\.9\.\d+$/);
        for (const [name, version] of Object.entries(all)) {
            assert.match(String(version), /^\d+\.\d+\.\d+$/, `${name} is not pinned to one version`);
        }
        assert.equal(packageJson.engines.node, ">=20.19");
        assert.ok(fs.existsSync(path.join(PROJECT_ROOT, "package-lock.json")));
    });

    it("runs in CI exactly the commands the README gives", () => {
        const ci = read(".ci/run");
        for (const command of ["npm ci", "npm test", "npm run lint"]) {
            assert.ok(readme.includes(command), `README does not mention ${command}`);
            assert.ok(ci.includes(command), `.ci/run does not run ${command}`);
        }
        assert.equal(packageJson.scripts.test, "tsc --noEmit && mocha");
    });

    describe("README config table", () => {
        const rows = readme.split("\n")
            .filter((line) => line.startsWith("| `orders:"))
            .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
        const settingsOf = {
            dev: readStackConfig("orders", stackConfig("dev"), PROGRAM_DEFAULTS),
            prod: readStackConfig("orders", stackConfig("prod"), PROGRAM_DEFAULTS),
        };
        const firstCode = (cell: string) => /`([^`]*)`/.exec(cell)?.[1] ?? cell;
        /** A cell without a code value (such as "(none)" or "a new key") stands for an unset setting. */
        const value = (cell: string) => (/`/.test(cell) ? firstCode(cell) : "undefined");

        it("has a row for every setting", () => {
            const keys = rows.map(([key]) => firstCode(key).slice("orders:".length).split(".")[0]);
            assert.deepEqual([...new Set(keys)].sort(), [...SETTING_KEYS].sort());
        });

        it("states each default and each stack's value as the code and stack files have them", () => {
            for (const [keyCell, , defaultCell, devCell, prodCell] of rows) {
                const key = firstCode(keyCell).slice("orders:".length);
                assert.equal(value(defaultCell), asWritten(lookup(DEFAULTS, key)), `default of ${key}`);
                for (const [stack, cell] of [["dev", devCell], ["prod", prodCell]] as const) {
                    const actual = lookup(settingsOf[stack], key);
                    if (cell === "the order schema") {
                        assert.deepEqual(actual, PROGRAM_DEFAULTS.requestSchema, `${stack} value of ${key}`);
                        continue;
                    }
                    const expected = cell === "default" ? lookup(DEFAULTS, key) : value(cell);
                    assert.equal(asWritten(actual), asWritten(expected), `${stack} value of ${key}`);
                }
            }
        });
    });
});
