// Everything that shapes the REST API, as plain data: the component passes these exact objects to
// the resources, and the Deployment's trigger hashes these same objects, so nothing can shape the
// API without also redeploying it.
import {
    INTEGRATION_REQUEST_PARAMETERS,
    PASSTHROUGH_BEHAVIOR,
    REQUEST_CONTENT_TYPE,
    sendMessageRequestTemplate,
} from "./integration";
import { batchRequestSchema, sendMessageBatchRequestTemplate } from "./batchIntegration";
import { carriesContentType } from "./bodyRules";
import { callerAttributeSource } from "./caller";
import { asResponseParameters, CorsSettings, declaredHeaders, gatewayHeaders, originOverride, preflightHeaders } from "./cors";
import { GATEWAY_RESPONSES } from "./responses";
import { invokePath, modelName } from "./naming";
import { ApiAccess } from "./resourcePolicy";
import type { ApiDefinition, AuthorizerKind, PreflightDefinition, RouteDefinition } from "./apiDefinitionTypes";
import { retiredRouteDefinition } from "./retirement";
import { routeResponses } from "./routeResponses";
import { FrontDoorSettings, QueueApiSettings, RouteSettings } from "./settings";

export type {
    ApiDefinition, AuthorizerDefinition, AuthorizerKind, IntegrationResponseDefinition, MethodResponseDefinition, PreflightDefinition, RouteDefinition,
} from "./apiDefinitionTypes";

const AUTHORIZER_OF: Partial<Record<string, AuthorizerKind>> = { COGNITO_USER_POOLS: "cognito", CUSTOM: "lambda" };

/**
 * The route's request templates, one per media type it takes: each queues the body byte for byte
 * (a batch route's, each order of its JSON array).
 */
function requestTemplates(route: RouteSettings, idempotencyHeader: string): Record<string, string> {
    const caller = callerAttributeSource(route.authorization, route.messageGroupId);
    const messageGroupId = route.queue.fifo ? route.messageGroupId : undefined;
    if (route.batch) {
        return {
            [REQUEST_CONTENT_TYPE]: sendMessageBatchRequestTemplate({
                keyField: route.batch.keyField, messageGroupId, attributes: route.messageAttributes, caller,
            }),
        };
    }
    const fifo = messageGroupId ? { messageGroupId, contentBasedDeduplication: route.queue.contentBasedDeduplication } : undefined;
    const tagged = carriesContentType(route.contentTypes);
    return Object.fromEntries(route.contentTypes.map((contentType) => [contentType, sendMessageRequestTemplate({
        idempotencyHeader, fifo, attributes: route.messageAttributes, caller, ...(tagged ? { contentType } : {}),
    })]));
}

/** The schema of the route's JSON bodies: its own, or a batch's array of them; none without either. */
function requestModelSchema(route: RouteSettings): Readonly<Record<string, unknown>> | undefined {
    return route.batch ? batchRequestSchema(route.requestSchema, route.batch, route.queue.fifo) : route.requestSchema;
}

export function routeDefinition(route: RouteSettings, idempotencyHeader: string, cors?: CorsSettings): RouteDefinition {
    const groupHeader = route.messageGroupId?.header;
    const schema = requestModelSchema(route);
    // Only JSON bodies have a model: API Gateway checks a body against the model of its media type, and none for the others.
    const model = schema && route.contentTypes.includes(REQUEST_CONTENT_TYPE)
        ? { name: modelName(route.key), contentType: REQUEST_CONTENT_TYPE, schema: JSON.stringify(schema) }
        : undefined;
    const authorizer = AUTHORIZER_OF[route.authorization];
    // Who may call the method: a retired route keeps it (retirement.ts).
    const access = {
        httpMethod: route.method,
        authorization: route.authorization,
        ...(route.oauthScopes.length > 0 ? { authorizationScopes: [...route.oauthScopes] } : {}),
        ...(route.apiKeyRequired ? { apiKeyRequired: true } : {}),
    };
    if (route.retired) {
        return retiredRouteDefinition(route, access, model, cors, authorizer);
    }
    return {
        path: route.path,
        ...(authorizer ? { authorizer } : {}),
        method: {
            ...access,
            ...(groupHeader ? { requestParameters: { [`method.request.header.${groupHeader}`]: true } } : {}),
            ...(model ? { requestModels: { [REQUEST_CONTENT_TYPE]: model.name } } : {}),
        },
        ...(model ? { model } : {}),
        integration: {
            type: "AWS",
            integrationHttpMethod: "POST",
            requestParameters: INTEGRATION_REQUEST_PARAMETERS,
            requestTemplates: requestTemplates(route, idempotencyHeader),
            passthroughBehavior: PASSTHROUGH_BEHAVIOR,
        },
        ...routeResponses(route, cors, (response) => response.template),
    };
}

/** One preflight per path that has routes, allowing those routes' methods. */
export function preflightDefinitions(routes: readonly RouteSettings[], cors: CorsSettings): PreflightDefinition[] {
    const paths = [...new Set(routes.map((r) => r.path))];
    return paths.map((path) => {
        const headers = preflightHeaders(cors, routes.filter((r) => r.path === path).map((r) => r.method));
        return {
            path,
            method: { httpMethod: "OPTIONS", authorization: "NONE" },
            // A MOCK integration answers from the status its request template names; nothing is called.
            integration: { type: "MOCK", requestTemplates: { "application/json": "{\"statusCode\": 200}" }, passthroughBehavior: "WHEN_NO_MATCH" },
            methodResponse: { statusCode: "204", responseModels: {}, responseParameters: declaredHeaders(headers) },
            integrationResponse: {
                statusCode: "204",
                responseTemplates: { "application/json": originOverride(cors) },
                responseParameters: asResponseParameters(headers, "method.response.header"),
            },
        };
    });
}

/** The identity source of a Cognito authorizer: the token in the Authorization header, as Cognito's clients send it. */
export const COGNITO_IDENTITY_SOURCE = "method.request.header.Authorization";

function authorizerDefinitions(name: string, frontDoor: FrontDoorSettings): ApiDefinition["authorizers"] {
    const cognito = frontDoor.cognitoAuthorizer;
    const lambda = frontDoor.lambdaAuthorizer;
    return {
        ...(cognito ? {
            cognito: { name: `${name}-cognito`, type: "COGNITO_USER_POOLS", providerArns: [...cognito.userPoolArns], identitySource: COGNITO_IDENTITY_SOURCE },
        } : {}),
        ...(lambda ? {
            lambda: {
                name: `${name}-lambda`,
                type: lambda.type,
                authorizerUri: lambdaInvocationUri(lambda.functionArn),
                identitySource: lambda.identitySources.join(","),
                authorizerResultTtlInSeconds: lambda.resultTtlSeconds,
            },
        } : {}),
    };
}

/** The URI through which API Gateway invokes a function, in the function's own region and partition. */
export function lambdaInvocationUri(functionArn: string): string {
    const [, partition, , region] = functionArn.split(":");
    return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** Who may call the API, and how: everything its resource policy is made from. */
function apiAccess(settings: QueueApiSettings, routes: readonly RouteDefinition[], preflights: readonly PreflightDefinition[]): ApiAccess {
    const { endpointType, vpcEndpointIds, privateIamCallers } = settings.frontDoor;
    return {
        endpointType,
        vpcEndpointIds: endpointType === "PRIVATE" ? [...vpcEndpointIds] : [],
        methods: [...routes, ...preflights].map((r) => ({
            invokePath: invokePath(settings.stageName, r.method.httpMethod, r.path), authorization: r.method.authorization,
        })),
        iamCallers: endpointType === "PRIVATE" ? [...privateIamCallers] : [],
    };
}

/** `name` is the component's: the authorizers are named after it. */
export function apiDefinition(settings: QueueApiSettings, name: string): ApiDefinition {
    const { cors, endpointType, vpcEndpointIds, domain } = settings.frontDoor;
    const gatewayCors = cors ? asResponseParameters(gatewayHeaders(cors), "gatewayresponse.header") : undefined;
    const routes = settings.routes.map((route) => routeDefinition(route, settings.idempotencyHeader, cors));
    const preflights = cors ? preflightDefinitions(settings.routes, cors) : [];
    return {
        routes,
        preflights,
        gatewayResponses: GATEWAY_RESPONSES.map((r) => ({
            responseType: r.responseType,
            statusCode: r.statusCode,
            responseTemplates: { "application/json": r.template },
            ...(gatewayCors ? { responseParameters: gatewayCors } : {}),
        })),
        authorizers: authorizerDefinitions(name, settings.frontDoor),
        restApi: {
            endpointConfiguration: { types: endpointType, ...(endpointType === "PRIVATE" ? { vpcEndpointIds: [...vpcEndpointIds] } : {}) },
            ...(domain?.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
            access: apiAccess(settings, routes, preflights),
        },
    };
}
