// The plan command's flags, read strictly by the commands' one flag reader: a typo, a stray argument
// or two flags that contradict each other are refused with one line, never half-honoured.
import { Command, helpText, parseFlags, switchFlag, textFlag } from "./cliFlags";
import { BadInput } from "../offline/sourceFile";
import { existingStack, stackFlag } from "./stackFlag";

export const PLAN_COMMAND = {
    usage: ["npm run plan -- [--stack <name>] [--json | --diagram]", "npm run plan -- --all [--json]",
        "npm run plan -- --stack <name> --since <git-ref>", "npm run plan -- --preview-json <file>"],
    about: "Plans stacks offline: runs index.ts with a stack's Pulumi.<stack>.yaml on Pulumi's mocked runtime,\n"
        + "then the policy pack over what it registers (with policy/<stack>.json when there is one).\n"
        + "No cloud credentials, no network, no Pulumi CLI.\n\n"
        + "With --since <git-ref> (or --preview-json <file>, the steps of pulumi preview --json --show-sames\n"
        + "against the stack's state) it judges an update instead: routes removed or re-methoded without being\n"
        + "retired first, what holds orders or logs deleted or replaced; exit 1 with one line per unsafe change.\n"
        + "npm run plan -- --since <git-ref> --help lists its flags.",
    flags: {
        stack: stackFlag("plan this stack (default dev); <org>/<stack> and <org>/<project>/<stack> plan Pulumi.<stack>.yaml"),
        all: switchFlag("plan every Pulumi.<stack>.yaml; a stack with bad input is reported and the others still planned"),
        json: switchFlag("print the plans as JSON; a stack with bad input carries its error lines instead of a plan"),
        diagram: switchFlag("print a Mermaid diagram of what one stack creates"),
        // Read by planChanges.ts, which plan.ts hands any argv with either of them; listed here so that
        // the plan's help and its refusals name them.
        since: textFlag("<git-ref>", "judge an update of the stack: it as it was at this revision against it as it is now"),
        "preview-json": textFlag("<file>", "judge an update from the steps of pulumi preview --json --show-sames"),
    },
    exitCodesHeading: "exit codes (with --all, the worst stack's)",
    exitCodes: {
        0: "planned, and every mandatory policy passes",
        1: "a mandatory policy is violated",
        2: "bad input: flags, a stack file, its config or a policy config (one line each, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
    strayArgument: (arg: string) => `unexpected argument ${JSON.stringify(arg)}: name a stack with --stack ${arg}`,
} satisfies Command<any>;

export const HELP = helpText(PLAN_COMMAND);

export interface PlanFlags {
    /** The stack's short name; undefined with --all. */
    readonly stack?: string;
    readonly all: boolean;
    readonly json: boolean;
    readonly diagram: boolean;
    readonly help: boolean;
}

const refuse = (message: string): never => {
    throw new BadInput([message]);
};

/** The flags of `argv`; throws a BadInput for anything it cannot take as it is. */
export function readPlanFlags(argv: readonly string[]): PlanFlags {
    const flags = parseFlags(argv, PLAN_COMMAND);
    if (flags === "help") {
        return { all: false, json: false, diagram: false, help: true };
    }
    if (flags.all && flags.stack !== undefined) {
        refuse("--all plans every stack and --stack one: give one of them");
    }
    if (flags.diagram && flags.all) {
        refuse("--diagram draws one stack: give --stack, not --all");
    }
    if (flags.diagram && flags.json) {
        refuse("--diagram and --json are two different outputs: give one of them");
    }
    return { ...flags, stack: flags.all ? undefined : flags.stack ?? existingStack("dev"), help: false };
}
