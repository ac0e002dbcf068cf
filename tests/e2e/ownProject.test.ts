// A user's own project stays green: a copy of this project with a stack of its own (staging, a
// copy of dev) whose consumer's code is a worker folder of its own, outside workers/, runs every
// unit test file that reads which stacks and folders exist (the plan of every stack, a stack that
// has none, every TypeScript file type-checked, the commands' stack flags), whole. The files are
// found by what they call, so a test added later that lists the stacks runs in the copy too.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

import { PROJECT_ROOT } from "../../offline/stacks";

/** What a unit test file calls when its outcome depends on the project's stack files and folders. */
const READS_THE_PROJECT = /listStacks|SHIPPED_STACKS|existingStack|stackFlag|readdirSync\(PROJECT_ROOT|parseJsonConfigFileContent/;

/** The unit test files (outside tests/e2e) that read which stacks and folders the project has. */
function stackDependentFiles(root: string): string[] {
    const folders = ["tests", path.join("tests", "policy")];
    return folders.flatMap((folder) => fs.readdirSync(path.join(root, folder)).filter((f) => f.endsWith(".test.ts")).map((f) => path.join(folder, f)))
        .filter((file) => READS_THE_PROJECT.test(fs.readFileSync(path.join(root, file), "utf8"))).sort();
}

/** Left out of the copy: what is installed, built or written by a test run. */
const NOT_COPIED = /^(node_modules|\.git|bin|packages|components\/dist|components\/workers)(\/|$)|^Pulumi\.(test|example)-|^policy\/(test|example)-/;

const WORKER = `// A shop's own consumer: every message of the batch processed, none reported as failed.
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    for (const record of event.Records) {
        console.log(JSON.stringify({ message: "received", id: record.messageId }));
    }
    return { batchItemFailures: [] };
}
`;

describe("a user's own project, with a stack and a worker folder of its own", function () {
    this.timeout(120_000);
    let copy: string;
    before(() => {
        copy = fs.mkdtempSync(path.join(os.tmpdir(), "own-project-"));
        fs.cpSync(PROJECT_ROOT, copy, { recursive: true, filter: (source) => !NOT_COPIED.test(path.relative(PROJECT_ROOT, source)) });
        fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
        const dev = fs.readFileSync(path.join(copy, "Pulumi.dev.yaml"), "utf8");
        assert.match(dev, /^config:\n(  .*\n)+$/m, "Pulumi.dev.yaml ends with its config: map");
        fs.writeFileSync(path.join(copy, "Pulumi.staging.yaml"), `${dev}  orders:consumer:\n    code: shop-worker\n`);
        fs.mkdirSync(path.join(copy, "shop-worker"));
        fs.writeFileSync(path.join(copy, "shop-worker", "index.ts"), WORKER);
    });
    after(() => {
        fs.rmSync(copy, { recursive: true, force: true });
    });

    it("passes the suite's checks that depend on the stacks and folders that exist", async () => {
        const mocha = path.join(PROJECT_ROOT, "node_modules", ".bin", "mocha");
        // Without the copy's .mocharc.json, which names every test file, but with what it requires.
        const { require: required } = JSON.parse(fs.readFileSync(path.join(copy, ".mocharc.json"), "utf8")) as { require: string[] };
        const options = ["--no-config", ...required.flatMap((module) => ["--require", module]), "--timeout", "60000", "--reporter", "spec"];
        const files = stackDependentFiles(copy);
        assert.ok(["tests/openapi.test.ts", "tests/plan.test.ts", "tests/toolchain.test.ts"].every((f) => files.includes(f)), files.join(", "));
        const run = await promisify(execFile)(mocha, [...options, ...files], {
            cwd: copy, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 10 * 1024 * 1024,
        }).catch((err: { stdout: string; stderr: string }) => assert.fail(`the checks failed in the copy:\n${err.stdout}${err.stderr}`));
        const passed = run.stdout.split("\n").filter((line) => /^\s+✔ /.test(line)).map((line) => line.replace(/^\s+✔ | \(\d+ms\)$/g, ""));
        for (const check of ["plans every stack with --all, applying each stack's policy config",
            "reports the broken stack on stderr, still plans the others and exits with the worst code",
            "refuses --stack test-no-such-stack with exit 2 and one line",
            "is type-checked once by npm test, with noCheck overridden, over every TypeScript file of the project",
            "names a stack that has no file, with the project's stacks and the one it likely meant",
            "refuses an unknown stack and a diagram of several stacks",
            "exits 2 on bad input with one line naming the flag and what it takes",
            "is the stage's or the client's throttling on every route of every shipped stack at the stage's rate; far above it, the web ACL's block"]) {
            assert.ok(passed.includes(check), `${check}: not passed in the copy\n${run.stdout}`);
        }
        assert.doesNotMatch(run.stdout, /failing|pending/);
    });
});
