// Reads a Pulumi.<stack>.yaml the way the Pulumi CLI hands it to a program: every key to a string,
// structured values as JSON.
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

export const PROJECT_ROOT = path.join(__dirname, "..", "..");

function readYaml<T>(file: string): T {
    return load(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")) as T;
}

const asConfigValue = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** The project's declared config defaults, as the CLI passes them when a stack does not set a key. */
export function declaredDefaults(): Record<string, string> {
    const project = readYaml<{ name: string; config?: Record<string, { default?: unknown }> }>("Pulumi.yaml");
    return Object.fromEntries(Object.entries(project.config ?? {})
        .filter(([, spec]) => spec.default !== undefined)
        .map(([key, spec]) => [key.includes(":") ? key : `${project.name}:${key}`, asConfigValue(spec.default)]));
}

/** A stack's config as its program receives it: Pulumi.yaml's defaults, then Pulumi.<stack>.yaml. */
export function stackConfig(stack: string): Record<string, string> {
    const parsed = readYaml<{ config?: Record<string, unknown> }>(`Pulumi.${stack}.yaml`);
    return {
        ...declaredDefaults(),
        ...Object.fromEntries(Object.entries(parsed.config ?? {}).map(([key, value]) => [key, asConfigValue(value)])),
    };
}

/** The program's own modules: what loadProgram reloads for each stack. */
function isProgramModule(id: string): boolean {
    const relative = path.relative(PROJECT_ROOT, id);
    return !relative.startsWith("..") && !/^(node_modules|tests|scripts|policy)[\\/]/.test(relative);
}

/** Runs the program (index.ts) afresh, so that each stack gets its own run in one process. */
export function loadProgram(): Record<string, unknown> {
    for (const id of Object.keys(require.cache)) {
        if (isProgramModule(id)) {
            delete require.cache[id];
        }
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(PROJECT_ROOT, "index.ts"));
}

/** The stacks that have a Pulumi.<stack>.yaml, in name order. */
export function listStacks(): string[] {
    return fs.readdirSync(PROJECT_ROOT)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}
