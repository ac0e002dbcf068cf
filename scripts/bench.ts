// npm run bench -- [--runs <n>]
//
// How long the offline plan and the policy pack take, and how that grows with the number of
// routes. Wall-clock times over several runs, reported as median and range; the floor is the time
// Node needs merely to load the Pulumi SDKs.
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { performance } from "node:perf_hooks";

import { QueueApi } from "../components/index";
import { CliIo, Command, integerFlag, readFlags } from "./cliFlags";
import { runAsCommand } from "./commandExit";
import { runMocked } from "../offline/mockRuntime";
import { fromMockRun, runPolicies } from "../offline/policyRunner";
import { loadProgram, PROJECT_ROOT, SHIPPED_STACKS, stackConfig } from "../offline/stacks";

const DEFAULT_RUNS = 5;

export const BENCH_COMMAND = {
    usage: ["npm run bench -- [--runs <n>]"],
    about: "Times the offline plan, the program and the policy pack as the Pulumi CLI loads them, and the policy pack\n"
        + "over APIs of 1, 10 and 100 routes and over the shipped stacks: wall-clock, median and range of --runs runs each.\n"
        + "Prints Markdown tables on stdout (docs/benchmark.md holds a run's), progress on stderr.",
    flags: {
        runs: integerFlag("<n>", `measured runs of each row (default ${DEFAULT_RUNS})`, { min: 1, max: 1000, fallback: DEFAULT_RUNS }),
    },
    exitCodes: {
        0: "measured",
        2: "bad input: a flag (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

const ROUTE_COUNTS = [1, 10, 100];

interface Summary {
    readonly median: number;
    readonly min: number;
    readonly max: number;
}

function summarise(samples: readonly number[]): Summary {
    const sorted = [...samples].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

const ms = (value: number) => `${Math.round(value)} ms`;
const row = (label: string, s: Summary, extra = "") =>
    `| ${label} | ${ms(s.median)} | ${ms(s.min)} – ${ms(s.max)} |${extra ? ` ${extra} |` : ""}`;

/** Wall time of a fresh Node process, start to exit. */
function timeProcess(args: readonly string[]): number {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: "utf8" });
    const elapsed = performance.now() - start;
    if (result.status !== 0) {
        throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
    }
    return elapsed;
}

/** A program with one API of `routes` routes, each with its own queue. */
function program(routes: number): () => void {
    return () => {
        new QueueApi("orders", { routes: Array.from({ length: routes }, (_, i) => ({ path: `orders${i}` })) });
    };
}

/** The benchmark's tables, `runs` measured runs a row; progress goes to `io.stderr`. */
async function measure(runs: number, io: CliIo): Promise<string> {
    io.stderr.write(`benchmarking with ${runs} runs each…\n`);
    const lines: string[] = [];
    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    lines.push(`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`);
    lines.push("", "| what | median | range |", "|---|---|---|");

    // As `npm run plan` runs it, without npm's own start-up.
    const plan = ["-r", "esbuild-register", "scripts/plan.ts"];
    const floor = summarise(Array.from({ length: runs }, () =>
        timeProcess(["-e", "require('@pulumi/pulumi'); require('@pulumi/aws'); require('@pulumi/policy')"])));
    lines.push(row("loading the Pulumi SDKs alone (the floor)", floor));
    for (const [label, args] of [
        ["`npm run plan` (dev), start to finish", [...plan, "--json"]],
        ["`npm run plan -- --stack prod`, start to finish", [...plan, "--stack", "prod", "--json"]],
        [`\`npm run plan -- --all\` (${SHIPPED_STACKS.join(", ")}), start to finish`, [...plan, "--all", "--json"]],
    ] as const) {
        io.stderr.write(`${label}…\n`);
        lines.push(row(label, summarise(Array.from({ length: runs }, () => timeProcess(args)))));
    }

    // As the Pulumi CLI's hosts load the program and the pack (scripts/cliLoad.js), next to the
    // transpile-only floor: what every preview pays before its first resource.
    lines.push("", "| load, as the Pulumi CLI does it | as the CLI loads it: median (range) | transpile-only floor: median (range) | ratio |",
        "|---|---|---|---|");
    for (const [label, mode] of [["the program (index.ts, on the mocked runtime)", "program"], ["the policy pack", "pack"]] as const) {
        io.stderr.write(`loading ${mode} as the CLI does…\n`);
        const cli = summarise(Array.from({ length: runs }, () => timeProcess(["scripts/cliLoad.js", mode])));
        const floorLoad = summarise(Array.from({ length: runs }, () => timeProcess(["scripts/cliLoad.js", mode, "--transpile-only"])));
        lines.push(`| ${label} | ${ms(cli.median)} (${ms(cli.min)} – ${ms(cli.max)}) | ${ms(floorLoad.median)} (${ms(floorLoad.min)} – ${ms(floorLoad.max)}) `
            + `| ${(cli.median / floorLoad.median).toFixed(2)} |`);
    }

    lines.push("", "| routes (one queue each) | resources | program on mocks: median (range) | policy pack: median (range) | pack per route |",
        "|---|---|---|---|---|");
    for (const routes of ROUTE_COUNTS) {
        io.stderr.write(`${routes} route(s)…\n`);
        const programTimes: number[] = [];
        const packTimes: number[] = [];
        let resources = 0;
        // One unmeasured run first, so that loading modules and the IAM catalogue is not counted.
        for (let run = -1; run < runs; run++) {
            const start = performance.now();
            const result = await runMocked(program(routes));
            const built = performance.now();
            const findings = await runPolicies(fromMockRun(result.resources));
            const checked = performance.now();
            const refused = findings.filter((finding) => finding.enforcementLevel === "mandatory");
            if (refused.length > 0) {
                throw new Error(`the benchmark program should pass every mandatory policy, got ${refused[0].policy}: ${refused[0].message}`);
            }
            resources = result.resources.length;
            if (run >= 0) {
                programTimes.push(built - start);
                packTimes.push(checked - built);
            }
        }
        const p = summarise(programTimes);
        const k = summarise(packTimes);
        lines.push(`| ${routes} | ${resources} | ${ms(p.median)} (${ms(p.min)} – ${ms(p.max)}) | ${ms(k.median)} (${ms(k.min)} – ${ms(k.max)}) | ${(k.median / routes).toFixed(1)} ms |`);
    }

    // The shipped stacks, planned from their stack files as the CLI hands them to the program.
    lines.push("", "| stack | resources | policy pack: median (range) |", "|---|---|---|");
    for (const stack of SHIPPED_STACKS) {
        io.stderr.write(`the ${stack} stack…\n`);
        const run = await runMocked(loadProgram, { stack, config: stackConfig(stack) });
        if (run.error !== undefined) {
            throw new Error(`the ${stack} stack does not plan: ${String(run.error)}`);
        }
        const fixtures = fromMockRun(run.resources);
        const times: number[] = [];
        for (let i = -1; i < runs; i++) {
            const start = performance.now();
            const refused = (await runPolicies(fixtures)).filter((finding) => finding.enforcementLevel === "mandatory");
            if (refused.length > 0) {
                throw new Error(`the ${stack} stack should pass every mandatory policy, got ${refused[0].policy}: ${refused[0].message}`);
            }
            if (i >= 0) {
                times.push(performance.now() - start);
            }
        }
        const k = summarise(times);
        lines.push(`| ${stack} | ${fixtures.length} | ${ms(k.median)} (${ms(k.min)} – ${ms(k.max)}) |`);
    }
    return `${lines.join("\n")}\n`;
}

/** The command: returns its exit code. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
    const flags = readFlags(argv, BENCH_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    io.stdout.write(await measure(flags.runs, io));
    return 0;
}

runAsCommand(module, main);
