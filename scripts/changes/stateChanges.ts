// What holds orders, their keys or logs, judged when an update takes it out of the program or
// replaces it; and what is protected, which the engine refuses to delete only at the very end of
// the update, after the new deployment has switched traffic.
import { RETIRED_QUEUE_TAG } from "../../components/routeQueue";
import { TYPES } from "../../policy/awsTypes";
import { STATE_BEARING } from "../../offline/urns";
import { Change, Snapshot } from "./model";
import { routeOfQueue, routesOf } from "./routes";

/** What holds orders, their keys or logs, and what goes when it is deleted. */
const HOLDS_STATE: Readonly<Record<string, { readonly kind: string; readonly deleted: string }>> = {
    [TYPES.queue]: { kind: "queue", deleted: "would be deleted with the messages it holds" },
    [TYPES.kmsKey]: { kind: "KMS key", deleted: "would be scheduled for deletion while messages encrypted with it may remain" },
    [TYPES.logGroup]: { kind: "log group", deleted: "would be deleted with its logs" },
};

const PROCEDURE = {
    queue: "retire its route, and remove the route once its queue is drained: a retired route's queues are kept in AWS",
    replaceQueue: "a queue keeps its name and FIFO-ness for life: add a route with the new queue, move callers to it, retire the old route, "
        + "drain its queue, then remove it",
    replacedKey: "keep the key until the queues it encrypts are drained and removed (retire their route first)",
    logGroup: "keep it in AWS when removed (retainOnDelete), in an update of its own first: its retention then expires its events",
    replaced: "keep the inputs that name it, or give it an alias of its old URN",
    unprotect: "unprotect it in an update of its own first (protect: false), or retire the route it serves",
    unprotectQueue: "unprotect it in an update of its own first (protectQueues: false), or retire its route, which unprotects its queues and key",
} as const;

const DAY_SECONDS = 86400;
/** SQS keeps a message 4 days unless the queue says otherwise, and 14 days at most. */
const SQS_DEFAULT_RETENTION_SECONDS = 4 * DAY_SECONDS;
const SQS_MAX_RETENTION_SECONDS = 14 * DAY_SECONDS;
/** KMS waits 30 days before it deletes a key unless told otherwise (7 to 30). */
const KMS_DEFAULT_WINDOW_DAYS = 30;

const befores = (changes: readonly Change[]) => changes.flatMap((c) => (c.before ? [c.before] : []));

function describe(resource: Snapshot, olds: readonly Snapshot[]): string {
    const route = resource.type === TYPES.queue ? routeOfQueue(resource, routesOf(olds), olds) : undefined;
    return `${HOLDS_STATE[resource.type]?.kind ?? resource.type} ${resource.name}${route ? ` (${route.key})` : ""}`;
}

/** The queue whose dead letters a queue receives, if any among the snapshots. */
function sourceOf(deadLetterQueue: Snapshot, snapshots: readonly Snapshot[]): Snapshot | undefined {
    const arn = deadLetterQueue.outputs.arn;
    return snapshots.find((s) => s.type === TYPES.queue && typeof s.inputs.redrivePolicy === "string" && s.inputs.redrivePolicy.includes(`"${arn}"`));
}

/** The dead-letter queue a queue redrives to, if any among the snapshots. */
function deadLetterQueueOf(queue: Snapshot, snapshots: readonly Snapshot[]): Snapshot | undefined {
    let target: unknown;
    try {
        target = typeof queue.inputs.redrivePolicy === "string" ? JSON.parse(queue.inputs.redrivePolicy).deadLetterTargetArn : undefined;
    } catch {
        return undefined;
    }
    return snapshots.find((s) => s.type === TYPES.queue && s.outputs.arn === target);
}

/**
 * Whether what holds state is kept in AWS when it leaves the program. A queue is kept only as a
 * retired route's (tagged, or the dead-letter queue of one tagged): a queue kept in AWS while its
 * route still takes orders keeps them where no consumer drains them any more.
 */
function keptInAws(resource: Snapshot, olds: readonly Snapshot[]): boolean {
    if (!resource.retainOnDelete) {
        return false;
    }
    if (resource.type !== TYPES.queue) {
        return true;
    }
    const retired = (queue: Snapshot | undefined) => queue?.inputs.tags?.[RETIRED_QUEUE_TAG] === "true";
    return retired(resource) || retired(sourceOf(resource, olds));
}

/** The queues encrypted with a key, among the snapshots. */
function queuesOfKey(key: Snapshot, snapshots: readonly Snapshot[]): Snapshot[] {
    const names = new Set([key.id, key.outputs.arn, key.outputs.keyId].filter((v) => typeof v === "string" && v !== ""));
    return snapshots.filter((s) => s.type === TYPES.queue
        && (names.has(s.inputs.kmsMasterKeyId) || (s.propertyDependencies.kmsMasterKeyId ?? []).includes(key.urn)));
}

const retentionOf = (queue: Snapshot | undefined) => Number(queue?.inputs.messageRetentionSeconds ?? SQS_DEFAULT_RETENTION_SECONDS);

/**
 * The longest a message encrypted with a key may still live, in days: its queue's retention, and
 * for a FIFO queue its dead-letter queue's besides, since a FIFO message's enqueue time starts
 * again when it moves there (a standard message keeps its own). With no queue known, the longest
 * SQS keeps any message.
 */
function longestMessageDays(queues: readonly Snapshot[], snapshots: readonly Snapshot[]): number {
    const lives = queues.map((queue) => retentionOf(queue) + (queue.inputs.fifoQueue === true ? retentionOf(deadLetterQueueOf(queue, snapshots)) : 0));
    return Math.ceil((lives.length > 0 ? Math.max(...lives) : SQS_MAX_RETENTION_SECONDS) / DAY_SECONDS);
}

/**
 * A key deleted is scheduled for deletion after its window: once the queues it encrypted have
 * moved to another key, no message it encrypted outlives a window at least as long as their
 * longest retention, so the deletion takes nothing. Undefined when it may.
 */
function keyProblem(key: Snapshot, olds: readonly Snapshot[]): string | undefined {
    const window = Number(key.inputs.deletionWindowInDays ?? KMS_DEFAULT_WINDOW_DAYS);
    const queues = queuesOfKey(key, olds);
    const needed = longestMessageDays(queues, olds);
    if (window >= needed) {
        return undefined;
    }
    const named = queues.length > 0 ? ` (${queues.map((q) => q.name).join(", ")})` : "";
    return `unsafe: KMS key ${key.name} would be deleted ${window} days after this update, while messages encrypted with it may live ${needed} days`
        + `${named}; give it a deletionWindowInDays of ${needed} or more (at most 30) in an update of its own first, or keep it in AWS when removed (retainOnDelete)`;
}

function deleteProblem(old: Snapshot, olds: readonly Snapshot[]): string | undefined {
    if (!HOLDS_STATE[old.type] || keptInAws(old, olds)) {
        return undefined;
    }
    if (old.type === TYPES.kmsKey) {
        return keyProblem(old, olds);
    }
    if (old.type === TYPES.queue) {
        const deleted = old.retainOnDelete ? "would leave the program, kept in AWS, with the messages it holds and nothing to drain them" : HOLDS_STATE[old.type].deleted;
        return `unsafe: ${describe(old, olds)} ${deleted}; ${PROCEDURE.queue}`;
    }
    return `unsafe: ${describe(old, olds)} ${HOLDS_STATE[old.type].deleted}; ${PROCEDURE.logGroup}`;
}

function replaceProblem(change: Change, olds: readonly Snapshot[]): string {
    const old = change.before!;
    const what = (change.replaceReasons ?? []).map((input) => `${input} ${JSON.stringify(old.inputs[input] ?? null)} → `
        + `${JSON.stringify(change.after?.inputs[input] ?? null)}`).join(", ");
    const procedure = old.type === TYPES.queue ? PROCEDURE.replaceQueue : old.type === TYPES.kmsKey ? PROCEDURE.replacedKey : PROCEDURE.replaced;
    const loss = old.type === TYPES.queue ? "losing the messages it holds" : old.type === TYPES.kmsKey ? "and what it encrypted can no longer be read"
        : old.type === TYPES.logGroup ? "losing its logs" : "and what names it breaks";
    return `unsafe: ${describe(old, olds)} would be replaced (${what}), ${loss}; ${procedure}`;
}

/** A protected resource the update deletes or replaces: the engine stops at it, after the new deployment. */
function protectProblem(change: Change, olds: readonly Snapshot[]): string {
    const old = change.before!;
    const step = change.op === "delete" ? "its delete step" : "the delete step of its replacement";
    const queueOrKey = old.type === TYPES.queue || old.type === TYPES.kmsKey;
    return `unsafe: ${describe(old, olds)} is protected, so the engine fails this update at ${step}, after the new deployment has switched `
        + `traffic; ${queueOrKey ? PROCEDURE.unprotectQueue : PROCEDURE.unprotect}`;
}

/** What holds state, deleted without being kept in AWS, or replaced; and what is protected, deleted or replaced. */
export function stateProblems(changes: readonly Change[]): string[] {
    const olds = befores(changes);
    const problems: string[] = [];
    for (const change of changes) {
        const old = change.before;
        if (!old || (change.op !== "delete" && change.op !== "replace")) {
            continue;
        }
        if (old.protect) {
            problems.push(protectProblem(change, olds));
        }
        const problem = change.op === "delete" ? deleteProblem(old, olds)
            : STATE_BEARING[old.type] && (change.replaceReasons ?? []).length > 0 ? replaceProblem(change, olds) : undefined;
        if (problem) {
            problems.push(problem);
        }
    }
    return problems;
}
