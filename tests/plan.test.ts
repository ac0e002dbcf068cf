import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

import { policies } from "../policy/policies";
import { listStacks, PROJECT_ROOT, SHIPPED_STACKS } from "../offline/stacks";
import { planOneStack } from "../scripts/plan";
import { OFFLINE_HEADER } from "../scripts/planReport";
import { plan, planning, temporaryStack } from "./support/plan";

describe("offline plan", () => {
    it("summarises the dev stack's route, queues, stage and policy verdict", async () => {
        const { plan: dev } = await planOneStack("dev");
        assert.ok(dev);
        assert.deepEqual(dev.routes, [{
            method: "POST",
            path: "/orders",
            authorization: "NONE",
            bodyModel: "PostOrdersBody",
            queue: { name: "orders-queue", retentionSeconds: 86400, visibilityTimeoutSeconds: 30, maxMessageSize: 262144, maxReceiveCount: 5, protected: false, fifo: false },
            deadLetterQueue: { name: "orders-dlq", retentionSeconds: 345600, visibilityTimeoutSeconds: null, maxMessageSize: 262144, maxReceiveCount: null, protected: false, fifo: false },
        }]);
        assert.deepEqual(dev.stages, [{ name: "v1", rateLimit: 10, burstLimit: 20, accessLogRetentionDays: 3 }]);
        assert.equal(dev.resources.length, 45);
        assert.deepEqual(dev.resources[1], { type: "aws:sqs/queue:Queue", name: "orders-dlq", parent: "orders" });
        assert.deepEqual(dev.policies.map((p: { policy: string }) => p.policy), policies.map((p) => p.name));
        assert.equal(dev.verdict, "pass");
    });

    it("prints the header, the resource tree and every policy result as plain text when piped", async () => {
        const { code, stdout, stderr } = await plan();
        assert.equal(code, 0);
        assert.ok(stdout.startsWith(`${OFFLINE_HEADER}\n\nStack dev  (Pulumi.dev.yaml, eu-west-1)\n`));
        assert.ok(stdout.includes("  ├─ aws:sqs/queue:Queue  orders-dlq\n"));
        assert.ok(stdout.includes("  POST /orders  authorization NONE, body checked against PostOrdersBody\n"));
        assert.ok(stdout.includes("  pass  mandatory  api-role-sendmessage-only\n"));
        assert.ok(stdout.endsWith("Verdict for dev: pass (0 mandatory and 2 advisory findings)\n"));
        assert.ok(!stdout.includes("\x1b["), "colour codes in piped output");
        assert.match(stderr, /^planning dev: /);
    });

    it("plans every stack with --all, applying each stack's policy config", async () => {
        const { code, stdout } = await plan("--all", "--json");
        const report = JSON.parse(stdout);
        assert.equal(report.offline, OFFLINE_HEADER);
        // Every stack the project has, a user's own too; the shipped ones pass.
        const verdicts = Object.fromEntries(report.stacks.map((s: { stack: string; verdict?: string }) => [s.stack, s.verdict ?? "bad input"]));
        assert.deepEqual(Object.keys(verdicts), listStacks());
        assert.deepEqual(SHIPPED_STACKS.map((stack) => verdicts[stack]), ["pass", "pass", "pass"]);
        assert.equal(code, Object.values(verdicts).every((verdict) => verdict === "pass") ? 0 : Object.values(verdicts).includes("bad input") ? 2 : 1);
        const levels = (stack: string) => Object.fromEntries(report.stacks.find((s: { stack: string }) => s.stack === stack).policies
            .map((p: { policy: string; enforcementLevel: string }) => [p.policy, p.enforcementLevel]));
        assert.equal(levels("prod")["queue-has-dlq"], "mandatory");
        assert.equal(levels("dev")["queue-has-dlq"], "advisory");
    });

    it("exits 1 and names the policy when a mandatory policy is violated", async () => {
        const cleanup = temporaryStack("test-nologs", { "aws:region": "eu-west-1", "orders:accessLogs": { enabled: false } },
            { "stage-throttled-and-logged": "mandatory" });
        try {
            const { code, stdout } = await plan("--stack", "test-nologs");
            assert.equal(code, 1);
            assert.ok(stdout.includes("  FAIL  mandatory  stage-throttled-and-logged\n          orders-stage: stage orders-stage has no access logs.\n"));
            assert.ok(stdout.endsWith("Verdict for test-nologs: FAIL (1 mandatory and 2 advisory findings)\n"));
        } finally {
            cleanup();
        }
    });

    it("exits 2 on invalid config with the config error alone, at the key's line and column, printing no plan", async () => {
        const cleanup = temporaryStack("test-badconfig", { "aws:region": "eu-west-1", "orders:queue": { maxMessageSize: "2MB" } });
        try {
            assert.deepEqual(await plan("--stack", "test-badconfig"), {
                code: 2,
                stdout: "",
                stderr: `${planning("test-badconfig")}Pulumi.test-badconfig.yaml:3:18: `
                    + "orders:queue.maxMessageSize must be an integer from 1024 to 1048576, got \"2MB\"\n",
            });
        } finally {
            cleanup();
        }
    });

    it("refuses an unknown stack and a diagram of several stacks", async () => {
        assert.deepEqual(await plan("--stack", "test-no-such-stack"),
            { code: 2, stdout: "", stderr: `no stack file Pulumi.test-no-such-stack.yaml; stacks: ${listStacks().join(", ")}\n` });
        assert.equal((await plan("--all", "--diagram")).code, 2);
    });

    it("draws the planned resources and their links as Mermaid", async () => {
        const { code, stdout } = await plan("--stack", "prod", "--diagram");
        assert.equal(code, 0);
        for (const link of [
            "client -- HTTPS --> orders_stage",
            "orders_stage -- serves --> orders_api",
            "orders_api -- route --> orders_method",
            "orders_method -- integration --> orders_integration",
            "orders_integration -- SendMessage --> orders_queue",
            "orders_queue -- after maxReceiveCount --> orders_dlq",
            "orders_integration -. assumes .-> orders_role",
            "orders_send_message -. grants .-> orders_role",
        ]) {
            assert.ok(stdout.includes(`    ${link}\n`), link);
        }
    });

    it("is the diagram docs/offline-plan.md shows for prod, so the docs are never drawn by hand", async () => {
        const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "offline-plan.md"), "utf8");
        const block = /<!-- plan --stack prod --diagram -->\n```mermaid\n([\s\S]*?)```/.exec(doc);
        assert.ok(block, "docs/offline-plan.md has no generated prod diagram");
        assert.equal(block[1], (await plan("--stack", "prod", "--diagram")).stdout);
    });

    it("runs as the README's first command, npm run plan, without colour in a pipe", async function () {
        this.timeout(60000);
        const { stdout } = await promisify(execFile)("npm", ["run", "-s", "plan"], { cwd: PROJECT_ROOT });
        assert.ok(stdout.startsWith(OFFLINE_HEADER));
        assert.ok(stdout.includes("Verdict for dev: pass"));
        assert.ok(!stdout.includes("\x1b["));
    });
});
