// The ceilings AWS puts on what one stack creates, checked before anything is created: each would
// otherwise be found only when a deploy fails half-way. The API role's one inline policy lists
// every route's queue and IAM caps a role's inline policies in size; the stack's one dashboard
// lists every route's metrics and CloudWatch caps a dashboard and each widget; each API client gets
// a usage plan and an API key, which an account and region can hold only so many of; and the web
// ACL's limit per address must let one caller reach the stage's rate on every route. The figures
// come from aws-figures.json, which names the page each comes from.
import { QueueApiSettings } from "./settingsTypes";
import { AWS_FIGURES } from "./awsFigures";
import { Checker, show } from "./checks";
import { dashboardBody } from "./dashboard";
import { sendMessagePolicy } from "./iam";
import { providerName, routePrefix } from "./naming";
import { callerRatePerSecond, perIpLimits, RATE_RULE_WINDOW_SECONDS } from "./rateRule";

export interface CeilingOptions {
    /** The component's name: the queues' names, and so the policy's length, follow from it. */
    readonly componentName?: string;
    /** The stack's region, when known. */
    readonly region?: string;
}

/** A placeholder as long as the longest region name (ap-southeast-5 and the like), for a policy whose region is not known yet. */
const LONGEST_REGION = "xx-xxxxxxxxx-x";
/** Account ids are always twelve digits. */
const ACCOUNT_ID = "123456789012";

const count = (n: number) => n.toLocaleString("en-US");

/** The partition a region is in, as its ARNs spell it. */
function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : region.startsWith("eusc-") ? "aws-eusc" : "aws";
}

/**
 * The API role's policy as the component writes it (JSON without white space, as IAM counts it),
 * with ARNs as long as the real ones: each created queue named as the provider names it, each
 * created KMS key with its 36-character id, given ARNs as they are.
 */
export function apiRolePolicyText(settings: Pick<QueueApiSettings, "routes">, componentName: string, region = LONGEST_REGION): string {
    const arn = (service: string, resource: string) => `arn:${partitionOf(region)}:${service}:${region}:${ACCOUNT_ID}:${resource}`;
    const queues = settings.routes.map((route) => route.existingQueue?.arn
        ?? arn("sqs", providerName(`${routePrefix(componentName, route.nameFragment)}-queue`, route.queue.fifo)));
    const keys = settings.routes.flatMap((route, i) => {
        if (route.existingQueue) {
            return route.existingQueue.kmsKeyArn ? [route.existingQueue.kmsKeyArn] : [];
        }
        return route.queue.encryption !== "kms" ? [] : [route.queue.kmsKeyArn ?? arn("kms", `key/00000000-0000-4000-8000-${String(i).padStart(12, "0")}`)];
    });
    return JSON.stringify(sendMessagePolicy(queues, keys)).replace(/\s/g, "");
}

/** The stack's dashboard as the component builds it, with placeholder names: the metrics it holds do not depend on them. */
export function dashboardMetricCounts(settings: Pick<QueueApiSettings, "routes" | "stageName">): { readonly total: number; readonly largestWidget: { readonly title: string; readonly metrics: number } } {
    const body = JSON.parse(dashboardBody({
        region: "region",
        apiName: "api",
        stageName: settings.stageName,
        routes: settings.routes.map((route) => ({
            key: route.key,
            method: route.method,
            resourcePath: `/${route.path}`,
            ...(route.existingQueue ? {} : { queueName: "queue", deadLetterQueueName: "dlq" }),
            ...(route.consumer ? { functionName: "function" } : {}),
        })),
    })) as { widgets: { properties: { title: string; metrics: unknown[] } }[] };
    const widgets = body.widgets.map((w) => ({ title: w.properties.title, metrics: w.properties.metrics.length }));
    return {
        total: widgets.reduce((sum, w) => sum + w.metrics, 0),
        largestWidget: widgets.reduce((largest, w) => (w.metrics > largest.metrics ? w : largest), { title: "", metrics: 0 }),
    };
}

function checkRolePolicy(check: Checker, settings: QueueApiSettings, options: CeilingOptions): void {
    if (options.componentName === undefined) {
        return;
    }
    const limit = AWS_FIGURES.quotas.iam.rolePolicyCharacters;
    const length = apiRolePolicyText(settings, options.componentName, options.region).length;
    if (length > limit) {
        check.problem(`${check.key("routes")} lists ${settings.routes.length} routes, and the API role's policy, which names each route's queue, `
            + `would be ${count(length)} characters${options.region ? "" : " (in the region with the longest name)"}: IAM takes ${count(limit)} `
            + "for a role's inline policies (white space not counted) and would refuse it at deploy; "
            + "split the routes over two stacks or components, or shorten the component's name and the paths");
    }
}

/** Refuses a dashboard of `counts` (dashboardMetricCounts) for `routes` routes over CloudWatch's ceilings. */
export function checkDashboardCounts(check: Checker, routes: number, counts: ReturnType<typeof dashboardMetricCounts>): void {
    const { metricsPerDashboard, metricsPerWidget } = AWS_FIGURES.quotas.cloudWatch;
    const fix = "CloudWatch would refuse it at deploy; split the routes over two stacks or components";
    if (counts.total > metricsPerDashboard) {
        check.problem(`${check.key("routes")} lists ${routes} routes, and the stack's dashboard would show ${count(counts.total)} metrics: `
            + `CloudWatch takes ${count(metricsPerDashboard)} on a dashboard; ${fix}`);
    } else if (counts.largestWidget.metrics > metricsPerWidget) {
        check.problem(`${check.key("routes")} lists ${routes} routes, and the dashboard's widget "${counts.largestWidget.title}" would show `
            + `${count(counts.largestWidget.metrics)} metrics: CloudWatch takes ${count(metricsPerWidget)} on a widget; ${fix}`);
    }
}

/** Each client gets a usage plan and an API key of its own (frontDoorResources.ts). */
function checkClients(check: Checker, settings: QueueApiSettings): void {
    const clients = settings.frontDoor.apiClients.length;
    const { usagePlansPerRegion, apiKeysPerRegion } = AWS_FIGURES.quotas.apiGatewayRest;
    for (const [each, quota, which] of [
        ["a usage plan", usagePlansPerRegion, "usage plans in a region by default"],
        ["an API key", apiKeysPerRegion, "API keys in a region, a quota AWS does not raise"],
    ] as const) {
        if (clients > quota) {
            check.problem(`${check.key("apiKeys.clients")} lists ${count(clients)} clients, each with ${each} of its own, and an account holds `
                + `at most ${count(quota)} ${which}: AWS would refuse the rest at deploy; give at most ${count(quota)} clients `
                + "(fewer if other stacks of the account and region have some)");
        }
    }
}

/**
 * The web ACL's limit per address against what one caller may send across the routes: WAF counts
 * an address over the whole web ACL, and blocks every request of it while it is over.
 */
function checkRateRule(check: Checker, settings: QueueApiSettings): void {
    const webAcl = settings.frontDoor.webAcl;
    if (!webAcl?.create) {
        return;
    }
    const routes = settings.routes.length;
    const { reachable, advised } = perIpLimits(callerRatePerSecond(routes, settings.throttle.rateLimit));
    if (webAcl.rateLimitPerIp < reachable) {
        check.problem(`${check.key("webAcl.rateLimitPerIp")} ${show(webAcl.rateLimitPerIp)} lets one address ${count(webAcl.rateLimitPerIp)} requests `
            + `in WAF's ${RATE_RULE_WINDOW_SECONDS}-second window, fewer than the ${count(reachable)} that ${check.key("throttle.rateLimit")} `
            + `${settings.throttle.rateLimit}${routes === 1 ? "" : ` on each of the ${routes} routes`} lets one caller send: `
            + "a single caller would be blocked before the stage's throttling; "
            + `give at least ${count(reachable)}, ${count(advised)} to leave room for WAF's approximate counting (or leave it out: that is its default)`);
    }
}

/**
 * Refuses what AWS would refuse at deploy because of a ceiling of its own; one problem per ceiling.
 * Checked only once every value is valid: a refused value's fallback would make a ceiling's
 * message about a stack nobody wrote.
 */
export function checkCeilings(check: Checker, settings: QueueApiSettings, options: CeilingOptions): void {
    if (check.problems.length > 0) {
        return;
    }
    checkRolePolicy(check, settings, options);
    checkDashboardCounts(check, settings.routes.length, dashboardMetricCounts(settings));
    checkClients(check, settings);
    checkRateRule(check, settings);
}
