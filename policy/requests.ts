// What AWS decides for one concrete request: a caller, an action, a resource and the request's
// context keys, against the caller's identity policies, its permissions boundary, the resource's own
// policy (a queue's, an API's, a role's trust policy) and the organisation's guardrails. Conditions
// are evaluated on the context given, as IAM evaluates them; where the evaluator cannot tell (an
// operator on numbers, dates or addresses), an Allow does not apply and a Deny does: it errs towards
// refusing. The rest of the pack reasons about every request a policy could allow; this answers one.
import { IamCatalogue } from "./catalogue";
import { ConditionContext, conditionEntries, entryHoldsFor } from "./conditions";
import { globMatch } from "./globs";
import { parseDocument, Statement } from "./iam";
import { accountOfPrincipal, awsPrincipals, federatedPrincipals, servicePrincipals } from "./principals";

/**
 * Who makes the request: an IAM role or user by its ARN, an AWS service acting on its own behalf, or
 * the holder of a web identity or SAML assertion from an identity provider (no AWS identity yet).
 */
export interface Caller {
    /** `arn:<partition>:iam::<account>:role/<name>` (a role's sessions are the role here). */
    readonly arn?: string;
    /** A service principal, such as `apigateway.amazonaws.com`. */
    readonly service?: string;
    /**
     * The identity provider whose token the caller presents (`sts:AssumeRoleWithWebIdentity`,
     * `sts:AssumeRoleWithSAML`): `arn:<partition>:iam::<account>:oidc-provider/<host>`; the token's
     * claims are the request's context keys (`token.actions.githubusercontent.com:sub`).
     */
    readonly federated?: string;
    /** The caller's organisation (`o-…`), when it is in one. */
    readonly orgId?: string;
}

export interface AwsRequest {
    readonly caller: Caller;
    /** `service:Action`, in any case. */
    readonly action: string;
    readonly resource: string;
    /** The account that owns the resource; the caller's when absent. */
    readonly resourceAccount?: string;
    /** The request's own context keys (a list for a multivalued key); the caller's global keys are added. */
    readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface RequestPolicies {
    /** The caller's identity policies, inline and attached. */
    readonly identity?: readonly unknown[];
    /** The caller's permissions boundary. */
    readonly boundary?: unknown;
    /** The policy of the resource itself. */
    readonly resource?: unknown;
    /** Service and resource control policies attached beside AWS's full-access ones: only their denies decide. */
    readonly guardrails?: readonly unknown[];
}

export type Decision = "allowed" | "explicitly denied" | "implicitly denied";

/** The request's context: its own keys, in lower case, and the caller's global keys where it gives none. */
function contextOf(request: AwsRequest): ConditionContext {
    const { caller } = request;
    const account = callerAccount(caller);
    const context = new Map<string, readonly string[]>([
        ["aws:principalisawsservice", [caller.service ? "true" : "false"]],
        ...(caller.arn ? [["aws:principalarn", [caller.arn]] as const] : []),
        ...(account ? [["aws:principalaccount", [account]] as const] : []),
        ...(caller.orgId ? [["aws:principalorgid", [caller.orgId]] as const] : []),
        ...(request.resourceAccount ?? account ? [["aws:resourceaccount", [(request.resourceAccount ?? account)!]] as const] : []),
    ]);
    for (const [key, value] of Object.entries(request.context ?? {})) {
        context.set(key.toLowerCase(), ([] as string[]).concat(value));
    }
    return context;
}

function callerAccount(caller: Caller): string | undefined {
    return caller.arn ? accountOfPrincipal(caller.arn) : undefined;
}

/** Whether every entry of a Condition block holds; undefined when one cannot be told and none fails. */
export function conditionHolds(condition: unknown, context: ConditionContext): boolean | undefined {
    let unknown = false;
    for (const entry of conditionEntries(condition)) {
        const holds = entryHoldsFor(entry, context.get(entry.key), context);
        if (holds === false) {
            return false;
        }
        unknown ||= holds === undefined;
    }
    return unknown ? undefined : true;
}

/** How a resource policy's statement names the caller: directly (its ARN, its service, everyone), through its account, or not at all. */
type PrincipalMatch = "direct" | "account" | "none";

function principalMatch(statement: Statement, caller: Caller): PrincipalMatch {
    const account = callerAccount(caller);
    const matchOf = (principal: unknown): PrincipalMatch => {
        if ((caller.service !== undefined && servicePrincipals(principal).includes(caller.service))
            || (caller.federated !== undefined && federatedPrincipals(principal).includes(caller.federated))) {
            return "direct";
        }
        const names = awsPrincipals(principal);
        if (names.includes("*") || (caller.arn !== undefined && names.includes(caller.arn))) {
            return "direct";
        }
        // An account, by id or root ARN, delegates to that account's own IAM policies.
        const namesAccount = names.some((name) => (/^\d{12}$/.test(name) || /:root$/.test(name)) && accountOfPrincipal(name) === account);
        return account !== undefined && namesAccount ? "account" : "none";
    };
    if (statement.notPrincipal !== undefined) {
        return matchOf(statement.notPrincipal) === "none" ? "direct" : "none";
    }
    return matchOf(statement.principal);
}

/** The statements of some documents that name this action and resource, and whose conditions hold (or, for a Deny, may hold). */
function applying(documents: readonly unknown[], effect: "Allow" | "Deny", action: string, request: AwsRequest, context: ConditionContext,
    catalogue: IamCatalogue): Statement[] {
    return documents.flatMap((document) => parseDocument(document, catalogue).statements).filter((statement) => {
        if (statement.effect !== effect || !statement.actions.has(action)) {
            return false;
        }
        const inScope = "include" in statement.resources
            ? statement.resources.include.some((pattern) => globMatch(pattern, request.resource))
            : !statement.resources.exclude.some((pattern) => globMatch(pattern, request.resource));
        const holds = conditionHolds(statement.condition, context);
        return inScope && (holds === true || (holds === undefined && effect === "Deny"));
    });
}

/** The action's name as the catalogue spells it; an unknown action is a mistake in the request, not a refusal. */
function canonicalAction(action: string, catalogue: IamCatalogue): string {
    const [service, name = ""] = action.toLowerCase().split(":");
    const found = catalogue.actions(service).find((candidate) => candidate.toLowerCase() === name);
    if (!found) {
        throw new Error(`${action} is not an IAM action`);
    }
    return `${service}:${found}`;
}

/**
 * AWS's decision for one request. An explicit Deny anywhere wins. Within one account, a resource
 * policy that names the caller itself (its ARN, its service, or everyone) allows on its own, within
 * the caller's boundary; one that names the caller's account defers to the caller's identity
 * policies, which must allow within the boundary. Across accounts, both sides must allow. A
 * federated caller has no identity policies: the role's trust policy alone lets it in, and only the
 * organisation's guardrails can keep it out.
 */
export function decide(request: AwsRequest, policies: RequestPolicies, catalogue: IamCatalogue): Decision {
    const action = canonicalAction(request.action, catalogue);
    const context = contextOf(request);
    const identity = policies.identity ?? [];
    const boundary = policies.boundary === undefined ? [] : [policies.boundary];
    const resource = policies.resource === undefined ? [] : [policies.resource];
    const forCaller = (statements: Statement[]) => statements.filter((s) => principalMatch(s, request.caller) !== "none");

    const denied = [...applying([...identity, ...boundary, ...(policies.guardrails ?? [])], "Deny", action, request, context, catalogue),
        ...forCaller(applying(resource, "Deny", action, request, context, catalogue))];
    if (denied.length > 0) {
        return "explicitly denied";
    }
    const withinBoundary = boundary.length === 0 || applying(boundary, "Allow", action, request, context, catalogue).length > 0;
    const identityAllows = applying(identity, "Allow", action, request, context, catalogue).length > 0 && withinBoundary;
    const grants = forCaller(applying(resource, "Allow", action, request, context, catalogue)).map((s) => principalMatch(s, request.caller));
    const account = callerAccount(request.caller);
    if (request.caller.service !== undefined || request.caller.federated !== undefined || (request.resourceAccount ?? account) === account) {
        return (grants.includes("direct") && withinBoundary) || identityAllows ? "allowed" : "implicitly denied";
    }
    return grants.length > 0 && identityAllows ? "allowed" : "implicitly denied";
}
