// The end-to-end tests (tests/endToEnd) run beside the unit tests, in a second mocha at the same
// time (scripts/test.js), and unit tests list the stacks whose files the project holds: a stack file
// an end-to-end test wrote there would show up in their lists now and then. So, in that mocha, a
// stack file (Pulumi.<stack>.yaml) or a stack's policy config written into the project is refused
// at once; a test keeps its stack files in a folder of its own (withStackFileAside).
import type { PathOrFileDescriptor } from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../../offline/stacks";

// The module itself, not an import's copy of it, so that every module's writes go through the guard.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import("node:fs") = require("node:fs");

/** Whether `file` is a stack file, or a stack's policy config, of the project at `root`. */
function isStackFile(root: string, file: PathOrFileDescriptor): boolean {
    if (typeof file !== "string" && !(file instanceof URL)) {
        return false;
    }
    const relative = path.relative(root, path.resolve(file instanceof URL ? file.pathname : file));
    return /^Pulumi\.[^/\\]+\.yaml$/.test(relative) || /^policy[/\\][^/\\]+\.json$/.test(relative);
}

/** Refuses, until the returned function is called, every write of a stack file into the project at `root`. */
export function refuseStackFilesIn(root: string): () => void {
    const write = fs.writeFileSync;
    fs.writeFileSync = ((file: PathOrFileDescriptor, ...rest: unknown[]) => {
        if (isStackFile(root, file)) {
            throw new Error(`${path.relative(root, String(file))}: the end-to-end tests run beside the unit tests, which list the project's stacks; `
                + "write a test's stack file into a folder of its own (withStackFileAside)");
        }
        return (write as (...args: unknown[]) => void)(file, ...rest);
    }) as typeof fs.writeFileSync;
    return () => {
        fs.writeFileSync = write;
    };
}

let restore: (() => void) | undefined;

/** Mocha's root hooks, for the end-to-end mocha (.mocharc.endToEnd.json). */
export const mochaHooks = {
    beforeAll() {
        restore = refuseStackFilesIn(PROJECT_ROOT);
    },
    afterAll() {
        restore?.();
    },
};
