// npm run demo -- [--stack dev] [--orders 150] [--arrival-rate 50] [--worker-rate 6] [--svg load-leveling-demo.svg]
//
// Load levelling, shown on the local API: a burst of orders far above what one worker drains,
// sent by clients that retry when the API throttles them (429), and a worker that drains the queue
// at a fixed rate. It charts arrivals, accepted, throttled, queue depth and processed over time
// (an SVG file, and a compact chart in the terminal), and checks that every accepted order was
// processed exactly once. Takes well under a minute with the defaults.
import * as fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

import { methodsOf } from "../local/apiModel";
import { svgChart, terminalChart } from "../local/chart";
import { placeholderIdentity, unlimitedApiKey } from "../local/placeholderIdentity";
import { startLocalApi } from "../local/server";
import { CliIo, Command, integerFlag, positiveNumberFlag, readFlags, textFlag } from "./cliFlags";
import { runAsCommand } from "./commandExit";
import { runStack } from "../offline/runStack";
import { BadInput } from "../offline/sourceFile";
import { stackFlag } from "./stackFlag";

export const DEMO_COMMAND = {
    usage: ["npm run demo -- [--stack <name>] [--orders <n>] [--arrival-rate <n>] [--worker-rate <n>] [--svg <file>]"],
    about: "Shows load levelling on a stack's local API: a burst of orders above the stage's limits, clients that\n"
        + "retry when throttled (429), one worker draining the queue at a fixed rate; charts it and checks that\n"
        + "every accepted order is processed once. It calls the stack's first route as the local API lets it:\n"
        + "placeholder signatures and tokens, which only the local API takes.",
    flags: {
        stack: stackFlag("the stack whose API to serve locally (Pulumi.<name>.yaml); default dev, whose low limits show throttling", "dev"),
        orders: integerFlag("<n>", "orders in the burst; default 150", { min: 1, max: 10000, fallback: 150 }),
        "arrival-rate": positiveNumberFlag("<n>", "orders a second the clients send, first attempts only; default 50", { max: 1000, fallback: 50 }),
        "worker-rate": positiveNumberFlag("<n>", "messages a second the worker processes; default 6", { max: 1000, fallback: 6 }),
        svg: textFlag("<file>", "where to write the SVG chart; default load-leveling-demo.svg", "load-leveling-demo.svg"),
    },
    exitCodes: {
        0: "every accepted order was processed exactly once",
        1: "an order was lost or processed twice, or the run timed out",
        2: "bad input: flags, or a stack whose first route refuses the demo's orders (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

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
    const method = methodsOf(api.model).find((m) => `${m.httpMethod} ${m.resourcePath}` === route)!;
    const identity = placeholderIdentity(method, api.urls[route].replace(/\{[^}]+\}/g, "demo"));
    const apiKey = method.apiKeyRequired ? unlimitedApiKey(api.model, api.apiKeys) : undefined;
    // The headers the route requires (a FIFO group's), then what lets the local API in.
    const headers = {
        "Content-Type": "application/json",
        ...Object.fromEntries(Object.entries(method.requestParameters).filter(([, required]) => required)
            .flatMap(([name]) => [/^method\.request\.header\.(.+)$/.exec(name)?.[1]].filter((h): h is string => h !== undefined).map((h) => [h, "demo"]))),
        ...identity.headers,
        ...(apiKey ? { "x-api-key": apiKey } : {}),
    };
    const url = identity.url;
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
    // An order the route refuses stops the clients, and with them the worker and the sampler.
    let refusal: unknown;

    const order = async (n: number) => {
        const body = JSON.stringify({ orderId: `DEMO-${n}`, items: [{ sku: "burst", qty: 1 }] });
        events.push({ bucket: bucket(), kind: "arrival" });
        for (let attempt = 0; refusal === undefined; attempt++) {
            const answer = await fetch(url, { method: method.httpMethod, headers, body });
            const text = await answer.text();
            if (answer.status === 202) {
                events.push({ bucket: bucket(), kind: "accepted" });
                acceptedOrders.add(`DEMO-${n}`);
                return;
            }
            if (answer.status !== 429) {
                throw new BadInput([`${route} of stack ${options.stack} answered the demo's order ${answer.status} ${text.slice(0, 200)}: `
                    + "the demo sends orders of schemas/order.schema.json to a stack's first route"]);
            }
            events.push({ bucket: bucket(), kind: "throttled" });
            // Exponential backoff with jitter, as a client of a throttled API should.
            await sleep(Math.min(2000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2));
        }
    };

    const clients = (async () => {
        const sent: Promise<void>[] = [];
        for (let n = 1; n <= options.orders && refusal === undefined; n++) {
            sent.push(order(n).catch((err: unknown) => {
                refusal ??= err;
            }));
            await sleep(1000 / options.arrivalRate);
        }
        await Promise.all(sent);
        sending = false;
    })();

    const worker = (async () => {
        let next = Date.now();
        while (refusal === undefined && (sending || processedOrders.size < acceptedOrders.size) && Date.now() - start < options.timeout * 1000) {
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
        while (refusal === undefined && (sending || processedOrders.size < acceptedOrders.size)) {
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
        if (refusal !== undefined) {
            throw refusal;
        }
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

/** The command: runs the demo, writes the chart; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
    const flags = readFlags(argv, DEMO_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    const options: DemoOptions = {
        stack: flags.stack, orders: flags.orders, arrivalRate: flags["arrival-rate"], workerRate: flags["worker-rate"], step: 1, timeout: 55,
    };
    let result;
    try {
        result = await runDemo(options, (line) => io.stderr.write(`${line}\n`));
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
    const chart = chartOf(result, options);
    fs.writeFileSync(flags.svg, svgChart(chart));
    io.stdout.write(`${terminalChart(chart)}\n\nwrote ${flags.svg}\n`);
    return result.everyOrderProcessedOnce ? 0 : 1;
}

runAsCommand(module, main);
