// Every relative link of the docs leads somewhere: the file exists, and an anchor names one of its
// headings as GitHub makes anchors of them. Every path of the project the docs quote (`local/vtl.ts`)
// names a file or folder that exists.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../offline/stacks";

/** The Markdown files of the project, outside node_modules. */
function markdownFiles(dir = PROJECT_ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return ["node_modules", ".git", "dist"].includes(entry.name) ? [] : markdownFiles(full);
        }
        return entry.name.endsWith(".md") ? [full] : [];
    });
}

/** The text outside fenced code blocks, line by line (code may hold what looks like links). */
function prose(text: string): { line: number; text: string }[] {
    let fenced = false;
    return text.split("\n").map((line, i) => {
        if (/^\s*```/.test(line)) {
            fenced = !fenced;
            return { line: i + 1, text: "" };
        }
        return { line: i + 1, text: fenced ? "" : line.replace(/`[^`]*`/g, "") };
    });
}

/** GitHub's anchors for a file's headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
export function anchorsOf(text: string): Set<string> {
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    for (const { text: line } of prose(text.replace(/`/g, "\u0000"))) {
        const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line.replace(/\u0000/g, ""));
        if (!heading) {
            continue;
        }
        const base = heading[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    return anchors;
}

describe("links of the docs", () => {
    const files = markdownFiles();

    it("cover the README, docs/ and the policy pack's README", () => {
        const relative = files.map((f) => path.relative(PROJECT_ROOT, f));
        for (const expected of ["README.md", "docs/routes.md", "policy/README.md"]) {
            assert.ok(relative.includes(expected), `${expected} is not checked`);
        }
    });

    it("make anchors as GitHub does", () => {
        assert.deepEqual([...anchorsOf("# CI/CD with GitHub Actions\n## What each message carries, and what the queue guarantees\n## Use `npm ci`\n## A\n## A\n")],
            ["cicd-with-github-actions", "what-each-message-carries-and-what-the-queue-guarantees", "use-npm-ci", "a", "a-1"]);
    });

    const topLevel = new Set(fs.readdirSync(PROJECT_ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name));

    for (const file of files) {
        it(`${path.relative(PROJECT_ROOT, file)}: every path of the project it quotes exists`, () => {
            const text = fs.readFileSync(file, "utf8");
            const quoted = [...text.matchAll(/`([\w.-]+(?:\/[\w.-]+)+)\/?`/g)].map((match) => match[1])
                .filter((quotedPath) => topLevel.has(quotedPath.split("/")[0]) && !["node_modules", ".git"].includes(quotedPath.split("/")[0]));
            assert.deepEqual(quoted.filter((quotedPath) => !fs.existsSync(path.join(PROJECT_ROOT, quotedPath))), []);
        });

        it(`${path.relative(PROJECT_ROOT, file)}: every relative link and anchor resolves`, () => {
            const broken: string[] = [];
            for (const { line, text } of prose(fs.readFileSync(file, "utf8"))) {
                for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
                    if (/^[a-z]+:/i.test(target)) {
                        continue;
                    }
                    const [link, anchor] = target.split("#");
                    const destination = link ? path.resolve(path.dirname(file), decodeURIComponent(link)) : file;
                    if (!fs.existsSync(destination)) {
                        broken.push(`${line}: ${target} (no such file)`);
                    } else if (anchor !== undefined && destination.endsWith(".md")
                        && !anchorsOf(fs.readFileSync(destination, "utf8")).has(anchor)) {
                        broken.push(`${line}: ${target} (no such heading)`);
                    }
                }
            }
            assert.deepEqual(broken, []);
        });
    }
});
