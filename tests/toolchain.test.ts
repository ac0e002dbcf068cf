import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as ts from "typescript";

import { staleSources } from "../policy/freshness";
import { buildPolicy, policySources, POLICY_ROOT, writePolicyBuild } from "../scripts/buildPolicy";
import { PROJECT_ROOT } from "../offline/stacks";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");

describe("the toolchain", () => {
    describe("the program's TypeScript", () => {
        const config = ts.parseConfigFileTextToJson("tsconfig.json", read("tsconfig.json")).config as { compilerOptions: Record<string, unknown> };

        it("is only transpiled by the Pulumi CLI's language host: noCheck in tsconfig.json itself, which it reads without extends", () => {
            assert.equal(config.compilerOptions.noCheck, true);
            assert.equal((config as { extends?: unknown }).extends, undefined);
        });

        it("is type-checked once by npm test, with noCheck overridden, over every TypeScript file of the project", () => {
            assert.equal(JSON.parse(read("package.json")).scripts.test, "node scripts/test.js");
            assert.match(read("scripts/test.js"), /run\(bin\("tsc"\), \["--noEmit", "--noCheck", "false"\], true\)/);
            const parsed = ts.parseJsonConfigFileContent(config, ts.sys, PROJECT_ROOT);
            const checked = new Set(parsed.fileNames.map((f) => path.relative(PROJECT_ROOT, f)));
            const all: string[] = [];
            const walk = (dir: string) => {
                for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
                    const relative = path.join(dir, entry.name);
                    if (entry.isDirectory() && !["node_modules", "dist", ".git", "bin"].includes(entry.name)) {
                        walk(relative);
                    } else if (entry.isFile() && relative.endsWith(".ts") && !relative.endsWith(".d.ts")) {
                        all.push(relative);
                    }
                }
            };
            walk(".");
            assert.deepEqual(all.filter((f) => !checked.has(f)), []);
        });
    });

    describe("the policy pack as the CLI runs it", () => {
        it("is JavaScript built from the TypeScript sources, so that the analyzer does not type-check it on every preview", () => {
            const main = JSON.parse(fs.readFileSync(path.join(POLICY_ROOT, "package.json"), "utf8")).main;
            assert.equal(main, "dist/index.js");
            assert.match(JSON.parse(read("package.json")).scripts.prepare, /scripts\/buildPolicy\.ts$/);
        });

        it("agrees with its sources: policy/dist is exactly what building them gives (npm run build:policy rebuilds it)", () => {
            const dist = path.join(POLICY_ROOT, "dist");
            assert.ok(fs.existsSync(dist), "policy/dist is missing: npm ci builds it, or run npm run build:policy");
            const built = buildPolicy();
            const inDist = fs.readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
                .map((entry) => path.relative(dist, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
            assert.deepEqual(inDist.sort(), Object.keys(built).sort());
            for (const [file, text] of Object.entries(built)) {
                assert.equal(fs.readFileSync(path.join(dist, file), "utf8"), text, `policy/dist/${file} is out of date: run npm run build:policy`);
            }
            assert.deepEqual(policySources().map((f) => f.replace(/\.ts$/, ".js")), Object.keys(built).filter((f) => f.endsWith(".js")));
        });

        it("refuses to load when a source changed after the build, naming it", () => {
            const copy = fs.mkdtempSync(path.join(os.tmpdir(), "policy-"));
            try {
                for (const file of policySources()) {
                    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
                    fs.copyFileSync(path.join(POLICY_ROOT, file), path.join(copy, file));
                }
                writePolicyBuild(copy);
                assert.deepEqual(staleSources(path.join(copy, "dist")), []);
                fs.appendFileSync(path.join(copy, "queues.ts"), "\n// edited after the build\n");
                fs.appendFileSync(path.join(copy, "rules", "queue-has-dlq.ts"), "\n// edited after the build\n");
                fs.rmSync(path.join(copy, "globs.ts"));
                assert.deepEqual(staleSources(path.join(copy, "dist")), ["globs.ts", "queues.ts", "rules/queue-has-dlq.ts"]);
                assert.deepEqual(staleSources(copy), [], "from the sources themselves there is nothing to compare");
            } finally {
                fs.rmSync(copy, { recursive: true, force: true });
            }
        });
    });
});
