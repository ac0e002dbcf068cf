// Runs a project's program (index.ts) on the mocked runtime with a stack's config, as the plan, the
// local API and the tests do. A process that plans the same stacks over and over (the test suite)
// may ask to remember each run by everything that decides it; commands never ask, so each of their
// runs is afresh.
import { TYPES } from "../policy/awsTypes";
import { MockRun, runMocked } from "./mockRuntime";
import { loadProgram, projectName, PROJECT_ROOT } from "./stacks";

export interface ProgramRunOptions {
    readonly stack: string;
    /** The stack's config as the CLI passes it: `<namespace>:<key>` to string. */
    readonly config: Readonly<Record<string, string>>;
    /** The project's folder; this project's by default. */
    readonly root?: string;
    readonly preview?: boolean;
}

let remembered: Map<string, MockRun<Record<string, unknown>>> | undefined;

/**
 * From now on, a run with the same inputs as an earlier one returns a copy of that run instead of
 * running again. For a process that does not change the program's sources or a consumer's code
 * while it runs: a run that bundled a worker (read files of the project) or failed is not
 * remembered, nor is anything built outside runProgram.
 */
export function rememberProgramRuns(): void {
    remembered ??= new Map();
}

/**
 * Everything a run's result depends on: the project (its folder and name), the stack's name and
 * config, the preview flag, the folder a worker's packages resolve from and the region the program
 * falls back to when the config has none.
 */
function keyOf(options: ProgramRunOptions, project: string): string {
    return JSON.stringify([options.root ?? PROJECT_ROOT, project, options.stack, options.preview ?? false,
        Object.entries(options.config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        process.cwd(), process.env.AWS_REGION, process.env.AWS_DEFAULT_REGION]);
}

/** A run that only read its inputs: it succeeded and bundled no worker's code. */
const isPure = (run: MockRun<Record<string, unknown>>) => run.error === undefined
    && !run.resources.some((resource) => resource.type === TYPES.lambdaFunction);

/** Runs the program of `root` (this project by default) with a stack's config on the mocked runtime. */
export async function runProgram(options: ProgramRunOptions): Promise<MockRun<Record<string, unknown>>> {
    const project = projectName(options.root);
    const build = () => runMocked(() => loadProgram(options.root), { stack: options.stack, project, config: options.config, preview: options.preview });
    if (!remembered) {
        return build();
    }
    const key = keyOf(options, project);
    const known = remembered.get(key);
    if (known) {
        // A copy for each caller, so that no caller sees what another changed in its run.
        return structuredClone(known);
    }
    const run = await build();
    if (isPure(run)) {
        remembered.set(key, structuredClone(run));
    }
    return run;
}
