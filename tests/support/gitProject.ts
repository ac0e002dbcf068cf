// A copy of this project in a temporary git repository, for commands that read a project's git
// history: its program, component and stack files, with the installed packages linked in.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { linkPackages } from "../../scripts/changes/revision";
import { PROJECT_ROOT } from "../../offline/stacks";

/** What the program needs to run: the rest of the project (tests, docs, the pack) stays out. */
const PROGRAM_FILES = ["index.ts", "programDefaults.ts", "schemas", "components", "workers", "Pulumi.yaml", "package.json", "tsconfig.json"];

/**
 * Left out: what installs and builds write, the package's copy of the example worker among them,
 * which the packaging test rewrites while other end-to-end tests run beside it.
 */
const BUILT = /[/\\](dist|node_modules)$|[/\\]components[/\\]workers$/;

export interface GitProject {
    readonly root: string;
    /** Writes files (paths from the project's root, with their text). */
    write(files: Readonly<Record<string, string>>): void;
    /** Commits everything as it is; returns the commit. */
    commit(message: string): string;
    remove(): void;
}

/** The project's program in a new git repository, or the given files instead of it; nothing committed yet. */
export function gitProject(files?: Readonly<Record<string, string>>): GitProject {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "git-project-"));
    const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
    const write = (entries: Readonly<Record<string, string>>) => {
        for (const [name, text] of Object.entries(entries)) {
            fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
            fs.writeFileSync(path.join(root, name), text);
        }
    };
    if (files) {
        write(files);
    } else {
        for (const name of PROGRAM_FILES) {
            fs.cpSync(path.join(PROJECT_ROOT, name), path.join(root, name), { recursive: true, filter: (source) => !BUILT.test(source) });
        }
    }
    linkPackages(path.join(PROJECT_ROOT, "node_modules"), root);
    fs.writeFileSync(path.join(root, ".gitignore"), "node_modules\n");
    git("init", "--quiet");
    return {
        root,
        write,
        commit(message) {
            git("add", "--all");
            git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "--allow-empty", "-m", message);
            return git("rev-parse", "HEAD");
        },
        remove() {
            for (const file of Object.keys(require.cache).filter((f) => f.startsWith(`${root}${path.sep}`))) {
                delete require.cache[file];
            }
            fs.rmSync(root, { recursive: true, force: true });
        },
    };
}
