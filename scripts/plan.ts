// npm run plan -- [--stack <name> | --all] [--json] [--diagram]
//
// Runs the real program (index.ts) with a stack's Pulumi.<stack>.yaml on Pulumi's mocked runtime,
// then the real policy pack over every resource it registers, and prints what the stack would
// create and every policy result. Needs no credentials, no network and no Pulumi CLI. Exits 1 when
// a mandatory policy is violated, 2 when a stack's config is invalid or the command is misused.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

import { Registered, runMocked } from "./offline/mockRuntime";
import { fromMockRun, PackConfig, runPolicies } from "./offline/policyRunner";
import { listStacks, loadProgram, PROJECT_ROOT, stackConfig } from "./offline/stacks";
import { COLOURED, mermaidDiagram, OFFLINE_HEADER, PLAIN, planStack, renderStack, StackPlan } from "./planReport";

export interface PlannedStack {
    readonly stack: string;
    readonly plan?: StackPlan;
    readonly resources?: readonly Registered[];
    /** The config error, as the program reports it, when the stack's config is invalid. */
    readonly configError?: string;
}

/** A stack's policy pack config, when policy/<stack>.json exists (as CI passes it with --policy-pack-config). */
function packConfig(stack: string): PackConfig | undefined {
    const file = path.join(PROJECT_ROOT, "policy", `${stack}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

/** Plans one stack: the program on the mocked runtime, then the policy pack over its resources. */
export async function planOneStack(stack: string): Promise<PlannedStack> {
    const config = stackConfig(stack);
    const run = await runMocked(loadProgram, { stack, config });
    if (run.error) {
        if ((run.error as Error).name === "SettingsError") {
            return { stack, configError: (run.error as Error).message };
        }
        throw run.error;
    }
    const pack = packConfig(stack) ?? {};
    const findings = await runPolicies(fromMockRun(run.resources), { config: pack });
    const levels = Object.fromEntries(Object.entries(pack).map(([name, entry]) =>
        [name, String(typeof entry === "string" ? entry : entry.enforcementLevel)]).filter(([, level]) => level !== "undefined"));
    const region = config["aws:region"] ?? "(no aws:region)";
    return { stack, plan: planStack(stack, region, run.resources, findings, levels), resources: run.resources };
}

export const USAGE = "usage: npm run plan -- [--stack <name> | --all] [--json] [--diagram]";

export interface PlanIo {
    readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
    readonly stderr: { write(text: string): unknown };
    readonly env: Readonly<Record<string, string | undefined>>;
}

/** The command: returns its exit code. */
export async function main(argv: readonly string[], io: PlanIo = process): Promise<number> {
    let options;
    try {
        options = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string", default: "dev" },
                all: { type: "boolean", default: false },
                json: { type: "boolean", default: false },
                diagram: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
        }).values;
    } catch (err) {
        io.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
        return 2;
    }
    if (options.help) {
        io.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const known = listStacks();
    const stacks = options.all ? known : [options.stack!];
    const unknown = stacks.filter((s) => !known.includes(s));
    if (unknown.length > 0 || (options.diagram && stacks.length !== 1)) {
        io.stderr.write(unknown.length > 0
            ? `no stack file Pulumi.${unknown[0]}.yaml; stacks: ${known.join(", ")}\n`
            : "--diagram draws one stack: give --stack, not --all\n");
        return 2;
    }

    const planned: PlannedStack[] = [];
    for (const stack of stacks) {
        io.stderr.write(`planning ${stack}: running the program on the mocked runtime, then the policy pack…\n`);
        planned.push(await planOneStack(stack));
    }
    for (const failed of planned.filter((p) => p.configError)) {
        io.stderr.write(`Stack ${failed.stack} (Pulumi.${failed.stack}.yaml) has invalid config:\n${failed.configError}\n`);
    }
    const ok = planned.filter((p): p is Required<PlannedStack> => p.plan !== undefined);

    if (options.diagram) {
        if (ok.length > 0) {
            io.stdout.write(`${mermaidDiagram(ok[0].resources)}\n`);
        }
    } else if (options.json) {
        io.stdout.write(`${JSON.stringify({
            offline: OFFLINE_HEADER,
            stacks: planned.map((p) => p.plan ?? { stack: p.stack, configError: p.configError }),
        }, null, 2)}\n`);
    } else if (ok.length > 0) {
        const style = io.stdout.isTTY && !io.env.NO_COLOR ? COLOURED : PLAIN;
        io.stdout.write(`${OFFLINE_HEADER}\n\n${ok.map((p) => renderStack(p.plan, style)).join("\n\n")}\n`);
    }

    if (planned.some((p) => p.configError)) {
        return 2;
    }
    return ok.some((p) => p.plan.verdict === "fail") ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    }, (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 3;
    });
}
