// The rules a reviewer applies to an update, from one fact: the engine creates and updates first
// and deletes what left the program only at the end, after the new Deployment has snapshotted the
// API. So nothing the snapshot depends on may be deleted in the update that stops using it, nothing
// that holds orders or logs may be deleted or replaced with what it holds, and nothing protected may
// be deleted at all. Each unsafe change is one line naming the route or resource and the safe
// procedure (docs/routes.md), which leads to an update these rules take.
import { authorizerProblems, integrationProblems, policyProblems } from "./apiChanges";
import { Change } from "./model";
import { routeProblems } from "./routeChanges";
import { sameObjectProblems } from "./sameObject";
import { stateProblems } from "./stateChanges";

export interface Verdict {
    /** One line per unsafe change. */
    readonly unsafe: readonly string[];
    /** One line: what the update does. */
    readonly summary: string;
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
    const unsafe = [
        ...routeProblems(changes),
        ...stateProblems(changes),
        ...policyProblems(changes),
        ...integrationProblems(changes),
        ...authorizerProblems(changes),
        ...sameObjectProblems(changes),
    ];
    return { unsafe, summary: summaryOf(changes, since) };
}
