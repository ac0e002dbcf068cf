// The end-to-end tests run beside the unit tests (scripts/test.js), which list the project's stacks:
// the end-to-end mocha refuses any stack file written into the project, so a test that would add a
// transient stack there fails at once instead of making other tests fail now and then.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { refuseStackFilesIn } from "./support/projectGuard";
import { withStackFileAside } from "./support/plan";

describe("the end-to-end tests' guard of the project's stack files", () => {
    it("is on in the end-to-end mocha, which runs beside the unit tests", () => {
        const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", ".mocharc.endToEnd.json"), "utf8"));
        assert.ok(config.require.includes("tests/support/projectGuard.ts"));
    });

    it("refuses a stack file or a stack's policy config written into the project, and nothing else; a stack file aside is written", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "guarded-project-"));
        fs.mkdirSync(path.join(root, "policy"));
        const restore = refuseStackFilesIn(root);
        try {
            assert.throws(() => fs.writeFileSync(path.join(root, "Pulumi.test-x.yaml"), "config: {}\n"),
                /^Error: Pulumi\.test-x\.yaml: the end-to-end tests run beside the unit tests, which list the project's stacks; /);
            assert.throws(() => fs.writeFileSync(path.join(root, "policy", "test-x.json"), "{}"), /^Error: policy\/test-x\.json: /);
            fs.writeFileSync(path.join(root, "notes.txt"), "kept");
            const aside = await withStackFileAside("test-x", "config: {}\n", (file) => fs.readFileSync(file, "utf8"));
            assert.equal(aside, "config: {}\n");
        } finally {
            restore();
        }
        fs.writeFileSync(path.join(root, "Pulumi.test-x.yaml"), "config: {}\n");
        assert.deepEqual(fs.readdirSync(root).sort(), ["Pulumi.test-x.yaml", "notes.txt", "policy"]);
        fs.rmSync(root, { recursive: true, force: true });
    });
});
