// The package's entry point. Inside this repository, where the TypeScript sources sit beside this
// file and a TypeScript loader is registered (the Pulumi CLI's language host registers ts-node for
// the program, the tests and tools register one too), it loads the sources, so that the program
// always runs the component as it is written. Installed from the registry, the package holds only
// its build, dist/, which npm pack writes (prepack).
"use strict";
const fs = require("fs");
const path = require("path");

const sources = path.join(__dirname, "index.ts");
const built = path.join(__dirname, "dist", "index.js");
if (require.extensions[".ts"] && fs.existsSync(sources)) {
    module.exports = require(sources);
} else if (fs.existsSync(built)) {
    module.exports = require(built);
} else {
    throw new Error("queue-load-leveling has no build: run `npm run build -w components` (npm pack does it), or load it with a TypeScript loader");
}
