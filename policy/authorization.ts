// Who may call a REST API: every method authorizes its callers (IAM, a Cognito user pool or a
// Lambda authorizer), except what API Gateway answers itself without reaching anything (CORS
// preflights, a MOCK that answers only an error status) and the routes a stack's policy config
// declares public. An HTTP API route that writes to SQS is held to the same (httpRouteAuthorization.ts).
import { PolicyResource } from "@pulumi/policy";

import { apiPart, apiResourcePart, valuePart } from "./keys";
import { StackIndex, TYPES } from "./stackModel";
import { isSetOrUnknown, Unknowns } from "./unknowns";

/**
 * A route key as publicRoutes takes it: the method, a space, and the path from the API's root, without
 * the stage; or an HTTP API's `$default` route.
 */
export const ROUTE_KEY_PATTERN = "^((ANY|GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /|\\$default$)";

/** The authorizations that check a caller; the last two name their authorizer with authorizerId. */
const AUTHORIZED = new Set(["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"]);
const NEEDS_AUTHORIZER = new Set(["COGNITO_USER_POOLS", "CUSTOM"]);

export interface AuthorizationConfig {
    publicRoutes?: string[];
}

/** `POST /orders/` and `POST /orders` are one route. */
export function normalRoute(key: string): string {
    const trimmed = key.trim();
    return trimmed.endsWith(" /") ? trimmed : trimmed.replace(/\/+$/, "");
}

/**
 * The key API Gateway keeps one integration under (API, resource, method), as text; null when a
 * part names nothing, undefined when a part is unknown (noted in `unknowns`).
 */
function integrationKey(index: StackIndex, resource: PolicyResource, unknowns: Unknowns): string | null | undefined {
    const parts = [apiPart(index, resource), apiResourcePart(index, resource, "resourceId"), valuePart(resource, "httpMethod")];
    const ids: string[] = [];
    for (const part of parts) {
        if (part === undefined) {
            return null;
        }
        if (!part.known) {
            unknowns.absorb(part.unknowns);
            return undefined;
        }
        ids.push(part.id);
    }
    return ids.join("\u0000");
}

interface Integrations {
    readonly byKey: ReadonlyMap<string, PolicyResource>;
    /** Integrations whose API, resource or method is unknown: any method's could be among them. */
    readonly unplaced: Unknowns;
}

function integrationsOf(index: StackIndex): Integrations {
    return index.derived("authorization: integrations by API, resource and method", () => {
        const byKey = new Map<string, PolicyResource>();
        const unplaced = new Unknowns();
        for (const integration of index.ofType(TYPES.integration)) {
            const key = integrationKey(index, integration, unplaced);
            if (key) {
                byKey.set(key, integration);
            }
        }
        return { byKey, unplaced };
    }, new Unknowns());
}

/**
 * Why an open OPTIONS method is not a CORS preflight that API Gateway answers itself (with a MOCK
 * integration); undefined when it is one, or while its integration cannot be told (noted in `unknowns`).
 */
function notAPreflight(index: StackIndex, method: PolicyResource, unknowns: Unknowns): string | undefined {
    const integrations = integrationsOf(index);
    const key = integrationKey(index, method, unknowns);
    const integration = key ? integrations.byKey.get(key) : undefined;
    if (key === undefined || (!integration && integrations.unplaced.any)) {
        unknowns.absorb(integrations.unplaced);
        return undefined;
    }
    if (!integration) {
        return "no MOCK integration in the stack";
    }
    const reading = new Unknowns();
    const type = reading.peek(() => integration.props.type);
    unknowns.absorb(reading);
    return reading.any || type === "MOCK" ? undefined : `an integration of type ${String(type)} (${integration.name}), which reaches a backend`;
}

/**
 * Whether a method's integration is known to be a MOCK whose every request template names an error
 * status: API Gateway answers that error itself, whatever the request, and reaches nothing, so such a
 * method is harmless even when open. While it cannot be told, it is not one: the method is judged as open.
 */
function answersOnlyAnError(index: StackIndex, method: PolicyResource): boolean {
    const reading = new Unknowns();
    const key = integrationKey(index, method, reading);
    const integration = key ? integrationsOf(index).byKey.get(key) : undefined;
    const type = reading.peek(() => integration?.props.type);
    const templates = reading.peek(() => integration?.props.requestTemplates);
    if (reading.any || !integration) {
        return false;
    }
    const statuses = Object.values((templates ?? {}) as Record<string, unknown>).map((template) => {
        try {
            return Number((JSON.parse(String(template)) as { statusCode?: unknown }).statusCode);
        } catch {
            return NaN;
        }
    });
    return type === "MOCK" && statuses.length > 0 && statuses.every((status) => status >= 400 && status <= 599);
}

const REMEDY = "Require AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizerId";

/** What is wrong with a method's authorization, if anything; undefined too while it is unknown (noted in `unknowns`). */
export function problemOf(method: PolicyResource, route: string | undefined, index: StackIndex, unknowns: Unknowns): string | undefined {
    const reading = new Unknowns();
    const authorization = reading.peek(() => method.props.authorization);
    unknowns.absorb(reading);
    if (reading.any) {
        return undefined;
    }
    if (typeof authorization === "string" && AUTHORIZED.has(authorization)) {
        return NEEDS_AUTHORIZER.has(authorization) && !isSetOrUnknown(() => method.props.authorizerId)
            ? `has authorization ${authorization} without an authorizerId: name the aws.apigateway.Authorizer that checks its callers.`
            : undefined;
    }
    const open = `authorization ${authorization === "NONE" ? "NONE" : JSON.stringify(authorization)}`;
    const remedy = `${REMEDY}, or list ${route ? `"${route}"` : "its route"} in this policy's publicRoutes if it is public by design.`;
    if (authorization === "NONE" && new Unknowns().peek(() => method.props.httpMethod) === "OPTIONS") {
        const why = notAPreflight(index, method, unknowns);
        return why && `has ${open} and ${why}: only a CORS preflight answered by a MOCK integration may go without authorization. ${remedy}`;
    }
    if (authorization === "NONE" && answersOnlyAnError(index, method)) {
        return undefined;
    }
    if (new Unknowns().peek(() => method.props.apiKeyRequired) === true) {
        return `has ${open} with apiKeyRequired: an API key identifies a client, it does not authenticate one (it is a static `
            + `string that anyone who holds it can send), so whoever has the key can call it. ${remedy}`;
    }
    return `has ${open}: anyone who can reach the API can call it. ${remedy}`;
}

