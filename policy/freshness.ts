// Refuses to run a built pack whose TypeScript sources changed after it was built, so that an
// edited policy is never silently replaced by its old build. Does nothing when the pack runs from
// its sources (no build.json beside this module), or from its package (no sources beside the build).
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** The folders of the pack that hold its sources: the modules, and one file per policy. */
export const SOURCE_FOLDERS = [".", "rules"] as const;

/** The pack's TypeScript sources under `root`, as paths from it ("queues.ts", "rules/queue-has-dlq.ts"), in name order. */
export function packSources(root: string): string[] {
    return SOURCE_FOLDERS.flatMap((folder) => (fs.existsSync(path.join(root, folder)) ? fs.readdirSync(path.join(root, folder)) : [])
        .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
        .map((file) => path.posix.join(folder, file)))
        .sort();
}

/** The sources that differ from those the build beside `dir` was made from; [] when it is current. */
export function staleSources(dir: string): string[] {
    const record = path.join(dir, "build.json");
    if (!fs.existsSync(record)) {
        return [];
    }
    const { sources } = JSON.parse(fs.readFileSync(record, "utf8")) as { sources: Record<string, string> };
    const root = path.dirname(dir);
    const now = packSources(root);
    // A pack installed from its package has its build alone: nothing to compare it with.
    if (now.length === 0) {
        return [];
    }
    const changed = now.filter((file) => sources[file] !== createHash("sha256").update(fs.readFileSync(path.join(root, file))).digest("hex"));
    const removed = Object.keys(sources).filter((file) => !now.includes(file));
    return [...changed, ...removed].sort();
}

export function assertFresh(dir: string): void {
    const stale = staleSources(dir);
    if (stale.length > 0) {
        throw new Error(`the built policy pack is older than its sources (${stale.join(", ")}): run npm run build:policy`);
    }
}
