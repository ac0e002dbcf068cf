// What an update would do to a stack, resource by resource, whichever way it was found: by planning
// two git revisions of the program and its stack file on the mocked runtime (revision.ts), or from
// the steps of a real `pulumi preview --json` against the stack's state (previewJson.ts). The rules
// (rules.ts) judge this one shape.
import { Registered } from "../../offline/mockRuntime";
import { STATE_BEARING, urnsByName } from "../../offline/urns";
import { TYPES } from "../../policy/awsTypes";

/** A resource as one side of a change holds it. */
export interface Snapshot {
    readonly urn: string;
    readonly type: string;
    /** The resource's name: the last part of its URN. */
    readonly name: string;
    /** Its provider id, which other resources' inputs refer to. */
    readonly id: string;
    readonly inputs: Readonly<Record<string, any>>;
    readonly outputs: Readonly<Record<string, any>>;
    readonly retainOnDelete: boolean;
    /** Protected: the engine fails the update at its delete step, after everything else has happened. */
    readonly protect: boolean;
    /** Per input, the URNs of the resources its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export type Operation = "create" | "update" | "replace" | "delete" | "same";

export interface Change {
    readonly op: Operation;
    readonly before?: Snapshot;
    readonly after?: Snapshot;
    /** For a replacement: the inputs that force it. */
    readonly replaceReasons?: readonly string[];
}

/**
 * The inputs whose change makes the provider replace a resource (terraform-provider-aws marks them
 * ForceNew): those of the types that bear state (the golden record's), and of the API's parts an
 * update replaces rather than changes: an integration, its integration and method responses, the
 * Deployment (a new snapshot for new triggers), the Stage on a new name, a Model on a new name.
 */
export const REPLACE_FORCING: Readonly<Record<string, readonly string[]>> = {
    ...STATE_BEARING,
    [TYPES.integration]: ["type", "credentials", "integrationHttpMethod", "passthroughBehavior"],
    [TYPES.integrationResponse]: ["restApi", "resourceId", "httpMethod", "statusCode"],
    [TYPES.methodResponse]: ["restApi", "resourceId", "httpMethod", "statusCode"],
    [TYPES.deployment]: ["restApi", "triggers", "variables"],
    [TYPES.stage]: ["restApi", "stageName"],
    [TYPES.model]: ["restApi", "name", "contentType"],
};

/**
 * The types the provider replaces by deleting first. Before such a replacement the engine deletes,
 * and then makes again, every resource with a replace-forcing input that comes from it, whatever
 * the value that input will have.
 */
const DELETED_BEFORE_REPLACED: ReadonlySet<string> = new Set([TYPES.integration]);

/** The resources a mocked run registered, as snapshots in the stack's URNs. */
export function snapshotsOf(resources: readonly Registered[], stack: string, project: string): Snapshot[] {
    const urns = urnsByName(resources, stack, project);
    return resources.map((resource) => ({
        urn: urns.get(resource.name)!,
        type: resource.type,
        name: resource.name,
        id: resource.id,
        inputs: resource.inputs,
        outputs: resource.state,
        retainOnDelete: resource.retainOnDelete,
        protect: resource.protect,
        propertyDependencies: Object.fromEntries(Object.entries(resource.propertyDependencies)
            .map(([input, names]) => [input, names.map((name) => urns.get(name) ?? name)])),
    }));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What an update from `before` to `after` does: each URN of one side matched with the same URN of
 * the other, or with the resource of the other that names it as an alias (`aliases`: an old URN to
 * the new URN that carries it).
 */
export function changesBetween(before: readonly Snapshot[], after: readonly Snapshot[], aliases: ReadonlyMap<string, string> = new Map()): Change[] {
    const now = new Map(after.map((s) => [s.urn, s]));
    const matched = new Set<string>();
    const changes: Change[] = before.map((old) => {
        const current = now.get(old.urn) ?? now.get(aliases.get(old.urn) ?? "");
        if (!current) {
            return { op: "delete", before: old };
        }
        matched.add(current.urn);
        const reasons = (REPLACE_FORCING[old.type] ?? []).filter((input) => !same(old.inputs[input], current.inputs[input]));
        if (reasons.length > 0) {
            return { op: "replace", before: old, after: current, replaceReasons: reasons };
        }
        return { op: same(old.inputs, current.inputs) ? "same" : "update", before: old, after: current };
    });
    return [...withDependentsReplaced(changes), ...after.filter((s) => !matched.has(s.urn)).map((s): Change => ({ op: "create", after: s }))];
}

/**
 * The changes, with each resource that a replacement deleted first takes with it replaced too: the
 * engine finds those in the state as it is, before the update.
 */
function withDependentsReplaced(changes: readonly Change[]): Change[] {
    const deletedFirst = new Set(changes.filter((c) => c.op === "replace" && DELETED_BEFORE_REPLACED.has(c.before!.type)).map((c) => c.before!.urn));
    return changes.map((change) => {
        const old = change.before;
        if ((change.op !== "update" && change.op !== "same") || !old) {
            return change;
        }
        const reasons = (REPLACE_FORCING[old.type] ?? []).filter((input) => (old.propertyDependencies[input] ?? []).some((urn) => deletedFirst.has(urn)));
        return reasons.length > 0 ? { ...change, op: "replace", replaceReasons: reasons } : change;
    });
}
