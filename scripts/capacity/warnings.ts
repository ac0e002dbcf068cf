// What npm run plan warns about a stack's capacity, nothing refused: a stage or client rate above
// the request quota API Gateway gives the whole account in the region (every API there shares it),
// a FIFO route whose message group is a constant (one group: SQS's per-group throughput for the
// whole route), and a web ACL limit per address that leaves WAF's approximate count little room.
import { accountThrottle, AWS_FIGURES } from "../../components/awsFigures";
import { perIpLimits, RATE_RULE_HEADROOM } from "../../components/rateRule";
import { Registered } from "../../offline/mockRuntime";
import { isSizable, plannedStack, PlannedStack } from "./plannedStack";

const n = (value: number) => value.toLocaleString("en-US");

function quotaWarnings(stack: PlannedStack, project: string): string[] {
    const quota = accountThrottle(stack.region);
    const shared = `API Gateway's quota for the whole account in ${stack.region}, shared by every API there`;
    const stageRates = [...new Set(stack.routes.map((r) => r.throttle?.rateLimit).filter((r): r is number => r !== undefined))];
    const stageBursts = [...new Set(stack.routes.map((r) => r.throttle?.burstLimit).filter((r): r is number => r !== undefined))];
    return [
        ...stageRates.filter((rate) => rate > quota.ratePerSecond).map((rate) => `${project}:throttle.rateLimit ${n(rate)} requests a second is above `
            + `${n(quota.ratePerSecond)}, ${shared}: ask AWS to raise it (Service Quotas, API Gateway) before relying on it`),
        ...stageBursts.filter((burst) => burst > quota.burst).map((burst) => `${project}:throttle.burstLimit ${n(burst)} is above the burst of `
            + `${n(quota.burst)} of ${shared}; AWS sets that burst from the rate quota`),
        ...stack.clients.filter(({ plan }) => plan.throttle && plan.throttle.rateLimit > quota.ratePerSecond).map(({ client, plan }) =>
            `${project}:apiKeys.clients ${client}: its throttle's ${n(plan.throttle!.rateLimit)} requests a second is above `
            + `${n(quota.ratePerSecond)}, ${shared}: ask AWS to raise it before relying on it`),
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

function rateRuleWarnings(stack: PlannedStack, project: string): string[] {
    const rule = stack.webAcl?.rateRule;
    const rates = stack.routes.map((r) => r.throttle?.rateLimit).filter((r): r is number => r !== undefined);
    if (!rule || rates.length === 0) {
        return [];
    }
    const { reachable, advised } = perIpLimits(Math.max(...rates));
    return rule.limit >= reachable && rule.limit < advised
        ? [`${project}:webAcl.rateLimitPerIp ${n(rule.limit)} is less than ${RATE_RULE_HEADROOM} times what one caller may send at the stage's rate `
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
