// A stack's Lambda consumers, run on this machine as their event source mappings would run them:
// the function's own archive (the bundle the stack would upload) loaded from its ZIP, fed batches
// received from the SQS emulator, with the messages it reports as failed (ReportBatchItemFailures)
// left for SQS to deliver again and the rest deleted; an invocation that throws or runs past its
// timeout deletes nothing. One batch at a time per mapping, whatever maximumConcurrency says.
import { createHash, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import AdmZip from "adm-zip";

import { Registered } from "../offline/mockRuntime";
import { queueOfArn } from "./apiModel";
import { SqsBackend } from "./sqsBackend";
import { TYPES } from "../policy/awsTypes";

/** One invocation: the batch's message ids, those the function reported as failed, and the error if it threw. */
export interface Invocation {
    readonly messageIds: readonly string[];
    readonly batchItemFailures: readonly string[];
    readonly error?: string;
}

export interface LocalConsumer {
    /** The function's resource name (`orders-consumer-function`). */
    readonly functionName: string;
    readonly queueUrl: string;
    /** Every invocation so far, in order. */
    readonly invocations: readonly Invocation[];
    /** What the function wrote with console.log and the like, one entry per call, as its log group would keep it. */
    readonly logs: readonly string[];
}

export interface RunningConsumers {
    readonly consumers: readonly LocalConsumer[];
    /** Stops polling and waits for the invocation in progress. */
    stop(): Promise<void>;
}

type Handler = (event: unknown, context: unknown) => Promise<{ batchItemFailures?: { itemIdentifier: string }[] } | undefined | void>;

/** The bundle inside a function's archive, loaded as a module of its own (each function gets a fresh one). */
async function loadHandler(fn: Registered): Promise<Handler> {
    const archivePath = await (fn.inputs.code as { path: Promise<string> | string }).path;
    const [file, exported] = String(fn.inputs.handler).split(".");
    const entry = new AdmZip(archivePath).getEntry(`${file}.js`);
    if (!entry) {
        throw new Error(`${fn.name}'s archive ${archivePath} has no ${file}.js`);
    }
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "local-consumer-"));
    const modulePath = path.join(folder, `${file}.js`);
    fs.writeFileSync(modulePath, entry.getData());
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handler = require(modulePath)[exported] as Handler | undefined;
    if (typeof handler !== "function") {
        throw new Error(`${fn.name}'s ${file}.js exports no function ${exported}`);
    }
    return handler;
}

/** A received message as Lambda's SQS event record spells it. */
function eventRecord(message: Message, queueArn: string, region: string) {
    const attributes = message.Attributes ?? {};
    return {
        messageId: message.MessageId!,
        receiptHandle: message.ReceiptHandle!,
        body: message.Body ?? "",
        attributes,
        messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, {
            stringValue: value.StringValue, stringListValues: [], binaryListValues: [], dataType: value.DataType,
        }])),
        md5OfBody: message.MD5OfBody ?? createHash("md5").update(message.Body ?? "").digest("hex"),
        eventSource: "aws:sqs",
        eventSourceARN: queueArn,
        awsRegion: region,
    };
}

/** Runs `work` with console output handed to `record` line by line, as Lambda captures a function's output. */
async function capturing<T>(record: (line: string) => void, work: () => Promise<T>): Promise<T> {
    const methods = ["log", "info", "warn", "error", "debug"] as const;
    const saved = methods.map((m) => console[m]);
    for (const m of methods) {
        console[m] = (...args: unknown[]) => {
            record(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
        };
    }
    try {
        return await work();
    } finally {
        methods.forEach((m, i) => {
            console[m] = saved[i];
        });
    }
}

/**
 * Starts the stack's consumers (its event source mappings from SQS queues to functions of the
 * stack) against the embedded SQS emulator.
 */
export async function startLocalConsumers(resources: readonly Registered[], sqs: SqsBackend, region: string,
    options: { pollIntervalMs?: number; log?: (functionName: string, line: string) => void } = {}): Promise<RunningConsumers> {
    const client = new SQSClient({ endpoint: sqs.endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
    const functions = resources.filter((r) => r.type === TYPES.lambdaFunction);
    let running = true;
    const loops: Promise<void>[] = [];
    const consumers: LocalConsumer[] = [];
    // Every handler is loaded before any mapping polls, so that one that fails to load starts nothing.
    const mappings = [];
    for (const mapping of resources.filter((r) => r.type === TYPES.eventSourceMapping)) {
        const queue = queueOfArn(String(mapping.inputs.eventSourceArn));
        const fn = functions.find((f) => f.state.arn === mapping.inputs.functionName || f.state.name === mapping.inputs.functionName);
        if (queue && fn) {
            try {
                mappings.push({ mapping, queue, fn, handler: await loadHandler(fn) });
            } catch (err) {
                client.destroy();
                throw err;
            }
        }
    }
    for (const { mapping, queue, fn, handler } of mappings) {
        const queueUrl = sqs.queueUrl(queue);
        const invocations: Invocation[] = [];
        const logs: string[] = [];
        const record = (line: string) => {
            logs.push(line);
            options.log?.(fn.name, line);
        };
        consumers.push({ functionName: fn.name, queueUrl, invocations, logs });
        const batchSize = Math.min(10, Number(mapping.inputs.batchSize ?? 10));
        const timeoutMs = Number(fn.inputs.timeout ?? 3) * 1000;
        loops.push((async () => {
            while (running) {
                // A batch gathers what the queue holds, up to the batch size, as the mapping's poller does. No
                // long poll: the emulator can return one message several times within one.
                const batch: Message[] = [];
                for (;;) {
                    const { Messages = [] } = await client.send(new ReceiveMessageCommand({
                        QueueUrl: queueUrl, MaxNumberOfMessages: batchSize - batch.length, WaitTimeSeconds: 0, AttributeNames: ["All"], MessageAttributeNames: ["All"],
                    }));
                    const fresh = Messages.filter((m, i) => Messages.findIndex((o) => o.MessageId === m.MessageId) === i && !batch.some((b) => b.MessageId === m.MessageId));
                    batch.push(...fresh);
                    if (fresh.length === 0 || batch.length >= batchSize) {
                        break;
                    }
                }
                if (batch.length === 0) {
                    await sleep(options.pollIntervalMs ?? 100);
                    continue;
                }
                const started = Date.now();
                const context = {
                    functionName: fn.name, awsRequestId: randomUUID(), memoryLimitInMB: String(fn.inputs.memorySize ?? 128),
                    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
                };
                const event = { Records: batch.map((m) => eventRecord(m, String(mapping.inputs.eventSourceArn), queue.region)) };
                let failures: string[] = [];
                let error: string | undefined;
                try {
                    const answer = await capturing(record, () => Promise.race([
                        handler(event, context),
                        sleep(timeoutMs).then(() => {
                            throw new Error(`Task timed out after ${timeoutMs / 1000} seconds`);
                        }),
                    ]));
                    failures = (answer?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
                } catch (err) {
                    error = (err as Error).message;
                }
                invocations.push({ messageIds: batch.map((m) => m.MessageId!), batchItemFailures: failures, ...(error ? { error } : {}) });
                if (error === undefined) {
                    for (const message of batch.filter((m) => !failures.includes(m.MessageId!))) {
                        await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
                    }
                }
            }
        })());
    }
    return {
        consumers,
        async stop() {
            running = false;
            await Promise.allSettled(loops);
            client.destroy();
        },
    };
}
