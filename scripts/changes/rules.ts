// The rules a reviewer applies to an update, from one fact: the engine creates and updates first
// and deletes what left the program only at the end, after the new Deployment has snapshotted the
// API. So nothing the snapshot depends on may be deleted in the update that stops using it, and
// nothing that holds orders or logs may be deleted or replaced with what it holds. Each unsafe
// change is one line naming the route or resource and the safe procedure (docs/routes.md).
import { Change, Snapshot } from "./model";
import { Route, routeOfQueue, routesOf } from "./routes";

const TYPE = {
    queue: "aws:sqs/queue:Queue",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    restApi: "aws:apigateway/restApi:RestApi",
    restApiPolicy: "aws:apigateway/restApiPolicy:RestApiPolicy",
    integration: "aws:apigateway/integration:Integration",
    integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
} as const;

/** What holds orders, their keys or logs, and what goes when it is deleted. */
const HOLDS_STATE: Readonly<Record<string, { readonly kind: string; readonly deleted: string }>> = {
    [TYPE.queue]: { kind: "queue", deleted: "would be deleted with the messages it holds" },
    [TYPE.key]: { kind: "KMS key", deleted: "would be scheduled for deletion while messages encrypted with it may remain" },
    [TYPE.logGroup]: { kind: "log group", deleted: "would be deleted with its logs" },
};

const PROCEDURE = {
    retire: "set retired: true on it, deploy, let its consumer drain its queue, then remove it",
    queue: "retire its route, and remove the route once its queue is drained: a retired route's queues are kept in AWS",
    replaceQueue: "a queue keeps its name and FIFO-ness for life: add a route with the new queue, move callers to it, retire the old route, "
        + "drain its queue, then remove it",
    key: "keep the key until the queues it encrypts are drained and removed (retire their route first)",
    logGroup: "export the logs you need first (aws logs create-export-task), then remove it in an update of its own",
    replaced: "keep the inputs that name it, or give it an alias of its old URN",
    policy: "keep the API's resource policy and change its document (this program's PRIVATE and REGIONAL policies are one resource)",
    responses: "deploy the program without this change first, so that its integration responses take their method from the integration, "
        + "then make the change",
} as const;

export interface Verdict {
    /** One line per unsafe change. */
    readonly unsafe: readonly string[];
    /** One line: what the update does. */
    readonly summary: string;
}

const before = (changes: readonly Change[]) => changes.flatMap((c) => (c.before ? [c.before] : []));
const after = (changes: readonly Change[]) => changes.flatMap((c) => (c.after ? [c.after] : []));

/** Routes that leave, or change their method, without having been retired in the state they leave. */
function routeProblems(changes: readonly Change[]): string[] {
    const old = routesOf(before(changes));
    const now = routesOf(after(changes));
    const keys = new Set(now.map((r) => r.key));
    return old.filter((route) => !route.retired && !keys.has(route.key)).map((route) => {
        const remethoded = now.find((r) => r.path === route.path && r.path !== "" && !old.some((o) => o.key === r.key));
        return remethoded
            ? `unsafe: ${route.key} becomes ${remethoded.key} without being retired first, so the deployment this update makes still `
                + `serves ${route.key}; add ${remethoded.key} as a route beside it, retire ${route.key}, deploy, drain its queue, then remove it`
            : `unsafe: ${route.key} is removed without being retired first, so the deployment this update makes still serves it while its `
                + `queue and grant go; ${PROCEDURE.retire}`;
    });
}

function describe(resource: Snapshot, routes: readonly Route[], all: readonly Snapshot[]): string {
    const route = resource.type === TYPE.queue ? routeOfQueue(resource, routes, all) : undefined;
    return `${HOLDS_STATE[resource.type]?.kind ?? resource.type} ${resource.name}${route ? ` (${route.key})` : ""}`;
}

/** What holds state, deleted without being kept in AWS, or replaced. */
function stateProblems(changes: readonly Change[]): string[] {
    const olds = before(changes);
    const routes = routesOf(olds);
    const problems: string[] = [];
    for (const change of changes) {
        const old = change.before;
        if (change.op === "delete" && old && HOLDS_STATE[old.type] && !old.retainOnDelete) {
            const procedure = old.type === TYPE.queue ? PROCEDURE.queue : old.type === TYPE.key ? PROCEDURE.key : PROCEDURE.logGroup;
            problems.push(`unsafe: ${describe(old, routes, olds)} ${HOLDS_STATE[old.type].deleted}; ${procedure}`);
        }
        if (change.op === "replace" && old && (change.replaceReasons ?? []).length > 0 && old.type !== TYPE.integration) {
            const what = (change.replaceReasons ?? []).map((input) => `${input} ${JSON.stringify(old.inputs[input] ?? null)} → `
                + `${JSON.stringify(change.after?.inputs[input] ?? null)}`).join(", ");
            const procedure = old.type === TYPE.queue ? PROCEDURE.replaceQueue : old.type === TYPE.key ? PROCEDURE.key : PROCEDURE.replaced;
            const loss = old.type === TYPE.queue ? "losing the messages it holds" : old.type === TYPE.key ? "and what it encrypted can no longer be read"
                : old.type === TYPE.logGroup ? "losing its logs" : "and what names it breaks";
            problems.push(`unsafe: ${describe(old, routes, olds)} would be replaced (${what}), ${loss}; ${procedure}`);
        }
    }
    return problems;
}

/** What the stage reads at request time, deleted after the new deployment has snapshotted it. */
function deploymentProblems(changes: readonly Change[]): string[] {
    const staying = new Set(after(changes).filter((s) => s.type === TYPE.restApi).map((api) => api.id));
    return changes.filter((c) => c.op === "delete" && c.before?.type === TYPE.restApiPolicy && staying.has(c.before.inputs.restApiId))
        .map((c) => `unsafe: the resource policy ${c.before!.name} would be deleted after the new deployment is made, so the stage keeps `
            + `enforcing it (a switch of endpoint type must rewrite it); ${PROCEDURE.policy}`);
}

/**
 * An integration the provider replaces by deleting it first takes its integration responses with
 * it in API Gateway; the engine makes them again only if they depended on it in the state.
 */
function integrationProblems(changes: readonly Change[]): string[] {
    const olds = before(changes);
    return changes.filter((c) => c.op === "replace" && c.before?.type === TYPE.integration).flatMap((change) => {
        const integration = change.before!;
        const orphans = olds.filter((s) => s.type === TYPE.integrationResponse && s.inputs.resourceId === integration.inputs.resourceId
            && s.inputs.httpMethod === integration.inputs.httpMethod && s.inputs.restApi === integration.inputs.restApi
            && !(s.propertyDependencies.httpMethod ?? []).includes(integration.urn));
        return orphans.length === 0 ? [] : [`unsafe: integration ${integration.name} would be replaced (${(change.replaceReasons ?? []).join(", ")}), `
            + `and API Gateway deletes its integration responses with it, which the state does not tie to it (${orphans.map((o) => o.name).join(", ")}): `
            + PROCEDURE.responses];
    });
}

/** What the update does, in one line, with what it leaves in AWS. */
function summaryOf(changes: readonly Change[], since: string): string {
    const count = (op: Change["op"]) => changes.filter((c) => c.op === op).length;
    const kept = changes.filter((c) => c.op === "delete" && c.before?.retainOnDelete).map((c) => c.before!.name);
    return `no unsafe change ${since}: ${count("create")} to create, ${count("update")} to update, ${count("replace")} to replace, `
        + `${count("delete")} to delete${kept.length > 0 ? `; kept in AWS when removed: ${kept.join(", ")}` : ""}`;
}

/** Judges an update. `since` says against what, for the summary: `since v1.2`, `against the stack's state`. */
export function judge(changes: readonly Change[], since: string): Verdict {
    const unsafe = [...routeProblems(changes), ...stateProblems(changes), ...deploymentProblems(changes), ...integrationProblems(changes)];
    return { unsafe, summary: summaryOf(changes, since) };
}
