// The lock that holds the project's stack files steady across the end-to-end tests' workers
// (tests/support/stackFilesLock.ts): a process waits while another holds it, takes over from a
// holder that has died, and takes it again inside its own hold; the tests' stack files are written
// and removed under it.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { temporaryFiles } from "./support/plan";
import { holdLock, STACK_FILES_LOCK } from "./support/stackFilesLock";

const holder = (lock: string) => fs.readFileSync(path.join(lock, "pid"), "utf8");

describe("the lock of the project's stack files", () => {
    let folder: string;
    let lock: string;
    beforeEach(() => {
        folder = fs.mkdtempSync(path.join(os.tmpdir(), "lock-test-"));
        lock = path.join(folder, "stack-files.lock");
    });
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

    it("waits while another living process holds it, and takes it once that one lets go", async () => {
        fs.mkdirSync(lock);
        // Another process: it holds the lock for 150 ms, then lets it go.
        const other = spawn(process.execPath, ["-e", `require("fs").writeFileSync(${JSON.stringify(path.join(lock, "pid"))}, String(process.pid));`
            + `setTimeout(() => require("fs").rmSync(${JSON.stringify(lock)}, { recursive: true }), 150);`]);
        await new Promise((resolve) => other.once("spawn", resolve));
        while (!fs.existsSync(path.join(lock, "pid")) || holder(lock) !== String(other.pid)) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const asked = Date.now();
        const release = holdLock(lock);
        assert.ok(Date.now() - asked >= 75, `took the lock after ${Date.now() - asked} ms, while the other process held it`);
        assert.equal(holder(lock), String(process.pid));
        release();
        assert.equal(fs.existsSync(lock), false);
        await new Promise((resolve) => (other.exitCode === null ? other.once("exit", resolve) : resolve(undefined)));
    });

    it("takes over from a holder that has died", () => {
        const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
        fs.mkdirSync(lock);
        fs.writeFileSync(path.join(lock, "pid"), String(dead));
        const release = holdLock(lock);
        assert.equal(holder(lock), String(process.pid));
        release();
    });

    it("is taken again inside the process's own hold, and let go when the outer hold ends", () => {
        const outer = holdLock(lock);
        const inner = holdLock(lock);
        inner();
        assert.equal(holder(lock), String(process.pid));
        outer();
        assert.equal(fs.existsSync(lock), false);
    });

    it("is held while a test's stack files exist in the project", () => {
        const cleanup = temporaryFiles({ "Pulumi.test-lock.yaml": "config: {}\n" });
        try {
            assert.equal(holder(STACK_FILES_LOCK), String(process.pid));
        } finally {
            cleanup();
        }
        assert.equal(fs.existsSync(STACK_FILES_LOCK), false);
    });
});
