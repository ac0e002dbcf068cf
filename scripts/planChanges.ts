// npm run plan -- --stack <name> --since <git-ref>     or     npm run plan -- --preview-json <file>
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
import { CliIo, Command, readFlags, textFlag } from "./cliFlags";
import { shortStackName } from "./stackFlag";

export const CHANGES_COMMAND = {
    usage: ["npm run plan -- --stack <name> --since <git-ref>", "npm run plan -- --preview-json <file>"],
    about: "Judges an update like a reviewer: routes removed or re-methoded without being retired first,\n"
        + "queues, dead-letter queues, KMS keys or log groups deleted or replaced, a resource policy deleted\n"
        + "after the new deployment is made. Each unsafe change is one line with the safe procedure.",
    flags: {
        stack: textFlag("<name>", "the stack, with --since (default dev)"),
        since: textFlag("<git-ref>", "compare the stack as it was at this revision (its stack file and program) with it as it is now, both planned offline"),
        "preview-json": textFlag("<file>", "judge the steps of pulumi preview --json --show-sames, run against the stack's state"),
    },
    exitCodes: {
        0: "no unsafe change: one line says what the update does",
        1: "unsafe changes: one line each",
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

/** The command: returns its exit code. `root` is the project's folder (this one by default). */
export async function changesMain(argv: readonly string[], io: CliIo, root = PROJECT_ROOT): Promise<number> {
    const flags = readFlags(argv, CHANGES_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    const previewJson = flags["preview-json"];
    try {
        if ((flags.since === undefined) === (previewJson === undefined)) {
            throw new BadInput(["give --since <git-ref> (with --stack) or --preview-json <file>, one of them"]);
        }
        if (previewJson !== undefined && flags.stack !== undefined) {
            throw new BadInput(["--preview-json judges the preview of the stack it was run for: give no --stack with it"]);
        }
        let changes;
        let against;
        if (previewJson !== undefined) {
            changes = readPreview(previewJson);
            against = "against the stack's state";
        } else {
            const stack = stackOf(root, flags.stack ?? "dev");
            changes = await changesSince(root, stack, flags.since!, (line) => io.stderr.write(`${line}\n`));
            against = `since ${flags.since}`;
        }
        const verdict = judge(changes, against);
        io.stdout.write(verdict.unsafe.length > 0 ? `${verdict.unsafe.join("\n")}\n` : `${verdict.summary}\n`);
        return verdict.unsafe.length > 0 ? 1 : 0;
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
}
