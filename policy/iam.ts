// What identity policies actually allow, decided from their meaning rather than their text:
// wildcards are expanded against the real action catalogue, NotAction and NotResource are
// complements, explicit denies remove what they cover, conditional allows count as allowed
// (and are marked), conditional denies narrow nothing (their condition may not hold).
import { IamCatalogue } from "./catalogue";
import { globCovers, globMatch, hasWildcard } from "./globs";

export class PolicyDocumentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyDocumentError";
    }
}

/** Resources a statement applies to: the listed patterns, or everything except them. */
type ResourceSpec = { readonly include: readonly string[] } | { readonly exclude: readonly string[] };

export interface Statement {
    readonly effect: "Allow" | "Deny";
    /** Canonical `service:Action` names. */
    readonly actions: ReadonlySet<string>;
    readonly resources: ResourceSpec;
    readonly conditional: boolean;
    /** The Condition block as written, for evaluating a concrete request (requests.ts). */
    readonly condition?: unknown;
    readonly principal?: unknown;
    readonly notPrincipal?: unknown;
}

/** Where an allowed action applies: a resource pattern, minus the exceptions a NotResource named. */
export interface Scope {
    readonly pattern: string;
    readonly except: readonly string[];
    readonly conditional: boolean;
}

export interface Permissions {
    /** Each allowed action (canonical name) with the scopes it is allowed on. */
    readonly allowed: ReadonlyMap<string, readonly Scope[]>;
    /** Action names (or wildcards) that match no IAM action: they grant nothing. */
    readonly unknownActions: readonly string[];
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function strings(value: unknown, field: string, index: number): string[] {
    const values = list(value);
    if (values.length === 0 || values.some((v) => typeof v !== "string" || v.length === 0)) {
        throw new PolicyDocumentError(`Statement ${index}: ${field} must be a string or a list of strings, got ${JSON.stringify(value)}`);
    }
    return values as string[];
}

/** Expands action patterns to canonical action names; patterns that match no action are returned apart. */
export function expandActions(patterns: readonly string[], catalogue: IamCatalogue): { actions: Set<string>; unknown: string[] } {
    const actions = new Set<string>();
    const unknown: string[] = [];
    for (const pattern of patterns) {
        if (pattern === "*") {
            for (const service of catalogue.serviceKeys()) {
                catalogue.actions(service).forEach((name) => actions.add(`${service}:${name}`));
            }
            continue;
        }
        const colon = pattern.indexOf(":");
        if (colon <= 0 || colon === pattern.length - 1) {
            throw new PolicyDocumentError(`Action ${JSON.stringify(pattern)} is not of the form service:action`);
        }
        const servicePattern = pattern.slice(0, colon);
        const actionPattern = pattern.slice(colon + 1);
        let matched = false;
        for (const service of catalogue.serviceKeys()) {
            if (!globMatch(servicePattern, service, true)) {
                continue;
            }
            for (const name of catalogue.actions(service)) {
                if (globMatch(actionPattern, name, true)) {
                    actions.add(`${service}:${name}`);
                    matched = true;
                }
            }
        }
        if (!matched) {
            unknown.push(pattern);
        }
    }
    return { actions, unknown };
}

const VARIABLE = /\$\{[^}]*\}/g;

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`) take values only at request
 * time, so they are read in the direction that can only widen what is allowed: in an Allow a
 * variable may be anything (`*`); a Deny is only trusted where it names no variable. Undefined
 * means the statement is dropped (a Deny whose reach depends on a variable).
 */
function withoutVariables(resources: ResourceSpec, effect: "Allow" | "Deny"): ResourceSpec | undefined {
    const hasVariable = (p: string) => p.includes("${");
    if (effect === "Allow") {
        return "include" in resources
            ? { include: resources.include.map((p) => p.replace(VARIABLE, "*")) }
            : { exclude: resources.exclude.filter((p) => !hasVariable(p)) };
    }
    if ("include" in resources) {
        const include = resources.include.filter((p) => !hasVariable(p));
        return include.length > 0 ? { include } : undefined;
    }
    return resources.exclude.some(hasVariable) ? undefined : resources;
}

/** Parses one policy document (object or JSON text) into statements with expanded actions. */
export function parseDocument(document: unknown, catalogue: IamCatalogue): { statements: Statement[]; unknown: string[] } {
    let doc = document;
    if (typeof doc === "string") {
        try {
            doc = JSON.parse(doc);
        } catch (err) {
            throw new PolicyDocumentError(`the policy document is not valid JSON: ${(err as Error).message}`);
        }
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new PolicyDocumentError(`a policy document must be a JSON object, got ${JSON.stringify(doc)}`);
    }
    const raw = (doc as Record<string, unknown>).Statement;
    if (raw === undefined) {
        return { statements: [], unknown: [] };
    }
    const statements: Statement[] = [];
    const unknown: string[] = [];
    list(raw).forEach((item, index) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) {
            throw new PolicyDocumentError(`Statement ${index} must be an object, got ${JSON.stringify(item)}`);
        }
        const s = item as Record<string, unknown>;
        if (s.Effect !== "Allow" && s.Effect !== "Deny") {
            throw new PolicyDocumentError(`Statement ${index}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
        }
        if ((s.Action === undefined) === (s.NotAction === undefined)) {
            throw new PolicyDocumentError(`Statement ${index} must have exactly one of Action and NotAction`);
        }
        if (s.Resource !== undefined && s.NotResource !== undefined) {
            throw new PolicyDocumentError(`Statement ${index} cannot have both Resource and NotResource`);
        }
        const named = expandActions(strings(s.Action ?? s.NotAction, s.Action ? "Action" : "NotAction", index), catalogue);
        unknown.push(...named.unknown);
        let actions = named.actions;
        if (s.NotAction !== undefined) {
            actions = expandActions(["*"], catalogue).actions;
            named.actions.forEach((a) => actions.delete(a));
        }
        // A statement without Resource (as in some resource policies) applies to the resource it is attached to,
        // which the caller states through Resource; absent here, it is taken as every resource.
        const written: ResourceSpec = s.NotResource !== undefined
            ? { exclude: strings(s.NotResource, "NotResource", index) }
            : { include: s.Resource === undefined ? ["*"] : strings(s.Resource, "Resource", index) };
        const resources = (doc as Record<string, unknown>).Version === "2012-10-17"
            ? withoutVariables(written, s.Effect) : written;
        if (resources === undefined) {
            return;
        }
        const condition = s.Condition;
        const conditional = condition !== undefined && condition !== null
            && typeof condition === "object" && Object.keys(condition).length > 0;
        statements.push({ effect: s.Effect, actions, resources, conditional, condition, principal: s.Principal, notPrincipal: s.NotPrincipal });
    });
    return { statements, unknown };
}

/**
 * Removes from `scope` what unconditional denies for the same action take away. Returns what may
 * remain: the scope itself, the concrete ARNs a NotResource deny leaves, or nothing.
 */
function applyDenies(scope: Scope, denies: readonly ResourceSpec[]): Scope[] {
    const denyPatterns = denies.flatMap((d) => ("include" in d ? d.include : []));
    const keepOnly = denies.filter((d): d is { exclude: readonly string[] } => "exclude" in d).map((d) => d.exclude);
    const denied = (arn: string) => denyPatterns.some((p) => globMatch(p, arn))
        || keepOnly.some((kept) => !kept.some((p) => globMatch(p, arn)));

    if (scope.except.length === 0 && denyPatterns.some((p) => globCovers(p, scope.pattern))) {
        return [];
    }
    if (denyPatterns.includes("*")) {
        return [];
    }
    if (!hasWildcard(scope.pattern)) {
        return denied(scope.pattern) ? [] : [scope];
    }
    // A "deny everything except these ARNs" leaves at most those ARNs.
    const concreteKeepOnly = keepOnly.find((kept) => kept.every((p) => !hasWildcard(p)));
    if (concreteKeepOnly) {
        return concreteKeepOnly
            .filter((arn) => globMatch(scope.pattern, arn) && !scope.except.some((p) => globMatch(p, arn)) && !denied(arn))
            .map((arn) => ({ pattern: arn, except: [], conditional: scope.conditional }));
    }
    return [scope];
}

/** Parses documents into statements, collecting action names that match no IAM action. */
function parseAll(documents: readonly unknown[], catalogue: IamCatalogue, unknownActions: Set<string>): Statement[] {
    const statements: Statement[] = [];
    for (const document of documents) {
        const parsed = parseDocument(document, catalogue);
        statements.push(...parsed.statements);
        parsed.unknown.forEach((a) => unknownActions.add(a));
    }
    return statements;
}

/** Everything the documents allow together, after explicit denies. */
export function effectivePermissions(documents: readonly unknown[], catalogue: IamCatalogue): Permissions {
    const unknownActions = new Set<string>();
    const statements = parseAll(documents, catalogue, unknownActions);
    return permissionsOf(allowScopes(statements), statements, [...unknownActions]);
}

/** What a role may do, from where its permissions come. */
export interface RolePolicies {
    /** Its identity policies (inline and attached). */
    readonly identity: readonly unknown[];
    /** Statements of resource policies that reach it, made identity-style. */
    readonly resource: readonly unknown[];
    /** Its permissions boundary, when it has one the stack holds. */
    readonly boundary?: unknown;
}

/**
 * What a role may do: what its identity policies allow within its permissions boundary (AWS grants
 * an identity-based permission only when the boundary allows it too), plus what resource policies
 * give it, minus every explicit deny of any of them. Resource policies are not capped by the
 * boundary here: AWS caps some of them (grants to the role's ARN) and not others (grants to its
 * sessions), and counting them whole can only report more.
 */
export function rolePermissions(policies: RolePolicies, catalogue: IamCatalogue): Permissions {
    const unknownActions = new Set<string>();
    const identity = parseAll(policies.identity, catalogue, unknownActions);
    const resource = parseAll(policies.resource, catalogue, unknownActions);
    const boundary = policies.boundary === undefined ? undefined : parseAll([policies.boundary], catalogue, new Set());
    let allowed = allowScopes(identity);
    if (boundary) {
        const cap = allowScopes(boundary);
        allowed = new Map([...allowed].map(([action, scopes]) =>
            [action, scopes.flatMap((scope) => (cap.get(action) ?? []).flatMap((limit) => intersect(scope, limit)))]));
    }
    for (const [action, scopes] of allowScopes(resource)) {
        allowed.set(action, [...(allowed.get(action) ?? []), ...scopes]);
    }
    return permissionsOf(allowed, [...identity, ...resource, ...(boundary ?? [])], [...unknownActions]);
}

/**
 * The resources two scopes share. Exact where one pattern contains the other or one is a plain ARN;
 * for two patterns that merely overlap, the first one is kept, which can only report more.
 */
function intersect(scope: Scope, limit: Scope): Scope[] {
    let pattern: string | undefined;
    if (globCovers(limit.pattern, scope.pattern)) {
        pattern = scope.pattern;
    } else if (globCovers(scope.pattern, limit.pattern)) {
        pattern = limit.pattern;
    } else if (!hasWildcard(scope.pattern) || !hasWildcard(limit.pattern)) {
        const [plain, other] = hasWildcard(scope.pattern) ? [limit.pattern, scope.pattern] : [scope.pattern, limit.pattern];
        pattern = globMatch(other, plain) ? plain : undefined;
    } else {
        pattern = scope.pattern;
    }
    const except = [...new Set([...scope.except, ...limit.except])];
    if (pattern === undefined || (!hasWildcard(pattern) && except.some((p) => globMatch(p, pattern)))) {
        return [];
    }
    return [{ pattern, except, conditional: scope.conditional || limit.conditional }];
}

/** Each action the Allow statements name, with the scopes they allow it on. */
function allowScopes(statements: readonly Statement[]): Map<string, Scope[]> {
    const allowed = new Map<string, Scope[]>();
    for (const statement of statements.filter((s) => s.effect === "Allow")) {
        const scopes: Scope[] = "include" in statement.resources
            ? statement.resources.include.map((pattern) => ({ pattern, except: [], conditional: statement.conditional }))
            : [{ pattern: "*", except: statement.resources.exclude, conditional: statement.conditional }];
        for (const action of statement.actions) {
            allowed.set(action, [...(allowed.get(action) ?? []), ...scopes]);
        }
    }
    return allowed;
}

/** What remains of the allowed scopes once the unconditional denies among `statements` take theirs away. */
function permissionsOf(allowedScopes: ReadonlyMap<string, readonly Scope[]>, statements: readonly Statement[], unknownActions: readonly string[] = []): Permissions {
    const denies = statements.filter((s) => s.effect === "Deny" && !s.conditional);
    const allowed = new Map<string, Scope[]>();
    for (const [action, scopes] of allowedScopes) {
        const applicable = denies.filter((d) => d.actions.has(action)).map((d) => d.resources);
        const remaining = scopes.flatMap((scope) => applyDenies(scope, applicable));
        if (remaining.length > 0) {
            allowed.set(action, remaining);
        }
    }
    return { allowed, unknownActions };
}

/** An action that may be allowed, and on exactly which ARNs. */
export interface Allowance {
    readonly action: string;
    readonly resources: readonly string[];
}

export interface Excess {
    readonly action: string;
    /** The scopes beyond what was allowed, as text (`*`, a pattern, or `* except …`), conditional ones marked. */
    readonly resources: readonly string[];
}

export function describeScope(scope: Scope): string {
    const base = scope.except.length > 0 ? `${scope.pattern} except ${scope.except.join(", ")}` : scope.pattern;
    return scope.conditional ? `${base} (conditional)` : base;
}

/** What `permissions` allow beyond `allowances`. Action names compare case-insensitively, ARNs exactly. */
export function permissionsBeyond(permissions: Permissions, allowances: readonly Allowance[]): Excess[] {
    const excess: Excess[] = [];
    for (const [action, scopes] of permissions.allowed) {
        const allowance = allowances.find((a) => a.action.toLowerCase() === action.toLowerCase());
        const beyond = scopes.filter((scope) => !allowance || scope.except.length > 0 || !allowance.resources.includes(scope.pattern));
        if (beyond.length > 0) {
            excess.push({ action, resources: [...new Set(beyond.map(describeScope))] });
        }
    }
    return excess.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
}

/** Whether `permissions` allow `action` on the concrete `arn` (conditional allows included). */
export function allows(permissions: Permissions, action: string, arn: string): boolean {
    const scopes = [...permissions.allowed].find(([name]) => name.toLowerCase() === action.toLowerCase())?.[1] ?? [];
    return scopes.some((scope) => globMatch(scope.pattern, arn) && !scope.except.some((p) => globMatch(p, arn)));
}
