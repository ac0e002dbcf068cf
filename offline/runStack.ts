// Runs a stack's program on the mocked runtime from its stack file, as the plan and the local API
// both do: the file read as the CLI reads it, the program's config problems located in the file.
import { Registered } from "./mockRuntime";
import { runProgram } from "./programRun";
import { BadInput } from "./sourceFile";
import { readStackFile, StackFile } from "./stacks";

/** The program refused the stack's config: its problems, each located in the stack file. */
export class ProgramRefused extends BadInput {
    constructor(lines: readonly string[], readonly notices: readonly string[]) {
        super(lines);
    }
}

/** The problems the program reports about its config (a SettingsError of its own module instance). */
function settingsProblems(error: unknown): readonly string[] | undefined {
    const { name, problems, message } = (error ?? {}) as { name?: string; problems?: unknown; message?: string };
    if (name !== "SettingsError") {
        return undefined;
    }
    return Array.isArray(problems) ? problems.map(String) : String(message).split("\n");
}

/**
 * Reads `Pulumi.<stack>.yaml` of a project (`options.root`, this one by default), or
 * `options.configFile` in its place, and runs its program with its config. Throws a BadInput (one
 * line per problem, naming the file) for a file the CLI would refuse or config the program refuses;
 * anything else thrown is a bug. `started` runs once the file is read, before the program.
 */
export async function runStack(stack: string, started: (stackFile: StackFile) => void = () => undefined,
    options: { readonly root?: string; readonly configFile?: string } = {})
    : Promise<{ stackFile: StackFile; resources: Registered[]; outputs: Record<string, unknown> }> {
    const { root, configFile } = options;
    const stackFile = readStackFile(stack, root, configFile);
    started(stackFile);
    const run = await runProgram({ stack, config: stackFile.config, root });
    if (run.error) {
        const problems = settingsProblems(run.error);
        if (problems) {
            throw new ProgramRefused(problems.map(stackFile.locate), stackFile.notices);
        }
        throw run.error;
    }
    return { stackFile, resources: run.resources, outputs: run.result };
}
