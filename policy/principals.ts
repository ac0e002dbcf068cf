// Which IAM role a name, an ARN or a policy principal designates. IAM role names are unique in an
// account whatever their case (`Orders-Api-Role` cannot exist beside `orders-api-role`), so a
// reference that differs from a role's name only in case is that role, or a deploy failure.

/** A role as references to it can be compared: its account (when known) and its name in lower case. */
export interface RoleIdentity {
    /** The ARN the role is known by (an integration's credentials). */
    readonly arn: string;
    readonly account?: string;
    /** The role's name, in lower case. */
    readonly name: string;
    /** The role's unique id (AROA…), which a resource policy may show in place of its ARN. */
    readonly uniqueId?: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^]*\/)?([^/]+)$/;
const SESSION_ARN = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;
const ROLE_NAME = /^[\w+=,.@-]+$/;

/** The account and lower-case name a role reference (a name, or a role ARN) designates; undefined when it designates no role. */
export function roleReference(value: unknown): { account?: string; name: string } | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const arn = ROLE_ARN.exec(value);
    if (arn) {
        return { account: arn[1], name: arn[2].toLowerCase() };
    }
    return ROLE_NAME.test(value) ? { name: value.toLowerCase() } : undefined;
}

/** A role's identity from the ARN it is known by and, when the stack holds it, its own name and unique id. */
export function roleIdentity(arn: string, own: { name?: unknown; id?: unknown; uniqueId?: unknown } = {}): RoleIdentity {
    const byArn = roleReference(arn);
    const name = [own.name, own.id].map(roleReference).find((r) => r !== undefined && r.account === undefined)?.name ?? byArn?.name ?? arn.toLowerCase();
    return { arn, account: byArn?.account, name, uniqueId: typeof own.uniqueId === "string" && own.uniqueId !== "" ? own.uniqueId : undefined };
}

/** Does a role reference (a name or a role ARN) designate this role? Case does not tell roles apart. */
export function refersToRole(value: unknown, role: RoleIdentity): boolean {
    const reference = roleReference(value);
    return reference !== undefined && reference.name === role.name
        && (reference.account === undefined || role.account === undefined || reference.account === role.account);
}

/**
 * Does a principal of a resource policy (`Principal.AWS`) designate this role: its ARN, one of its
 * sessions, or its unique id? An account (id or `:root` ARN) only delegates to the account's IAM
 * policies, and `*` is everyone: neither is this role in particular.
 */
export function principalIsRole(principal: unknown, role: RoleIdentity): boolean {
    if (typeof principal !== "string") {
        return false;
    }
    if (role.uniqueId !== undefined && principal === role.uniqueId) {
        return true;
    }
    const session = SESSION_ARN.exec(principal);
    if (session) {
        return session[2].toLowerCase() === role.name && (role.account === undefined || session[1] === role.account);
    }
    return ROLE_ARN.test(principal) && refersToRole(principal, role);
}

/** The account a principal names: a bare account id, or the account of an IAM or STS ARN. */
export function accountOfPrincipal(principal: string): string | undefined {
    return /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** The `AWS` principals of a statement's Principal or NotPrincipal, as strings (`"*"` for everyone). */
export function awsPrincipals(value: unknown): string[] {
    if (value === "*") {
        return ["*"];
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return [];
    }
    return ([] as unknown[]).concat((value as Record<string, unknown>).AWS ?? []).map((p) => (typeof p === "string" ? p : JSON.stringify(p)));
}

/** The principals of one kind a statement's Principal names (`Service`, `Federated`), as strings. */
function principalsOfKind(value: unknown, kind: "Service" | "Federated"): string[] {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return [];
    }
    return ([] as unknown[]).concat((value as Record<string, unknown>)[kind] ?? []).filter((p): p is string => typeof p === "string");
}

/** The service principals of a statement's Principal (`Service`). */
export function servicePrincipals(value: unknown): string[] {
    return principalsOfKind(value, "Service");
}

/** The identity providers of a statement's Principal (`Federated`): an OIDC or SAML provider's ARN, or a web identity's name. */
export function federatedPrincipals(value: unknown): string[] {
    return principalsOfKind(value, "Federated");
}

/**
 * Does a Principal name everyone: `"*"`, or `*` among its AWS principals? IAM accepts no other
 * wildcard in a principal; one that has it (`arn:aws:iam::*:root`) is read as everyone too, since
 * it is either public or refused.
 */
export function namesEveryone(principal: unknown): boolean {
    return awsPrincipals(principal).some((p) => p.includes("*"));
}
