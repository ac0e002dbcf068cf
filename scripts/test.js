// npm test [-- <mocha arguments>]
//
// Type-checks every file once (`tsc --noEmit --noCheck false`: tsconfig.json's noCheck is for the
// Pulumi CLI's previews, not for this) while mocha runs every unit test, transpile-only, so that
// the two use both cores of a small machine. The end-to-end tests (tests/e2e: HTTP through the
// local API, the workers, commands as child processes, copies of the project) are
// `npm run test:e2e`'s: they wait on servers, visibility timeouts and child processes, and some
// write stack files into the project, which the unit tests list. Mocha arguments go to mocha.
// Exits non-zero when either fails; the type check's report is printed after the tests, so the
// outputs do not interleave. Plain JavaScript: it starts before any TypeScript loader.
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
    const typeCheck = run(bin("tsc"), ["--noEmit", "--noCheck", "false"], true);
    const tests = await run(bin("mocha"), process.argv.slice(2), false);
    const checked = await typeCheck;
    process.stdout.write(checked.code === 0 ? "type check (tsc --noEmit --noCheck false): no errors\n"
        : `type check (tsc --noEmit --noCheck false) failed:\n${checked.output}`);
    process.exitCode = [tests.code, checked.code].find((code) => code !== 0) ?? 0;
}

main();
