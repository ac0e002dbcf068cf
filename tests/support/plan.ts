// Runs the plan command in the test's process, over stack files and policy configs that exist only
// for one test.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { Registered } from "../../offline/mockRuntime";
import { runStack } from "../../offline/runStack";
import { PROJECT_ROOT } from "../../offline/stacks";
import { main } from "../../scripts/plan";
import { holdStackFiles } from "./stackFilesLock";

/** Runs the plan command in this process and captures what it prints. */
export async function plan(...argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, {
        stdout: { write: (text: string) => (stdout += text), isTTY: false },
        stderr: { write: (text: string) => (stderr += text) },
        env: {},
    });
    return { code, stdout, stderr };
}

/** The progress line the plan prints before it runs a stack's program. */
export const planning = (stack: string) => `planning ${stack}: running the program on the mocked runtime, then the policy pack…\n`;

/**
 * Files (paths from the project root, with their text) that exist only until the returned cleanup
 * runs; the project's stack files are held (tests/support/stackFilesLock.ts) until then.
 */
export function temporaryFiles(files: Readonly<Record<string, string>>): () => void {
    const release = holdStackFiles();
    const cleanup = () => {
        for (const name of Object.keys(files)) {
            fs.rmSync(path.join(PROJECT_ROOT, name), { force: true });
        }
        release();
    };
    try {
        for (const [name, text] of Object.entries(files)) {
            fs.writeFileSync(path.join(PROJECT_ROOT, name), text);
        }
    } catch (err) {
        cleanup();
        throw err;
    }
    return cleanup;
}

/** Runs `test` with the files in place, and removes them whatever happens. */
export async function withFiles<T>(files: Readonly<Record<string, string>>, test: () => Promise<T> | T): Promise<T> {
    const cleanup = temporaryFiles(files);
    try {
        return await test();
    } finally {
        cleanup();
    }
}

/**
 * Runs `test` with `text` written as Pulumi.<stack>.yaml in a temporary folder of its own (the
 * path handed to `test`), outside the project, and removes the folder whatever happens.
 */
export async function withStackFileAside<T>(stack: string, text: string, test: (configFile: string) => Promise<T> | T): Promise<T> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
    const configFile = path.join(folder, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(configFile, text);
    try {
        return await test(configFile);
    } finally {
        fs.rmSync(folder, { recursive: true, force: true });
    }
}

/** A stack file (and optionally a policy config) written from values, as JSON flow values one key a line. */
export function temporaryStack(name: string, config: object, policyConfig?: object): () => void {
    return temporaryFiles({
        [`Pulumi.${name}.yaml`]: `config:\n${Object.entries(config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`,
        ...(policyConfig ? { [`policy/${name}.json`]: JSON.stringify(policyConfig) } : {}),
    });
}

/** Plans a stack file of this config, its region added, through the CLI's config path; its resources (the program's refusal is thrown). */
export async function plannedResources(name: string, config: Readonly<Record<string, unknown>>, region = "eu-west-1"): Promise<Registered[]> {
    const cleanup = temporaryStack(name, { "aws:region": region, ...config });
    try {
        return (await runStack(name)).resources;
    } finally {
        cleanup();
    }
}
