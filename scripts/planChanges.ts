// npm run plan -- --stack <name> --since <git-ref>   (--all: every stack)   or   npm run plan -- --preview-json <file>
//
// Judges an update like a reviewer (changes/rules.ts): a route removed or re-methoded without
// having been retired, a queue, dead-letter queue, KMS key or log group deleted or replaced, a
// resource policy deleted after the new deployment is made. With --since, offline: the stack as it
// was at a git revision (its stack file and program) and as it is now, both planned on the mocked
// runtime. With --preview-json, the steps of a real `pulumi preview --json --show-sames` against the
// stack's state. Exits 0 with a one-line summary, 1 with one line per unsafe change, 2 for bad input
// (flags, a ref, a file), 3 for a bug.
import { nearest } from "../components/nearMiss";
import { BadInput } from "../offline/sourceFile";
import { listStacks, PROJECT_ROOT, projectName, stackFileName } from "../offline/stacks";
import { changesSince } from "./changes/revision";
import { readPreview } from "./changes/previewJson";
import { judge } from "./changes/rules";
import { CliIo, Command, readFlags, switchFlag, textFlag } from "./cliFlags";
import { exitOnBadInput } from "./commandExit";
import { shortStackName } from "./stackFlag";

export const CHANGES_COMMAND = {
    usage: ["npm run plan -- --stack <name> --since <git-ref>", "npm run plan -- --all --since <git-ref>", "npm run plan -- --preview-json <file>"],
    about: "Judges an update like a reviewer: routes removed or re-methoded without being retired first,\n"
        + "queues, dead-letter queues, KMS keys or log groups deleted or replaced, a resource policy deleted\n"
        + "after the new deployment is made. Each unsafe change is one line with the safe procedure.",
    flags: {
        stack: textFlag("<name>", "the stack, with --since (default dev)"),
        all: switchFlag("with --since, judge every Pulumi.<stack>.yaml there is now, each line after its stack's name"),
        since: textFlag("<git-ref>", "compare the stack as it was at this revision (its stack file and program) with it as it is now, both planned offline"),
        "preview-json": textFlag("<file>", "judge the steps of pulumi preview --json --show-sames, run against the stack's state"),
    },
    exitCodes: {
        0: "no unsafe change: one line says what the update does (with --all, one per stack)",
        1: "unsafe changes: one line each (with --all, in any stack)",
        2: "bad input: flags, a revision, a file (one line each, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

/** Whether the plan command's arguments ask for this judgement rather than a plan. */
export const asksForChanges = (argv: readonly string[]) => argv.some((arg) => /^--(since|preview-json)(=|$)/.test(arg));

/** The stack of a project's folder that has a stack file; a BadInput naming those that do otherwise. */
function stackOf(root: string, name: string): string {
    const stack = shortStackName(name, () => projectName(root));
    const known = listStacks(root);
    if (!known.includes(stack)) {
        const meant = nearest(stack, known);
        throw new BadInput([`no stack file ${stackFileName(stack)};${meant ? ` did you mean ${meant}?` : ""} stacks: ${known.join(", ")}`]);
    }
    return stack;
}

/** The plan's flags that make a plan, not a judgement: named in a refusal rather than called unknown. */
const PLAN_ONLY = ["--json", "--diagram"];

/** Writes a judgement to `io`, each line after `prefix`: its unsafe changes, or its summary; returns its exit code. */
function report(verdict: ReturnType<typeof judge>, io: CliIo, prefix = ""): number {
    const lines = verdict.unsafe.length > 0 ? verdict.unsafe : [verdict.summary];
    io.stdout.write(lines.map((line) => `${prefix}${line}\n`).join(""));
    return verdict.unsafe.length > 0 ? 1 : 0;
}

/** One stack's judgement since `since`, reported after `prefix`: its exit code. */
async function judgeSince(root: string, stack: string, since: string, io: CliIo, prefix = ""): Promise<number> {
    return report(judge(await changesSince(root, stack, since, (line) => io.stderr.write(`${prefix}${line}\n`)), `since ${since}`), io, prefix);
}

/** The command: returns its exit code. `root` is the project's folder (this one by default). */
export async function changesMain(argv: readonly string[], io: CliIo, root = PROJECT_ROOT): Promise<number> {
    const planOnly = argv.find((arg) => PLAN_ONLY.includes(arg.split("=")[0]));
    if (planOnly !== undefined) {
        io.stderr.write(`${planOnly.split("=")[0]} is an output of a plan; --since and --preview-json judge an update, one line per change: give one of them\n`);
        return 2;
    }
    const flags = readFlags(argv, CHANGES_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    const previewJson = flags["preview-json"];
    return exitOnBadInput(io.stderr, async () => {
        if ((flags.since === undefined) === (previewJson === undefined)) {
            throw new BadInput(["give --since <git-ref> (with --stack or --all) or --preview-json <file>, one of them"]);
        }
        if (previewJson !== undefined && (flags.stack !== undefined || flags.all)) {
            throw new BadInput([`--preview-json judges the preview of the stack it was run for: give no ${flags.all ? "--all" : "--stack"} with it`]);
        }
        if (flags.all && flags.stack !== undefined) {
            throw new BadInput(["--all judges every stack and --stack one: give one of them"]);
        }
        if (previewJson !== undefined) {
            return report(judge(readPreview(previewJson), "against the stack's state"), io);
        }
        if (!flags.all) {
            return await judgeSince(root, stackOf(root, flags.stack ?? "dev"), flags.since!, io);
        }
        // Every stack, a user's own included; a stack whose revision is bad input is reported, the others still judged.
        let worst = 0;
        for (const stack of listStacks(root)) {
            try {
                worst = Math.max(worst, await judgeSince(root, stack, flags.since!, io, `${stack}: `));
            } catch (err) {
                if (!(err instanceof BadInput)) {
                    throw err;
                }
                io.stderr.write(err.lines.map((line) => `${stack}: ${line}\n`).join(""));
                worst = 2;
            }
        }
        return worst;
    });
}
