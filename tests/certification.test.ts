// The certification record: what a run against a deployed stack saw, by check and by line of the
// assumptions register, and how it says what the register's "seen on AWS" column then holds.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { CertificationRecord, certificationRecord, CHECK_REGISTER_LINES, recordedCheck } from "../local/certification";
import { main as addChecks } from "../scripts/certificationRecord";
import { main as conformance } from "../scripts/conformance";
import { PROJECT_ROOT } from "../offline/stacks";

const RUN = { product: "queue-load-leveling", version: "0.2.0", stack: "conformance", region: "eu-west-1", date: "2026-12-05T10:00:00.000Z" };
const NAMES = {
    bodies: "202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes",
    size: "413: a body over the queue's maxMessageSize",
    fifo: "FIFO: a retry with the same key in the same group is dropped, by the queue or by its worker (same key and caller); another group keeps its own",
};

describe("the certification record", () => {
    it("names lines of the assumptions register for every check of the suite and of the certification workflow", () => {
        const sources = ["local/conformance.ts", "local/conformanceFrontDoor.ts", "local/conformanceBodies.ts", "local/conformanceFifo.ts"].map((f) => fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8")).join("\n");
        const names = [...sources.matchAll(/check\([^,]+, "([^"]+)"/g)].map((m) => m[1]);
        const workflow = fs.readFileSync(path.join(PROJECT_ROOT, ".github", "workflows", "certify.yml"), "utf8");
        const cliChecks = [...workflow.matchAll(/"([^"]+)=\$NO_/g)].map((m) => m[1]);
        assert.deepEqual([...new Set([...names, ...cliChecks])].sort(), Object.keys(CHECK_REGISTER_LINES).sort());
        const register = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "aws-assumptions.md"), "utf8");
        for (const line of new Set(Object.values(CHECK_REGISTER_LINES).flat())) {
            assert.match(register, new RegExp(`^\\| ${line} \\|`, "m"), `no line ${line} in the register`);
        }
    });

    it("holds a line passed when every check that exercised it passed, failed when one failed, and leaves out what did not apply", () => {
        const record = certificationRecord({ ...RUN, checks: [
            recordedCheck({ route: "POST /orders", name: NAMES.bodies, outcome: "pass" }),
            recordedCheck({ route: "POST /orders", name: NAMES.size, outcome: "fail", detail: "expected 413, got 500" }),
            recordedCheck({ route: "POST /orders", name: NAMES.fifo, outcome: "skip", detail: "the route's queue is not FIFO" }),
        ] });
        assert.deepEqual(record.register.map((l) => [l.line, l.outcome, l.seenOnAws]), [
            ["1", "passed", "yes: 0.2.0, eu-west-1, 2026-12-05"], ["2", "passed", "yes: 0.2.0, eu-west-1, 2026-12-05"],
            ["3", "passed", "yes: 0.2.0, eu-west-1, 2026-12-05"], ["4", "passed", "yes: 0.2.0, eu-west-1, 2026-12-05"],
            ["9", "passed", "yes: 0.2.0, eu-west-1, 2026-12-05"], ["10", "failed", "no: failed in eu-west-1 on 2026-12-05 (0.2.0)"],
            ["11", "failed", "no: failed in eu-west-1 on 2026-12-05 (0.2.0)"], ["12", "failed", "no: failed in eu-west-1 on 2026-12-05 (0.2.0)"],
            ["159", "passed", "yes: 0.2.0, eu-west-1, 2026-12-05"],
        ]);
        assert.deepEqual(record.checks[1], { route: "POST /orders", check: NAMES.size, outcome: "failed", detail: "expected 413, got 500", register: ["10", "11", "12"] });
    });

    it("takes the certification workflow's own checks, by the outcome GitHub gives their steps", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "record-")), "certification.json");
        fs.writeFileSync(file, JSON.stringify(certificationRecord({ ...RUN, checks: [] })));
        const io = { stdout: { write: () => true }, stderr: { write: () => true } };
        assert.equal(await addChecks([file, "no changes right after the deploy (pulumi preview --expect-no-changes)=success",
            "no drift in AWS (pulumi refresh --expect-no-changes)=failure"], io), 0);
        const record = JSON.parse(fs.readFileSync(file, "utf8")) as CertificationRecord;
        assert.deepEqual(record.register.map((l) => [l.line, l.outcome]), [["8", "passed"], ["8a", "passed"], ["8b", "failed"], ["157", "failed"], ["158", "failed"]]);
        assert.equal(await addChecks([file, "no such check=success"], io), 2);
    });

    it("answers --help on stdout with exit 0, and refuses a flag with exit 2", async () => {
        let stdout = "";
        let stderr = "";
        const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
        assert.equal(await addChecks(["--help"], io), 0);
        assert.match(stdout, /^usage: node -r esbuild-register scripts\/certificationRecord\.ts <record\.json> "<check>=<success\|failure\|cancelled\|skipped>" …\n\n/);
        assert.equal(stderr, "");
        assert.equal(await addChecks(["certification.json", "--force"], io), 2);
        assert.equal(stderr.split("\n")[0], "unknown flag --force: the arguments are the record's file and \"<check>=<outcome>\" pairs");
    });

    it("is written for a deployed stack only", async () => {
        let stderr = "";
        const io = { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } };
        assert.equal(await conformance(["--target", "local", "--record", "certification.json"], io), 2);
        assert.equal(stderr, "--record is for a deployed stack: a run against the local API sees nothing of AWS\n");
    });
});
