// The long-running worker as docs/workers.md runs it: its command against the local API's emulator,
// an order in and processed; without its settings it stops at once; with the endpoint down it
// reports receive errors and waits between them instead of asking in a loop.
import assert from "node:assert/strict";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "../../offline/stacks";
import { LocalStack, localStack } from "../support/localApi";

/** The documented command that runs the worker against the local API, with the addresses left as PORT2. */
function documentedCommand(): string {
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "workers.md"), "utf8");
    const block = /```sh\n(QUEUE_URL=http:\/\/127\.0\.0\.1:PORT2[^`]*)```/.exec(doc);
    assert.ok(block, "docs/workers.md shows the worker against the local API");
    return block[1].replace(/\\\n\s*/g, "").trim();
}

const children = new Set<ChildProcess>();

/** Sends a signal to the worker: the node process the shell started. */
function signalWorker(shell: ChildProcess, signal: NodeJS.Signals): void {
    const pid = execFileSync("ps", ["-o", "pid=", "--ppid", String(shell.pid)], { encoding: "utf8" }).trim();
    process.kill(Number(pid), signal);
}

function run(command: string, env: Record<string, string> = {}) {
    // A user's environment: no AWS settings of the test's own.
    const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^AWS_/.test(name)));
    const child = spawn("sh", ["-c", command], { cwd: PROJECT_ROOT, detached: true, env: { ...base, ...env } });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => {
        children.delete(child);
        resolve(code);
    }));
    return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

async function until(what: string, done: () => boolean, timeoutMs = 20_000, said: () => string = () => ""): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
        assert.ok(Date.now() < deadline, `timed out waiting until ${what}: ${said()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

const WORKER = "node -r esbuild-register workers/longRunning/index.ts";

describe("the long-running worker, run as docs/workers.md shows", function () {
    let dev: LocalStack;
    before(async () => {
        dev = await localStack("dev");
    });
    after(async () => {
        for (const child of children) {
            process.kill(-child.pid!, "SIGKILL");
        }
        await dev.close();
    });

    it("drains the dev stack's queue on the local API, and stops on SIGTERM with exit code 0", async () => {
        const queueUrl = dev.api.queues["POST /orders"].url;
        const command = documentedCommand().replace(/http:\/\/127\.0\.0\.1:PORT2\/123456789012\/orders-queue/, queueUrl)
            .replace(/http:\/\/127\.0\.0\.1:PORT2/, dev.api.sqsEndpoint);
        const answer = await dev.call("POST /orders", "{\"orderId\":\"W-1\",\"items\":[{\"sku\":\"x\",\"qty\":1}]}", { "Content-Type": "application/json" });
        assert.equal(answer.status, 202, answer.text);
        // A user's environment, without the SDK's switch for its Node.js notice: the worker keeps the notice out itself.
        const worker = run(command);
        await until(`the worker processes the order (${command})`, () => worker.stdout().includes("\"orderId\":\"W-1\""), 20_000, worker.stderr);
        assert.deepEqual(JSON.parse(worker.stdout().split("\n")[0]), { message: "order processed", orderId: "W-1", items: 1, idempotencyKey: `requestId:${JSON.parse(answer.text).requestId}` });
        signalWorker(worker.child, "SIGTERM");
        assert.equal(await worker.exit, 0);
        assert.equal(worker.stderr(), "");
    });

    it("stops at once, with a line for each missing setting, without QUEUE_URL and AWS_REGION", async () => {
        const worker = run(WORKER);
        assert.equal(await worker.exit, 2);
        assert.equal(worker.stderr(), "QUEUE_URL is not set: give the queue to drain, the stack's output queueUrl (or one of queueUrls; "
            + "npm run local prints the local API's)\nAWS_REGION is not set: give the queue's region, such as eu-west-1 (the queue URL names none)\n");
    });

    it("with the endpoint down, reports receive errors and waits longer after each", async () => {
        const worker = run(WORKER, {
            QUEUE_URL: "http://127.0.0.1:9/123456789012/orders-queue", AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:9", AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local",
        });
        await until("a second receive error", () => worker.stderr().split("\n").filter(Boolean).length >= 2);
        signalWorker(worker.child, "SIGTERM");
        assert.equal(await worker.exit, 0);
        const lines = worker.stderr().split("\n").filter(Boolean).map((line) => JSON.parse(line));
        assert.ok(lines.length <= 3, `${lines.length} receive errors before the stop`);
        assert.deepEqual(lines.map((line) => line.message), lines.map(() => "receive failed"));
        assert.ok(lines[0].retryInSeconds >= 0.5 && lines[0].retryInSeconds <= 1, String(lines[0].retryInSeconds));
        assert.ok(lines[1].retryInSeconds >= 1 && lines[1].retryInSeconds <= 2, String(lines[1].retryInSeconds));
        assert.equal(worker.stdout(), "");
    });
});
