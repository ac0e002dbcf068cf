// npm run redrive against the SQS emulator, which implements SQS's message-move actions: the dev
// stack's queues, its outputs as `pulumi stack output --json` gives them, dead letters moved back.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

import { addressesLine, startFromArgs } from "../../scripts/local";
import { main } from "../../scripts/redrive";
import { runStack } from "../../offline/runStack";
import { LocalStack, localStack } from "../support/localApi";
import { withFiles } from "../support/plan";

describe("npm run redrive", () => {
    let dev: LocalStack;
    let outputs: string;
    before(async () => {
        dev = await localStack("dev");
        outputs = JSON.stringify((await runStack("dev")).outputs);
    });
    after(() => dev.close());

    const redrive = async (...argv: string[]) => {
        let stdout = "";
        let stderr = "";
        const code = await main([...argv, "--sqs-endpoint", dev.api.sqsEndpoint], {
            stdout: { write: (text: string) => (stdout += text) },
            stderr: { write: (text: string) => (stderr += text) },
            stdin: () => outputs,
        }, { pollMs: 100, timeoutMs: 20_000 });
        return { code, stdout, stderr };
    };
    const queues = () => dev.api.queues["POST /orders"];
    const deadLetter = (body: string) => dev.sqs.send(new SendMessageCommand({
        QueueUrl: queues().deadLetterQueueUrl!, MessageBody: body,
        MessageAttributes: { idempotencyKey: { DataType: "String", StringValue: `key-${body}` } },
    }));

    it("refuses an empty dead-letter queue, after showing the counts", async () => {
        assert.deepEqual(await redrive("--stack", "dev"), {
            code: 1,
            stdout: "POST /orders: 0 messages in the dead-letter queue arn:aws:sqs:eu-west-1:123456789012:orders-dlq; "
                + "the queue arn:aws:sqs:eu-west-1:123456789012:orders-queue has 0 waiting\n",
            stderr: "POST /orders: the dead-letter queue arn:aws:sqs:eu-west-1:123456789012:orders-dlq is empty: nothing to move\n",
        });
    });

    const sentIds: string[] = [];
    it("on a dry run, shows what would move and moves nothing", async () => {
        sentIds.push((await deadLetter("dry-1")).MessageId!);
        const { code, stdout } = await redrive("--stack", "dev", "--route", "POST /orders", "--dry-run");
        assert.equal(code, 0);
        assert.match(stdout, /^POST \/orders: 1 message in the dead-letter queue arn:aws:sqs:eu-west-1:123456789012:orders-dlq; /);
        assert.match(stdout, /\nPOST \/orders: would move 1 message back to arn:aws:sqs:eu-west-1:123456789012:orders-queue \(dry run: nothing moved\)\n$/);
        assert.equal(await dev.visibleCount(queues().deadLetterQueueUrl!), 1);
    });

    it("moves the dead letters back to their queue, waits for the task and reports it; they keep their body and attributes, with new ids", async () => {
        sentIds.push((await deadLetter("order-2")).MessageId!);
        const { code, stdout, stderr } = await redrive("--stack", "dev");
        assert.equal(stderr, "");
        assert.equal(code, 0);
        assert.match(stdout, /^POST \/orders: 2 messages in the dead-letter queue /);
        assert.match(stdout, /\nPOST \/orders: moving back to arn:aws:sqs:eu-west-1:123456789012:orders-queue \(task \S+\)\nPOST \/orders: completed, 2 messages moved\n$/);
        const moved = await dev.drain(queues().url);
        assert.deepEqual(moved.map((m) => m.Body).sort(), ["dry-1", "order-2"]);
        assert.deepEqual(moved.map((m) => m.MessageAttributes?.idempotencyKey.StringValue).sort(), ["key-dry-1", "key-order-2"]);
        assert.equal(sentIds.length, 2);
        assert.deepEqual(moved.filter((m) => sentIds.includes(m.MessageId!)), []);
        assert.equal(await dev.visibleCount(queues().deadLetterQueueUrl!), 0);
    });

    it("refuses outputs of another stack, an unknown route and missing outputs, each in one line", async () => {
        assert.deepEqual(await redrive("--stack", "dev", "--route", "PUT /orders"), {
            code: 2, stdout: "", stderr: "no route \"PUT /orders\" with a dead-letter queue in the outputs; routes: \"POST /orders\"\n",
        });
        const elsewhere = outputs;
        outputs = outputs.replace(/eu-west-1/g, "us-east-2");
        try {
            assert.deepEqual(await redrive("--stack", "dev"), {
                code: 2, stdout: "", stderr: "the outputs are not stack dev's: POST /orders's dead-letter queue "
                    + "arn:aws:sqs:us-east-2:123456789012:orders-dlq is not in eu-west-1, the region of Pulumi.dev.yaml\n",
            });
            outputs = "";
            assert.deepEqual(await redrive("--stack", "dev"), {
                code: 2, stdout: "", stderr: "give the stack's outputs: pipe `pulumi stack output --json --stack dev` in, or --outputs <file>\n",
            });
        } finally {
            outputs = elsewhere;
        }
        assert.deepEqual(await redrive(), { code: 2, stdout: "", stderr: "--stack is required: the stack whose dead letters to move, as in `--stack prod`\n" });
    });
});

describe("npm run redrive, for a stack with several routes, its outputs in a file", () => {
    const STACK = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: orders
    - path: stores/{storeId}/returns
      method: PUT
`;
    let local: LocalStack;
    let file: string;
    before(async () => {
        local = await localStack("test-redrive-routes", STACK);
        const { outputs } = await withFiles({ "Pulumi.test-redrive-routes.yaml": STACK }, () => runStack("test-redrive-routes"));
        file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "redrive-")), "outputs.json");
        fs.writeFileSync(file, JSON.stringify(outputs));
    });
    after(async () => {
        await local.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });

    it("moves every route's dead letters back to that route's own queue, and only the one route given", async () => {
        const routes = ["POST /orders", "PUT /stores/{storeId}/returns"];
        for (const [i, route] of routes.entries()) {
            for (const n of [1, 2].slice(0, i + 1)) {
                await local.sqs.send(new SendMessageCommand({ QueueUrl: local.api.queues[route].deadLetterQueueUrl!, MessageBody: `${route} ${n}` }));
            }
        }
        const run = (...argv: string[]) => withFiles({ "Pulumi.test-redrive-routes.yaml": STACK }, async () => {
            let stdout = "";
            let stderr = "";
            const code = await main([...argv, "--stack", "test-redrive-routes", "--outputs", file, "--sqs-endpoint", local.api.sqsEndpoint], {
                stdout: { write: (text: string) => (stdout += text) },
                stderr: { write: (text: string) => (stderr += text) },
                stdin: () => "",
            }, { pollMs: 100, timeoutMs: 20_000 });
            return { code, stdout, stderr };
        });
        const one = await run("--route", "PUT /stores/{storeId}/returns");
        assert.deepEqual([one.code, one.stderr], [0, ""]);
        assert.match(one.stdout, /\nPUT \/stores\/\{storeId\}\/returns: completed, 2 messages moved\n$/);
        assert.deepEqual((await local.drain(local.api.queues[routes[1]].url)).map((m) => m.Body).sort(), [`${routes[1]} 1`, `${routes[1]} 2`]);
        assert.equal(await local.visibleCount(local.api.queues[routes[0]].deadLetterQueueUrl!), 1, "the other route's dead letter stays");

        // Every route: the one left moves; the one emptied already is said to be empty, which stops nothing.
        const all = await run();
        assert.deepEqual([all.code, all.stderr], [0, "PUT /stores/{storeId}/returns: the dead-letter queue "
            + "arn:aws:sqs:eu-west-1:123456789012:orders-put-stores-storeid-returns-dlq is empty: nothing to move\n"]);
        assert.match(all.stdout, /\nPOST \/orders: completed, 1 message moved\n/);
        assert.deepEqual((await local.drain(local.api.queues[routes[0]].url)).map((m) => m.Body), [`${routes[0]} 1`]);
    });
});

describe("npm run redrive against the local API, with the line npm run local -- --json prints as its outputs", () => {
    it("moves the local dead letters back, on the local API's emulator without --sqs-endpoint", async () => {
        const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
        const started = await startFromArgs(["--stack", "dev", "--json"], quiet);
        assert.ok(typeof started !== "number");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "redrive-local-"));
        const sqs = new SQSClient({ endpoint: started.api.sqsEndpoint, region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
        try {
            const file = path.join(dir, "local.json");
            fs.writeFileSync(file, addressesLine(started.api, started.outputs));
            const { queues } = JSON.parse(fs.readFileSync(file, "utf8"));
            await sqs.send(new SendMessageCommand({ QueueUrl: queues["POST /orders"].deadLetterQueueUrl, MessageBody: "dead-1" }));
            let stdout = "";
            let stderr = "";
            const code = await main(["--stack", "dev", "--outputs", file], {
                stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, stdin: () => undefined,
            }, { pollMs: 100, timeoutMs: 20_000 });
            assert.deepEqual([code, stderr], [0, ""]);
            assert.match(stdout, /\nPOST \/orders: completed, 1 message moved\n$/);
            const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues["POST /orders"].url, WaitTimeSeconds: 0 }));
            assert.deepEqual(Messages.map((m) => m.Body), ["dead-1"]);
        } finally {
            sqs.destroy();
            fs.rmSync(dir, { recursive: true, force: true });
            await started.api.close();
        }
    });
});
