// The program's runs remembered by the test suite (tests/support/rememberedRuns.ts): a run with the
// same inputs comes back as a copy of the first, never shared, and a run whose result depends on
// more than its inputs (one that failed, one that bundled a worker's code) runs again every time.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { resolveSettings } from "../components/index";
import { runProgram } from "../offline/programRun";
import { PROJECT_ROOT, stackConfig } from "../offline/stacks";

// The settings module as the program reads it, so that a test can count the program's runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settingsModule = require("../components/settings") as { resolveSettings: typeof resolveSettings };

/** How many times the program ran (resolved its settings) while `runs` ran. */
async function programRunsDuring(runs: () => Promise<unknown>): Promise<number> {
    const original = settingsModule.resolveSettings;
    let count = 0;
    settingsModule.resolveSettings = (args, options) => {
        count += 1;
        return original(args, options);
    };
    try {
        await runs();
    } finally {
        settingsModule.resolveSettings = original;
    }
    return count;
}

describe("the program's runs, remembered by the tests", () => {
    // A stack of its own, so that no other test's run of it is remembered first.
    const config = { ...stackConfig("dev"), "orders:stageName": "remembered" };

    it("run the program once for the same stack and config, and give each caller a copy of its own", async () => {
        let first: Awaited<ReturnType<typeof runProgram>> | undefined;
        let second: Awaited<ReturnType<typeof runProgram>> | undefined;
        const runs = await programRunsDuring(async () => {
            first = await runProgram({ stack: "remembered", config });
            second = await runProgram({ stack: "remembered", config });
        });
        assert.equal(runs, 1);
        assert.deepEqual(second, first);
        assert.notEqual(second!.resources, first!.resources);
        const unchanged = structuredClone(second);
        first!.resources[0].inputs.changedByATest = true;
        second!.resources[1].inputs.changedByATest = true;
        assert.deepEqual(await runProgram({ stack: "remembered", config }), unchanged);
    });

    it("run again for another stack name, another value or a preview", async () => {
        const runs = await programRunsDuring(async () => {
            await runProgram({ stack: "remembered-too", config });
            await runProgram({ stack: "remembered", config: { ...config, "orders:stageName": "remembered-v2" } });
            await runProgram({ stack: "remembered", config, preview: true });
        });
        assert.equal(runs, 3);
    });

    it("run again every time a run that failed or one that bundled a worker's code", async () => {
        const refused = { ...config, "orders:protectQueue": "true" };
        const withConsumer = { ...config, "orders:consumer": "{}" };
        const runs = await programRunsDuring(async () => {
            assert.equal((await runProgram({ stack: "remembered", config: refused })).error?.constructor.name, "SettingsError");
            assert.equal((await runProgram({ stack: "remembered", config: refused })).error?.constructor.name, "SettingsError");
            await runProgram({ stack: "remembered", config: withConsumer });
            await runProgram({ stack: "remembered", config: withConsumer });
        });
        assert.equal(runs, 4);
    });

    it("are remembered only in the tests: no command asks for it", () => {
        const callers = (folder: string): string[] => fs.readdirSync(folder, { withFileTypes: true, recursive: true })
            .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
            .map((entry) => path.join(entry.parentPath, entry.name))
            .filter((file) => /^\s*rememberProgramRuns\(\);/m.test(fs.readFileSync(file, "utf8")));
        assert.deepEqual(["offline", "scripts", "local", "components", "workers"].flatMap((folder) => callers(path.join(PROJECT_ROOT, folder))), []);
        assert.deepEqual(callers(path.join(PROJECT_ROOT, "tests")), [path.join(PROJECT_ROOT, "tests", "support", "rememberedRuns.ts")]);
    });
});
