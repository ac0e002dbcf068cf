// A month of a stack at a given rate, priced line by line from components/aws-figures.json: what
// API Gateway bills (the requests it lets through: it bills neither throttled nor unauthorised
// ones), what WAF bills (every request it sees), SQS per 64 KB chunk (FIFO at its own price), the
// consumers' receives, deletes and idle polling, the access log lines the stage really writes and
// the consumers' logs, X-Ray's sampled traces, Lambda, and the monthly alarms, dashboard and
// detailed metrics. An estimate: each assumption it makes is named where it is made.
import { AWS_FIGURES, pricesFor } from "../../components/awsFigures";
import { effectiveBatchSize, RouteCapacity, webAclBlocks } from "./limits";
import { PlannedRoute, PlannedStack } from "./plannedStack";
import { TYPES } from "../../policy/awsTypes";

export interface CostLine {
    readonly item: string;
    readonly quantity: number;
    readonly unit: string;
    /** Per unit, in the currency. */
    readonly price: number;
    readonly cost: number;
}

export interface MonthlyCost {
    readonly total: number;
    readonly currency: string;
    /** The region whose prices are used. */
    readonly region: string;
    /** Set when the stack's region has no prices in the data file. */
    readonly note?: string;
    readonly lines: readonly CostLine[];
    /** The orders the routes take in the month, and the total over them in millions. */
    readonly orders: number;
    readonly perMillionOrders: number;
}

export interface CostOptions {
    readonly messageBytes: number;
    readonly consumerMs: number;
}

const GIB = 2 ** 30;
const MILLION = 1_000_000;
// Lambda's pollers wait up to 20 seconds for a message (SQS's longest poll) before asking again.
const LONG_POLL_SECONDS = 20;
// API Gateway's detailed metrics per method without a cache: Count, 4XXError, 5XXError, Latency, IntegrationLatency.
const METRICS_PER_METHOD = 5;
const round = (n: number, digits = 4) => Number(n.toFixed(digits));

/**
 * The values one access log line gets for a route, as a request answered 202 fills them: ids and
 * times as long as API Gateway writes them, the caller's principal only on a signed route.
 */
function typicalValue(variable: string, route: PlannedRoute): string {
    const values: Readonly<Record<string, string>> = {
        "$context.requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        "$context.extendedRequestId": "AbCdEfGhIjKlMnO=",
        "$context.requestTime": "04/Dec/2026:16:20:22 +0000",
        "$context.identity.sourceIp": "203.0.113.45",
        "$context.identity.caller": route.authorization === "AWS_IAM" ? "AIDAEXAMPLEEXAMPLE123" : "-",
        "$context.httpMethod": route.method,
        "$context.resourcePath": route.path,
        "$context.protocol": "HTTP/1.1",
        "$context.status": "202",
        "$context.responseLength": "103",
        "$context.responseLatency": "25",
        "$context.integration.status": "200",
        "$context.integration.latency": "20",
        "$context.error.responseType": "-",
    };
    return values[variable] ?? "x".repeat(16);
}

/** The bytes of one access log line of `format` for `route`. */
export function accessLogLineBytes(format: string, route: PlannedRoute): number {
    return Buffer.byteLength(format.replace(/\$context(\.[A-Za-z]+)+/g, (variable) => typicalValue(variable, route)));
}

/**
 * The bytes a consumer logs per invocation (Lambda's start and report records in the JSON log
 * format) and per message (the example worker's line, as Lambda wraps it).
 */
export function consumerLogBytes(memorySize: number): { readonly perInvocation: number; readonly perMessage: number } {
    const time = "2026-12-04T16:20:22.123Z";
    const requestId = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    const start = JSON.stringify({ time, type: "platform.start", record: { requestId, version: "$LATEST" } });
    const report = JSON.stringify({ time, type: "platform.report", record: { requestId, status: "success",
        metrics: { durationMs: 95.12, billedDurationMs: 96, memorySizeMB: memorySize, maxMemoryUsedMB: 80 } } });
    const order = JSON.stringify({ message: "order processed", orderId: "A-1001", items: 1, idempotencyKey: requestId });
    const line = JSON.stringify({ timestamp: time, level: "INFO", requestId, message: order });
    return { perInvocation: Buffer.byteLength(start) + Buffer.byteLength(report), perMessage: Buffer.byteLength(line) };
}

/** Requests a second a route's consumer makes of SQS, and its invocations, at `processed` messages a second. */
export function consumerTraffic(route: PlannedRoute, processed: number, options: CostOptions, chunkBytes: number) {
    const consumer = route.consumer!;
    // A poller takes what has arrived since its last batch: full batches once it cannot keep up, one message when idle.
    const cycle = Math.max(options.consumerMs / 1000, consumer.batchingWindowSeconds);
    const batch = Math.min(effectiveBatchSize(consumer, options.messageBytes), Math.max(1, (processed * cycle) / consumer.maximumConcurrency));
    const invocations = processed / batch;
    const callsPerBatch = Math.ceil(batch / 10);
    const chunksPerReceive = Math.ceil((Math.min(batch, 10) * options.messageBytes) / chunkBytes);
    // Idle pollers ask every LONG_POLL_SECONDS; each asks sooner when messages keep arriving (Poisson arrivals).
    const idle = AWS_FIGURES.quotas.lambda.idleBatchesPerMapping;
    const emptyReceives = (idle / LONG_POLL_SECONDS) * Math.exp((-processed * LONG_POLL_SECONDS) / idle);
    return {
        batch,
        invocations,
        receives: invocations * callsPerBatch * chunksPerReceive,
        deletes: invocations * callsPerBatch,
        emptyReceives,
    };
}

/** API Gateway's tiered price for `millions` requests, one line per tier used. */
function tieredLines(item: string, millions: number, tiers: readonly { readonly upToMillions?: number; readonly price: number }[]): CostLine[] {
    const lines: CostLine[] = [];
    let from = 0;
    for (const tier of tiers) {
        const upTo = tier.upToMillions ?? Number.POSITIVE_INFINITY;
        const inTier = Math.max(0, Math.min(millions, upTo) - from);
        if (inTier > 0) {
            const label = tier.upToMillions === undefined ? `over ${from.toLocaleString("en-US")} M` : from === 0 ? `first ${upTo.toLocaleString("en-US")} M`
                : `${from.toLocaleString("en-US")}–${upTo.toLocaleString("en-US")} M`;
            lines.push({ item: `${item}, ${label}`, quantity: inTier, unit: "million requests", price: tier.price, cost: inTier * tier.price });
        }
        from = upTo;
    }
    return lines;
}

/** A month of the stack with each route at its capacity's accepted rate, `rps` requests a second arriving at each. */
export function monthlyCost(stack: PlannedStack, capacities: readonly RouteCapacity[], rps: number, options: CostOptions): MonthlyCost {
    const { region, prices, missing } = pricesFor(stack.region);
    const month = AWS_FIGURES.prices.hoursPerMonth * 3600;
    const lines: CostLine[] = [];
    const fixed = (item: string, quantity: number, unit: string, price: number) => {
        // A line too small to show (idle polling under steady traffic) is left out.
        if (round(quantity) > 0) {
            lines.push({ item, quantity, unit, price, cost: quantity * price });
        }
    };
    const add = (item: string, perSecond: number, unit: string, divisor: number, price: number) => fixed(item, (perSecond * month) / divisor, unit, price);
    const routes = stack.routes.map((route, i) => ({ route, capacity: capacities[i] }));
    const accepted = routes.reduce((sum, r) => sum + r.capacity.acceptedPerSecond, 0);
    // WAF sees every request; while its rate rule blocks the address, none of it reaches the stage, its logs or X-Ray.
    const pastWaf = webAclBlocks(stack, rps) ? 0 : rps;

    lines.push(...tieredLines("API Gateway REST requests", (accepted * month) / MILLION, prices.apiGateway.restPerMillion));
    if (stack.webAcl) {
        add("WAF requests", rps * routes.length, "million requests", MILLION, prices.waf.perMillionRequests);
    }
    if (stack.webAcl?.created) {
        fixed("WAF web ACL", 1, "web ACL-months", prices.waf.webAclPerMonth);
        fixed("WAF rules", stack.webAcl.rules, "rule-months", prices.waf.rulePerMonth);
    }
    const chunkBytes = prices.sqs.billedChunkBytes;
    const chunks = Math.ceil(options.messageBytes / chunkBytes);
    for (const fifo of [false, true]) {
        const mine = routes.filter((r) => r.route.queue?.fifo === fifo);
        const price = fifo ? prices.sqs.fifoPerMillion : prices.sqs.standardPerMillion;
        const kind = fifo ? "SQS FIFO" : "SQS standard";
        const traffic = mine.filter((r) => r.route.consumer).map((r) => consumerTraffic(r.route,
            Math.min(r.capacity.acceptedPerSecond, r.capacity.drainPerSecond!), options, chunkBytes));
        add(`${kind}: SendMessage, ${chunks} per message (64 KB chunks)`, mine.reduce((s, r) => s + r.capacity.acceptedPerSecond, 0) * chunks,
            "million requests", MILLION, price);
        add(`${kind}: consumers' receives`, traffic.reduce((s, t) => s + t.receives, 0), "million requests", MILLION, price);
        add(`${kind}: consumers' deletes`, traffic.reduce((s, t) => s + t.deletes, 0), "million requests", MILLION, price);
        add(`${kind}: consumers' empty receives while idle`, traffic.reduce((s, t) => s + t.emptyReceives, 0), "million requests", MILLION, price);
    }
    if (stack.accessLogFormat) {
        const bytes = routes.reduce((s, r) => s + pastWaf * accessLogLineBytes(stack.accessLogFormat!, r.route), 0);
        add("CloudWatch Logs: access logs", bytes, "GB ingested", GIB, prices.cloudWatch.logIngestionPerGB);
    }
    const consumers = routes.filter((r) => r.route.consumer).map((r) => {
        const processed = Math.min(r.capacity.acceptedPerSecond, r.capacity.drainPerSecond!);
        const traffic = consumerTraffic(r.route, processed, options, chunkBytes);
        const logs = consumerLogBytes(r.route.consumer!.memorySize);
        return { route: r.route, processed, traffic, logBytes: traffic.invocations * logs.perInvocation + processed * logs.perMessage };
    });
    add("CloudWatch Logs: consumers' logs", consumers.reduce((s, c) => s + c.logBytes, 0), "GB ingested", GIB, prices.cloudWatch.logIngestionPerGB);
    if (stack.tracing) {
        const arriving = pastWaf * routes.length;
        const reservoir = prices.xRay.defaultReservoirPerSecond;
        add("X-Ray traces (default sampling)", Math.min(arriving, reservoir) + prices.xRay.defaultRate * Math.max(0, arriving - reservoir),
            "million traces", MILLION, prices.xRay.perMillionTraces);
    }
    add("Lambda requests", consumers.reduce((s, c) => s + c.traffic.invocations, 0), "million requests", MILLION, prices.lambda.perMillionRequests);
    add("Lambda compute", consumers.reduce((s, c) => s + c.traffic.invocations * (options.consumerMs / 1000) * (c.route.consumer!.memorySize / 1024), 0),
        "GB-seconds", 1, prices.lambda.perGBSecond);
    const alarms = stack.resources.filter((r) => r.type === TYPES.metricAlarm).length;
    fixed("CloudWatch alarms", alarms, "alarm-months", prices.cloudWatch.alarmPerMonth);
    fixed("CloudWatch dashboard", stack.resources.filter((r) => r.type === TYPES.dashboard).length,
        "dashboard-months", prices.cloudWatch.dashboardPerMonth);
    if (stack.metricsEnabled) {
        fixed("API Gateway detailed metrics", routes.length * METRICS_PER_METHOD, "metric-months", prices.cloudWatch.metricPerMonth);
    }

    const total = lines.reduce((s, l) => s + l.cost, 0);
    const orders = accepted * month;
    return {
        total: round(total),
        currency: AWS_FIGURES.prices.currency,
        region,
        ...(missing ? { note: `components/aws-figures.json has no prices for ${missing}: ${region}'s are used` } : {}),
        lines: lines.map((l) => ({ item: l.item, quantity: round(l.quantity), unit: l.unit, price: l.price, cost: round(l.cost) })),
        orders: Math.round(orders),
        perMillionOrders: orders > 0 ? round((total * MILLION) / orders) : 0,
    };
}
