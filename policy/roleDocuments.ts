// Every identity policy that reaches a role, found the way IAM finds a role: by its name or ARN,
// whatever the case of its name; and its permissions boundary.
import { PolicyResource } from "@pulumi/policy";

import { refersToRole, RoleIdentity, roleIdentity, roleReference } from "./principals";
import { knownItems, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/**
 * The resources of `type` whose `prop` (a value or a list of values) names a role, by the role's
 * lower-case name: IAM finds a role by name whatever its case. Unknown values are noted.
 */
function roleReferences(index: StackIndex, type: string, prop: string, unknowns: Unknowns): Map<string, { resource: PolicyResource; value: string }[]> {
    return index.derived(`role references: ${type} ${prop}`, (met) => {
        const byName = new Map<string, { resource: PolicyResource; value: string }[]>();
        for (const resource of index.ofType(type)) {
            for (const value of knownItems(() => resource.props[prop], met)) {
                const reference = roleReference(value);
                if (reference) {
                    byName.set(reference.name, [...(byName.get(reference.name) ?? []), { resource, value: value as string }]);
                }
            }
        }
        return byName;
    }, unknowns);
}

/** The resources of `type` whose `prop` designates the role (by name or ARN, in any case). */
export function referringTo(index: StackIndex, type: string, prop: string, role: RoleIdentity, unknowns: Unknowns): PolicyResource[] {
    const found = (roleReferences(index, type, prop, unknowns).get(role.name) ?? []).filter((r) => refersToRole(r.value, role));
    return [...new Set(found.map((r) => r.resource))];
}

/** The roles of the stack by lower-case name (from their name, else their ARN), once per stack. */
function rolesByName(index: StackIndex, unknowns: Unknowns): Map<string, PolicyResource[]> {
    return index.derived("roles by lower-case name", (met) => {
        const map = new Map<string, PolicyResource[]>();
        for (const role of index.ofType(TYPES.role)) {
            const name = roleReference(met.peek(() => role.props.name) ?? met.peek(() => role.props.arn))?.name;
            if (name !== undefined) {
                map.set(name, [...(map.get(name) ?? []), role]);
            }
        }
        return map;
    }, unknowns);
}

/** Does a role of the stack live in this account (or is its account unknown)? */
function inAccount(role: PolicyResource, account: string | undefined): boolean {
    const own = roleReference(new Unknowns().peek(() => role.props.arn));
    return account === undefined || own?.account === undefined || own.account === account;
}

/** The role of the stack an ARN names: by ARN, else by account and name in any case. */
export function roleByArn(index: StackIndex, arn: string, unknowns: Unknowns): PolicyResource | undefined {
    const exact = index.find(TYPES.role, "arn", arn, unknowns)[0];
    if (exact) {
        return exact;
    }
    const reference = roleReference(arn);
    if (!reference || reference.account === undefined) {
        return undefined;
    }
    return (rolesByName(index, unknowns).get(reference.name) ?? []).find((role) => inAccount(role, reference.account));
}

/** Other Role resources of the stack with this role's name in any case, in its account. */
function twinsOf(index: StackIndex, role: PolicyResource, identity: RoleIdentity, unknowns: Unknowns): PolicyResource[] {
    return (rolesByName(index, unknowns).get(identity.name) ?? []).filter((other) => other !== role && inAccount(other, identity.account));
}

/** The identity of a role of the stack known by `arn`: its own ARN, name and unique id where known. */
export function identityOfRole(arn: string, role: PolicyResource | undefined): RoleIdentity {
    if (!role) {
        return roleIdentity(arn);
    }
    const read = new Unknowns();
    const own = read.peek(() => role.props.arn);
    return roleIdentity(typeof own === "string" && roleReference(own)?.account ? own : arn, {
        name: read.peek(() => role.props.name), id: read.peek(() => role.props.id), uniqueId: read.peek(() => role.props.uniqueId),
    });
}

export interface RoleDocuments {
    /** Identity policy documents that reach the role, each with where it comes from. */
    readonly documents: readonly { readonly source: string; readonly document: unknown }[];
    /** Managed policies attached by ARN whose document is not in the stack, so cannot be read. */
    readonly unreadable: readonly string[];
    /**
     * The role's permissions boundary: its document when the stack holds the policy, `unknown` when
     * the document is not known yet, `unreadable` (with the ARN) when it is not in the stack.
     */
    readonly boundary?: { readonly document: unknown } | { readonly unknown: true } | { readonly unreadable: string };
}

/**
 * Every identity policy that reaches `role`: inline, attached, exclusive attachments, by the role's
 * name or ARN in any case; and its permissions boundary. A record with an unknown value is skipped
 * and noted in `unknowns`, so the known ones are still checked.
 */
export function documentsOfRole(role: PolicyResource, identity: RoleIdentity, resources: readonly PolicyResource[], unknowns: Unknowns): RoleDocuments {
    const index = StackIndex.of(resources);
    const documents: { source: string; document: unknown }[] = [];
    const attachedArns = new Set<string>();
    const add = (source: string, read: () => unknown) => {
        const document = unknowns.peek(read);
        if (document !== undefined && document !== null && document !== "") {
            documents.push({ source, document });
        }
    };
    const attach = (arns: unknown[]) => arns.filter((arn): arn is string => typeof arn === "string").forEach((arn) => attachedArns.add(arn));
    const naming = (type: string, prop: string) => referringTo(index, type, prop, identity, unknowns);

    // Lists are read item by item: reading an unknown item throws, and the others still count. Another
    // Role resource with this role's name in any case writes the same IAM role (or fails to deploy).
    for (const own of [role, ...twinsOf(index, role, identity, unknowns)]) {
        const inline = knownItems(() => own.props.inlinePolicies, unknowns);
        inline.forEach((entry, i) => add(`inline policy ${i} of role ${own.name}`, () => (entry as { policy?: unknown } | null)?.policy));
        attach(knownItems(() => own.props.managedPolicyArns, unknowns));
    }
    for (const rp of naming(TYPES.rolePolicy, "role")) {
        add(`aws.iam.RolePolicy ${rp.name}`, () => rp.props.policy);
    }
    for (const attachment of [...naming(TYPES.rolePolicyAttachment, "role"), ...naming(TYPES.policyAttachment, "roles")]) {
        attach([unknowns.peek(() => attachment.props.policyArn)]);
    }
    for (const exclusive of naming(TYPES.rolePolicyAttachmentsExclusive, "roleName")) {
        attach(knownItems(() => exclusive.props.policyArns, unknowns));
    }

    const managedPolicy = (arn: string) => index.find(TYPES.policy, "arn", arn, unknowns)[0];
    const unreadable: string[] = [];
    for (const arn of attachedArns) {
        const policy = managedPolicy(arn);
        if (policy) {
            add(`aws.iam.Policy ${policy.name}`, () => policy.props.policy);
        } else if (!unknowns.any) {
            // With an unknown ARN about, the policy may be in the stack after all.
            unreadable.push(arn);
        }
    }

    let boundary: RoleDocuments["boundary"];
    const reading = new Unknowns();
    const boundaryArn = reading.peek(() => role.props.permissionsBoundary);
    if (typeof boundaryArn === "string" && boundaryArn !== "") {
        const policy = managedPolicy(boundaryArn);
        const document = policy ? reading.peek(() => policy.props.policy) : undefined;
        boundary = reading.any ? { unknown: true } : policy && document ? { document } : { unreadable: boundaryArn };
    } else if (reading.any) {
        boundary = { unknown: true };
    }
    unknowns.absorb(reading);
    return { documents, unreadable, boundary };
}

