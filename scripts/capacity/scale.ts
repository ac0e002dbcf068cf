// How big a stack is against the ceilings of a deploy: its resources, alarms and dashboard metrics,
// the size of the API role's one inline policy as IAM counts it, and the calls a first deploy
// makes of API Gateway's management API, which allows 10 a second per account and region, shared by
// every deploy there.
import { AWS_FIGURES } from "../../components/awsFigures";
import { providerName } from "../../components/naming";
import { Registered } from "../../offline/mockRuntime";
import { TYPES } from "../../policy/awsTypes";

export interface Scale {
    /** AWS resources the stack creates (its components left out). */
    readonly resources: number;
    readonly alarms: number;
    readonly dashboardMetrics: number;
    /** The API role's inline policy with the names AWS gives the queues, white space not counted; null without one. */
    readonly apiRolePolicyCharacters: number | null;
    /** API Gateway management calls of a first deploy: a create and the provider's read back per API Gateway resource. */
    readonly managementCalls: number;
}

const CALLS_PER_RESOURCE = 2;
// The API Gateway resources each route adds: its path, method, integration, their responses and its body's model.
const ROUTE_TYPES = ["resource:Resource", "method:Method", "integration:Integration", "methodResponse:MethodResponse",
    "integrationResponse:IntegrationResponse", "model:Model"].map((t) => `aws:apigateway/${t}`);

const ofType = (resources: readonly Registered[], type: string) => resources.filter((r) => r.type === type);

/**
 * The API role's policy as IAM would hold it: the document the program writes, with each queue the
 * stack creates under the name the provider gives it (the mocks name it after its resource alone)
 * and each key it creates with a key id's 36 characters.
 */
export function apiRolePolicyCharacters(resources: readonly Registered[]): number | null {
    const credentials = ofType(resources, TYPES.integration).find((i) => i.inputs.credentials)?.inputs.credentials;
    const role = ofType(resources, TYPES.role).find((r) => r.state.arn === credentials);
    const policy = role && ofType(resources, TYPES.rolePolicy).find((p) => p.inputs.role === role.id);
    if (!policy) {
        return null;
    }
    let text = String(policy.inputs.policy);
    for (const queue of ofType(resources, TYPES.queue).filter((q) => q.inputs.name === undefined)) {
        const arn = String(queue.state.arn);
        const real = `${arn.slice(0, arn.lastIndexOf(":") + 1)}${providerName(queue.name, queue.inputs.fifoQueue === true)}`;
        text = text.split(`"${arn}"`).join(`"${real}"`);
    }
    ofType(resources, TYPES.kmsKey).forEach((key, i) => {
        text = text.split(`key/${key.state.keyId}"`).join(`key/00000000-0000-4000-8000-${String(i).padStart(12, "0")}"`);
    });
    return text.replace(/\s/g, "").length;
}

function dashboardMetrics(resources: readonly Registered[]): number {
    return ofType(resources, TYPES.dashboard).reduce((sum, d) => sum
        + (JSON.parse(String(d.inputs.dashboardBody)) as { widgets: { properties: { metrics?: unknown[] } }[] }).widgets
            .reduce((n, w) => n + (w.properties.metrics?.length ?? 0), 0), 0);
}

export function scaleOf(resources: readonly Registered[]): Scale {
    return {
        resources: resources.filter((r) => r.type.startsWith("aws:")).length,
        alarms: ofType(resources, TYPES.metricAlarm).length,
        dashboardMetrics: dashboardMetrics(resources),
        apiRolePolicyCharacters: apiRolePolicyCharacters(resources),
        managementCalls: CALLS_PER_RESOURCE * resources.filter((r) => r.type.startsWith("aws:apigateway/")).length,
    };
}

/**
 * A first deploy's management calls split into the stack's own and each route's, and the least time
 * they take at API Gateway's rate for an account and region, for this many routes and for `more`.
 */
export function deployEstimate(resources: readonly Registered[], routes: number, more: readonly number[]) {
    const perRoute = (CALLS_PER_RESOURCE * resources.filter((r) => ROUTE_TYPES.includes(r.type)).length) / routes;
    const fixed = scaleOf(resources).managementCalls - perRoute * routes;
    const rate = AWS_FIGURES.quotas.apiGatewayAccount.managementCallsPerSecond;
    const at = (n: number) => ({ routes: n, calls: fixed + perRoute * n, seconds: (fixed + perRoute * n) / rate });
    return { fixed, perRoute, callsPerSecond: rate, now: at(routes), projected: more.map(at) };
}
