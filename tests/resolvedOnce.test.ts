// The stack's config resolved once: the program resolves its settings from the stack file, and
// the component is built from them without resolving them again.
import assert from "node:assert/strict";

import { QueueApi, QueueApiSettings, resolveSettings, resolveStackConfig, SettingsError } from "../components/index";
import { PROGRAM_DEFAULTS } from "../programDefaults";
import { MockRun, runMocked } from "../offline/mockRuntime";
import { loadProgram, stackConfig } from "../offline/stacks";

// The settings module as the component and the stack config read it, so that a test can count its calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settingsModule = require("../components/settings") as { resolveSettings: typeof resolveSettings };

const resources = (run: MockRun<unknown>) => run.resources.map((r) => `${r.type} ${r.name} ${JSON.stringify(r.inputs)}`);

describe("the stack's config, resolved once", () => {
    it("is resolved by the program once, for the stack file and the component alike", async () => {
        const original = settingsModule.resolveSettings;
        const calls: string[] = [];
        settingsModule.resolveSettings = (args, options) => {
            calls.push(options?.keyPrefix ?? "");
            return original(args, options);
        };
        let run: MockRun<unknown>;
        try {
            run = await runMocked(loadProgram, { stack: "prod", config: stackConfig("prod") });
        } finally {
            settingsModule.resolveSettings = original;
        }
        assert.equal(run.error, undefined);
        assert.deepEqual(calls, ["orders:"]);
    });

    it("builds the component from the settings the stack config resolved, as from the arguments it read", async () => {
        const { args, settings } = resolveStackConfig("orders", stackConfig("prod"), PROGRAM_DEFAULTS);
        const config = { "aws:region": "eu-west-1" };
        const fromSettings = await runMocked(() => QueueApi.fromSettings("orders", settings), { config });
        const fromArgs = await runMocked(() => new QueueApi("orders", args), { config });
        assert.equal(fromSettings.error, undefined);
        assert.match(resources(fromSettings)[0], /^queue-load-leveling:index:QueueApi orders /);
        assert.deepEqual(resources(fromSettings), resources(fromArgs));
    });

    it("uses the settings it is given as they are: a stage name is not looked at again", async () => {
        const settings: QueueApiSettings = { ...resolveSettings({}), stageName: "v7" };
        const run = await runMocked(() => QueueApi.fromSettings("orders", settings), { config: { "aws:region": "eu-west-1" } });
        assert.equal(run.resources.find((r) => r.type === "aws:apigateway/stage:Stage")?.inputs.stageName, "v7");
    });

    it("checks the region's rules in the provider's region: the stack's aws:region, else the environment's, as the component does", () => {
        const elsewhere = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
        const config = { "orders:domain": JSON.stringify({ name: "orders.example.com", certificateArn: elsewhere }) };
        const saved = process.env.AWS_REGION;
        process.env.AWS_REGION = "eu-west-1";
        try {
            assert.throws(() => resolveStackConfig("orders", config), (err: unknown) => err instanceof SettingsError && err.problems.join("\n")
                === `orders:domain.certificateArn must be a certificate of the API's region eu-west-1, got one of us-east-1: "${elsewhere}"`);
            assert.equal(resolveStackConfig("orders", { ...config, "aws:region": "us-east-1" }).settings.frontDoor.domain?.certificateArn, elsewhere);
        } finally {
            if (saved === undefined) {
                delete process.env.AWS_REGION;
            } else {
                process.env.AWS_REGION = saved;
            }
        }
    });

    it("still refuses a name of its own that makes names AWS refuses, naming the component", async () => {
        const name = "o".repeat(52);
        const run = await runMocked(() => QueueApi.fromSettings(name, resolveSettings({})), { config: { "aws:region": "eu-west-1" } });
        assert.ok(run.error instanceof SettingsError);
        assert.deepEqual(run.error.problems, [`QueueApi "${name}": the component's name makes the IAM role's name ${name}-role-xxxxxxx 65 characters long, `
            + "and AWS takes 64: shorten the component's name"]);
        assert.deepEqual(run.resources, []);
    });
});
