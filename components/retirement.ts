// A retired route: the first of the two steps in which a route leaves. A Deployment is a snapshot
// taken before the update deletes what left the program, so a route removed in one step stays live
// in the stage with its queue and its grant gone. Retired, the route keeps its Method and its
// Integration under the same names, and its integration and method responses, while it answers
// every request its authorization lets in 410 Gone from API Gateway itself (a MOCK integration,
// which reaches no queue): nothing it needs is deleted. It keeps its authorization, so the snapshot
// that serves it still depends on its authorizer, its function's invoke permission and the API's
// resource policy. Its queue, dead-letter queue and consumer stay to drain. Removed in a later
// update, the snapshot then taken still holds this MOCK behind its authorizer: the authorizer is
// kept one update more (frontDoor.ts), and `npm run plan -- --since` refuses it deleted with the route.
import { PASSTHROUGH_BEHAVIOR } from "./integration";
import { CorsSettings } from "./cors";
import { errorBody } from "./responses";
import { routeResponses } from "./routeResponses";
import { RouteSettings } from "./settingsTypes";
import type { RouteDefinition } from "./apiDefinitionTypes";

/** What a retired route answers: Gone, a status clients do not retry. */
export const GONE_STATUS = 410;

/** The MOCK's request template: API Gateway answers with the status it names, calling nothing. */
export const RETIRED_REQUEST_TEMPLATE = `{"statusCode": ${GONE_STATUS}}`;

/** The body of every answer of a retired route, in the API's error shape, with the status set by the template. */
export function goneTemplate(routeKey: string): string {
    return [
        `#set($context.responseOverride.status = ${GONE_STATUS})`,
        errorBody("Gone", `${routeKey} is retired and takes no more requests.`),
    ].join("\n");
}

/**
 * A retired route's definition. The method keeps its authorization, authorizer, scopes and API key:
 * a caller the route let in is told Gone, anyone else is refused as before, and no method of the
 * API turns open (prod's deploy role may not create one, docs/iam.md). Its authorizer therefore
 * leaves with the route, in the second step. It validates nothing: every request it lets in is
 * answered 410, whatever its body or headers. Every media type the route took is answered 410,
 * others 415 as before. The integration responses keep their status codes and patterns (so their
 * names), each answering Gone; a 410 method response declares the status the templates set. Its
 * model stays until the route is removed, unused.
 */
export function retiredRouteDefinition(route: RouteSettings, access: RouteDefinition["method"], model: RouteDefinition["model"],
    cors: CorsSettings | undefined, authorizer: RouteDefinition["authorizer"]): RouteDefinition {
    return {
        path: route.path,
        retired: true,
        ...(authorizer ? { authorizer } : {}),
        method: access,
        ...(model ? { model } : {}),
        integration: {
            type: "MOCK",
            requestTemplates: Object.fromEntries(route.contentTypes.map((contentType) => [contentType, RETIRED_REQUEST_TEMPLATE])),
            passthroughBehavior: PASSTHROUGH_BEHAVIOR,
        },
        ...routeResponses(route, cors, () => goneTemplate(route.key), [String(GONE_STATUS)]),
    };
}

/** Whether an integration's inputs (or state) are a retired route's: a MOCK answering 410. */
export function isRetiredIntegration(integration: { readonly type?: unknown; readonly requestTemplates?: unknown } | undefined): boolean {
    const templates = (integration?.requestTemplates ?? {}) as Readonly<Record<string, unknown>>;
    return integration?.type === "MOCK" && Object.values(templates).some((template) => template === RETIRED_REQUEST_TEMPLATE);
}
