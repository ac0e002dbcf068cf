// Reads a Pulumi.<stack>.yaml the way the Pulumi CLI hands it to a program: every key to a string,
// structured values as JSON.
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

export const PROJECT_ROOT = path.join(__dirname, "..", "..");

export function stackConfig(stack: string): Record<string, string> {
    const file = path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`);
    const parsed = load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(parsed.config ?? {}).map(([key, value]) =>
        [key, typeof value === "string" ? value : JSON.stringify(value)]));
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
