// The project's folders import downward only: the component and the policy pack at the bottom,
// then the offline runtime (offline/), the local API (local/), the commands (scripts/) and the tests
// on top. A folder that imports one above it ties the lower one to the higher one's reasons to
// change; this test names each such import.
import assert from "node:assert/strict";
import * as path from "node:path";

import * as ts from "typescript";

import { PROJECT_ROOT } from "../offline/stacks";

/** Each top-level folder and the folders, other than itself, whose files it may import. */
const MAY_IMPORT: Record<string, readonly string[]> = {
    components: [],
    policy: [],
    schemas: [],
    workers: [],
    offline: ["components", "policy"],
    local: ["offline", "components", "policy", "workers"],
    ".": ["components", "schemas"],
    scripts: [".", "local", "offline", "components", "policy", "schemas", "workers"],
    tests: [".", "scripts", "local", "offline", "components", "policy", "schemas", "workers"],
};

/** The folder directly under the project's root that holds `file` ("." for the root's own files). */
function topFolder(file: string): string {
    const relative = path.relative(PROJECT_ROOT, file);
    return relative.includes(path.sep) ? relative.split(path.sep)[0] : ".";
}

/** Every relative import of the project's TypeScript files, as "importer -> imported". */
function crossFolderImports(): { from: string; to: string; line: string }[] {
    const config = ts.readConfigFile(path.join(PROJECT_ROOT, "tsconfig.json"), ts.sys.readFile).config;
    const files = ts.parseJsonConfigFileContent(config, ts.sys, PROJECT_ROOT).fileNames;
    return files.flatMap((file) => ts.preProcessFile(ts.sys.readFile(file)!, true, true).importedFiles
        .filter((imported) => imported.fileName.startsWith("."))
        .map((imported) => ({
            from: topFolder(file),
            to: topFolder(path.resolve(path.dirname(file), imported.fileName)),
            line: `${path.relative(PROJECT_ROOT, file)} imports ${imported.fileName}`,
        }))
        .filter((i) => i.from !== i.to));
}

describe("the project's layout", () => {
    const imports = crossFolderImports();

    it("imports downward only: the offline runtime below the local API and the commands, the component and the pack below all", () => {
        const upward = imports.filter((i) => !(MAY_IMPORT[i.from] ?? []).includes(i.to)).map((i) => i.line);
        assert.deepEqual(upward, []);
    });

    it("is read from the files as they are: the local API, the commands and the tests import the offline runtime", () => {
        const importers = new Set(imports.filter((i) => i.to === "offline").map((i) => i.from));
        assert.deepEqual([...importers].sort(), ["local", "scripts", "tests"]);
    });
});
