// npm run golden -- [--write]
//
// The golden record of what an upgrade must keep (offline/urns.ts): every resource's URN
// and the replace-forcing inputs of those that bear state, for the shipped stacks and the stack
// with every feature of docs/examples.md. With --write it rewrites tests/golden/urns.json after a
// change that is meant to move resources; the tests compare every change against it.
import * as fs from "node:fs";
import * as path from "node:path";

import { CliIo, Command, readFlags, switchFlag } from "./cliFlags";
import { exitOnBadInput, runAsCommand } from "./commandExit";
import { configExamples } from "../offline/docExamples";
import { Registered } from "../offline/mockRuntime";
import { runProgram } from "../offline/programRun";
import { runStack } from "../offline/runStack";
import { declaredDefaults, PROJECT_ROOT } from "../offline/stacks";
import { UrnRecord, urnRecords } from "../offline/urns";

import { load } from "js-yaml";

export const GOLDEN_FILE = path.join(PROJECT_ROOT, "tests", "golden", "urns.json");
export const GOLDEN_STACKS = ["dev", "prod", "conformance"];
export const FEATURE_STACK = "docs/examples.md";

/** The stack name in the URNs of a record's stack (the stack with every feature is planned as `features`). */
export const urnStack = (stack: string) => (stack === FEATURE_STACK ? "features" : stack);

/** The resources of every stack the golden record covers, by stack. */
export async function goldenStacks(): Promise<Record<string, Registered[]>> {
    const stacks: Record<string, Registered[]> = {};
    for (const stack of GOLDEN_STACKS) {
        stacks[stack] = (await runStack(stack)).resources;
    }
    const [tour] = configExamples().filter((e) => e.where.startsWith(FEATURE_STACK));
    const config = (load(tour.text) as { config: Record<string, unknown> }).config;
    const raw = { ...declaredDefaults(), ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) };
    const run = await runProgram({ stack: "features", config: raw });
    if (run.error) {
        throw run.error;
    }
    stacks[FEATURE_STACK] = run.resources;
    return stacks;
}

/** The golden record as it would be written now (from stacks already run, when given). */
export async function currentRecord(stacks?: Record<string, Registered[]>): Promise<Record<string, UrnRecord[]>> {
    stacks ??= await goldenStacks();
    return Object.fromEntries(Object.entries(stacks).map(([stack, resources]) => [stack, urnRecords(resources, urnStack(stack))]));
}

export const GOLDEN_COMMAND = {
    usage: ["npm run golden -- [--write]"],
    about: "Prints the golden record of what an upgrade must keep: every resource's URN, and the replace-forcing inputs\n"
        + "of those that bear state, for the shipped stacks and the stack with every feature of docs/examples.md.\n"
        + "With --write, rewrites tests/golden/urns.json instead: only after a change meant to move resources.",
    flags: {
        write: switchFlag("rewrite tests/golden/urns.json instead of printing the record"),
    },
    exitCodes: {
        0: "printed, or written",
        2: "bad input: a flag, or a stack the program refuses (one line each, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

/** The command: returns its exit code. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
    const flags = readFlags(argv, GOLDEN_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    return exitOnBadInput(io.stderr, async () => {
        const text = `${JSON.stringify(await currentRecord(), null, 2)}\n`;
        if (flags.write) {
            fs.mkdirSync(path.dirname(GOLDEN_FILE), { recursive: true });
            fs.writeFileSync(GOLDEN_FILE, text);
            io.stdout.write(`wrote ${path.relative(PROJECT_ROOT, GOLDEN_FILE)}\n`);
        } else {
            io.stdout.write(text);
        }
        return 0;
    });
}

runAsCommand(module, main);
