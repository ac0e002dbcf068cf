// The capacity command run in this process with its output captured, over stacks each run once per
// test process on the mocked runtime from its stack file, and shared by every test that sizes them.
import { main } from "../../scripts/capacity";
import { plannedStack, PlannedStack } from "../../scripts/capacity/plannedStack";
import { runStack } from "../../offline/runStack";

const runs = new Map<string, ReturnType<typeof runStack>>();

/** Runs a stack's program once per process; a stack file that exists for one test only needs a name of its own. */
function runOnce(stack: string): ReturnType<typeof runStack> {
    if (!runs.has(stack)) {
        runs.set(stack, runStack(stack));
    }
    return runs.get(stack)!;
}

/** A stack file's stack as the capacity model reads it. */
export async function sizedStack(stack: string): Promise<PlannedStack> {
    const ran = await runOnce(stack);
    return plannedStack(ran.resources, ran.outputs, ran.stackFile.config["aws:region"] ?? "us-east-1");
}

/** Runs npm run capacity in this process: exit code, stdout and stderr. */
export async function capacity(...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } }, runOnce);
    return { code, stdout, stderr };
}
