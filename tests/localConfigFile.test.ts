// npm run local -- --config-file: a stack's config read from a file kept outside the project, as the
// Pulumi CLI's --config-file reads one, so that a stack needs no Pulumi.<stack>.yaml of its own there.
import assert from "node:assert/strict";

import { startFromArgs } from "../scripts/local";
import { listStacks } from "../offline/stacks";
import { withStackFileAside } from "./support/plan";

const STACK = "config:\n  aws:region: eu-west-1\n  orders:stageName: aside\n";

async function start(...argv: string[]) {
    let stderr = "";
    const started = await startFromArgs(argv, { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } });
    return { started, stderr };
}

describe("npm run local -- --config-file", () => {
    it("serves the stack of a file kept elsewhere, under the name --stack gives it", async () => {
        const { started, stderr } = await withStackFileAside("test-aside", STACK, (file) => start("--stack", "test-aside", "--config-file", file, "--no-consumers"));
        assert.ok(typeof started !== "number", stderr);
        try {
            assert.equal(started.stack, "test-aside");
            assert.match(started.api.urls["POST /orders"], /^http:\/\/127\.0\.0\.1:\d+\/aside\/orders$/);
            assert.equal(listStacks().includes("test-aside"), false);
        } finally {
            await started.api.close();
        }
    });

    it("names the file it cannot read or whose config is refused, and without it still needs the stack's own file (exit 2)", async () => {
        assert.deepEqual(await start("--config-file", "/nonexistent/Pulumi.dev.yaml"),
            { started: 2, stderr: "/nonexistent/Pulumi.dev.yaml: cannot be read: ENOENT\n" });
        const refused = await withStackFileAside("test-aside", "config:\n  orders:stageName: v 1\n", async (file) => ({ file, ...await start("--config-file", file) }));
        assert.deepEqual(refused.started, 2);
        assert.equal(refused.stderr, `${refused.file}:2:3: orders:stageName must be 1 to 128 letters, digits, '_' or '-', got "v 1"\n`);
        assert.deepEqual(await start("--stack", "test-aside"), { started: 2, stderr: `no stack file Pulumi.test-aside.yaml; stacks: ${listStacks().join(", ")}\n` });
    });
});
