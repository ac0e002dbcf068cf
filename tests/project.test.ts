import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

import { SETTING_KEYS } from "../components/settings";
import { configTable, outOfDate } from "../scripts/docs";
import { PROJECT_ROOT } from "../offline/stacks";

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

    it("states one set of Node.js versions: the README's, engines', the pull-request workflow's and .ci/run's", () => {
        const oneLine = (text: string) => text.replace(/\s+/g, " ");
        // The oldest that runs it, as engines says.
        const engines = [packageJson, JSON.parse(read("components/package.json"))].map((p) => p.engines.node);
        assert.deepEqual(engines, [">=20.19", ">=20.19"]);
        const oldest = engines[0].replace(/^>=/, "");
        assert.ok(oneLine(readme).includes(`Needs Node.js ${oldest} or later and npm (\`engines\`)`));
        // The lines pull requests test on, as the workflow's matrix has them.
        const workflow = load(read(".github/workflows/pull-request.yml")) as { jobs: { offline: { strategy: { matrix: { node: number[] } } } } };
        const tested = workflow.jobs.offline.strategy.matrix.node;
        assert.deepEqual(tested, [24, 26]);
        const lines = `Node.js ${tested.slice(0, -1).join(", ")} and ${tested.at(-1)}`;
        assert.ok(oneLine(readme).includes(`pull requests are tested on ${lines}, the LTS lines users run`), lines);
        assert.ok(oneLine(read("docs/ci-cd.md")).includes(`\`npm run plan -- --all\` on ${lines}, the LTS lines users run`), lines);
        // .ci/run's second Node.js, from the registry: the newest line the workflow tests.
        const second = /^NODE_(\d+)=(\d+)\.\d+\.\d+$/m.exec(read(".ci/run"));
        assert.ok(second && second[1] === second[2], ".ci/run names the Node.js it installs by its line");
        assert.equal(Number(second[1]), Math.max(...tested));
        assert.ok(oneLine(readme).includes(`on the machine's Node.js, and the unit tests on Node.js ${second[1]} beside them`));
        assert.ok(Number(oldest.split(".")[0]) < Math.min(...tested), "engines admits a line older than those tested: the README says what holds there");
        assert.ok(oneLine(readme).includes(`Node.js ${oldest.split(".")[0]} is past its end of life: it runs the project, and no more is promised there`));
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
