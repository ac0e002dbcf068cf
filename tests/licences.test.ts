// No package under GPL or AGPL, runtime or dev: companies that ban copyleft tooling can use, build
// and test the project as it is locked.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../offline/stacks";
import { avoidsGpl, licenceProblems, parseSpdx } from "./support/licences";

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8"));

/** Packages whose lockfile entry says "SEE LICENSE IN LICENSE", with the licence their LICENSE file states. */
const READ_FROM_LICENSE_FILE: Record<string, string> = { "@logdna/tail-file": "MIT" };

describe("licences", () => {
    it("tell GPL and AGPL apart from the licences around them, in SPDX expressions", () => {
        const cases: [string, boolean][] = [
            ["MIT", true], ["Apache-2.0", true], ["(BSD-3-Clause AND Apache-2.0)", true], ["LGPL-3.0-only", true],
            ["GPL-3.0-only", false], ["GPL-2.0+", false], ["AGPL-3.0-or-later", false], ["gpl-3.0", false],
            ["GPL-2.0-only WITH Classpath-exception-2.0", false],
            ["(MIT OR GPL-3.0-or-later)", true], ["MIT AND GPL-2.0-only", false], ["(MIT AND (GPL-2.0-only OR Apache-2.0))", true],
        ];
        for (const [expression, allowed] of cases) {
            assert.equal(avoidsGpl(parseSpdx(expression)), allowed, expression);
        }
        assert.throws(() => parseSpdx("(MIT OR"), /not an SPDX expression/);
    });

    it("refuse a GPL package in a lockfile, runtime or dev, and one whose licence cannot be read", () => {
        assert.deepEqual(licenceProblems({
            "": {},
            "node_modules/ok": { license: "MIT" },
            "node_modules/@action-validator/core": { license: "GPL-3.0-only", dev: true },
            "node_modules/a/node_modules/nested": { license: "AGPL-3.0-only" },
            "node_modules/unknown": {},
            "node_modules/elsewhere": { license: "SEE LICENSE IN LICENSE" },
            "node_modules/workspace": { link: true },
        }, {}), [
            "node_modules/@action-validator/core: GPL-3.0-only (dev)",
            "node_modules/a/node_modules/nested: AGPL-3.0-only",
            "node_modules/unknown: no licence this test can read",
            "node_modules/elsewhere: no licence (SEE LICENSE IN LICENSE) this test can read",
        ]);
    });

    it("of every package in package-lock.json, runtime and dev, are neither GPL nor AGPL", () => {
        assert.deepEqual(licenceProblems(read("package-lock.json").packages, READ_FROM_LICENSE_FILE), []);
    });

    it("read from a LICENSE file are what that file says, where the package is installed", () => {
        for (const [name, licence] of Object.entries(READ_FROM_LICENSE_FILE)) {
            const file = path.join(PROJECT_ROOT, "node_modules", name, "LICENSE");
            if (fs.existsSync(file)) {
                assert.match(fs.readFileSync(file, "utf8"), new RegExp(`^The ${licence} License`), name);
            }
        }
    });

    it("of the project and its two packages are MIT", () => {
        assert.deepEqual(["package.json", "components/package.json", "policy/package.json"].map((f) => read(f).license), ["MIT", "MIT", "MIT"]);
    });
});
