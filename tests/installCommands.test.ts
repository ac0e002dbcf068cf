// No name a user installs can be someone else's: every install command of the README and the docs
// names a release's tarball, a local tarball, a repository, or a scoped package, never a bare
// registry name, which installs whatever whoever registered it publishes. This project's own
// packages reach the program through npm workspaces, never the registry.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../offline/stacks";

/** The docs a user reads: the README, docs/, and the packages' READMEs. */
const DOCS = ["README.md", "components/README.md", "policy/README.md",
    ...fs.readdirSync(path.join(PROJECT_ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

const INSTALL = /\b(?:npm (?:install|i|add)|yarn add|pnpm add|bun add|pulumi package add)\b([^`\n#;&|]*)/g;

/** Each package an install command of `text` names (flags left out). */
export function installedPackages(text: string): string[] {
    return [...text.matchAll(INSTALL)].flatMap((match) => match[1].trim().split(/\s+/).filter((arg) => arg !== "" && !arg.startsWith("-")));
}

/** Why a package argument is safe to install, or undefined for a bare registry name. */
function source(spec: string): string | undefined {
    if (/^https:\/\/github\.com\/[^/]+\/[^/]+\/releases\/download\/v[^/]+\/[\w.-]+\.tgz$/.test(spec)) {
        return "a release's tarball";
    }
    if (/^https:\/\/github\.com\/[^/@]+\/[^/@]+@v[\w.-]+$/.test(spec)) {
        return "a tag of a repository";
    }
    if (/^\.{0,2}\/\S+\.tgz$/.test(spec)) {
        return "a local tarball";
    }
    if (/^@[\w.-]+\/[\w.-]+(@\S+)?$/.test(spec)) {
        return "a scoped package, whose scope has one owner";
    }
    return undefined;
}

describe("install commands of the docs", () => {
    it("find every package of an install command, whichever client, and leave flags out", () => {
        assert.deepEqual(installedPackages("npm install queue-load-leveling     # peer dependencies"), ["queue-load-leveling"]);
        assert.deepEqual(installedPackages("`npm i -D queue-load-leveling-policy` then"), ["queue-load-leveling-policy"]);
        assert.deepEqual(installedPackages("yarn add a && pnpm add b; bun add c | pulumi package add d"), ["a", "b", "c", "d"]);
        assert.deepEqual(installedPackages("npm ci && npm install --save-exact @your-org/queue-load-leveling"), ["@your-org/queue-load-leveling"]);
        assert.deepEqual(installedPackages("npm run install-hooks"), []);
    });

    it("tell a release's tarball, a repository's tag, a local tarball and a scoped package from a bare name", () => {
        assert.equal(source("https://github.com/shop/orders/releases/download/v0.2.0/queue-load-leveling-0.2.0.tgz"), "a release's tarball");
        assert.equal(source("https://github.com/<owner>/<repo>@v0.2.0"), "a tag of a repository");
        assert.equal(source("./queue-load-leveling-0.2.0.tgz"), "a local tarball");
        assert.equal(source("@your-org/queue-load-leveling"), "a scoped package, whose scope has one owner");
        for (const bare of ["queue-load-leveling", "queue-load-leveling-policy@0.2.0", "https://example.com/queue-load-leveling.tgz", "queue-load-leveling.tgz"]) {
            assert.equal(source(bare), undefined, bare);
        }
    });

    for (const doc of DOCS) {
        it(`${doc} installs no bare registry name`, () => {
            const packages = installedPackages(fs.readFileSync(path.join(PROJECT_ROOT, doc), "utf8"));
            assert.deepEqual(packages.filter((spec) => source(spec) === undefined), []);
        });
    }

    it("name the component's release tarball where the docs install it", () => {
        const packages = installedPackages(fs.readFileSync(path.join(PROJECT_ROOT, "docs", "component.md"), "utf8"));
        assert.ok(packages.includes("https://github.com/<owner>/<repo>/releases/download/v0.2.0/queue-load-leveling-0.2.0.tgz"), JSON.stringify(packages));
    });

    it("resolve this project's packages to its workspaces in the lockfile, never to the registry", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8"));
        assert.deepEqual(lock.packages["node_modules/queue-load-leveling"], { resolved: "components", link: true });
        assert.deepEqual(lock.packages["node_modules/queue-load-leveling-policy"], { resolved: "policy", link: true });
    });
});
