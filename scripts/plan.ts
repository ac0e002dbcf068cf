// npm run plan -- [--stack <name>] [--json | --diagram]   or   npm run plan -- --all [--json]
// (npm run plan -- --stack <name> --since <git-ref> and --preview-json <file> judge an update: planChanges.ts)
//
// Runs the real program (index.ts) with a stack's Pulumi.<stack>.yaml on Pulumi's mocked runtime,
// then the real policy pack over every resource it registers, and prints what the stack would
// create and every policy result. Needs no credentials, no network and no Pulumi CLI. Exits 1 when
// a mandatory policy is violated, 2 for bad input (flags, a stack file, its config, a policy
// config: one line each, naming the file), 3 for a bug (with its stack trace).
import { policies } from "../policy/policies";
import { Registered } from "../offline/mockRuntime";
import { readPackConfig } from "../offline/policyConfig";
import { fromMockRun, levelOf, runPolicies } from "../offline/policyRunner";
import { BadInput } from "../offline/sourceFile";
import { ProgramRefused, runStack } from "../offline/runStack";
import { listStacks, projectName } from "../offline/stacks";
import { HELP, readPlanFlags } from "./planFlags";
import { COLOURED, mermaidDiagram, OFFLINE_HEADER, PLAIN, planStack, renderStack, StackPlan } from "./planReport";
import { capacityWarnings } from "./capacity/warnings";
import { corsHeaderWarnings } from "./corsWarnings";
import { nextUpdateWarnings } from "./planNextUpdate";
import { runAsCommand } from "./commandExit";
import { asksForChanges, changesMain } from "./planChanges";

export interface PlannedStack {
    readonly stack: string;
    readonly plan?: StackPlan;
    readonly resources?: readonly Registered[];
    /** Why the stack was not planned: one line per problem with its input, each naming the file. */
    readonly errors?: readonly string[];
    /** Lines worth knowing about a planned stack: the encrypted values it planned with placeholders. */
    readonly notices?: readonly string[];
}

/**
 * Plans one stack: its stack file and policy config, the program on the mocked runtime, then the
 * policy pack over its resources. Bad input comes back as error lines; anything else thrown is a bug.
 */
export async function planOneStack(stack: string, progress: (line: string) => void = () => undefined): Promise<PlannedStack> {
    let pack;
    let ran;
    try {
        pack = readPackConfig(stack) ?? {};
        ran = await runStack(stack, (stackFile) => {
            progress(`planning ${stack}: running the program on the mocked runtime, then the policy pack…`);
            stackFile.notices.forEach((notice) => progress(notice));
        });
    } catch (err) {
        if (err instanceof BadInput) {
            return { stack, errors: err.lines, ...(err instanceof ProgramRefused && err.notices.length > 0 ? { notices: err.notices } : {}) };
        }
        throw err;
    }
    const { stackFile, resources, outputs } = ran;
    const notices = stackFile.notices.length > 0 ? { notices: stackFile.notices } : {};
    const findings = await runPolicies(fromMockRun(resources), { config: pack });
    const levels = Object.fromEntries(policies.map((policy) => [policy.name, levelOf(policy, pack)]));
    const region = stackFile.config["aws:region"] ?? "(no aws:region)";
    const warnings = [...capacityWarnings(resources, region, projectName(), outputs), ...corsHeaderWarnings(resources, projectName())];
    const nextUpdate = nextUpdateWarnings(resources, projectName());
    return { stack, plan: { ...planStack(stack, region, resources, findings, levels), warnings, ...(nextUpdate.length > 0 ? { nextUpdate } : {}) },
        resources, ...notices };
}

export interface PlanIo {
    readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
    readonly stderr: { write(text: string): unknown };
    readonly env: Readonly<Record<string, string | undefined>>;
}

/** The stacks the flags name, by their short names; throws a BadInput when there are none. */
function stacksToPlan(flags: { stack?: string; all: boolean }): string[] {
    if (!flags.all) {
        return [flags.stack!];
    }
    const known = listStacks();
    if (known.length === 0) {
        throw new BadInput(["no stack files (Pulumi.<stack>.yaml) to plan"]);
    }
    return known;
}

/** The exit code of one planned stack: 2 for bad input, 1 for a violated mandatory policy. */
const exitCodeOf = (planned: PlannedStack) => (planned.errors ? 2 : planned.plan?.verdict === "fail" ? 1 : 0);

/** The command: returns its exit code (with several stacks, the worst one). */
export async function main(argv: readonly string[], io: PlanIo = process): Promise<number> {
    if (asksForChanges(argv)) {
        return changesMain(argv, io);
    }
    let flags;
    let stacks;
    try {
        flags = readPlanFlags(argv);
        if (flags.help) {
            io.stdout.write(HELP);
            return 0;
        }
        stacks = stacksToPlan(flags);
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }

    const planned: PlannedStack[] = [];
    for (const stack of stacks) {
        const result = await planOneStack(stack, (line) => io.stderr.write(`${line}\n`));
        for (const line of result.errors ?? []) {
            io.stderr.write(`${line}\n`);
        }
        planned.push(result);
    }
    const ok = planned.filter((p): p is PlannedStack & Required<Pick<PlannedStack, "plan" | "resources">> => p.plan !== undefined);

    if (flags.diagram) {
        if (ok.length > 0) {
            io.stdout.write(`${mermaidDiagram(ok[0].resources)}\n`);
        }
    } else if (flags.json) {
        io.stdout.write(`${JSON.stringify({
            offline: OFFLINE_HEADER,
            stacks: planned.map((p) => (p.plan ? { ...p.plan, ...(p.notices ? { notices: p.notices } : {}) } : { stack: p.stack, errors: p.errors })),
        }, null, 2)}\n`);
    } else if (ok.length > 0) {
        const style = io.stdout.isTTY && !io.env.NO_COLOR ? COLOURED : PLAIN;
        io.stdout.write(`${OFFLINE_HEADER}\n\n${ok.map((p) => renderStack(p.plan, style)).join("\n\n")}\n`);
    }
    return Math.max(...planned.map(exitCodeOf));
}

runAsCommand(module, main);
