// npm run demo -- [--stack dev] [--orders 150] [--arrival-rate 50] [--worker-rate 6] [--svg load-leveling-demo.svg]
//
// Load levelling, shown on the local API: a burst of orders far above what one worker drains,
// sent by clients that retry when the API throttles them (429), and a worker that drains the queue
// at a fixed rate. It charts arrivals, accepted, throttled, queue depth and processed over time
// (an SVG file, and a compact chart in the terminal), and checks that every accepted order was
// processed exactly once. Takes well under a minute with the defaults.
import * as fs from "node:fs";
import { parseArgs } from "node:util";

import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

import { svgChart, terminalChart } from "../local/chart";
import { startLocalApi } from "../local/server";
import { runStack } from "./offline/runStack";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DemoOptions {
    readonly stack: string;
    readonly orders: number;
    /** Orders a second the clients send, first attempts only. */
    readonly arrivalRate: number;
    /** Messages a second the worker processes. */
    readonly workerRate: number;
    /** Seconds per chart step. */
    readonly step: number;
    /** Gives up after this many seconds. */
    readonly timeout: number;
}

export interface DemoResult {
    readonly seconds: number;
    readonly series: { arrivals: number[]; accepted: number[]; throttled: number[]; depth: number[]; processed: number[] };
    readonly accepted: number;
    readonly throttledAnswers: number;
    readonly processed: number;
    readonly duplicatesSkipped: number;
    readonly peakDepth: number;
    /** Seconds: the longest an order waited in the queue before the worker took it. */
    readonly oldestMessageAge: number;
    readonly everyOrderProcessedOnce: boolean;
    readonly limits: { rateLimit: number; burstLimit: number };
}

/** Runs the demo against the stack's local API and returns what happened. */
export async function runDemo(options: DemoOptions, progress: (line: string) => void = () => undefined): Promise<DemoResult> {
    const ran = await runStack(options.stack);
    const api = await startLocalApi(ran.resources, { region: ran.stackFile.config["aws:region"] ?? "us-east-1" });
    const sqs = new SQSClient({ endpoint: api.sqsEndpoint, region: "us-east-1", credentials: { accessKeyId: "demo", secretAccessKey: "demo" } });
    const route = Object.keys(api.urls)[0];
    const url = api.urls[route];
    const queueUrl = api.queues[route].url;
    const limits = api.model.throttling.get("*/*") ?? { rateLimit: Infinity, burstLimit: Infinity };
    const start = Date.now();
    const bucket = () => Math.floor((Date.now() - start) / 1000 / options.step);
    const events: { bucket: number; kind: "arrival" | "accepted" | "throttled" | "processed" }[] = [];
    const depthSamples = new Map<number, number>();
    const acceptedOrders = new Set<string>();
    const processedOrders = new Map<string, number>();
    let duplicatesSkipped = 0;
    let oldestMessageAge = 0;
    let sending = true;

    const order = async (n: number) => {
        const body = JSON.stringify({ orderId: `DEMO-${n}`, items: [{ sku: "burst", qty: 1 }] });
        events.push({ bucket: bucket(), kind: "arrival" });
        for (let attempt = 0; ; attempt++) {
            const answer = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
            await answer.arrayBuffer();
            if (answer.status === 202) {
                events.push({ bucket: bucket(), kind: "accepted" });
                acceptedOrders.add(`DEMO-${n}`);
                return;
            }
            if (answer.status !== 429) {
                throw new Error(`order ${n}: unexpected status ${answer.status}`);
            }
            events.push({ bucket: bucket(), kind: "throttled" });
            // Exponential backoff with jitter, as a client of a throttled API should.
            await sleep(Math.min(2000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
        }
    };

    const clients = (async () => {
        const sent: Promise<void>[] = [];
        for (let n = 1; n <= options.orders; n++) {
            sent.push(order(n));
            await sleep(1000 / options.arrivalRate);
        }
        await Promise.all(sent);
        sending = false;
    })();

    const worker = (async () => {
        let next = Date.now();
        while ((sending || processedOrders.size < acceptedOrders.size) && Date.now() - start < options.timeout * 1000) {
            const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, AttributeNames: ["All"] }));
            if (Messages.length === 0) {
                await sleep(50);
                continue;
            }
            for (const message of Messages) {
                await sleep(Math.max(0, next - Date.now()));
                next = Math.max(next, Date.now()) + 1000 / options.workerRate;
                const orderId = String(JSON.parse(message.Body!).orderId);
                if (processedOrders.has(orderId)) {
                    // At-least-once delivery: a worker is idempotent by the order's key.
                    duplicatesSkipped++;
                } else {
                    processedOrders.set(orderId, Date.now());
                    oldestMessageAge = Math.max(oldestMessageAge, (Date.now() - Number(message.Attributes!.SentTimestamp)) / 1000);
                    events.push({ bucket: bucket(), kind: "processed" });
                }
                await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
            }
        }
    })();

    const sampler = (async () => {
        while (sending || processedOrders.size < acceptedOrders.size) {
            const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
                QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
            }));
            const depth = Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
            depthSamples.set(bucket(), Math.max(depthSamples.get(bucket()) ?? 0, depth));
            if (Date.now() - start > options.timeout * 1000) {
                return;
            }
            await sleep(options.step * 250);
        }
    })();

    let lastReport = 0;
    const reporter = setInterval(() => {
        const now = Math.round((Date.now() - start) / 1000);
        if (now !== lastReport) {
            lastReport = now;
            progress(`${now} s: ${acceptedOrders.size}/${options.orders} accepted, ${processedOrders.size} processed`);
        }
    }, 1000);
    try {
        await Promise.all([clients, worker, sampler]);
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
        depthSamples.set(bucket(), Number(Attributes.ApproximateNumberOfMessages ?? 0));
    } finally {
        clearInterval(reporter);
        sqs.destroy();
        await api.close();
    }

    const steps = bucket() + 1;
    const count = (kind: string) => Array.from({ length: steps }, (_, i) => events.filter((e) => e.kind === kind && e.bucket === i).length);
    let depth = 0;
    const depths = Array.from({ length: steps }, (_, i) => (depth = depthSamples.get(i) ?? depth));
    return {
        seconds: (Date.now() - start) / 1000,
        series: { arrivals: count("arrival"), accepted: count("accepted"), throttled: count("throttled"), depth: depths, processed: count("processed") },
        accepted: acceptedOrders.size,
        throttledAnswers: events.filter((e) => e.kind === "throttled").length,
        processed: processedOrders.size,
        duplicatesSkipped,
        peakDepth: Math.max(0, ...depths),
        oldestMessageAge,
        everyOrderProcessedOnce: acceptedOrders.size === options.orders && [...acceptedOrders].every((id) => processedOrders.has(id)),
        limits,
    };
}

/** The chart's input, with the figures worth reading as notes. */
export function chartOf(result: DemoResult, options: DemoOptions) {
    return {
        title: `Load levelling on the ${options.stack} stack's local API: ${options.orders} orders at ${options.arrivalRate}/s, one worker at ${options.workerRate}/s`,
        step: options.step,
        notes: [
            `stage limits ${result.limits.rateLimit}/s, burst ${result.limits.burstLimit}; ${result.throttledAnswers} answers 429, each retried by its client`,
            `peak queue depth ${result.peakDepth}; oldest message waited ${result.oldestMessageAge.toFixed(1)} s; `
            + `${result.processed} of ${result.accepted} accepted orders processed${result.everyOrderProcessedOnce ? ", each once" : ""} in ${result.seconds.toFixed(1)} s`,
        ],
        series: [
            { name: "arrivals", values: result.series.arrivals, colour: "#1f77b4" },
            { name: "accepted", values: result.series.accepted, colour: "#2ca02c" },
            { name: "throttled", values: result.series.throttled, colour: "#d62728" },
            { name: "processed", values: result.series.processed, colour: "#9467bd" },
            { name: "queue depth", values: result.series.depth, colour: "#ff7f0e", level: true },
        ],
    };
}

if (require.main === module) {
    const flags = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            orders: { type: "string", default: "150" },
            "arrival-rate": { type: "string", default: "50" },
            "worker-rate": { type: "string", default: "6" },
            svg: { type: "string", default: "load-leveling-demo.svg" },
        },
    }).values;
    const options: DemoOptions = {
        stack: flags.stack!, orders: Number(flags.orders), arrivalRate: Number(flags["arrival-rate"]), workerRate: Number(flags["worker-rate"]), step: 1, timeout: 55,
    };
    runDemo(options, (line) => process.stderr.write(`${line}\n`)).then((result) => {
        const chart = chartOf(result, options);
        fs.writeFileSync(flags.svg!, svgChart(chart));
        process.stdout.write(`${terminalChart(chart)}\n\nwrote ${flags.svg}\n`);
        process.exitCode = result.everyOrderProcessedOnce ? 0 : 1;
    }, (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 3;
    });
}
