// npm test [-- <mocha arguments>]
//
// Type-checks every file once (`tsc --noEmit --noCheck false`: tsconfig.json's noCheck is for the
// Pulumi CLI's previews, not for this) while mocha runs every test, transpile-only, so that the two
// use both cores of a small machine. Exits non-zero when either fails; the type check's report is
// printed after the tests, so the two outputs do not interleave. Plain JavaScript: it starts
// before any TypeScript loader.
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
    process.exitCode = tests.code !== 0 ? tests.code : checked.code;
}

main();
