// What the offline plan shows a reviewer, computed from the resources a stack registers on the
// mocked runtime and the findings of the policy pack: plain data, then text, JSON or Mermaid.
import { Finding } from "../offline/policyRunner";
import { Registered } from "../offline/mockRuntime";
import { policies } from "../policy/policies";
import { isRetiredIntegration } from "../components/retirement";
import { queueArnOfIntegrationUri } from "../policy/stackModel";
import { TYPES } from "../policy/awsTypes";

export interface QueueSummary {
    readonly name: string;
    readonly retentionSeconds: number | null;
    readonly visibilityTimeoutSeconds?: number | null;
    readonly maxMessageSize?: number | null;
    readonly maxReceiveCount?: number | null;
    readonly protected: boolean;
    readonly fifo: boolean;
}

export interface RouteSummary {
    /** The API Gateway model the body is checked against, if any. */
    readonly bodyModel?: string;
    /** Set when the route sends to a queue this stack does not create. */
    readonly existingQueue?: string;
    readonly method: string;
    readonly path: string;
    readonly authorization: string;
    /** The authorizer that decides, for COGNITO_USER_POOLS and CUSTOM routes: its kind, what it reads, the scopes asked. */
    readonly authorizer?: string;
    /** Set when callers must send an API key (which identifies a client; it does not authenticate). */
    readonly apiKeyRequired?: true;
    /** Set when the route is retired: it answers 410 Gone, and its queue drains until it is removed. */
    readonly retired?: true;
    readonly queue: QueueSummary | null;
    readonly deadLetterQueue: QueueSummary | null;
}

export interface StageSummary {
    readonly name: string;
    readonly rateLimit: number | null;
    readonly burstLimit: number | null;
    readonly accessLogRetentionDays: number | null;
}

/** Who may reach an API, from where, at which address, behind what. */
export interface FrontDoorSummary {
    readonly api: string;
    /** REGIONAL, or PRIVATE with the VPC endpoints let in. */
    readonly endpoint: string;
    /** The origins whose browser pages may read the answers; null without CORS. */
    readonly corsOrigins: readonly string[] | null;
    /** The custom domain's base URL; null without one. */
    readonly domainUrl: string | null;
    readonly executeApiEndpoint: boolean;
    /** The web ACL in front of the stage: created here (its rules) or given (its ARN); null without one. */
    readonly webAcl: string | null;
    readonly tracing: boolean;
    /** The API-key clients, with their quota and throttle. */
    readonly apiClients: readonly string[];
}

export interface PolicyResult {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly violations: readonly { readonly message: string; readonly resource?: string }[];
}

export interface StackPlan {
    readonly stack: string;
    readonly configFile: string;
    readonly region: string;
    readonly routes: readonly RouteSummary[];
    readonly stages: readonly StageSummary[];
    readonly frontDoors: readonly FrontDoorSummary[];
    readonly resources: readonly { readonly type: string; readonly name: string; readonly parent?: string }[];
    readonly policies: readonly PolicyResult[];
    /** What the stack's capacity runs into, nothing refused: account quotas, a FIFO route's one group (capacity/warnings.ts). */
    readonly warnings?: readonly string[];
    /** What to remove in the next update: an authorizer no route uses any more (planNextUpdate.ts). */
    readonly nextUpdate?: readonly string[];
    /** "fail" when a mandatory policy is violated. */
    readonly verdict: "pass" | "fail";
}

const find = (resources: readonly Registered[], type: string, test: (r: Registered) => boolean) =>
    resources.find((r) => r.type === type && test(r));

/** A resource's full path, from its pathPart and its parents' up to the API's root. */
function fullPath(resources: readonly Registered[], resourceId: unknown): string {
    const parts: string[] = [];
    for (let r = find(resources, TYPES.apiResource, (x) => x.id === resourceId); r; r = find(resources, TYPES.apiResource, (x) => x.id === r!.state.parentId)) {
        parts.unshift(r.state.pathPart);
    }
    return `/${parts.join("/")}`;
}

function deadLetterTargetArn(queue: Registered): string | undefined {
    try {
        return JSON.parse(queue.state.redrivePolicy ?? "null")?.deadLetterTargetArn;
    } catch {
        return undefined;
    }
}

function queueSummary(queue: Registered | undefined): QueueSummary | null {
    if (!queue) {
        return null;
    }
    const redrive = queue.state.redrivePolicy ? JSON.parse(queue.state.redrivePolicy) : undefined;
    return {
        name: queue.name,
        retentionSeconds: queue.state.messageRetentionSeconds ?? null,
        visibilityTimeoutSeconds: queue.state.visibilityTimeoutSeconds ?? null,
        maxMessageSize: queue.state.maxMessageSize ?? null,
        maxReceiveCount: redrive?.maxReceiveCount ?? null,
        protected: queue.protect && queue.retainOnDelete,
        fifo: queue.state.fifoQueue === true,
    };
}

/** The queue ARN an SQS integration sends to, read from its URI as the policy pack reads it. */
function integrationTarget(integration: Registered | undefined): string | undefined {
    return queueArnOfIntegrationUri(integration?.state.uri);
}

function queueOfIntegration(resources: readonly Registered[], integration: Registered | undefined): Registered | undefined {
    const target = integrationTarget(integration);
    return target ? find(resources, TYPES.queue, (q) => q.state.arn === target) : undefined;
}

/** A CORS preflight: an OPTIONS method answered by API Gateway itself. */
function isPreflight(resources: readonly Registered[], method: Registered): boolean {
    return method.state.httpMethod === "OPTIONS" && find(resources, TYPES.integration, (i) => i.state.resourceId === method.state.resourceId
        && i.state.httpMethod === "OPTIONS")?.state.type === "MOCK";
}

function authorizerSummary(resources: readonly Registered[], method: Registered): string | undefined {
    const authorizer = find(resources, TYPES.authorizer, (a) => a.id === method.state.authorizerId);
    if (!authorizer) {
        return undefined;
    }
    const scopes = (method.state.authorizationScopes ?? []) as string[];
    const what = authorizer.state.type === "COGNITO_USER_POOLS"
        ? `Cognito, pools ${((authorizer.state.providerArns ?? []) as string[]).map((arn) => arn.split("/").pop()).join(", ")}`
        : `Lambda ${String(authorizer.state.authorizerUri ?? "").split(":function:")[1]?.split("/")[0] ?? "?"} (${authorizer.state.type}, `
            + `${authorizer.state.identitySource}, cached ${authorizer.state.authorizerResultTtlInSeconds ?? 300} s)`;
    return scopes.length > 0 ? `${what}; scopes ${scopes.join(", ")}` : what;
}

/** The static origin of a preflight and the others its template names. */
function corsOrigins(resources: readonly Registered[], api: Registered): string[] | null {
    const preflight = find(resources, TYPES.integrationResponse, (r) => r.state.restApi === api.id && r.state.httpMethod === "OPTIONS");
    const first = preflight?.state.responseParameters?.["method.response.header.Access-Control-Allow-Origin"];
    if (typeof first !== "string") {
        return null;
    }
    const template = String(Object.values(preflight!.state.responseTemplates ?? {})[0] ?? "");
    const others = [...template.matchAll(/\$origin == "([^"]+)"/g)].map((m) => m[1]);
    return [first.replace(/^'|'$/g, ""), ...others];
}

function frontDoorSummary(resources: readonly Registered[], api: Registered): FrontDoorSummary {
    const config = api.state.endpointConfiguration ?? {};
    const types = Array.isArray(config.types) ? config.types.join(",") : String(config.types ?? "EDGE");
    const vpce = (config.vpcEndpointIds ?? []) as string[];
    // A base path of one segment is a v1 base path mapping, one of several an API mapping of API Gateway V2.
    const v1 = find(resources, TYPES.basePathMapping, (m) => m.state.restApi === api.id);
    const v2 = find(resources, TYPES.apiMapping, (m) => m.state.apiId === api.id);
    const mapping = v1 ? { domainName: v1.state.domainName, basePath: v1.state.basePath } : v2 ? { domainName: v2.state.domainName, basePath: v2.state.apiMappingKey } : undefined;
    const domain = mapping ? find(resources, TYPES.domainName, (d) => d.state.domainName === mapping.domainName) : undefined;
    const stage = find(resources, TYPES.stage, (st) => st.state.restApi === api.id);
    const association = stage ? find(resources, TYPES.webAclAssociation, (w) => w.state.resourceArn === stage.state.arn) : undefined;
    const created = association ? find(resources, TYPES.webAcl, (w) => w.state.arn === association.state.webAclArn) : undefined;
    const webAcl = created
        ? `${created.name}, created: ${((created.state.rules ?? []) as { name: string }[]).map((r) => r.name).join(", ")}`
        : association ? String(association.state.webAclArn) : null;
    const apiClients = resources.filter((r) => r.type === TYPES.usagePlan
        && ((r.state.apiStages ?? []) as { apiId: string }[]).some((st) => st.apiId === api.id)).map((plan) => {
        const quota = plan.state.quotaSettings ? `${plan.state.quotaSettings.limit} per ${String(plan.state.quotaSettings.period).toLowerCase()}` : "no quota";
        const throttle = plan.state.throttleSettings
            ? `${plan.state.throttleSettings.rateLimit} req/s, burst ${plan.state.throttleSettings.burstLimit}` : "the stage's throttling";
        return `${String(plan.state.description ?? plan.name).replace(/^Usage plan of the client /, "")}: ${quota}, ${throttle}`;
    });
    return {
        api: api.name,
        endpoint: vpce.length > 0 ? `${types} (VPC endpoints ${vpce.join(", ")})` : types,
        corsOrigins: corsOrigins(resources, api),
        domainUrl: domain ? `https://${domain.state.domainName}${mapping!.basePath ? `/${mapping!.basePath}` : ""}` : null,
        executeApiEndpoint: api.state.disableExecuteApiEndpoint !== true,
        webAcl,
        tracing: stage?.state.xrayTracingEnabled === true,
        apiClients,
    };
}

/** The routes, stages and policy results of one stack's planned resources. */
export function planStack(
    stack: string,
    region: string,
    resources: readonly Registered[],
    findings: readonly Finding[],
    levels: Readonly<Record<string, string>> = {},
): StackPlan {
    const routes = resources.filter((r) => r.type === TYPES.method && !isPreflight(resources, r)).map((method) => {
        const integration = find(resources, TYPES.integration, (i) => i.state.resourceId === method.state.resourceId
            && i.state.httpMethod === method.state.httpMethod);
        const queue = queueOfIntegration(resources, integration);
        const dlqArn = queue ? deadLetterTargetArn(queue) : undefined;
        const target = integrationTarget(integration);
        const bodyModel = Object.values((method.state.requestModels ?? {}) as Record<string, string>)[0];
        return {
            ...(bodyModel ? { bodyModel } : {}),
            ...(queue || !target ? {} : { existingQueue: `${target.split(":")[5]} (account ${target.split(":")[4]}, not created by this stack)` }),
            method: method.state.httpMethod,
            path: fullPath(resources, method.state.resourceId),
            authorization: method.state.authorization,
            ...(authorizerSummary(resources, method) ? { authorizer: authorizerSummary(resources, method) } : {}),
            ...(method.state.apiKeyRequired === true ? { apiKeyRequired: true as const } : {}),
            ...(isRetiredIntegration(integration?.state) ? { retired: true as const } : {}),
            queue: queueSummary(queue),
            deadLetterQueue: queueSummary(dlqArn ? find(resources, TYPES.queue, (q) => q.state.arn === dlqArn) : undefined),
        };
    });
    const stages = resources.filter((r) => r.type === TYPES.stage).map((stage) => {
        const settings = find(resources, TYPES.methodSettings, (m) => m.state.restApi === stage.state.restApi
            && m.state.stageName === stage.state.stageName)?.state.settings;
        const logGroup = find(resources, TYPES.logGroup, (l) => l.state.arn === stage.state.accessLogSettings?.destinationArn);
        return {
            name: stage.state.stageName,
            rateLimit: settings?.throttlingRateLimit ?? null,
            burstLimit: settings?.throttlingBurstLimit ?? null,
            accessLogRetentionDays: logGroup ? logGroup.state.retentionInDays ?? null : null,
        };
    });
    const results: PolicyResult[] = policies.map((policy) => ({
        policy: policy.name,
        enforcementLevel: levels[policy.name] ?? policy.enforcementLevel ?? "advisory",
        violations: findings.filter((f) => f.policy === policy.name)
            .map((f) => (f.resource ? { message: f.message, resource: f.resource } : { message: f.message })),
    }));
    const failed = findings.some((f) => f.enforcementLevel === "mandatory");
    return {
        stack,
        configFile: `Pulumi.${stack}.yaml`,
        region,
        routes,
        stages,
        frontDoors: resources.filter((r) => r.type === TYPES.restApi).map((api) => frontDoorSummary(resources, api)),
        resources: resources.map((r) => (r.parent ? { type: r.type, name: r.name, parent: r.parent } : { type: r.type, name: r.name })),
        policies: results,
        verdict: failed ? "fail" : "pass",
    };
}

export interface Style {
    readonly pass: (s: string) => string;
    readonly fail: (s: string) => string;
    readonly warn: (s: string) => string;
    readonly dim: (s: string) => string;
    readonly bold: (s: string) => string;
}

const same = (s: string) => s;
export const PLAIN: Style = { pass: same, fail: same, warn: same, dim: same, bold: same };
export const COLOURED: Style = {
    pass: (s) => `\x1b[32m${s}\x1b[0m`,
    fail: (s) => `\x1b[31m${s}\x1b[0m`,
    warn: (s) => `\x1b[33m${s}\x1b[0m`,
    dim: (s) => `\x1b[2m${s}\x1b[0m`,
    bold: (s) => `\x1b[1m${s}\x1b[0m`,
};

export const OFFLINE_HEADER = "Offline plan on Pulumi's mocked runtime: no cloud credentials, no network, no Pulumi CLI. "
    + "Account ids and generated names are placeholders.";

function duration(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined) {
        return "?";
    }
    if (seconds % 86400 === 0) {
        return `${seconds / 86400} d`;
    }
    return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds} s`;
}

function resourceTree(resources: StackPlan["resources"]): string[] {
    const lines: string[] = [];
    const children = (parent: string | undefined) => resources.filter((r) => r.parent === parent
        || (parent === undefined && r.parent !== undefined && !resources.some((p) => p.name === r.parent)));
    const walk = (parent: string | undefined, prefix: string) => {
        const list = children(parent);
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            lines.push(`${prefix}${parent === undefined ? "" : last ? "└─ " : "├─ "}${r.type}  ${r.name}`);
            walk(r.name, parent === undefined ? "" : `${prefix}${last ? "   " : "│  "}`);
        });
    };
    walk(undefined, "");
    return lines;
}

/** The plan of one stack as text for a terminal or a CI log. */
export function renderStack(plan: StackPlan, style: Style): string {
    const out: string[] = [];
    out.push(style.bold(`Stack ${plan.stack}  (${plan.configFile}, ${plan.region})`), "");
    out.push("Routes");
    for (const route of plan.routes) {
        out.push(`  ${route.method} ${route.path}  authorization ${route.authorization}${route.authorizer ? ` (${route.authorizer})` : ""}`
            + `${route.apiKeyRequired ? ", API key required" : ""}${route.bodyModel ? `, body checked against ${route.bodyModel}` : ""}`
            + `${route.retired ? ", retired: answers 410 Gone while its queue drains" : ""}`);
        const q = route.queue;
        if (q) {
            out.push(`    queue ${q.name}${q.fifo ? " (FIFO)" : ""}: retention ${duration(q.retentionSeconds)}, visibility ${duration(q.visibilityTimeoutSeconds)}, `
                + `max message ${q.maxMessageSize ?? "?"} B, to the DLQ after ${q.maxReceiveCount ?? "?"} receives${q.protected ? ", protected" : ""}`);
        }
        if (route.existingQueue) {
            out.push(`    queue ${route.existingQueue}`);
        }
        const d = route.deadLetterQueue;
        if (d) {
            out.push(`    DLQ   ${d.name}: retention ${duration(d.retentionSeconds)}${d.protected ? ", protected" : ""}`);
        }
    }
    for (const stage of plan.stages) {
        const throttle = stage.rateLimit === null ? "no throttling" : `throttling ${stage.rateLimit} req/s, burst ${stage.burstLimit}`;
        const logs = stage.accessLogRetentionDays === null ? "no access logs" : `access logs kept ${stage.accessLogRetentionDays} d`;
        out.push(`Stage ${stage.name}: ${throttle}; ${logs}`);
    }
    for (const door of plan.frontDoors) {
        out.push(`Front door of ${door.api}: ${door.endpoint} endpoint${door.executeApiEndpoint ? "" : " (execute-api URL off)"}`
            + `${door.tracing ? ", X-Ray tracing" : ""}`);
        out.push(`  CORS      ${door.corsOrigins ? door.corsOrigins.join(", ") : "none: browsers of other origins cannot read the answers"}`);
        out.push(`  domain    ${door.domainUrl ?? "none: the execute-api URL"}`);
        out.push(`  web ACL   ${door.webAcl ?? "none"}`);
        for (const client of door.apiClients) {
            out.push(`  API key   ${client}`);
        }
    }
    if (plan.warnings && plan.warnings.length > 0) {
        out.push("", `Capacity warnings (${plan.warnings.length})`, ...plan.warnings.map((w) => `  ${style.warn("warn")}  ${w}`));
    }
    if (plan.nextUpdate && plan.nextUpdate.length > 0) {
        out.push("", `To remove in the next update (${plan.nextUpdate.length})`, ...plan.nextUpdate.map((w) => `  ${style.warn("warn")}  ${w}`));
    }
    out.push("", `Resources (${plan.resources.length})`, ...resourceTree(plan.resources).map((l) => `  ${l}`));
    out.push("", `Policies (${plan.policies.length})`);
    for (const result of plan.policies) {
        const mandatory = result.enforcementLevel === "mandatory";
        const mark = result.enforcementLevel === "disabled" ? style.dim("off ")
            : result.violations.length === 0 ? style.pass("pass") : mandatory ? style.fail("FAIL") : style.warn("warn");
        out.push(`  ${mark}  ${result.enforcementLevel.padEnd(9)}  ${result.policy}`);
        for (const v of result.violations) {
            out.push(style.dim(`          ${v.resource ? `${v.resource}: ` : ""}${v.message}`));
        }
    }
    const mandatory = plan.policies.filter((p) => p.enforcementLevel === "mandatory").reduce((n, p) => n + p.violations.length, 0);
    const advisory = plan.policies.filter((p) => p.enforcementLevel !== "mandatory").reduce((n, p) => n + p.violations.length, 0);
    const verdict = plan.verdict === "pass" ? style.pass("pass") : style.fail("FAIL");
    out.push("", `Verdict for ${plan.stack}: ${verdict} (${mandatory} mandatory and ${advisory} advisory findings)`);
    return out.join("\n");
}

const MERMAID_NODE_TYPES: Readonly<Record<string, string>> = {
    [TYPES.stage]: "Stage",
    [TYPES.restApi]: "RestApi",
    [TYPES.method]: "Method",
    [TYPES.integration]: "Integration",
    [TYPES.role]: "Role",
    [TYPES.rolePolicy]: "RolePolicy",
    [TYPES.queue]: "Queue",
    [TYPES.logGroup]: "LogGroup",
};

/** A Mermaid flowchart of the planned resources and how they refer to one another. */
export function mermaidDiagram(resources: readonly Registered[]): string {
    const nodes = resources.filter((r) => MERMAID_NODE_TYPES[r.type]);
    const id = (r: Registered) => r.name.replace(/[^A-Za-z0-9_]/g, "_");
    const lines = ["flowchart LR", "    client([Client])"];
    for (const r of nodes) {
        let label = `${MERMAID_NODE_TYPES[r.type]}<br/>${r.name}`;
        if (r.type === TYPES.method) {
            label = `${r.state.httpMethod} ${fullPath(resources, r.state.resourceId)}<br/>${r.name}`;
        }
        const shape = r.type === TYPES.queue || r.type === TYPES.logGroup ? [`[(`, `)]`] : ["[", "]"];
        lines.push(`    ${id(r)}${shape[0]}"${label}"${shape[1]}`);
    }
    const edge = (from: Registered | undefined, to: Registered | undefined, label: string, dotted = false) => {
        if (from && to) {
            lines.push(`    ${id(from)} ${dotted ? "-." : "--"} ${label} ${dotted ? ".->" : "-->"} ${id(to)}`);
        }
    };
    for (const stage of nodes.filter((r) => r.type === TYPES.stage)) {
        lines.push(`    client -- HTTPS --> ${id(stage)}`);
        edge(stage, find(resources, TYPES.restApi, (a) => a.id === stage.state.restApi), "serves");
        edge(stage, find(resources, TYPES.logGroup, (l) => l.state.arn === stage.state.accessLogSettings?.destinationArn), "access logs", true);
    }
    for (const method of nodes.filter((r) => r.type === TYPES.method)) {
        edge(find(resources, TYPES.restApi, (a) => a.id === method.state.restApi), method, "route");
        const integration = find(resources, TYPES.integration, (i) => i.state.resourceId === method.state.resourceId
            && i.state.httpMethod === method.state.httpMethod);
        edge(method, integration, "integration");
        edge(integration, find(resources, TYPES.role, (r) => r.state.arn === integration?.state.credentials), "assumes", true);
        const queue = queueOfIntegration(resources, integration);
        edge(integration, queue, "SendMessage");
        const dlqArn = queue ? deadLetterTargetArn(queue) : undefined;
        edge(queue, dlqArn ? find(resources, TYPES.queue, (q) => q.state.arn === dlqArn) : undefined, "after maxReceiveCount");
    }
    for (const policy of nodes.filter((r) => r.type === TYPES.rolePolicy)) {
        edge(policy, find(resources, TYPES.role, (r) => r.name === policy.state.role || r.id === policy.state.role), "grants", true);
    }
    return lines.join("\n");
}
