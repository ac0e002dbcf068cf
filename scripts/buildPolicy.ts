// npm run build:policy (and `npm ci`, through the root package's `prepare`)
//
// Builds the policy pack's JavaScript from its TypeScript sources into policy/dist, which is what
// policy/package.json's `main` points at. The Pulumi CLI's policy analyzer type-checks a TypeScript
// pack on every preview (it registers ts-node with type checking on, always); a JavaScript main
// skips that. The type check happens once, in `npm test`. The build records a hash of every
// source, and the built pack refuses to load when a source has changed since (policy/freshness.ts),
// so an edited pack is never run from a stale build.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

import { transformSync } from "esbuild";

import { packSources } from "../policy/freshness";

export const POLICY_ROOT = path.join(__dirname, "..", "policy");

/** The pack's TypeScript sources, by path from the pack ("rules/queue-has-dlq.ts"), in name order. */
export function policySources(root = POLICY_ROOT): string[] {
    return packSources(root);
}

export function hashOf(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/** The built files, by path from dist: one CommonJS module per source, and build.json with each source's hash. */
export function buildPolicy(root = POLICY_ROOT): Record<string, string> {
    const built: Record<string, string> = {};
    const hashes: Record<string, string> = {};
    for (const file of policySources(root)) {
        const source = fs.readFileSync(path.join(root, file), "utf8");
        hashes[file] = hashOf(source);
        built[file.replace(/\.ts$/, ".js")] = transformSync(source, {
            loader: "ts",
            format: "cjs",
            platform: "node",
            target: "node20",
            sourcefile: path.posix.relative(path.posix.dirname(`dist/${file}`), file),
            sourcemap: "inline",
        }).code;
    }
    built["build.json"] = `${JSON.stringify({ sources: hashes }, null, 2)}\n`;
    return built;
}

/** Writes the build into `root`/dist, replacing what was there. */
export function writePolicyBuild(root = POLICY_ROOT): string[] {
    const dist = path.join(root, "dist");
    fs.rmSync(dist, { recursive: true, force: true });
    fs.mkdirSync(dist);
    const built = buildPolicy(root);
    for (const [file, text] of Object.entries(built)) {
        fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
        fs.writeFileSync(path.join(dist, file), text);
    }
    return Object.keys(built);
}

if (require.main === module) {
    const files = writePolicyBuild();
    process.stdout.write(`built the policy pack: ${files.length - 1} modules in policy/dist\n`);
}
