// What the stage's deployment reads at request time, judged when an update deletes it: the API's
// resource policy, an integration's responses, the authorizer a removed method names and the
// permission that lets API Gateway call it. Each is deleted at the end of the update, after the
// new deployment has snapshotted the API as it was.
import { TYPES } from "../../policy/awsTypes";
import { Change, Snapshot } from "./model";
import { routesOf } from "./routes";

const PROCEDURE = {
    policy: "keep the API's resource policy and change its document (this program's PRIVATE and REGIONAL policies are one resource)",
    responses: "deploy the program without this change first, so that its integration responses take their method from the integration, "
        + "then make the change",
    authorizer: "keep the authorizer in this update (a declared authorizer no route uses is kept) and remove it in the update after the route",
} as const;

const befores = (changes: readonly Change[]) => changes.flatMap((c) => (c.before ? [c.before] : []));
const afters = (changes: readonly Change[]) => changes.flatMap((c) => (c.after ? [c.after] : []));
const deleted = (changes: readonly Change[], type: string) => changes.filter((c) => c.op === "delete" && c.before?.type === type).map((c) => c.before!);

/** Whether `resource`'s input names `target`: its value is the target's id, or came from the target. */
const names = (resource: Snapshot, input: string, target: Snapshot) =>
    resource.inputs[input] === target.id || (resource.propertyDependencies[input] ?? []).includes(target.urn);

/** What the stage reads at request time, deleted after the new deployment has snapshotted it. */
export function policyProblems(changes: readonly Change[]): string[] {
    const staying = new Set(afters(changes).filter((s) => s.type === TYPES.restApi).map((api) => api.id));
    return deleted(changes, TYPES.restApiPolicy).filter((policy) => staying.has(policy.inputs.restApiId))
        .map((policy) => `unsafe: the resource policy ${policy.name} would be deleted after the new deployment is made, so the stage keeps `
            + `enforcing it (a switch of endpoint type must rewrite it); ${PROCEDURE.policy}`);
}

/**
 * An integration the provider replaces by deleting it first takes its integration responses with
 * it in API Gateway; the engine makes them again only if they depended on it in the state.
 */
export function integrationProblems(changes: readonly Change[]): string[] {
    const olds = befores(changes);
    return changes.filter((c) => c.op === "replace" && c.before?.type === TYPES.integration).flatMap((change) => {
        const integration = change.before!;
        const orphans = olds.filter((s) => s.type === TYPES.integrationResponse && s.inputs.resourceId === integration.inputs.resourceId
            && s.inputs.httpMethod === integration.inputs.httpMethod && s.inputs.restApi === integration.inputs.restApi
            && !(s.propertyDependencies.httpMethod ?? []).includes(integration.urn));
        return orphans.length === 0 ? [] : [`unsafe: integration ${integration.name} would be replaced (${(change.replaceReasons ?? []).join(", ")}), `
            + `and API Gateway deletes its integration responses with it, which the state does not tie to it (${orphans.map((o) => o.name).join(", ")}): `
            + PROCEDURE.responses];
    });
}

/** A Lambda permission given to one authorizer: its source ARN ends with the authorizer's id, or came from it. */
const permitsAuthorizer = (permission: Snapshot, authorizer: Snapshot) => (permission.propertyDependencies.sourceArn ?? []).includes(authorizer.urn)
    || (typeof permission.inputs.sourceArn === "string" && permission.inputs.sourceArn.endsWith(`/authorizers/${authorizer.id}`));

/**
 * An authorizer, or the permission that lets API Gateway invoke its function, deleted in the update
 * that removes a method naming it: the deployment this update makes still serves that method, and
 * answers its callers 500 once the authorizer or its permission is gone, until the next deployment.
 */
export function authorizerProblems(changes: readonly Change[]): string[] {
    const olds = befores(changes);
    const removedMethods = deleted(changes, TYPES.method);
    const permissions = deleted(changes, TYPES.lambdaPermission);
    const authorizers = olds.filter((s) => s.type === TYPES.authorizer);
    return authorizers.flatMap((authorizer) => {
        const methods = removedMethods.filter((method) => names(method, "authorizerId", authorizer));
        const goes = [
            ...deleted(changes, TYPES.authorizer).filter((a) => a.urn === authorizer.urn).map((a) => `authorizer ${a.name}`),
            ...permissions.filter((p) => permitsAuthorizer(p, authorizer)).map((p) => `its function's permission ${p.name}`),
        ];
        if (methods.length === 0 || goes.length === 0) {
            return [];
        }
        const routes = routesOf(methods, olds).map((r) => r.key).join(", ");
        return [`unsafe: ${goes.join(" and ")} would be deleted in the update that removes ${routes}, which names ${authorizer.name}, while the `
            + `deployment this update makes still serves ${routes}: its callers get 500 until the next deployment; ${PROCEDURE.authorizer}`];
    });
}
