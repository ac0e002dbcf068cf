// The front door of one request, as API Gateway keeps it: an authorizer's identity sources, the API
// key and its usage plan's throttling and quota, and the headers (CORS) a gateway response maps
// from the request.
//
// What is not emulated: no token is verified. A Cognito or Lambda authorizer's route takes any
// request whose identity sources are present, as the first of API Gateway's checks does; AWS then
// verifies the token (Cognito) or asks the function, which the local API does not.
import { createHash } from "node:crypto";

import { ApiKeyModel, AuthorizerModel, HeaderSource } from "./apiModel";
import { Quota, TokenBucket } from "./limits";

/** A request's values, as mapping expressions name them: `method.request.header.Origin`, `context.identity.sourceIp`. */
export interface RequestValues {
    /** A header, in any case, as HTTP names them. */
    header(name: string): string | undefined;
    /** The headers' names as the client sent them. */
    headerNames(): string[];
    readonly query: Readonly<Record<string, string>>;
    /** Known once the resource is found. */
    readonly pathParameters: Readonly<Record<string, string>>;
    /** `context.…` values, keyed with the prefix. */
    readonly context: Readonly<Record<string, string>>;
    readonly stageVariables: Readonly<Record<string, string>>;
}

/** The value of one identity source, or undefined. */
function identityValue(source: string, request: RequestValues): string | undefined {
    const parameter = /^method\.request\.(header|querystring)\.(.+)$/.exec(source);
    if (parameter) {
        return parameter[1] === "header" ? request.header(parameter[2]) : request.query[parameter[2]];
    }
    const stageVariable = /^stageVariables\.(.+)$/.exec(source)?.[1];
    return stageVariable !== undefined ? request.stageVariables[stageVariable] : request.context[source];
}

/**
 * True when the request lacks what the authorizer needs: every identity source present and not
 * empty, and a TOKEN authorizer's token matching its validation expression (whole, as Java
 * matches). API Gateway answers such a request 401 without asking the authorizer.
 */
export function lacksIdentity(authorizer: AuthorizerModel, request: RequestValues): boolean {
    const values = authorizer.identitySources.map((source) => identityValue(source, request));
    if (values.some((value) => value === undefined || value === "")) {
        return true;
    }
    const pattern = authorizer.identityValidationExpression;
    return authorizer.type === "TOKEN" && pattern !== undefined && !new RegExp(`^(?:${pattern})$`).test(values[0]!);
}

/**
 * The claims of a Cognito route's token, read without verifying it (AWS verifies it): the payload of
 * a JWT (`header.payload.signature`, base64url), each claim with a string, number or boolean value
 * as a string, as `$context.authorizer.claims` gives them. A token that is not a JWT has no claims,
 * so a FIFO group bound to `cognitoSubject` is then empty and SQS refuses the message (400).
 */
export function unverifiedClaims(authorizer: AuthorizerModel, request: RequestValues): Record<string, string> {
    const parts = identityValue(authorizer.identitySources[0] ?? "", request)?.split(".");
    if (authorizer.type !== "COGNITO_USER_POOLS" || parts?.length !== 3) {
        return {};
    }
    let payload: unknown;
    try {
        payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
        return {};
    }
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
        return {};
    }
    return Object.fromEntries(Object.entries(payload)
        .filter(([, value]) => typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        .map(([claim, value]) => [claim, String(value)]));
}

/**
 * The principal of a Lambda-authorized (CUSTOM) route's caller, which AWS takes from the
 * authorizer's answer and the local API, calling none, names after the caller's identity sources:
 * one caller keeps one principal (so one FIFO group bound to it), two callers get two.
 */
export function localPrincipal(authorizer: AuthorizerModel, request: RequestValues): string {
    const values = authorizer.identitySources.map((source) => identityValue(source, request) ?? "");
    return `local-principal-${createHash("sha256").update(values.join("\n")).digest("hex").slice(0, 16)}`;
}

/** `$context.authorizer` of an authorized route's request: a Cognito token's claims, read unverified, or a Lambda-authorized caller's principal. */
export function authorizerContext(authorizer: AuthorizerModel, request: RequestValues): { claims: Record<string, string>; principalId?: string } {
    return authorizer.type === "COGNITO_USER_POOLS" ? { claims: unverifiedClaims(authorizer, request) }
        : { claims: {}, principalId: localPrincipal(authorizer, request) };
}

/** The gateway response type a usage plan refuses a request with. */
export type PlanRefusal = "INVALID_API_KEY" | "THROTTLED" | "QUOTA_EXCEEDED";

/** The API keys of the stage's usage plans, each with its plan's token bucket and quota. */
export class UsagePlans {
    private readonly byValue: ReadonlyMap<string, { bucket?: TokenBucket; quota?: Quota }>;

    constructor(keys: readonly ApiKeyModel[], now: number) {
        this.byValue = new Map(keys.map((key) => [key.value, {
            ...(key.plan.throttle ? { bucket: new TokenBucket(key.plan.throttle.rateLimit, key.plan.throttle.burstLimit, now) } : {}),
            ...(key.plan.quota ? { quota: new Quota(key.plan.quota.limit, key.plan.quota.period) } : {}),
        }]));
    }

    /**
     * Admits a request with this key at `now`: a key of no plan of the stage (or none) is refused,
     * then the plan's throttling, then its quota, which counts only requests let through.
     */
    admit(key: string | undefined, now: number): PlanRefusal | undefined {
        const limits = key === undefined ? undefined : this.byValue.get(key);
        if (!limits) {
            return "INVALID_API_KEY";
        }
        if (limits.bucket && !limits.bucket.take(now)) {
            return "THROTTLED";
        }
        if (limits.quota && !limits.quota.take(now)) {
            return "QUOTA_EXCEEDED";
        }
        return undefined;
    }
}

/** A gateway response's headers for this request: static values, or the request's, left out when the request has none. */
export function gatewayHeaders(sources: Readonly<Record<string, HeaderSource>>, request: RequestValues): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, source] of Object.entries(sources)) {
        const value = "value" in source ? source.value
            : source.request === "header" ? request.header(source.name)
                : source.request === "querystring" ? request.query[source.name] : request.pathParameters[source.name];
        if (value !== undefined) {
            headers[name] = value;
        }
    }
    return headers;
}

/** Headers with overrides applied: an override replaces a header of the same name in any case. */
export function withOverrides(headers: Readonly<Record<string, string>>, overrides: Readonly<Record<string, string>>): Record<string, string> {
    const lower = new Set(Object.keys(overrides).map((name) => name.toLowerCase()));
    return { ...Object.fromEntries(Object.entries(headers).filter(([name]) => !lower.has(name.toLowerCase()))), ...overrides };
}
