// npm pack (prepack): copies the example worker into the package, beside its build, as the
// consumer's default code. The worker is bundled from its sources when a stack is planned, so the
// package holds them as they are: workers/lambda and the two modules it imports.
"use strict";
const fs = require("fs");
const path = require("path");

const from = path.join(__dirname, "..", "workers");
const to = path.join(__dirname, "workers");
fs.rmSync(to, { recursive: true, force: true });
for (const part of ["lambda", "idempotency.ts", "orders.ts"]) {
    fs.cpSync(path.join(from, part), path.join(to, part), { recursive: true });
}
