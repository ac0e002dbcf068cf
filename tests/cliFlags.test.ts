// The commands' one flag reader: each command declares its flags in a table, and every command
// (plan, local, conformance, redrive, demo, capacity, openapi, bench, docs, golden, queues-leaving)
// answers --help, an unknown flag and a bad value alike.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { BENCH_COMMAND, main as bench } from "../scripts/bench";
import { CliIo, Command, FlagTable, helpText, integerFlag, parseFlags, positiveNumberFlag, switchFlag, textFlag, urlFlag } from "../scripts/cliFlags";
import { CAPACITY_COMMAND, main as capacity } from "../scripts/capacity";
import { CONFORMANCE_COMMAND, main as conformance } from "../scripts/conformance";
import { DEMO_COMMAND, main as demo } from "../scripts/demo";
import { DOCS_COMMAND, main as docs } from "../scripts/docs";
import { GOLDEN_COMMAND, main as golden } from "../scripts/golden";
import { LOCAL_COMMAND, main as local } from "../scripts/local";
import { listStacks, PROJECT_ROOT } from "../offline/stacks";
import { main as openapi, OPENAPI_COMMAND } from "../scripts/openapi";
import { BadInput } from "../offline/sourceFile";
import { main as plan } from "../scripts/plan";
import { PLAN_COMMAND } from "../scripts/planFlags";
import { main as queuesLeaving, QUEUES_LEAVING_COMMAND } from "../scripts/queuesLeaving";
import { main as redrive, REDRIVE_COMMAND } from "../scripts/redrive";
import { existingStack } from "../scripts/stackFlag";
import { withFiles } from "./support/plan";

const EXAMPLE = {
    usage: ["npm run example -- [--port <n>] [--json]"],
    about: "Does an example's work.",
    flags: {
        port: integerFlag("<n>", "the port", { min: 0, max: 65535, fallback: 0 }),
        rate: positiveNumberFlag("<n>", "the rate", { max: 100, fallback: 5 }),
        name: textFlag("<name>", "a name", "dev"),
        endpoint: urlFlag("<url>", "an endpoint", "https://example.com"),
        json: switchFlag("print JSON"),
    },
    exitCodes: { 0: "done", 2: "bad input" },
} satisfies Command<FlagTable>;

/** The one line a refusal reads, or the flags. */
function read(...argv: string[]) {
    try {
        return parseFlags(argv, EXAMPLE);
    } catch (err) {
        assert.ok(err instanceof BadInput, String(err));
        assert.equal(err.lines.length, 1);
        return err.lines[0];
    }
}

const FLAGS = "the flags are --port <n>, --rate <n>, --name <name>, --endpoint <url>, --json and --help";

describe("the commands' flag reader", () => {
    it("reads values given as --flag value and --flag=value, with each flag's default when absent", () => {
        assert.deepEqual(read("--port", "8080", "--rate=2.5", "--json"), { port: 8080, rate: 2.5, name: "dev", endpoint: undefined, json: true });
        assert.deepEqual(read("--name=prod", "--endpoint", "http://127.0.0.1:4566"), { port: 0, rate: 5, name: "prod", endpoint: "http://127.0.0.1:4566/", json: false });
        assert.equal(read("--json", "--help"), "help");
        assert.equal(read("-h", "--nonsense"), "help");
    });

    it("refuses an unknown flag in one line naming the flags, with the flag it likely meant", () => {
        assert.equal(read("--prot", "1"), `unknown flag --prot; did you mean --port? ${FLAGS}`);
        assert.equal(read("--JSON"), `unknown flag --JSON; did you mean --json? ${FLAGS}`);
        assert.equal(read("--verbose"), `unknown flag --verbose; ${FLAGS}`);
        assert.equal(read("-p", "1"), `unknown flag -p; ${FLAGS}`);
    });

    it("refuses a bad value in one line naming the flag, what it takes and what it got", () => {
        assert.equal(read("--port", "http"), "--port must be an integer from 0 to 65535, got \"http\"");
        assert.equal(read("--port", "70000"), "--port must be an integer from 0 to 65535, got \"70000\"");
        assert.equal(read("--port", "-1"), "--port must be an integer from 0 to 65535, got \"-1\"");
        assert.equal(read("--rate", "0"), "--rate must be a number above 0 and at most 100, got \"0\"");
        assert.equal(read("--rate", "NaN"), "--rate must be a number above 0 and at most 100, got \"NaN\"");
        assert.equal(read("--endpoint", "localhost:4566"), "--endpoint must be a URL such as https://example.com, got \"localhost:4566\"");
    });

    it("refuses a missing value, a value flag given twice, a switch with a value and a stray argument", () => {
        assert.equal(read("--port"), "--port needs a value: --port <n>");
        assert.equal(read("--port", "--json"), "--port needs a value: --port <n>");
        assert.equal(read("--name="), "--name needs a value: --name <name>");
        assert.equal(read("--port", "1", "--port=2"), "--port is given twice (1, 2): give it once");
        assert.equal(read("--json=yes"), "--json takes no value, got --json=yes");
        assert.equal(read("8080"), `unexpected argument "8080"; ${FLAGS}`);
    });

    it("prints the usage, what the command does, one line per flag and the exit codes, from the table", () => {
        assert.equal(helpText(EXAMPLE), [
            "usage: npm run example -- [--port <n>] [--json]",
            "",
            "Does an example's work.",
            "",
            "flags:",
            "  --port <n>        the port",
            "  --rate <n>        the rate",
            "  --name <name>     a name",
            "  --endpoint <url>  an endpoint",
            "  --json            print JSON",
            "  --help            print this help",
            "",
            "exit codes:",
            "  0  done",
            "  2  bad input",
            "",
        ].join("\n"));
    });

    it("names a stack that has no file, with the project's stacks and the one it likely meant", async () => {
        await withFiles({ "Pulumi.test-nearly.yaml": "config:\n  aws:region: eu-west-1\n" }, () => {
            assert.equal(existingStack("acme/orders/test-nearly"), "test-nearly");
            assert.throws(() => existingStack("test-naerly"), {
                lines: [`no stack file Pulumi.test-naerly.yaml; did you mean test-nearly? stacks: ${listStacks().join(", ")}`],
            } as object);
        });
    });
});

describe("every command reads its flags with it", () => {
    /** Each command of package.json, its table, how a test runs it, and a near miss of one of its flags. */
    const commands: [string, Command<FlagTable>, (argv: string[], io: CliIo) => Promise<number>, string][] = [
        ["plan", PLAN_COMMAND, (argv, io) => plan(argv, { ...io, env: {} }), "stack"],
        ["local", LOCAL_COMMAND, (argv, io) => local(argv, io), "stack"],
        ["conformance", CONFORMANCE_COMMAND, (argv, io) => conformance(argv, { ...io, stdin: () => "" }), "stack"],
        ["redrive", REDRIVE_COMMAND, (argv, io) => redrive(argv, { ...io, stdin: () => undefined }), "stack"],
        ["demo", DEMO_COMMAND, (argv, io) => demo(argv, io), "stack"],
        ["capacity", CAPACITY_COMMAND, (argv, io) => capacity(argv, io), "stack"],
        ["openapi", OPENAPI_COMMAND, (argv, io) => openapi(argv, io), "stack"],
        ["bench", BENCH_COMMAND, (argv, io) => bench(argv, io), "runs"],
        ["docs", DOCS_COMMAND, (argv, io) => docs(argv, io), "check"],
        ["golden", GOLDEN_COMMAND, (argv, io) => golden(argv, io), "write"],
        ["queues-leaving", QUEUES_LEAVING_COMMAND, (argv, io) => queuesLeaving(argv, io), "preview-json"],
    ];

    it("lists every command of package.json that takes flags", () => {
        const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts);
        // npm's own steps and the test runners take no flags of the project's.
        const own = scripts.filter((name) => !["prepare", "build:policy", "test", "test:e2e", "lint"].includes(name));
        assert.deepEqual(own.sort(), commands.map(([name]) => name).sort());
    });

    const run = async (command: (argv: string[], io: CliIo) => Promise<number>, ...argv: string[]) => {
        let stdout = "";
        let stderr = "";
        const code = await command(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
        return { code, stdout, stderr };
    };

    for (const [name, table, command, flag] of commands) {
        it(`npm run ${name}: --help prints its usage and exits 0; a near miss exits 2 with one line naming the flag meant`, async () => {
            assert.deepEqual(await run(command, "--help"), { code: 0, stdout: helpText(table), stderr: "" });
            assert.ok(helpText(table).startsWith(`usage: ${table.usage[0]}\n`));
            // The flag with two of its letters swapped.
            const nearMiss = `${flag.slice(0, 1)}${flag.slice(2, 3)}${flag.slice(1, 2)}${flag.slice(3)}`;
            const { code, stdout, stderr } = await run(command, `--${nearMiss}`, ...(table.flags[flag].value ? ["1"] : []));
            assert.deepEqual({ code, stdout }, { code: 2, stdout: "" });
            assert.ok(stderr.startsWith(`unknown flag --${nearMiss}; did you mean --${flag}? the flags are `), stderr);
            assert.ok(stderr.endsWith(" and --help\n") && stderr.split("\n").length === 2 && stderr.includes(` --${flag}`), stderr);
        });
    }

    it("npm run local -- --prot 1 names --port; npm run demo -- --orders abc names what it takes", async () => {
        assert.match((await run(commands[1][2], "--prot", "1")).stderr, /^unknown flag --prot; did you mean --port\? the flags are --stack <name>, --port <n>, /);
        assert.deepEqual(await run(commands[4][2], "--orders", "abc"), { code: 2, stdout: "", stderr: "--orders must be an integer from 1 to 10000, got \"abc\"\n" });
        assert.deepEqual(await run(commands[4][2], "--worker-rate", "0"), {
            code: 2, stdout: "", stderr: "--worker-rate must be a number above 0 and at most 1000, got \"0\"\n",
        });
    });
});
