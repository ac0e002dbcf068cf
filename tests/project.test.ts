import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { SETTING_KEYS } from "../components/settings";
import { configTable, outOfDate } from "../scripts/docs";
import { PROJECT_ROOT } from "../scripts/offline/stacks";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
const packageJson = JSON.parse(read("package.json"));
const readme = read("README.md");

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
        for (const command of ["npm ci", "npm test", "npm run test:e2e", "npm run lint"]) {
            assert.ok(readme.includes(command), `README does not mention ${command}`);
            assert.ok(ci.includes(command), `.ci/run does not run ${command}`);
        }
        assert.equal(packageJson.scripts.test, "node scripts/test.js");
    });

    it("says in the README what AWS says of API keys and usage plans, and the front door's guide says it at length", () => {
        const oneLine = (text: string) => text.replace(/\s+/g, " ");
        assert.ok(oneLine(readme).includes("**An API key is not authentication**, and usage-plan quotas and throttles do not control cost or block access"));
        const guide = oneLine(read("docs/front-door.md"));
        assert.ok(guide.includes("**An API key is not authentication.**"));
        assert.ok(guide.includes("**Usage plans do not control cost or block access either:**"));
    });

    describe("generated from the settings' declarations", () => {
        it("the README's config table and Pulumi.yaml are up to date (npm run docs writes them; the schema's check is end to end)", async () => {
            assert.deepEqual(await outOfDate({ schema: false }), []);
        });

        it("the config table has a row for every setting, each stack's values read from its stack file", () => {
            const table = configTable();
            for (const key of SETTING_KEYS) {
                assert.ok(new RegExp(`^\\| \`orders:${key}[.\`]`, "m").test(table), `no row for ${key}`);
            }
            assert.match(table, /^\| `orders:throttle\.rateLimit` \|.*\| `100` \| `10` \| `500` \|$/m);
            assert.match(table, /^\| `orders:requestSchema` \|.*\| none \| the order schema \| the order schema \|$/m);
            assert.match(table, /^\| `orders:protectQueues` \|.*\| `false` \| default \| `true` \|$/m);
        });
    });
});
