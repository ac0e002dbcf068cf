// The routes a set of snapshots holds, as a caller knows them (`POST /stores/{storeId}/orders`):
// each method that is not a CORS preflight, its path from the resource tree, whether it is retired
// (its integration a MOCK answering 410) and the queue it sends to.
import { isRetiredIntegration } from "../../components/retirement";
import { queueArnOfIntegrationUri } from "../../policy/stackModel";
import { Snapshot } from "./model";
import { TYPES } from "../../policy/awsTypes";

export interface Route {
    /** `POST /orders`, or the method and the method's name when its path cannot be read. */
    readonly key: string;
    readonly httpMethod: string;
    readonly path: string;
    readonly method: Snapshot;
    readonly integration?: Snapshot;
    readonly retired: boolean;
    /** The ARN of the queue the route sends to, if it sends to one. */
    readonly queueArn?: string;
}

/** A resource's path from the API's root, or undefined when a resource on the way is not among the snapshots. */
function pathOf(resourceId: string, snapshots: readonly Snapshot[]): string | undefined {
    const roots = new Set(snapshots.filter((s) => s.type === TYPES.restApi).map((api) => api.outputs.rootResourceId));
    const parts: string[] = [];
    let id = resourceId;
    for (let depth = 0; depth < 64; depth++) {
        if (roots.has(id)) {
            return `/${parts.reverse().join("/")}`;
        }
        const resource = snapshots.find((s) => s.type === TYPES.apiResource && s.id === id);
        if (!resource) {
            return undefined;
        }
        parts.push(String(resource.inputs.pathPart));
        id = String(resource.inputs.parentId);
    }
    return undefined;
}

/** The routes among the snapshots; `context` holds the snapshots the paths may be read from besides them. */
export function routesOf(snapshots: readonly Snapshot[], context: readonly Snapshot[] = snapshots): Route[] {
    return snapshots.filter((s) => s.type === TYPES.method && s.inputs.httpMethod !== "OPTIONS").map((method) => {
        const integration = context.find((s) => s.type === TYPES.integration && s.inputs.resourceId === method.inputs.resourceId
            && s.inputs.httpMethod === method.inputs.httpMethod && s.inputs.restApi === method.inputs.restApi);
        const httpMethod = String(method.inputs.httpMethod);
        const path = pathOf(String(method.inputs.resourceId), context);
        const queueArn = typeof integration?.inputs.uri === "string" ? queueArnOfIntegrationUri(integration.inputs.uri) : undefined;
        return {
            key: path === undefined ? `${httpMethod} (method ${method.name})` : `${httpMethod} ${path}`,
            httpMethod,
            path: path ?? "",
            method,
            ...(integration ? { integration } : {}),
            retired: isRetiredIntegration(integration?.inputs),
            ...(queueArn ? { queueArn } : {}),
        };
    });
}

/** The route a queue belongs to: the one that sends to it, or whose queue sends it dead letters. */
export function routeOfQueue(queue: Snapshot, routes: readonly Route[], snapshots: readonly Snapshot[]): Route | undefined {
    const arn = queue.outputs.arn;
    const direct = routes.find((r) => r.queueArn === arn);
    if (direct) {
        return direct;
    }
    const source = snapshots.find((s) => s.type === TYPES.queue && typeof s.inputs.redrivePolicy === "string"
        && s.inputs.redrivePolicy.includes(`"${arn}"`));
    return source ? routes.find((r) => r.queueArn === source.outputs.arn) : undefined;
}
