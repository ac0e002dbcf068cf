import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../offline/stacks";
import { releaseProblems } from "../scripts/releaseCheck";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
const version = (dir: string) => JSON.parse(read(`${dir}/package.json`)).version as string;

describe("releases", () => {
    it("give both packages and the project one version, with a CHANGELOG section", () => {
        assert.equal(version("components"), version("policy"));
        assert.equal(JSON.parse(read("package.json")).version, version("components"));
        assert.match(read("CHANGELOG.md"), new RegExp(`^## ${version("components").replace(/\./g, "\\.")} `, "m"));
    });

    it("name a migration in every breaking change", () => {
        const breaking = read("CHANGELOG.md").split("\n").filter((line) => /^- Breaking\b/.test(line));
        assert.ok(breaking.length > 0);
        assert.deepEqual(breaking.filter((line) => !/Migration: /.test(line)), []);
    });

    it("refuse a tag that is not the packages' version, or a CHANGELOG section still unreleased", () => {
        const files: Record<string, string> = {
            "components/package.json": JSON.stringify({ name: "queue-load-leveling", version: "1.2.0" }),
            "policy/package.json": JSON.stringify({ name: "queue-load-leveling-policy", version: "1.1.0" }),
            "CHANGELOG.md": "# Changelog\n\n## 1.2.0 (unreleased)\n\n- x\n",
        };
        assert.deepEqual(releaseProblems("v1.2.0", (file) => files[file]), [
            "policy/package.json: queue-load-leveling-policy is version 1.1.0, the tag says 1.2.0",
            "CHANGELOG.md: the section of 1.2.0 is still marked unreleased: give it the release's date",
        ]);
        assert.deepEqual(releaseProblems("release-1", (file) => files[file]), ["the tag \"release-1\" is not a version tag such as v1.2.3"]);
        files["policy/package.json"] = files["components/package.json"].replace("queue-load-leveling\"", "queue-load-leveling-policy\"");
        files["CHANGELOG.md"] = "# Changelog\n\n## 1.2.0 (2026-12-01)\n\n- x\n";
        assert.deepEqual(releaseProblems("v1.2.0", (file) => files[file]), []);
        assert.deepEqual(releaseProblems("v1.3.0", (file) => files[file]).length, 3);
    });
});
