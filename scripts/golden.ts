// npm run golden [-- --write]
//
// The golden record of what an upgrade must keep (offline/urns.ts): every resource's URN
// and the replace-forcing inputs of those that bear state, for the shipped stacks and the stack
// with every feature of docs/examples.md. With --write it rewrites tests/golden/urns.json after a
// change that is meant to move resources; the tests compare every change against it.
import * as fs from "node:fs";
import * as path from "node:path";

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

if (require.main === module) {
    currentRecord().then((record) => {
        const text = `${JSON.stringify(record, null, 2)}\n`;
        if (process.argv.includes("--write")) {
            fs.mkdirSync(path.dirname(GOLDEN_FILE), { recursive: true });
            fs.writeFileSync(GOLDEN_FILE, text);
            process.stdout.write(`wrote ${path.relative(PROJECT_ROOT, GOLDEN_FILE)}\n`);
        } else {
            process.stdout.write(text);
        }
    }, (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 3;
    });
}
