// A route's method and integration responses: one method response per status the route answers,
// one integration response per status SQS can give (responses.ts), each with the route's body
// template and, with CORS, the headers a browser needs. A live route's templates turn SQS's
// answer into the client's; a retired route's all answer Gone (retirement.ts).
import type { IntegrationResponseDefinition, MethodResponseDefinition } from "./apiDefinitionTypes";
import { asResponseParameters, CorsSettings, declaredHeaders, originOverride, responseHeaders } from "./cors";
import { integrationResponses, IntegrationResponseSpec, METHOD_RESPONSE_STATUS_CODES } from "./responses";
import { RouteSettings } from "./settingsTypes";

export function routeResponses(route: RouteSettings, cors: CorsSettings | undefined, template: (response: IntegrationResponseSpec) => string,
    extraStatusCodes: readonly string[] = []): { methodResponses: MethodResponseDefinition[]; integrationResponses: IntegrationResponseDefinition[] } {
    const headers = cors ? responseHeaders(cors) : undefined;
    return {
        methodResponses: [...METHOD_RESPONSE_STATUS_CODES, ...extraStatusCodes].map((statusCode) => ({
            statusCode,
            responseModels: { "application/json": "Empty" },
            ...(headers ? { responseParameters: declaredHeaders(headers) } : {}),
        })),
        integrationResponses: integrationResponses(route.queue.maxMessageSize, route.batch !== undefined).map((response) => ({
            statusCode: response.statusCode,
            selectionPattern: response.selectionPattern,
            responseTemplates: { "application/json": `${cors ? originOverride(cors) : ""}${template(response)}` },
            ...(headers ? { responseParameters: asResponseParameters(headers, "method.response.header") } : {}),
        })),
    };
}
