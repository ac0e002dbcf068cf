// npm test [-- <mocha arguments>]
//
// Type-checks every file once (`tsc --noEmit --noCheck false`: tsconfig.json's noCheck is for the
// Pulumi CLI's previews, not for this) while mocha runs every test, transpile-only, so that the two
// use both cores of a small machine. Beside them, a second mocha runs the end-to-end tests of
// tests/endToEnd (orders through the local API and out through the example workers, which spend
// most of their time waiting for SQS visibility timeouts, a copy of the project with a stack and a
// worker folder of a user's own, and the plan judging two git revisions); they keep their stack
// files out of the project, whose stacks the unit tests list (tests/support/projectGuard.ts refuses
// one written there). Given mocha arguments, only the first mocha runs, with them. Exits non-zero
// when any fails; the type check's and the end-to-end tests' reports are printed after the tests,
// so the outputs do not interleave. Plain JavaScript: it starts before any TypeScript loader.
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const bin = (name) => path.join(ROOT, "node_modules", ".bin", name);

function run(command, args, buffered) {
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: ROOT, stdio: buffered ? ["ignore", "pipe", "pipe"] : "inherit" });
        let output = "";
        if (buffered) {
            child.stdout.on("data", (chunk) => (output += chunk));
            child.stderr.on("data", (chunk) => (output += chunk));
        }
        child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    });
}

async function main() {
    const args = process.argv.slice(2);
    const typeCheck = run(bin("tsc"), ["--noEmit", "--noCheck", "false"], true);
    const endToEnd = args.length === 0 ? run(bin("mocha"), ["--config", ".mocharc.endToEnd.json"], true) : undefined;
    const tests = await run(bin("mocha"), args, false);
    const ended = await endToEnd;
    if (ended) {
        process.stdout.write(`end-to-end tests (tests/endToEnd):\n${ended.output}`);
    }
    const checked = await typeCheck;
    process.stdout.write(checked.code === 0 ? "type check (tsc --noEmit --noCheck false): no errors\n"
        : `type check (tsc --noEmit --noCheck false) failed:\n${checked.output}`);
    process.exitCode = [tests.code, ended?.code ?? 0, checked.code].find((code) => code !== 0) ?? 0;
}

main();
