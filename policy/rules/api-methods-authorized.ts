import { AuthorizationConfig, normalRoute, problemOf, ROUTE_KEY_PATTERN } from "../authorization";
import { reportedUrn } from "../bodyResources";
import { openHttpRoutes } from "../httpRouteAuthorization";
import { definePolicy } from "../registry";
import { routeOf } from "../routes";
import { StackIndex, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const apiMethodsAuthorized = definePolicy({
    name: "api-methods-authorized",
    description: "Every method of a REST API authorizes its callers: authorization AWS_IAM, COGNITO_USER_POOLS or CUSTOM "
        + "(the last two with an authorizerId). NONE fails, with or without apiKeyRequired: an API key identifies a client, "
        + "it does not authenticate one. So does every HTTP API route that writes to SQS: authorizationType AWS_IAM, JWT or "
        + "CUSTOM (the last two with an authorizerId). Exempt are CORS preflights (OPTIONS methods with a MOCK integration, "
        + "which API Gateway answers itself), methods whose MOCK integration answers only an error status (harmless "
        + "when open: it reaches nothing), and the routes listed in publicRoutes (\"POST /orders\").",
    enforcementLevel: "advisory",
    prodLevel: "mandatory",
    configSchema: {
        properties: {
            publicRoutes: {
                type: "array",
                items: { type: "string", pattern: ROUTE_KEY_PATTERN },
                default: [],
                description: "Routes open to anyone by design, each as its method, a space and its path from the API's root "
                    + "without the stage: \"POST /orders\", \"POST /stores/{storeId}/orders\"; an HTTP API's default route as \"$default\"",
            },
        },
    },
    judges: [TYPES.method, TYPES.httpRoute, TYPES.restApi, TYPES.httpApi, TYPES.restApiPut],
    checks: "every method of a REST API has `authorization` `AWS_IAM`, `COGNITO_USER_POOLS` or `CUSTOM` (the last "
        + "two with an `authorizerId`); `NONE` fails, with `apiKeyRequired` too. Every HTTP API route that "
        + "writes to SQS has `authorizationType` `AWS_IAM`, `JWT` or `CUSTOM` (the last two with an "
        + "`authorizerId`); `NONE`, or none, fails. Exempt: an `OPTIONS` method whose integration is `MOCK` (a "
        + "CORS preflight), a method whose `MOCK` integration answers only an error status (harmless when "
        + "open: it reaches nothing), and the routes listed in `publicRoutes` (configurable: `publicRoutes`, such as `[\"POST "
        + "/orders\"]`, or `\"$default\"`)",
    rationale: "an open method or route lets anyone write orders; an API key identifies a client, it does not "
        + "authenticate one",
    validateStack: async (args, reportViolation) => {
        const { publicRoutes = [] } = args.getConfig<AuthorizationConfig>();
        const isPublic = new Set(publicRoutes.map(normalRoute));
        const index = StackIndex.of(args.resources);
        const unknowns = new Unknowns();
        index.absorbUnknownBodies(unknowns);
        for (const method of index.ofType(TYPES.method)) {
            await unknowns.guard(() => {
                const reading = new Unknowns();
                const route = routeOf(index, method, reading);
                unknowns.absorb(reading);
                // A route not known yet may be a public one.
                if (reading.any || (route && isPublic.has(route))) {
                    return;
                }
                const problem = problemOf(method, route, index, unknowns);
                if (problem) {
                    const verb = new Unknowns().peek(() => method.props.httpMethod);
                    const subject = route ?? `${typeof verb === "string" ? verb : "a method"} on a resource outside the stack`;
                    reportViolation(`${subject} (method ${method.name}) ${problem}`, reportedUrn(method));
                }
            });
        }
        for (const { route, routeKey, problem } of openHttpRoutes(index, (key) => isPublic.has(normalRoute(key)), unknowns)) {
            reportViolation(`${routeKey} (route ${route.name}) ${problem}`, reportedUrn(route));
        }
        unknowns.rethrow();
    },
});
