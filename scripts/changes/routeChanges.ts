// The routes an update changes as callers see them: one that leaves, changes its method or its path,
// without having been retired in the state it leaves; one whose queue changes while it serves. The
// deployment the update makes is a snapshot taken before anything is deleted, and the deployment
// it replaces serves until the stage moves on: both still serve the route as it was.
import { TYPES } from "../../policy/awsTypes";
import { Change, Snapshot } from "./model";
import { Route, routesOf } from "./routes";

const PROCEDURE = {
    retire: "set retired: true on it, deploy, let its consumer drain its queue, then remove it",
    newRoute: "add a route at a new path with the new queue, move callers to it, retire the old route, drain its queue, then remove it",
} as const;

const befores = (changes: readonly Change[]) => changes.flatMap((c) => (c.before ? [c.before] : []));
const afters = (changes: readonly Change[]) => changes.flatMap((c) => (c.after ? [c.after] : []));

/** A route that leaves, is re-methoded, or whose path changes under the same method resource. */
function leavingProblem(route: Route, old: readonly Route[], now: readonly Route[]): string {
    const renamed = now.find((r) => r.method.urn === route.method.urn);
    if (renamed) {
        return `unsafe: ${route.key} becomes ${renamed.key} in place (its resource is renamed; its queue and the role's grant stay), so from the `
            + `deployment this update makes on, callers of ${route.path} are refused 403 without being told it is gone; add ${renamed.key} as a route `
            + `of its own beside it (the single route, listed in routes with singleRouteNames: true, keeps its resources), move callers, retire `
            + `${route.key}, drain its queue, then remove it`;
    }
    const remethoded = now.find((r) => r.path === route.path && r.path !== "" && !old.some((o) => o.key === r.key));
    return remethoded
        ? `unsafe: ${route.key} becomes ${remethoded.key} without being retired first, so the deployment this update makes still `
            + `serves ${route.key}; add ${remethoded.key} as a route beside it, retire ${route.key}, deploy, drain its queue, then remove it`
        : `unsafe: ${route.key} is removed without being retired first, so the deployment this update makes still serves it while its `
            + `queue and grant go; ${PROCEDURE.retire}`;
}

/**
 * The queue a route sends to, as one thing across the update: the queue resource its integration's
 * URI comes from (the same resource when it is replaced), or else the queue's ARN (an existing queue).
 */
function queueOf(route: Route, snapshots: readonly Snapshot[]): { id: string; name: string } | undefined {
    const source = (route.integration?.propertyDependencies.uri ?? [])
        .map((urn) => snapshots.find((s) => s.urn === urn && s.type === TYPES.queue)).find((s) => s !== undefined);
    if (source) {
        return { id: source.urn, name: source.name };
    }
    return route.queueArn ? { id: route.queueArn, name: route.queueArn } : undefined;
}

/**
 * A route that keeps serving while its queue changes: the role's one grant moves to the new queue
 * before the stage's deployment does, so the deployment still serving sends to the old queue
 * without a grant; and the route's consumer moves with it, leaving the old queue undrained.
 */
function queueProblem(route: Route, current: Route, olds: readonly Snapshot[], nows: readonly Snapshot[]): string | undefined {
    const [was, is] = [queueOf(route, olds), queueOf(current, nows)];
    if (!was || !is || was.id === is.id) {
        return undefined;
    }
    return `unsafe: ${route.key} changes its queue from ${was.name} to ${is.name} in one update, so the deployment still serving sends to `
        + `${was.name} after the role's grant has moved to ${is.name} (500 until the stage moves on), and the route's consumer, if it has one, `
        + `moves with it, leaving ${was.name} undrained; ${PROCEDURE.newRoute}`;
}

/** Routes that leave, change their method or path, without having been retired; routes whose queue changes. */
export function routeProblems(changes: readonly Change[]): string[] {
    const [olds, nows] = [befores(changes), afters(changes)];
    const old = routesOf(olds);
    const now = routesOf(nows);
    const byKey = new Map(now.map((r) => [r.key, r]));
    return old.flatMap((route) => {
        const current = byKey.get(route.key);
        if (!current) {
            return route.retired ? [] : [leavingProblem(route, old, now)];
        }
        const problem = route.retired || current.retired ? undefined : queueProblem(route, current, olds, nows);
        return problem ? [problem] : [];
    });
}
