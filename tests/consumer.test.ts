// A route's Lambda consumer: what it creates, what its role may do, each rule that refuses a
// consumer before anything is created, and an archive whose bytes depend on the code alone.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import AdmZip from "adm-zip";

import { QueueApi, QueueApiArgs, SettingsError } from "../components";
import { bundleWorker, workerArchive, zipArchive } from "../components/bundle";
import { readStackConfig } from "../components/stackConfig";
import { byType, MockRun, named, runMocked } from "../offline/mockRuntime";
import { PROJECT_ROOT } from "../offline/stacks";
import { problemsOf } from "./support/problems";

const REGION = "eu-west-1";
const QUEUE_ARN = `arn:aws:sqs:${REGION}:123456789012:orders-queue`;
const EXISTING = "arn:aws:sqs:eu-west-1:210987654321:fulfilment";

async function build(args: QueueApiArgs): Promise<MockRun<Record<string, unknown>>> {
    const run = await runMocked(() => {
        const api = new QueueApi("orders", args);
        return { consumerFunctionNames: api.consumerFunctionNames, consumerRoleArns: api.consumerRoleArns, consumerRoleNames: api.consumerRoleNames };
    }, { config: { "aws:region": REGION } });
    if (run.error) {
        throw run.error;
    }
    return run;
}

describe("a route's Lambda consumer", () => {
    let run: MockRun<Record<string, unknown>>;
    before(async () => {
        run = await build({ consumer: {} });
    });

    it("creates its function, role, policy, log group and event source mapping inside a QueueConsumer of the API", () => {
        const consumer = run.resources.filter((r) => r.name.startsWith("orders-consumer"));
        assert.deepEqual(consumer.map((r) => `${r.type} ${r.name} < ${r.parent}`), [
            "queue-load-leveling:index:QueueConsumer orders-consumer < orders",
            "aws:cloudwatch/logGroup:LogGroup orders-consumer-logs < orders-consumer",
            "aws:iam/role:Role orders-consumer-role < orders-consumer",
            "aws:iam/rolePolicy:RolePolicy orders-consumer-policy < orders-consumer",
            "aws:lambda/function:Function orders-consumer-function < orders-consumer",
            "aws:lambda/eventSourceMapping:EventSourceMapping orders-consumer-trigger < orders-consumer",
        ]);
        assert.deepEqual(run.result.consumerFunctionNames, { "POST /orders": "orders-consumer-function" });
    });

    it("runs the example worker on nodejs24.x for at most 5 s, with 256 MB, logging JSON to its own log group", () => {
        const fn = named(run, "orders-consumer-function");
        const { code, ...inputs } = fn.inputs;
        assert.ok(code instanceof Object && "path" in code);
        assert.deepEqual({ ...inputs, description: undefined }, {
            description: undefined, runtime: "nodejs24.x", handler: "index.handler", timeout: 5, memorySize: 256,
            role: "arn:aws:iam::123456789012:role/orders-consumer-role",
            loggingConfig: { logFormat: "JSON", logGroup: "orders-consumer-logs" }, tags: {},
        });
        assert.equal(named(run, "orders-consumer-logs").inputs.retentionInDays, 30);
        assert.deepEqual(fn.dependsOn, ["orders-consumer-policy"]);
    });

    it("is fed batches of 10 that always report partial failures, at most 5 invocations at once, once its role may read the queue", () => {
        const mapping = named(run, "orders-consumer-trigger");
        assert.deepEqual(mapping.inputs, {
            eventSourceArn: QUEUE_ARN,
            functionName: "arn:aws:lambda:eu-west-1:123456789012:function:orders-consumer-function",
            batchSize: 10,
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: 5 },
            tags: {},
        });
        assert.deepEqual(mapping.dependsOn, ["orders-consumer-policy"]);
    });

    it("has a role only Lambda may assume, allowed to consume its own queue and write its own logs, never to send", () => {
        assert.deepEqual(JSON.parse(named(run, "orders-consumer-role").inputs.assumeRolePolicy).Statement,
            [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        assert.deepEqual(JSON.parse(named(run, "orders-consumer-policy").inputs.policy).Statement, [
            { Sid: "ConsumeOwnQueue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Resource: QUEUE_ARN },
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:orders-consumer-logs:*" },
        ]);
    });

    describe("on several routes", () => {
        const key = "arn:aws:kms:eu-west-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        let routes: MockRun<Record<string, unknown>>;
        before(async () => {
            routes = await build({ routes: [
                { path: "orders", queue: { encryption: "kms" }, consumer: {} },
                { path: "fulfilment", existingQueue: { arn: EXISTING, kmsKeyArn: key, visibilityTimeoutSeconds: 60 }, consumer: {} },
                { path: "bulk", queue: { visibilityTimeoutSeconds: 120 }, consumer: {
                    runtime: "nodejs22.x", timeoutSeconds: 20, memorySize: 512, batchSize: 100, batchingWindowSeconds: 5, maximumConcurrency: 50, logRetentionInDays: 7,
                } },
            ] });
        });

        it("may decrypt with the queue's customer-managed key", () => {
            assert.deepEqual(JSON.parse(named(routes, "orders-post-orders-consumer-policy").inputs.policy).Statement[1], { Sid: "DecryptQueueKey",
                Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:123456789012:key/orders-post-orders-key" });
        });

        it("reads a route's existing queue of the stack's region, with its key", () => {
            assert.equal(named(routes, "orders-post-fulfilment-consumer-trigger").inputs.eventSourceArn, EXISTING);
            assert.deepEqual(JSON.parse(named(routes, "orders-post-fulfilment-consumer-policy").inputs.policy).Statement.map((s: { Resource: string }) => s.Resource),
                [EXISTING, key, "arn:aws:logs:eu-west-1:123456789012:log-group:orders-post-fulfilment-consumer-logs:*"]);
        });

        it("passes its settings through, the batching window only when there is one", () => {
            const mapping = named(routes, "orders-post-bulk-consumer-trigger").inputs;
            assert.deepEqual([mapping.batchSize, mapping.maximumBatchingWindowInSeconds, mapping.scalingConfig], [100, 5, { maximumConcurrency: 50 }]);
            const fn = named(routes, "orders-post-bulk-consumer-function").inputs;
            assert.deepEqual([fn.runtime, fn.timeout, fn.memorySize], ["nodejs22.x", 20, 512]);
            assert.equal(named(routes, "orders-post-bulk-consumer-logs").inputs.retentionInDays, 7);
            assert.equal(named(routes, "orders-post-orders-consumer-trigger").inputs.maximumBatchingWindowInSeconds, undefined);
        });

        it("gives each route its own consumer, by route", () => {
            assert.deepEqual(routes.result.consumerFunctionNames, {
                "POST /orders": "orders-post-orders-consumer-function",
                "POST /fulfilment": "orders-post-fulfilment-consumer-function",
                "POST /bulk": "orders-post-bulk-consumer-function",
            });
        });

        it("exports each consumer's role by route, the role its function runs with, for a program to grant more", () => {
            assert.deepEqual(routes.result.consumerRoleNames, {
                "POST /orders": "orders-post-orders-consumer-role",
                "POST /fulfilment": "orders-post-fulfilment-consumer-role",
                "POST /bulk": "orders-post-bulk-consumer-role",
            });
            assert.deepEqual(routes.result.consumerRoleArns, {
                "POST /orders": "arn:aws:iam::123456789012:role/orders-post-orders-consumer-role",
                "POST /fulfilment": "arn:aws:iam::123456789012:role/orders-post-fulfilment-consumer-role",
                "POST /bulk": "arn:aws:iam::123456789012:role/orders-post-bulk-consumer-role",
            });
            assert.equal(named(routes, "orders-post-bulk-consumer-function").inputs.role, (routes.result.consumerRoleArns as Record<string, string>)["POST /bulk"]);
        });
    });

    it("is left out of routes without one", () => {
        assert.deepEqual(byType(run, "aws:lambda/function:Function").length, 1);
    });

    describe("refused before anything is created", () => {
        const refused: [string, unknown, string][] = [
            ["the deprecated nodejs20.x runtime", { consumer: { runtime: "nodejs20.x" } },
                "consumer.runtime must be one of nodejs24.x, nodejs22.x (nodejs20.x is deprecated: Node.js 20 reached end of life in April 2026), got \"nodejs20.x\""],
            ["a visibility timeout under six times the function's timeout", { queue: { visibilityTimeoutSeconds: 30 }, consumer: { timeoutSeconds: 10 } },
                "queue.visibilityTimeoutSeconds (30) must be at least 6 × consumer.timeoutSeconds (10) = 60: AWS advises six times a Lambda "
                + "consumer's timeout, or a batch that is retried is delivered again while it runs; raise the visibility timeout or lower the function's timeout"],
            ["a FIFO batch over 10", { queue: { fifo: true }, messageGroupId: { value: "all" }, consumer: { batchSize: 11 } },
                "consumer.batchSize must be at most 10 with a FIFO queue (queue.fifo), got 11"],
            ["a batching window on a FIFO queue", { queue: { fifo: true }, messageGroupId: { value: "all" }, consumer: { batchingWindowSeconds: 1 } },
                "consumer.batchingWindowSeconds must be 0 with a FIFO queue (queue.fifo): Lambda takes no batching window from a FIFO queue, got 1"],
            ["a standard batch over 10 without a window", { consumer: { batchSize: 11 } },
                "consumer.batchSize 11 is above 10, which needs consumer.batchingWindowSeconds of at least 1, got 0"],
            ["a batching window over 300 s", { consumer: { batchingWindowSeconds: 301 } },
                "consumer.batchingWindowSeconds must be an integer from 0 to 300, got 301"],
            ["a maximum concurrency under 2", { consumer: { maximumConcurrency: 1 } },
                "consumer.maximumConcurrency must be an integer from 2 to 1000, got 1"],
            ["a maximum concurrency over 1000", { consumer: { maximumConcurrency: 1001 } },
                "consumer.maximumConcurrency must be an integer from 2 to 1000, got 1001"],
            ["an existing queue without its visibility timeout", { routes: [{ path: "f", existingQueue: { arn: EXISTING }, consumer: {} }] },
                "routes[0].consumer needs routes[0].existingQueue.visibilityTimeoutSeconds: the existing queue's visibility timeout as its owner "
                + "set it, which must be at least 6 × routes[0].consumer.timeoutSeconds (5) = 30"],
            ["an existing queue whose visibility timeout is too short", { routes: [{ path: "f", existingQueue: { arn: EXISTING, visibilityTimeoutSeconds: 20 }, consumer: {} }] },
                "routes[0].existingQueue.visibilityTimeoutSeconds (20) must be at least 6 × routes[0].consumer.timeoutSeconds (5) = 30: AWS advises "
                + "six times a Lambda consumer's timeout, or a batch that is retried is delivered again while it runs; raise the visibility timeout or lower the function's timeout"],
            ["a folder without a worker", { consumer: { code: "schemas" } },
                `consumer.code must be a folder, relative to the program's, holding index.ts or index.js that exports handler: ${path.join(PROJECT_ROOT, "schemas")} has no index.ts or index.js, got "schemas"`],
            ["a misspelt consumer setting", { consumer: { timeout: 5 } },
                "consumer.timeout is not a known setting; known: code, runtime, timeoutSeconds, memorySize, batchSize, batchingWindowSeconds, maximumConcurrency, logRetentionInDays"],
        ];
        for (const [what, args, message] of refused) {
            it(`refuses ${what}, naming the settings and their values`, () => {
                assert.deepEqual(problemsOf(args), [message]);
            });
        }

        it("refuses a consumer of an existing queue in another region than the stack's", () => {
            const routes = JSON.stringify([{ path: "f", existingQueue: { arn: "arn:aws:sqs:us-east-1:210987654321:fulfilment", visibilityTimeoutSeconds: 60 }, consumer: {} }]);
            const stack = (region: string) => () => readStackConfig("orders", { "aws:region": region, "orders:routes": routes });
            assert.throws(stack("eu-west-1"), (err: SettingsError) => {
                assert.deepEqual(err.problems, ["orders:routes[0].consumer would read arn:aws:sqs:us-east-1:210987654321:fulfilment, a queue in us-east-1, "
                    + "but the stack deploys to eu-west-1: an event source mapping reads only queues of its own region; consume it from a stack in "
                    + "us-east-1, or with a long-running worker"]);
                return true;
            });
            assert.doesNotThrow(stack("us-east-1"));
        });

        it("accepts the bounds: a window of 300 s, concurrency 2 and 1000, a visibility of exactly six times the timeout", () => {
            assert.deepEqual(problemsOf({ queue: { visibilityTimeoutSeconds: 60 }, consumer: { timeoutSeconds: 10, batchSize: 10000, batchingWindowSeconds: 300, maximumConcurrency: 2 } }), []);
            assert.deepEqual(problemsOf({ queue: { fifo: true }, messageGroupId: { value: "all" }, consumer: { batchSize: 10, maximumConcurrency: 1000 } }), []);
        });

        it("refuses code that does not bundle, registering nothing", async () => {
            const folder = fs.mkdtempSync(path.join(os.tmpdir(), "broken-worker-"));
            fs.writeFileSync(path.join(folder, "index.ts"), "export const handler = async (event: unknown) => {\n");
            const broken = await runMocked(() => new QueueApi("orders", { consumer: { code: folder } }), { config: { "aws:region": REGION } });
            assert.ok(broken.error instanceof SettingsError);
            assert.match((broken.error as SettingsError).problems[0], /^QueueApi "orders": consumer\.code \S+broken-worker-\w+ does not bundle: \S+broken-worker-\w+\/index\.ts:2:0: Unexpected end of file$/);
            assert.deepEqual(broken.resources, []);
        });
    });
});

describe("a consumer's archive", () => {
    it("is the same bytes on every run, whatever the sources' modification times", () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "worker-"));
        fs.writeFileSync(path.join(folder, "index.ts"), "import { greet } from \"./greet\";\nexport const handler = async () => greet(\"orders\");\n");
        fs.writeFileSync(path.join(folder, "greet.ts"), "export const greet = (name: string) => `hello ${name}`;\n");
        const first = workerArchive(folder, "nodejs24.x", folder);
        for (const file of ["index.ts", "greet.ts"]) {
            fs.utimesSync(path.join(folder, file), new Date("2001-02-03T04:05:06Z"), new Date("2001-02-03T04:05:06Z"));
        }
        const second = workerArchive(folder, "nodejs24.x", folder);
        assert.ok(first.bytes.equals(second.bytes));
        assert.equal(first.sha256, second.sha256);
        assert.ok(!first.bytes.includes(Buffer.from(os.tmpdir())), "no absolute path in the archive");
        fs.writeFileSync(path.join(folder, "greet.ts"), "export const greet = (name: string) => `hi ${name}`;\n");
        assert.notEqual(workerArchive(folder, "nodejs24.x", folder).sha256, first.sha256);
    });

    it("holds the bundle as index.js, a file readable by everyone, dated 1980-01-01, that any ZIP reader opens", () => {
        const archive = workerArchive(path.join(PROJECT_ROOT, "workers", "lambda"), "nodejs24.x");
        const entries = new AdmZip(archive.bytes).getEntries();
        assert.deepEqual(entries.map((e) => e.entryName), ["index.js"]);
        assert.equal(entries[0].getData().toString("utf8"), bundleWorker(path.join(PROJECT_ROOT, "workers", "lambda"), "nodejs24.x"));
        assert.equal(entries[0].attr >>> 16, 0o100644);
        assert.equal(entries[0].header.time.getFullYear(), 1980);
        assert.ok(fs.readFileSync(archive.path).equals(archive.bytes));
    });

    it("writes files in name order, so the order they are given in does not matter", () => {
        assert.ok(zipArchive({ "b.js": "2", "a.js": "1" }).equals(zipArchive({ "a.js": "1", "b.js": "2" })));
    });

    it("bundles the example worker with what it imports, relative paths only, for the chosen runtime", () => {
        const bundle = bundleWorker(path.join(PROJECT_ROOT, "workers", "lambda"), "nodejs22.x");
        assert.match(bundle, /^\/\/ workers\/lambda\/index\.ts$/m);
        assert.match(bundle, /^\/\/ node_modules\/@aws-lambda-powertools\/batch\//m);
        assert.ok(!bundle.includes(PROJECT_ROOT));
    });
});
