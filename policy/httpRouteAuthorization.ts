// Who may call an HTTP API route that writes to SQS. As a REST API method must, such a route
// authorizes its callers (IAM, a JWT authorizer or a Lambda authorizer), unless the stack's policy
// config lists it as public: an open route lets anyone put messages in the queue. Routes written as
// apigatewayv2.Route resources and routes of an HTTP API's OpenAPI body are judged alike. A route to
// another kind of integration (a Lambda function, an HTTP backend) is not this pack's to judge.
import { PolicyResource } from "@pulumi/policy";

import { authorizationUnread, bodyOwner } from "./bodyResources";
import { StackIndex, TYPES } from "./stackModel";
import { isSetOrUnknown, Unknowns } from "./unknowns";

/** The authorization types of an HTTP API route that check a caller; the last two name their authorizer with authorizerId. */
const AUTHORIZED = new Set(["AWS_IAM", "JWT", "CUSTOM"]);
const NEEDS_AUTHORIZER = new Set(["JWT", "CUSTOM"]);

const HTTP_REMEDY = "Require AWS_IAM, JWT or CUSTOM with an authorizerId";

/**
 * The integration a route's `target` (`integrations/<id>`) names: one of the stack, followed through a
 * new integration's unknown id to the integration it comes from. Undefined when the route names none,
 * or one outside the stack, and while it cannot be told (noted in `unknowns`).
 */
function targetIntegration(index: StackIndex, route: PolicyResource, unknowns: Unknowns): PolicyResource | undefined {
    const reading = new Unknowns();
    const target = reading.peek(() => route.props.target);
    if (reading.any) {
        const sources = route.propertyDependencies?.target ?? [];
        if (sources.length === 1 && sources[0].type === TYPES.httpIntegration) {
            return sources[0];
        }
        unknowns.absorb(reading);
        return undefined;
    }
    const id = typeof target === "string" ? /^integrations\/(.+)$/.exec(target)?.[1] : undefined;
    if (id === undefined) {
        return undefined;
    }
    const finding = new Unknowns();
    const [integration] = index.find(TYPES.httpIntegration, "id", id, finding);
    if (!integration) {
        // A new integration's id is unknown at preview: it may be the one named.
        unknowns.absorb(finding);
    }
    return integration;
}

/** Does the integration write to SQS (subtype SQS-*)? Undefined while its subtype is unknown (noted). */
function writesToSqs(integration: PolicyResource, unknowns: Unknowns): boolean | undefined {
    const reading = new Unknowns();
    const subtype = reading.peek(() => integration.props.integrationSubtype);
    unknowns.absorb(reading);
    return reading.any ? undefined : typeof subtype === "string" && /^SQS-/i.test(subtype);
}

/** An open or half-authorized HTTP API route to SQS, with what is wrong with it. */
export interface OpenHttpRoute {
    readonly route: PolicyResource;
    /** Its route key, `POST /orders` or `$default`. */
    readonly routeKey: string;
    /** What is wrong, as a sentence without its subject. */
    readonly problem: string;
}

/**
 * Every HTTP API route of the stack that writes to SQS without authorizing its callers, leaving out
 * the routes `isPublic` takes. Routes whose key, target, integration or authorization is unknown are
 * left to the SDK (noted in `unknowns`), as they may be public or go elsewhere.
 */
export function openHttpRoutes(index: StackIndex, isPublic: (routeKey: string) => boolean, unknowns: Unknowns): OpenHttpRoute[] {
    const found: OpenHttpRoute[] = [];
    for (const route of index.ofType(TYPES.httpRoute)) {
        const reading = new Unknowns();
        const routeKey = reading.peek(() => route.props.routeKey);
        if (reading.any || typeof routeKey !== "string" || isPublic(routeKey) || authorizationUnread(route)) {
            unknowns.absorb(reading);
            continue;
        }
        const integration = targetIntegration(index, route, unknowns);
        if (!integration || writesToSqs(integration, unknowns) !== true) {
            continue;
        }
        const type = reading.peek(() => route.props.authorizationType);
        unknowns.absorb(reading);
        if (reading.any) {
            continue;
        }
        if (typeof type === "string" && AUTHORIZED.has(type)) {
            if (NEEDS_AUTHORIZER.has(type) && !isSetOrUnknown(() => route.props.authorizerId)) {
                found.push({ route, routeKey, problem: `has authorizationType ${type} without an authorizerId: name the aws.apigatewayv2.Authorizer that checks its callers.` });
            }
            continue;
        }
        const open = type === undefined || type === null ? "no authorizationType (NONE)" : `authorizationType ${type === "NONE" ? "NONE" : JSON.stringify(type)}`;
        // A body's route and its integration share one name: the route's is enough.
        const through = bodyOwner(integration) ? "" : ` through ${integration.name}`;
        found.push({ route, routeKey, problem: `has ${open} and writes to SQS${through}: anyone who can reach the API can put messages in its `
            + `queue. ${HTTP_REMEDY}, or list "${routeKey}" in this policy's publicRoutes if it is public by design.` });
    }
    return found;
}
