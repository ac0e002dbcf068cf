// Every limit on a route's path, each with the setting or AWS quota it comes from, for one caller
// sending at a given rate to each route: which one binds first, and how fast the route's consumer
// drains what the stage lets in. A limit on requests is answered before the order is queued (429,
// or 500 from SQS); a limit on the drain only lets the backlog grow, so it never counts as the one
// a caller meets. Some limits count the requests of several routes together: the account's quota
// (every method of the stage, and every other API there), a client's usage plan (every route that
// takes its key) and the web ACL's count per address (every route): each route's share of those is
// the whole divided by the routes that share it, as the caller sends to each alike. The web ACL's
// rule is no rate cap: while an address sends more than its share, WAF blocks every request of it.
import { accountThrottle, AWS_FIGURES, fifoHighThroughput } from "../../components/awsFigures";
import { PlannedConsumer, PlannedRoute, PlannedStack } from "./plannedStack";

export interface Limit {
    readonly name: string;
    /** Requests (or, for a drain, messages) a second of this route; null for a limit that is not a rate (the message size). */
    readonly perSecond: number | null;
    /** The setting or AWS quota it comes from. */
    readonly source: string;
    /**
     * `request`: refused beyond it; `block`: every request refused while the caller sends faster;
     * `size`: a message larger is refused; `drain`: the backlog grows beyond it.
     */
    readonly kind: "request" | "block" | "size" | "drain";
    /** Requests allowed at once above the rate (a token bucket's size). */
    readonly burst?: number;
    readonly bytes?: number;
    /** The API client whose usage plan sets it: it binds that client's requests only. */
    readonly client?: string;
    /** A limit several routes share: its whole rate and how many routes share it (perSecond is this route's share). */
    readonly shared?: { readonly perSecond: number; readonly routes: number };
}

export interface RouteCapacity {
    readonly method: string;
    readonly path: string;
    readonly limits: readonly Limit[];
    /** The lowest limit on requests: the first a caller sending faster and faster meets. */
    readonly firstLimit: { readonly name: string; readonly perSecond: number };
    /** With API keys: the client the caller is, the one whose usage plan lets it send the most. */
    readonly caller?: string;
    /** The orders a second the route takes from one caller at the given rate. */
    readonly acceptedPerSecond: number;
    /** Messages a second the route's consumer works off; null without a consumer (the workers are yours). */
    readonly drainPerSecond: number | null;
    /** How much the queue grows in an hour at the accepted rate; null without a consumer. */
    readonly backlogPerHour: number | null;
    /** Seconds the consumer takes to work off a full burst of the stage; null without a consumer. */
    readonly burstDrainSeconds: number | null;
    /**
     * With a delay on the queue: how long every order waits before a worker may receive it, and the
     * longest the last order of a full burst waits, the delay and the burst's drain together.
     */
    readonly wait?: { readonly delaySeconds: number; readonly burstSeconds: number | null };
}

export interface SizingOptions {
    /** Requests a second one caller sends to each route. */
    readonly rps: number;
    /** Milliseconds the consumer takes for one batch. */
    readonly consumerMs: number;
    /** An order's size: a batch holds what fits one invocation's payload. */
    readonly messageBytes: number;
    /** The project's name, which prefixes the settings' keys. */
    readonly project: string;
}

/** A limit, its fields in the order a reader wants them: what, how much, from where. */
const limit = (name: string, perSecond: number | null, source: string, kind: Limit["kind"], more: Pick<Limit, "burst" | "bytes" | "client"> = {}): Limit =>
    ({ name, perSecond, source, kind, ...more });

/** A limit of `perSecond` for `routes` routes together: this route's share, and the whole when it is shared. */
function sharedLimit(name: string, perSecond: number, routes: number, source: string, kind: Limit["kind"], more: Pick<Limit, "burst" | "client"> = {}): Limit {
    if (routes <= 1) {
        return limit(name, perSecond, source, kind, more);
    }
    return { ...limit(name, perSecond / routes, `${source}; ${perSecondText(perSecond)} shared by ${routes} routes`, kind, more),
        shared: { perSecond, routes } };
}

const PERIOD_SECONDS = { DAY: 86_400, WEEK: 604_800, MONTH: 2_592_000 } as const;
export const perSecondText = (n: number) => `${Number(n.toFixed(2)).toLocaleString("en-US")}/s`;

function requestLimits(stack: PlannedStack, route: PlannedRoute, key: (name: string) => string): Limit[] {
    const limits: Limit[] = [];
    if (route.throttle) {
        limits.push(limit("stage throttle", route.throttle.rateLimit, `${key("throttle.rateLimit")}, ${key("throttle.burstLimit")} (the stage's method settings)`,
            "request", { burst: route.throttle.burstLimit }));
    }
    if (route.apiKeyRequired) {
        // A client's plan counts its key's requests to every route that takes the key.
        const keyed = stack.routes.filter((r) => r.apiKeyRequired).length;
        for (const { client, plan } of stack.clients) {
            if (plan.throttle) {
                limits.push(sharedLimit(`usage plan of ${client}`, plan.throttle.rateLimit, keyed, `${key("apiKeys.clients")} ${client}: throttle`,
                    "request", { burst: plan.throttle.burstLimit, client }));
            }
            if (plan.quota) {
                limits.push(sharedLimit(`quota of ${client}`, plan.quota.limit / PERIOD_SECONDS[plan.quota.period], keyed,
                    `${key("apiKeys.clients")} ${client}: quota, ${plan.quota.limit} a ${plan.quota.period.toLowerCase()} (on average)`, "request", { client }));
            }
        }
    }
    const rule = stack.webAcl?.rateRule;
    if (rule) {
        limits.push(sharedLimit("web ACL rate rule, per address", rule.limit / rule.windowSeconds, stack.routes.length,
            `${key("webAcl.rateLimitPerIp")} ${rule.limit} over WAF's ${rule.windowSeconds}-second window, every request of an address blocked while it is over`,
            "block"));
    }
    const account = accountThrottle(stack.region);
    limits.push(sharedLimit("account quota", account.ratePerSecond, stack.routes.length,
        `API Gateway's quota per account and region (${stack.region}), shared by every API there; AWS can raise it`, "request", { burst: account.burst }));
    const queue = route.queue;
    if (queue?.fifo) {
        const group = queue.group && "constant" in queue.group ? `; the group is the constant "${queue.group.constant}"` : "";
        limits.push(limit("FIFO message group", AWS_FIGURES.quotas.sqs.fifoPerMessageGroupPerSecond, `SQS: sends a second to one message group${group}`, "request"));
        const queueRate = queue.highThroughput ? fifoHighThroughput(stack.region) : AWS_FIGURES.quotas.sqs.fifoPerMessageGroupPerSecond;
        limits.push(limit(queue.highThroughput ? "FIFO queue, high throughput" : "FIFO queue", queueRate, queue.highThroughput
            ? `SQS: sends a second to a high-throughput FIFO queue in ${stack.region}`
            : "SQS: sends a second to a FIFO queue without high-throughput mode", "request"));
    }
    if (queue) {
        limits.push(limit("message size", null, queue.created ? `${key("queue.maxMessageSize")} (a larger body is answered 413)`
            : "the existing queue's own maximum (at most SQS's 1 MiB)", "size", { bytes: queue.maxMessageSize ?? AWS_FIGURES.quotas.sqs.maxMessageBytes }));
    }
    return limits;
}

/** The messages a batch holds: the mapping's batchSize, or fewer when they would not fit one invocation's payload. */
export function effectiveBatchSize(consumer: PlannedConsumer, messageBytes: number): number {
    return Math.max(1, Math.min(consumer.batchSize, Math.floor(AWS_FIGURES.quotas.lambda.invocationPayloadBytes / messageBytes)));
}

function drainLimits(route: PlannedRoute, options: SizingOptions, key: (name: string) => string): Limit[] {
    const consumer = route.consumer;
    if (!consumer) {
        return [];
    }
    const batch = effectiveBatchSize(consumer, options.messageBytes);
    const perInvocation = batch / (options.consumerMs / 1000);
    const account = AWS_FIGURES.quotas.lambda.accountConcurrency;
    return [
        limit("consumer", consumer.maximumConcurrency * perInvocation, `${key("consumer.maximumConcurrency")} ${consumer.maximumConcurrency} `
            + `× ${batch === consumer.batchSize ? `${key("consumer.batchSize")} ${batch}` : `${batch} a batch (what fits Lambda's 6 MB payload)`} `
            + `÷ ${options.consumerMs} ms a batch`, "drain"),
        limit("Lambda account concurrency", account * perInvocation,
            `Lambda's ${account.toLocaleString("en-US")} executions at once per account and region, shared by every function there`, "drain"),
    ];
}

/**
 * The client the caller is, where usage plans set limits: the one whose plan lets it send the most
 * (one without a limit of its own before any other), since each client's plan binds its own requests alone.
 */
function callerClient(clients: readonly string[], rates: readonly (Limit & { perSecond: number })[]): string | undefined {
    const allowance = (client: string) => Math.min(...rates.filter((l) => l.client === client).map((l) => l.perSecond));
    return clients.reduce<string | undefined>((best, c) => (best === undefined || allowance(c) > allowance(best) ? c : best), undefined);
}

/** Whether one caller sending `rps` to each route sends more from its address than the stack's web ACL lets it: every request is then blocked. */
export function webAclBlocks(stack: PlannedStack, rps: number): boolean {
    const rule = stack.webAcl?.rateRule;
    return rule !== undefined && rps * stack.routes.length > rule.limit / rule.windowSeconds;
}

/** A route's limits and what they let through at `options.rps`. */
export function routeCapacity(stack: PlannedStack, route: PlannedRoute, options: SizingOptions): RouteCapacity {
    const key = (name: string) => `${options.project}:${name}`;
    const limits = [...requestLimits(stack, route, key), ...drainLimits(route, options, key)];
    const rates = limits.filter((l): l is Limit & { perSecond: number } => (l.kind === "request" || l.kind === "block") && l.perSecond !== null);
    const caller = route.apiKeyRequired ? callerClient(stack.clients.map((c) => c.client), rates) : undefined;
    const mine = rates.filter((l) => l.client === undefined || l.client === caller);
    const lowest = (candidates: readonly (Limit & { perSecond: number })[]) => candidates.reduce((low, l) => (l.perSecond < low.perSecond ? l : low));
    const blocked = webAclBlocks(stack, options.rps);
    // Over the web ACL's share the address is blocked whatever else it meets; below it, the lowest rate binds.
    const first = blocked ? mine.find((l) => l.kind === "block")! : lowest(mine);
    const acceptedPerSecond = blocked ? 0 : Math.min(options.rps, lowest(mine.filter((l) => l.kind === "request")).perSecond);
    const drains = limits.filter((l) => l.kind === "drain").map((l) => l.perSecond!);
    const drainPerSecond = drains.length > 0 ? Math.min(...drains) : null;
    const burstDrainSeconds = drainPerSecond === null || !route.throttle ? null : route.throttle.burstLimit / drainPerSecond;
    const delaySeconds = route.queue?.delaySeconds;
    return {
        method: route.method,
        path: route.path,
        limits,
        firstLimit: { name: first.name, perSecond: first.perSecond },
        ...(caller === undefined ? {} : { caller }),
        acceptedPerSecond,
        drainPerSecond,
        backlogPerHour: drainPerSecond === null ? null : Math.max(0, acceptedPerSecond - drainPerSecond) * 3600,
        burstDrainSeconds,
        ...(delaySeconds === undefined ? {} : { wait: { delaySeconds, burstSeconds: burstDrainSeconds === null ? null : delaySeconds + burstDrainSeconds } }),
    };
}

/** One line of text per limit, for the command's report. */
export function limitText(limit: Limit): string {
    const what = limit.kind === "size" ? `${limit.bytes!.toLocaleString("en-US")} B`
        : limit.perSecond === null ? "unknown" : `${perSecondText(limit.perSecond)}${limit.burst === undefined ? "" : `, burst ${limit.burst.toLocaleString("en-US")}`}`;
    return `${limit.name}: ${what}; ${limit.source}`;
}
