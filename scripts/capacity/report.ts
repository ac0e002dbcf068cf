// The capacity report of one planned stack: each route's limits and drain, the month's cost and the
// stack's scale, as one object (--json) or as text for a terminal.
import { accountThrottle, AWS_FIGURES, FIGURES_CHECKED } from "../../components/awsFigures";
import { monthlyCost, MonthlyCost } from "./cost";
import { limitText, perSecondText, routeCapacity, RouteCapacity, SizingOptions } from "./limits";
import { PlannedStack } from "./plannedStack";
import { deployEstimate, Scale, scaleOf } from "./scale";

export type CapacityOptions = SizingOptions;

export interface CapacityReport {
    readonly stack: string;
    readonly region: string;
    readonly rps: number;
    readonly consumerMs: number;
    readonly messageBytes: number;
    /** The data file the quotas and prices come from, and when they were checked. */
    readonly figures: string;
    readonly routes: readonly RouteCapacity[];
    /** What the stage takes in all, every route together: at most the account's quota in the region, which its routes share. */
    readonly acceptedPerSecond: number;
    readonly monthlyCost: MonthlyCost;
    readonly scale: Scale;
}

/** Routes counts the deploy estimate is projected to, beside the stack's own. */
export const PROJECTED_ROUTES = [10, 50] as const;

export function capacityReport(stackName: string, stack: PlannedStack, options: CapacityOptions): CapacityReport {
    const routes = stack.routes.map((route) => routeCapacity(stack, route, options));
    const quota = accountThrottle(stack.region).ratePerSecond;
    return {
        stack: stackName,
        region: stack.region,
        rps: options.rps,
        consumerMs: options.consumerMs,
        messageBytes: options.messageBytes,
        figures: `components/aws-figures.json, checked ${FIGURES_CHECKED}`,
        routes,
        acceptedPerSecond: Math.min(quota, routes.reduce((sum, route) => sum + route.acceptedPerSecond, 0)),
        monthlyCost: monthlyCost(stack, routes, options.rps, options),
        scale: scaleOf(stack.resources),
    };
}

const n = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits });
const price = (value: number) => `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 10 })}`;
const money = (value: number) => `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function routeText(route: RouteCapacity, rps: number): string[] {
    const first = route.firstLimit;
    const blocks = route.limits.find((l) => l.name === first.name)?.kind === "block";
    const reached = rps <= first.perSecond ? `not reached at ${perSecondText(rps)}`
        : blocks ? "reached: every request of the address blocked while it sends faster, none taken"
            : `reached: ${perSecondText(route.acceptedPerSecond)} taken, the rest answered before the queue`;
    const lines = [`${route.method} ${route.path}`, ...route.limits.map((l) => `    ${limitText(l)}`),
        `  first limit${route.caller === undefined ? "" : ` for the client ${route.caller}`}: ${first.name} at ${perSecondText(first.perSecond)}, ${reached}`];
    if (route.drainPerSecond === null) {
        lines.push("  drain: no consumer of this stack: your workers set it");
    } else {
        lines.push(`  drain: ${perSecondText(route.drainPerSecond)}; the queue grows by ${n(route.backlogPerHour!)} messages an hour`
            + `${route.burstDrainSeconds === null ? "" : `; a full burst drains in ${n(route.burstDrainSeconds, 1)} s`}`);
    }
    if (route.wait) {
        lines.push(`  wait: every order waits ${n(route.wait.delaySeconds)} s (the queue's delaySeconds) before a worker may receive it`
            + `${route.wait.burstSeconds === null ? "" : `; the last of a full burst, ${n(route.wait.burstSeconds, 1)} s`}`);
    }
    return lines;
}

/** The report as text: routes, the month's cost line by line, the stack's scale and a first deploy's least time. */
export function renderCapacity(report: CapacityReport, stack: PlannedStack): string {
    const cost = report.monthlyCost;
    const deploy = deployEstimate(stack.resources, stack.routes.length, PROJECTED_ROUTES);
    const quotas = AWS_FIGURES.quotas;
    const width = Math.max(...cost.lines.map((l) => l.item.length));
    return [
        `Capacity of ${report.stack} (${report.region}): ${n(report.rps, 2)} requests a second to each route, ${n(report.messageBytes)}-byte orders, `
            + `${n(report.consumerMs)} ms a consumer's batch`,
        `Quotas and prices: ${report.figures}`,
        ...(cost.note ? [`Prices: ${cost.note}`] : []),
        "",
        ...report.routes.flatMap((route) => routeText(route, report.rps)),
        ...(report.routes.length > 1 ? [`the stage takes ${perSecondText(report.acceptedPerSecond)} in all, every route together`] : []),
        "",
        `A month at this rate (${cost.currency}, ${cost.region} prices, ${AWS_FIGURES.prices.hoursPerMonth} hours)`,
        ...cost.lines.map((l) => `  ${l.item.padEnd(width)}  ${n(l.quantity, 4)} ${l.unit} × ${price(l.price)} = ${money(l.cost)}`
            + `${cost.orders > 0 ? `, ${money((l.cost * 1e6) / cost.orders)} a million orders` : ""}`),
        `  total ${money(cost.total)} for ${n(cost.orders)} orders: ${money(cost.perMillionOrders)} per million orders`,
        "",
        "Scale",
        `  ${report.scale.resources} resources, ${report.scale.alarms} alarms, ${report.scale.dashboardMetrics} dashboard metrics `
            + `(CloudWatch takes ${n(quotas.cloudWatch.metricsPerDashboard)}, ${n(quotas.cloudWatch.metricsPerWidget)} a widget)`,
        `  API role policy: ${report.scale.apiRolePolicyCharacters === null ? "none" : `${n(report.scale.apiRolePolicyCharacters)} characters`} `
            + `(IAM takes ${n(quotas.iam.rolePolicyCharacters)})`,
        `  a first deploy: ${n(deploy.now.calls)} API Gateway management calls (${n(deploy.fixed)} for the stack, ${n(deploy.perRoute)} a route), `
            + `at least ${n(deploy.now.seconds, 1)} s at ${deploy.callsPerSecond} a second (shared by every deploy in the account and region); `
            + deploy.projected.map((p) => `${p.routes} routes: ${n(p.calls)} calls, ${n(p.seconds, 1)} s`).join("; "),
    ].join("\n");
}
