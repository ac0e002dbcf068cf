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

/** Runs the program (index.ts) afresh: the modules are cleared so each stack gets its own run. */
export function loadProgram(): Record<string, unknown> {
    for (const id of Object.keys(require.cache)) {
        if (id.startsWith(PROJECT_ROOT) && !id.includes(`${path.sep}node_modules${path.sep}`) && !id.includes(`${path.sep}tests${path.sep}`)) {
            delete require.cache[id];
        }
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(PROJECT_ROOT, "index.ts"));
}
