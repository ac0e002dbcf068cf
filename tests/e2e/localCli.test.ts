// `npm run local` as a user runs it: one JSON line to read, an order in and out, a clean stop.
import assert from "node:assert/strict";
import { ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";

import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

import { addressesLine, addressesText, startFromArgs } from "../../scripts/local";
import { listStacks, PROJECT_ROOT } from "../../offline/stacks";
import { FRONT_DOOR_STACK, SIGV4_SHAPED } from "../support/frontDoor";
import { withFiles } from "../support/plan";
import { withStackFilesHeld } from "../support/stackFilesLock";

// The SDK's notice that it will later need Node.js 22 says nothing about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Every server started here; a test that fails half-way must not leave one running. */
const children = new Set<ChildProcess>();

function start(...args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
    const child = spawn(process.execPath, ["-r", "esbuild-register", "scripts/local.ts", ...args], { cwd: PROJECT_ROOT });
    children.add(child);
    child.on("exit", () => children.delete(child));
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const firstLine = new Promise<string>((resolve, reject) => {
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            if (stdout.includes("\n")) {
                resolve(stdout);
            }
        });
        child.on("exit", () => reject(new Error(`exited before printing: ${stderr}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, firstLine, exit, stderr: () => stderr };
}

/** `npm run local` as a user starts it, in a process group of its own (as a terminal's job is), or a command line under `sh -c`. */
function startUnder(command: string, args: string[]): { child: ChildProcess; addresses: Promise<Record<string, any>>; exit: Promise<number | null>; stderr: () => string } {
    // The environment a user has: without this file's switch for the SDK's notice.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"));
    const child = spawn(command, args, { cwd: PROJECT_ROOT, detached: true, env });
    children.add(child);
    child.on("exit", () => children.delete(child));
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const addresses = new Promise<Record<string, any>>((resolve, reject) => {
        child.stdout!.on("data", (chunk) => {
            stdout += chunk;
            if (stdout.includes("\n")) {
                resolve(JSON.parse(stdout));
            }
        });
        child.on("exit", () => reject(new Error(`exited before printing: ${stderr}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, addresses, exit, stderr: () => stderr };
}

const ORDER = "{\"orderId\":\"A-1\",\"items\":[{\"sku\":\"x\",\"qty\":1}]}";

/** Whether anything still answers at the URL. */
async function answers(url: string): Promise<boolean> {
    try {
        await fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2000) });
        return true;
    } catch {
        return false;
    }
}

async function until(what: string, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
        assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

describe("npm run local, stopped however it was started", function () {
    afterEach(() => {
        for (const child of children) {
            process.kill(-child.pid!, "SIGKILL");
        }
    });

    it("stops when npm gets SIGTERM, exits 0 as --help says, and says how many queued messages it drops", async () => {
        const local = startUnder("npm", ["run", "-s", "local", "--", "--json"]);
        const { urls } = await local.addresses;
        const answer = await fetch(urls["POST /orders"], { method: "POST", headers: { "Content-Type": "application/json" }, body: ORDER });
        assert.equal(answer.status, 202);
        local.child.kill("SIGTERM");
        assert.equal(await local.exit, 0);
        assert.equal(await answers(urls["POST /orders"]), false, "the server still answers after npm ended");
        assert.match(local.stderr(), /\nstopped \(SIGTERM\): dropped 1 message still in the emulator's queues \(orders-queue 1\)\n$/);
        assert.doesNotMatch(local.stderr(), /NodeVersionSupportWarning/);
    });

    it("stops on Ctrl-C, the terminal's SIGINT to npm and the server alike, and npm exits 0", async () => {
        const local = startUnder("npm", ["run", "-s", "local", "--", "--json"]);
        const { urls } = await local.addresses;
        process.kill(-local.child.pid!, "SIGINT");
        assert.equal(await local.exit, 0, local.stderr());
        assert.equal(await answers(urls["POST /orders"]), false);
        assert.match(local.stderr(), /(^|\n)stopped \(SIGINT\): no message was left in the queues\n$/);
    });

    it("stops when the process that started it ends without passing a signal on", async () => {
        // A shell that runs a command and then another does not exec it, nor pass SIGTERM on to it.
        const local = startUnder("sh", ["-c", `"${process.execPath}" -r esbuild-register scripts/local.ts --json; exit 0`]);
        const { urls } = await local.addresses;
        const server = (await new Promise<string>((resolve) => execFile("ps", ["-o", "pid=", "--ppid", String(local.child.pid)], (_, out) => resolve(out)))).trim();
        local.child.kill("SIGKILL");
        await until("the server stops answering", async () => !(await answers(urls["POST /orders"])));
        await until("the server's process ends", async () => {
            try {
                process.kill(Number(server), 0);
                return false;
            } catch {
                return true;
            }
        });
    });
});

describe("npm run local", function () {
    afterEach(() => {
        for (const child of children) {
            child.kill("SIGKILL");
        }
    });

    it("prints exactly one JSON line with --json, serves the stack, and stops cleanly on SIGTERM", async () => {
        const local = start("--stack", "prod", "--json");
        const line = await local.firstLine;
        assert.equal(line.split("\n").filter(Boolean).length, 1);
        const addresses = JSON.parse(line);
        assert.deepEqual(Object.keys(addresses), ["urls", "retiredUrls", "sqsEndpoint", "queues", "apiKeys", "queueArns", "deadLetterQueueArns"]);
        assert.deepEqual(addresses.apiKeys, {});
        assert.deepEqual([addresses.queueArns, addresses.deadLetterQueueArns], [{ "POST /orders": "arn:aws:sqs:eu-west-1:123456789012:orders-queue" },
            { "POST /orders": "arn:aws:sqs:eu-west-1:123456789012:orders-dlq" }]);
        const url = addresses.urls["POST /orders"];
        assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/orders$/);
        const body = "{\"orderId\":\"A-1\",\"items\":[{\"sku\":\"x\",\"qty\":1}]}";
        // Signed in SigV4's shape, which the local API checks (not the signature) should prod's routes be AWS_IAM.
        const answer = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Authorization: SIGV4_SHAPED }, body });
        assert.equal(answer.status, 202);
        const sqs = new SQSClient({ endpoint: addresses.sqsEndpoint, region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: addresses.queues["POST /orders"].url, WaitTimeSeconds: 0 }));
        sqs.destroy();
        assert.deepEqual(Messages.map((m) => m.Body), [body]);
        local.child.kill("SIGTERM");
        assert.equal(await local.exit, 0);
        assert.match(local.stderr(), /"status":"202"/, "the access log line of the order");
    });

    it("prints each client's API key, said to be the local API's own, and what it does not verify", async () => {
        const started = await withFiles({ "Pulumi.test-e2e-cli-door.yaml": FRONT_DOOR_STACK },
            () => startFromArgs(["--stack", "test-e2e-cli-door"], { stdout: { write: () => true }, stderr: { write: () => true } }));
        assert.ok(typeof started !== "number");
        try {
            const { apiKeys } = started.api;
            assert.deepEqual(JSON.parse(addressesLine(started.api)).apiKeys, apiKeys);
            const text = addressesText(started.api, "test-e2e-cli-door");
            assert.ok(text.includes(["API keys (send one in x-api-key): this local API's own, not the keys AWS generates at deploy",
                `  web-shop  ${apiKeys["web-shop"]}`, `  partner  ${apiKeys.partner}`,
                "AWS_IAM routes take any SigV4-shaped Authorization header: the signature is not verified here, AWS verifies it.",
                "COGNITO_USER_POOLS and CUSTOM routes take any request that carries the authorizer's identity sources (401 without them): "
                + "no token is verified and no Lambda authorizer is called here, AWS does that.",
            ].join("\n")), text);
            assert.doesNotMatch(text, /OPTIONS/, "a preflight is not a route");
        } finally {
            await started.api.close();
        }
    });

    it("refuses a busy port in one line, with exit code 2", async () => {
        const blocker = createServer();
        await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
        const port = (blocker.address() as AddressInfo).port;
        try {
            const local = start("--port", String(port));
            assert.equal(await local.exit, 2);
            assert.equal(local.stderr(), `port ${port} on 127.0.0.1 is in use: give another with --port, or --port 0 for any free one\n`);
        } finally {
            blocker.close();
        }
    });

    it("stops with exit code 3, nothing left listening, when a consumer cannot be loaded", async () => {
        const worker = fs.mkdtempSync(path.join(os.tmpdir(), "broken-worker-"));
        fs.writeFileSync(path.join(worker, "index.js"), "throw new Error(\"the worker is broken when loaded\");\nexports.handler = async () => ({});\n");
        const stack = `config:\n  aws:region: eu-west-1\n  orders:queue: {visibilityTimeoutSeconds: 60}\n  orders:consumer: {code: ${worker}, timeoutSeconds: 10}\n`;
        try {
            await withFiles({ "Pulumi.test-e2e-broken-consumer.yaml": stack }, async () => {
                const local = start("--stack", "test-e2e-broken-consumer");
                assert.equal(await local.exit, 3);
                assert.match(local.stderr(), /the worker is broken when loaded/);
            });
        } finally {
            fs.rmSync(worker, { recursive: true, force: true });
        }
    });

    it("refuses an unknown stack and a bad port, and lists its flags with --help", async () => {
        // The project's stacks held steady while the command lists them and the test does, as other files' tests write some.
        await withStackFilesHeld(async () => {
            const unknown = start("--stack", "test-no-such-stack");
            assert.equal(await unknown.exit, 2);
            assert.equal(unknown.stderr(), `no stack file Pulumi.test-no-such-stack.yaml; stacks: ${listStacks().join(", ")}\n`);
        });
        const port = start("--port", "http");
        assert.equal(await port.exit, 2);
        assert.equal(port.stderr(), "--port must be a port number from 0 to 65535, got \"http\"\n");
        const help = start("--help");
        assert.match(await help.firstLine, /^usage: npm run local -- /);
        assert.equal(await help.exit, 0);
    });
});
