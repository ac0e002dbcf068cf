// node -r esbuild-register scripts/releaseCheck.ts <tag>
//
// Before a release publishes anything: the tag (v1.2.3) is the version of both packages, and the
// CHANGELOG has that version's section, no longer marked unreleased. Exits 1 with one line per
// problem otherwise.
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../offline/stacks";

export const PACKAGES = ["components", "policy"];

/** What stops `tag` from being released; empty when nothing does. */
export function releaseProblems(tag: string, read: (file: string) => string = (file) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8")): string[] {
    const match = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag);
    if (!match) {
        return [`the tag ${JSON.stringify(tag)} is not a version tag such as v1.2.3`];
    }
    const version = match[1];
    const problems: string[] = [];
    for (const dir of PACKAGES) {
        const manifest = JSON.parse(read(`${dir}/package.json`)) as { name: string; version: string };
        if (manifest.version !== version) {
            problems.push(`${dir}/package.json: ${manifest.name} is version ${manifest.version}, the tag says ${version}`);
        }
    }
    const heading = read("CHANGELOG.md").split("\n").find((line) => line.startsWith(`## ${version}`) && /^## \S+( |$)/.test(line));
    if (!heading) {
        problems.push(`CHANGELOG.md has no section "## ${version}"`);
    } else if (/unreleased/i.test(heading)) {
        problems.push(`CHANGELOG.md: the section of ${version} is still marked unreleased: give it the release's date`);
    }
    return problems;
}

if (require.main === module) {
    const problems = releaseProblems(process.argv[2] ?? "");
    process.stdout.write(problems.length === 0 ? `ready to release ${process.argv[2]}\n` : `${problems.join("\n")}\n`);
    process.exitCode = problems.length === 0 ? 0 : 1;
}
