// The plan command's flags, read strictly: a typo, a stray argument or two flags that contradict
// each other are refused with one line, never half-honoured.
import { BadInput } from "./offline/sourceFile";

const USAGE = "usage: npm run plan -- [--stack <name>] [--json | --diagram]\n"
    + "       npm run plan -- --all [--json]\n"
    + "       npm run plan -- --stack <name> --since <git-ref>\n"
    + "       npm run plan -- --preview-json <file>";

export const HELP = `${USAGE}

Plans stacks offline: runs index.ts with a stack's Pulumi.<stack>.yaml on Pulumi's mocked runtime,
then the policy pack over what it registers (with policy/<stack>.json when there is one).
No cloud credentials, no network, no Pulumi CLI.

flags:
  --stack <name>  plan this stack (default dev); <org>/<stack> and <org>/<project>/<stack> plan Pulumi.<stack>.yaml
  --all           plan every Pulumi.<stack>.yaml; a stack with bad input is reported and the others still planned
  --json          print the plans as JSON; a stack with bad input carries its error lines instead of a plan
  --diagram       print a Mermaid diagram of what one stack creates
  --help          print this help

With --since <git-ref> (or --preview-json <file>, the steps of pulumi preview --json --show-sames
against the stack's state) it judges an update instead: routes removed or re-methoded without being
retired first, what holds orders or logs deleted or replaced; exit 1 with one line per unsafe change.
npm run plan -- --since <git-ref> --help lists its flags.

exit codes (with --all, the worst stack's):
  0  planned, and every mandatory policy passes
  1  a mandatory policy is violated
  2  bad input: flags, a stack file, its config or a policy config (one line each, on stderr)
  3  an internal error: a bug, reported with its stack trace
`;

export interface PlanFlags {
    /** The stack as given, perhaps org-qualified; undefined when not given. */
    readonly stack?: string;
    readonly all: boolean;
    readonly json: boolean;
    readonly diagram: boolean;
    readonly help: boolean;
}

const SWITCHES = { "--all": "all", "--json": "json", "--diagram": "diagram", "--help": "help" } as const;

const refuse = (message: string): never => {
    throw new BadInput([message]);
};

/** The flags of `argv`; throws a BadInput for anything it cannot take as it is. */
export function parseFlags(argv: readonly string[]): PlanFlags {
    if (argv.includes("--help") || argv.includes("-h")) {
        return { all: false, json: false, diagram: false, help: true };
    }
    const switches = { all: false, json: false, diagram: false, help: false };
    let stack: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const [flag, inline] = equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
        if (flag === "--stack") {
            const value = inline ?? argv[++i];
            if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) {
                refuse("--stack needs a stack name: --stack <name>");
            }
            if (stack !== undefined) {
                refuse(`--stack is given twice (${stack}, ${value}): plan one stack, or every stack with --all`);
            }
            stack = value;
        } else if (flag in SWITCHES) {
            if (inline !== undefined) {
                refuse(`${flag} takes no value, got ${arg}`);
            }
            switches[SWITCHES[flag as keyof typeof SWITCHES]] = true;
        } else if (arg.startsWith("-")) {
            refuse(`unknown flag ${flag}; the flags are --stack <name>, --all, --json, --diagram, --since <git-ref>, --preview-json <file> and --help`);
        } else {
            refuse(`unexpected argument ${JSON.stringify(arg)}: name a stack with --stack ${arg}`);
        }
    }
    if (switches.all && stack !== undefined) {
        refuse("--all plans every stack and --stack one: give one of them");
    }
    if (switches.diagram && switches.all) {
        refuse("--diagram draws one stack: give --stack, not --all");
    }
    if (switches.diagram && switches.json) {
        refuse("--diagram and --json are two different outputs: give one of them");
    }
    return { ...switches, stack };
}

/** What Pulumi allows in a stack's name (organisation and project names allow less). */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The short name of a stack given as <stack>, <org>/<stack> or <org>/<project>/<stack>: the CLI
 * names stack files after it. Throws a BadInput for anything else, or another project's stack.
 */
export function shortStackName(name: string, project: () => string): string {
    const parts = name.split("/");
    const short = parts[parts.length - 1];
    if (parts.length > 3 || !parts.every((part) => STACK_NAME.test(part) && part !== "." && part !== "..")) {
        refuse(`${name} is not a stack name: give <stack>, <org>/<stack> or <org>/<project>/<stack>, `
            + "the stack's name of letters, digits, '-', '_' or '.'");
    }
    if (parts.length === 3 && parts[1] !== project()) {
        refuse(`${name} is a stack of the project ${parts[1]}; this project is ${project()}`);
    }
    return short;
}
