// What an upgrade must keep: each resource's URN (its type, name and parent chain, which is how
// Pulumi knows it is the same resource), and the inputs that make AWS replace it. A queue that is
// renamed or re-parented without an alias, or whose name or FIFO-ness changes, is deleted and made
// anew, and the orders in it are lost; a new key cannot read what the old one encrypted; a new role
// or API has another ARN or URL than the ones callers and queue policies name.
import { AliasSpec, Registered } from "./mockRuntime";
import { TYPES } from "../policy/awsTypes";

/** The resources whose replacement loses data or breaks callers, and the inputs that force one. */
export const STATE_BEARING: Readonly<Record<string, readonly string[]>> = {
    [TYPES.queue]: ["name", "namePrefix", "fifoQueue"],
    [TYPES.kmsKey]: ["keyUsage", "customerMasterKeySpec", "multiRegion", "customKeyStoreId"],
    [TYPES.role]: ["name", "namePrefix", "path"],
    [TYPES.restApi]: [],
    [TYPES.topic]: ["name", "namePrefix", "fifoTopic"],
    [TYPES.logGroup]: ["name", "namePrefix"],
};

export interface UrnRecord {
    readonly urn: string;
    /** For a resource whose replacement loses data or breaks callers: the inputs that force one. */
    readonly replaceInputs?: Readonly<Record<string, unknown>>;
}

function urnOf(stack: string, project: string, typeChain: readonly string[], name: string): string {
    return `urn:pulumi:${stack}::${project}::${typeChain.join("$")}::${name}`;
}

/** Each resource's type chain: its parents' types, then its own (the stack itself is not part of it). */
function typeChains(resources: readonly Registered[]): Map<string, string[]> {
    const byName = new Map(resources.map((r) => [r.name, r]));
    const chains = new Map<string, string[]>();
    const chainOf = (resource: Registered): string[] => {
        const known = chains.get(resource.name);
        if (known) {
            return known;
        }
        const parent = resource.parent ? byName.get(resource.parent) : undefined;
        const chain = [...(parent ? chainOf(parent) : []), resource.type];
        chains.set(resource.name, chain);
        return chain;
    };
    resources.forEach(chainOf);
    return chains;
}

/** Each resource's URN, by its name. */
export function urnsByName(resources: readonly Registered[], stack: string, project = "orders"): Map<string, string> {
    const chains = typeChains(resources);
    return new Map(resources.map((resource) => [resource.name, urnOf(stack, project, chains.get(resource.name)!, resource.name)]));
}

/** The URN of every resource, with the replace-forcing inputs of those that bear state. */
export function urnRecords(resources: readonly Registered[], stack: string, project = "orders"): UrnRecord[] {
    const chains = typeChains(resources);
    return resources.map((resource) => {
        const forcing = STATE_BEARING[resource.type];
        return {
            urn: urnOf(stack, project, chains.get(resource.name)!, resource.name),
            ...(forcing ? { replaceInputs: Object.fromEntries(forcing.map((input) => [input, resource.inputs[input] ?? null])) } : {}),
        };
    }).sort((a, b) => a.urn.localeCompare(b.urn));
}

/** The URNs the resources' aliases name, as Pulumi resolves them, each to the URN of the resource that has it. */
export function aliasUrns(resources: readonly Registered[], stack: string, project = "orders"): Map<string, string> {
    const chains = typeChains(resources);
    const urns = new Map<string, string>();
    for (const resource of resources) {
        const own = urnOf(stack, project, chains.get(resource.name)!, resource.name);
        for (const alias of resource.aliases as readonly AliasSpec[]) {
            if (typeof alias === "string") {
                urns.set(alias, own);
                continue;
            }
            const parentChain = alias.noParent ? [] : alias.parent !== undefined ? chains.get(alias.parent) ?? [] : chains.get(resource.name)!.slice(0, -1);
            urns.set(urnOf(stack, project, [...parentChain, alias.type ?? resource.type], alias.name ?? resource.name), own);
        }
    }
    return urns;
}

/**
 * What an upgrade from `golden` to `current` would replace among the resources that bear state:
 * one that is gone (renamed, re-parented, removed) with no alias of a current resource naming it,
 * or one whose replace-forcing inputs changed. Empty when the upgrade replaces none of them.
 */
export function replacements(golden: readonly UrnRecord[], current: readonly UrnRecord[], aliases: ReadonlyMap<string, string>): string[] {
    const now = new Map(current.map((r) => [r.urn, r]));
    const problems: string[] = [];
    for (const before of golden.filter((r) => r.replaceInputs !== undefined)) {
        // A resource that has the old URN as an alias is the same resource under its new URN.
        const after = now.get(before.urn) ?? now.get(aliases.get(before.urn) ?? "");
        if (!after) {
            problems.push(`${before.urn} is gone, and no resource has it as an alias: it would be deleted and made anew`);
            continue;
        }
        for (const [input, value] of Object.entries(before.replaceInputs!)) {
            if (JSON.stringify(after.replaceInputs?.[input] ?? null) !== JSON.stringify(value)) {
                problems.push(`${before.urn}: ${input} changes from ${JSON.stringify(value)} to ${JSON.stringify(after.replaceInputs?.[input] ?? null)}, which replaces it`);
            }
        }
    }
    return problems;
}
