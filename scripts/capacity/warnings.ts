// What npm run plan warns about a stack's capacity, nothing refused: the stage's methods, or the
// API clients, allowed more requests a second in all than the request quota API Gateway gives the
// whole account in the region (every API there shares it), a FIFO route whose message group is a
// constant (one group: SQS's per-group throughput for the whole route), and a web ACL limit per
// address that leaves WAF's approximate count little room above what one caller may send across
// every route.
import { accountThrottle, AWS_FIGURES } from "../../components/awsFigures";
import { perIpLimits, RATE_RULE_HEADROOM } from "../../components/rateRule";
import { Registered } from "../../offline/mockRuntime";
import { isSizable, plannedStack, PlannedStack } from "./plannedStack";

const n = (value: number) => value.toLocaleString("en-US");
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** What the stage's methods allow in all: each method is held to its own rate and burst (the stage's, or its own setting). */
function stageTotals(stack: PlannedStack): { readonly methods: number; readonly rate: number; readonly burst: number } {
    const throttles = stack.routes.map((r) => r.throttle).filter((t): t is NonNullable<typeof t> => t !== undefined);
    return { methods: throttles.length, rate: sum(throttles.map((t) => t.rateLimit)), burst: sum(throttles.map((t) => t.burstLimit)) };
}

/** "3,000 requests a second" of one method, or "3,000 requests a second on each of the stage's 4 methods, 12,000 in all". */
function perMethod(stack: PlannedStack, which: "rateLimit" | "burstLimit", total: number, methods: number, unit: string): string {
    const each = stack.routes.find((r) => r.throttle)!.throttle![which];
    return methods === 1 || total !== each * methods ? `${n(total)}${unit}` : `${n(each)}${unit} on each of the stage's ${methods} methods, ${n(total)} in all,`;
}

function quotaWarnings(stack: PlannedStack, project: string): string[] {
    const quota = accountThrottle(stack.region);
    const shared = `API Gateway's quota for the whole account in ${stack.region}, shared by every API there`;
    const stage = stageTotals(stack);
    const clients = stack.clients.filter(({ plan }) => plan.throttle);
    const clientRate = sum(clients.map(({ plan }) => plan.throttle!.rateLimit));
    return [
        ...(stage.rate > quota.ratePerSecond ? [`${project}:throttle.rateLimit ${perMethod(stack, "rateLimit", stage.rate, stage.methods, " requests a second")} `
            + `is above ${n(quota.ratePerSecond)}, ${shared}: ask AWS to raise it (Service Quotas, API Gateway) before relying on it`] : []),
        ...(stage.burst > quota.burst ? [`${project}:throttle.burstLimit ${perMethod(stack, "burstLimit", stage.burst, stage.methods, "")} is above the burst of `
            + `${n(quota.burst)} of ${shared}; AWS sets that burst from the rate quota`] : []),
        ...(clientRate > quota.ratePerSecond ? [`${project}:apiKeys.clients ${clients.map((c) => c.client).join(", ")}: `
            + `${clients.length === 1 ? "its throttle's" : "their throttles'"} ${n(clientRate)} requests a second${clients.length === 1 ? "" : " in all"} is above `
            + `${n(quota.ratePerSecond)}, ${shared}: ask AWS to raise it before relying on it`] : []),
    ];
}

function groupWarnings(stack: PlannedStack): string[] {
    const perGroup = AWS_FIGURES.quotas.sqs.fifoPerMessageGroupPerSecond;
    return stack.routes.filter((r) => r.queue?.group && "constant" in r.queue.group).map((r) => {
        const group = r.queue!.group as { constant: string };
        return `${r.method} ${r.path}: its FIFO queue's message group is the constant "${group.constant}", one group for every order: `
            + `SQS takes at most ${perGroup} sends a second to a group, so the route takes at most ${perGroup} orders a second `
            + `whatever the stage allows${r.throttle && r.throttle.rateLimit > perGroup ? ` (its throttle is ${n(r.throttle.rateLimit)})` : ""}`;
    });
}

/** WAF counts an address over the whole web ACL: what one caller may send is the stage's rate summed over its methods. */
function rateRuleWarnings(stack: PlannedStack, project: string): string[] {
    const rule = stack.webAcl?.rateRule;
    const stage = stageTotals(stack);
    if (!rule || stage.methods === 0) {
        return [];
    }
    const { reachable, advised } = perIpLimits(stage.rate);
    const across = stage.methods === 1 ? "" : ` on every one of its ${stage.methods} methods`;
    return rule.limit >= reachable && rule.limit < advised
        ? [`${project}:webAcl.rateLimitPerIp ${n(rule.limit)} is less than ${RATE_RULE_HEADROOM} times what one caller may send at the stage's rate${across} `
            + `over WAF's window (${n(reachable)}): WAF counts approximately and blocks every request of an address while it is over; ${n(advised)} is advised`]
        : [];
}

/**
 * The capacity warnings of a planned stack: one line each. None for a stack this reading cannot
 * size. `outputs`, the program's, name the API clients.
 */
export function capacityWarnings(resources: readonly Registered[], region: string, project: string,
    outputs: Readonly<Record<string, unknown>> = {}): string[] {
    if (!isSizable(resources)) {
        return [];
    }
    const stack = plannedStack(resources, outputs, region);
    return [...quotaWarnings(stack, project), ...groupWarnings(stack), ...rateRuleWarnings(stack, project)];
}
