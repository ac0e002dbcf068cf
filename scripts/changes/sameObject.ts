// Two resources that write one AWS object, one made and the other deleted in the same update. The
// engine creates first and deletes what left the program at the end: API Gateway refuses the new
// one while the old one holds the key (ConflictException), or the old one's delete removes what the
// new one wrote. AWS's keys are the policy pack's (policy/awsObjects.ts), read over the resources
// the update creates and deletes, with those it keeps to resolve what they name.
import { PolicyResource } from "@pulumi/policy";

import { OBJECT_KINDS, Writer } from "../../policy/awsObjects";
import { KnownPart } from "../../policy/keys";
import { StackIndex } from "../../policy/stackModel";
import { policyResource } from "../../offline/policyResource";
import { Change, Snapshot } from "./model";

const PROCEDURE = "keep the resource that writes it (a single route listed in routes keeps its resources with singleRouteNames: true), "
    + "or remove the old one in an update of its own first";

/** The snapshots as the policy SDK would hand them over: outputs and inputs with the id, and what each input came from. */
function asPolicyResources(snapshots: readonly Snapshot[]): PolicyResource[] {
    const byUrn = new Map(snapshots.map((s) => [s.urn, policyResource(s.type, s.name, s.urn, { ...s.outputs, ...s.inputs, id: s.id })]));
    for (const snapshot of snapshots) {
        const resource = byUrn.get(snapshot.urn)!;
        for (const [input, urns] of Object.entries(snapshot.propertyDependencies)) {
            resource.propertyDependencies[input] = urns.flatMap((urn) => byUrn.get(urn) ?? []);
        }
    }
    return [...byUrn.values()];
}

const keyOf = (writer: Writer) => (writer.parts.every((p) => p.known) ? writer.parts.map((p) => (p as KnownPart).id).join("\u0000") : undefined);

/** A create and a delete of one AWS object in one update. */
export function sameObjectProblems(changes: readonly Change[]): string[] {
    const created = new Set(changes.filter((c) => c.op === "create").map((c) => c.after!.urn));
    const removed = new Set(changes.filter((c) => c.op === "delete").map((c) => c.before!.urn));
    if (created.size === 0 || removed.size === 0) {
        return [];
    }
    const snapshots = changes.flatMap((c) => (c.op === "delete" ? [c.before!] : c.after ? [c.after] : []));
    const index = StackIndex.of(asPolicyResources(snapshots));
    return OBJECT_KINDS.flatMap((kind) => {
        const writers = kind.writers(index).filter((w) => w.through === undefined);
        const gone = new Map(writers.filter((w) => removed.has(w.resource.urn)).map((w) => [keyOf(w), w]));
        return writers.filter((w) => created.has(w.resource.urn) && keyOf(w) !== undefined && gone.has(keyOf(w))).map((made) => {
            const old = gone.get(keyOf(made))!;
            const key = kind.labels.map((label, i) => `${label} ${(made.parts[i] as KnownPart).display}`).join(", ");
            return `unsafe: ${made.resource.name} is created while ${old.resource.name}, which writes the same ${kind.what} (${key}), is deleted only `
                + `at the end of the update: AWS refuses the new one while the old one exists, or the old one's delete removes what the new one wrote; ${PROCEDURE}`;
        });
    });
}
