// A stack as it was at a git revision, planned on the mocked runtime: the revision's program and
// stack file, taken out of the repository into a folder of their own (`git archive`, which leaves
// the repository as it is), with the project's installed packages linked beside them, and the
// project's own workspace packages (the component, the pack) taken from the revision.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { BadInput } from "../../offline/sourceFile";
import { runStack } from "../../offline/runStack";
import { projectName, stackFileName } from "../../offline/stacks";
import { aliasUrns } from "../../offline/urns";
import { changesBetween, Change, snapshotsOf, Snapshot } from "./model";

/** A revision's files, out of the repository, until `remove` runs. */
export interface Checkout {
    readonly root: string;
    readonly commit: string;
    remove(): void;
}

function git(root: string, args: readonly string[]): Buffer {
    return execFileSync("git", ["-C", root, ...args], { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 512 * 1024 * 1024 });
}

/** The commit a ref names; a BadInput when the folder is no git repository or the ref no commit of it. */
function commitOf(root: string, ref: string): string {
    try {
        git(root, ["rev-parse", "--git-dir"]);
    } catch {
        throw new BadInput([`--since needs a git repository: ${root} is not in one`]);
    }
    try {
        return git(root, ["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`]).toString().trim();
    } catch {
        throw new BadInput([`--since ${ref} names no commit of the git repository at ${root}: give a branch, a tag or a commit`]);
    }
}

/** The workspace packages of a project, by name, as folders of it. */
function workspaces(root: string): Map<string, string> {
    const manifest = path.join(root, "package.json");
    const folders = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as { workspaces?: string[] }).workspaces ?? [] : [];
    return new Map(folders.filter((folder) => fs.existsSync(path.join(root, folder, "package.json")))
        .map((folder) => [(JSON.parse(fs.readFileSync(path.join(root, folder, "package.json"), "utf8")) as { name: string }).name, path.join(root, folder)]));
}

/**
 * The checkout's node_modules: each package installed in the project linked, except the
 * checkout's own workspace packages, which link to the checkout's folders.
 */
export function linkPackages(installed: string, checkout: string): void {
    const own = workspaces(checkout);
    const target = path.join(checkout, "node_modules");
    fs.mkdirSync(target, { recursive: true });
    for (const entry of fs.readdirSync(installed)) {
        const scoped = entry.startsWith("@") && [...own.keys()].some((name) => name.startsWith(`${entry}/`));
        const names = scoped ? fs.readdirSync(path.join(installed, entry)).map((member) => `${entry}/${member}`) : [entry];
        for (const name of names) {
            fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
            fs.symlinkSync(own.get(name) ?? path.join(installed, name), path.join(target, name));
        }
    }
    for (const [name, folder] of own) {
        if (!fs.existsSync(path.join(target, name))) {
            fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
            fs.symlinkSync(folder, path.join(target, name));
        }
    }
}

/** Takes the project's folder at `ref` out of its repository. */
export function checkout(root: string, ref: string): Checkout {
    const commit = commitOf(root, ref);
    const prefix = git(root, ["rev-parse", "--show-prefix"]).toString().trim();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "plan-since-"));
    try {
        execFileSync("tar", ["-x", "-C", folder], { input: git(root, ["archive", "--format=tar", `${commit}:${prefix}`]), stdio: ["pipe", "ignore", "pipe"] });
        linkPackages(path.join(root, "node_modules"), folder);
    } catch (err) {
        fs.rmSync(folder, { recursive: true, force: true });
        throw err;
    }
    return {
        root: folder,
        commit,
        remove() {
            // What was loaded from the checkout goes with it.
            for (const file of Object.keys(require.cache).filter((f) => f.startsWith(`${folder}${path.sep}`))) {
                delete require.cache[file];
            }
            fs.rmSync(folder, { recursive: true, force: true });
        },
    };
}

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;

/**
 * Runs `work` with the project's own packages, required from its files, resolved to the project's
 * folders. A TypeScript loader may map a package's name to a folder of the working directory's
 * project (esbuild-register applies tsconfig.json's `paths`), which would plan a revision's program
 * with today's component.
 */
async function withOwnPackages<T>(root: string, work: () => Promise<T>): Promise<T> {
    const own = workspaces(root);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loader = require("node:module") as { _resolveFilename: Resolve };
    const resolve = loader._resolveFilename;
    loader._resolveFilename = function (this: unknown, request, parent, ...rest) {
        const inside = parent?.filename?.startsWith(`${root}${path.sep}`) === true;
        return resolve.call(this, inside && own.has(request) ? path.join(root, "node_modules", request) : request, parent, ...rest);
    };
    try {
        return await work();
    } finally {
        loader._resolveFilename = resolve;
    }
}

/** A stack planned from a project's folder: its snapshots, and the URNs its resources' aliases carry. */
async function plannedAt(root: string, stack: string, at: string): Promise<{ snapshots: Snapshot[]; aliases: Map<string, string> }> {
    try {
        const { resources } = await withOwnPackages(root, () => runStack(stack, undefined, { root }));
        const project = projectName(root);
        return { snapshots: snapshotsOf(resources, stack, project), aliases: aliasUrns(resources, stack, project) };
    } catch (err) {
        if (err instanceof BadInput) {
            throw new BadInput(err.lines.map((line) => `${at}: ${line}`));
        }
        throw err;
    }
}

/**
 * What an update of `stack` from the revision `ref` to the project's folder as it is would do. A
 * stack file the revision does not have is a new stack: everything in it is created.
 */
export async function changesSince(root: string, stack: string, ref: string, progress: (line: string) => void): Promise<Change[]> {
    const then = checkout(root, ref);
    try {
        const existed = fs.existsSync(path.join(then.root, stackFileName(stack)));
        progress(`planning ${stack} at ${ref} (${then.commit.slice(0, 12)}) and as it is now, on the mocked runtime…`);
        const old = existed ? (await plannedAt(then.root, stack, `at ${ref}`)).snapshots : [];
        const current = await plannedAt(root, stack, "now");
        return changesBetween(old, current.snapshots, current.aliases);
    } finally {
        then.remove();
    }
}
