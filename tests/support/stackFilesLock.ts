// The project's stack files held steady across processes. The end-to-end tests run in two mocha
// workers at once (--parallel), and some write a stack file into the project for a command that
// reads only the project's, while another lists the project's stacks and compares a command's
// list with it. A test that writes stack files into the project holds this lock until they are
// gone, and a test whose list must hold holds it while it lists. The lock is a folder (made by one
// process alone) holding its holder's pid; a folder whose holder has died is taken over.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { PROJECT_ROOT } from "../../offline/stacks";

/** The lock of this project's stack files, one per project folder on the machine. */
export const STACK_FILES_LOCK = path.join(os.tmpdir(), `stack-files-${createHash("sha256").update(PROJECT_ROOT).digest("hex").slice(0, 16)}.lock`);
/** Time to write the pid after making the folder; a folder without one for longer is a dead holder's. */
const PID_GRACE_MS = 5_000;
const RETRY_MS = 20;

/** How many times this process holds each lock (a test inside another's hold takes it again). */
const holds = new Map<string, number>();

function holderIsGone(lock: string): boolean {
    let pid: number;
    try {
        pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
    } catch {
        try {
            return Date.now() - fs.statSync(lock).mtimeMs > PID_GRACE_MS;
        } catch {
            return true;
        }
    }
    try {
        process.kill(pid, 0);
        return false;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "ESRCH";
    }
}

/** Takes `lock`, waiting (synchronously, as the writers of stack files are) while another process holds it. */
export function holdLock(lock: string): () => void {
    if ((holds.get(lock) ?? 0) === 0) {
        const pause = new Int32Array(new SharedArrayBuffer(4));
        for (;;) {
            try {
                fs.mkdirSync(lock);
                fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
                break;
            } catch (err) {
                if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
                    throw err;
                }
            }
            if (holderIsGone(lock)) {
                fs.rmSync(lock, { recursive: true, force: true });
                continue;
            }
            Atomics.wait(pause, 0, 0, RETRY_MS);
        }
    }
    holds.set(lock, (holds.get(lock) ?? 0) + 1);
    let released = false;
    return () => {
        if (released) {
            return;
        }
        released = true;
        holds.set(lock, holds.get(lock)! - 1);
        if (holds.get(lock) === 0) {
            fs.rmSync(lock, { recursive: true, force: true });
        }
    };
}

/** Holds the project's stack files until the returned function is called. */
export const holdStackFiles = () => holdLock(STACK_FILES_LOCK);

/** Runs `test` holding the project's stack files, and lets them go whatever happens. */
export async function withStackFilesHeld<T>(test: () => Promise<T> | T): Promise<T> {
    const release = holdStackFiles();
    try {
        return await test();
    } finally {
        release();
    }
}
