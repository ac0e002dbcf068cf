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
import { asResponseParameters, CorsSettings, declaredHeaders, gatewayHeaders, originOverride, preflightHeaders, responseHeaders } from "./cors";
import { GATEWAY_RESPONSES, integrationResponses, METHOD_RESPONSE_STATUS_CODES } from "./responses";
import { invokePath, modelName } from "./naming";
import { FrontDoorSettings, QueueApiSettings, RouteSettings } from "./settings";

/** Which of the API's authorizers a method uses; its id is known only once it exists. */
export type AuthorizerKind = "cognito" | "lambda";

export interface RouteDefinition {
    /** The route's path below the stage, which the API's resources are built from. */
    readonly path: string;
    readonly authorizer?: AuthorizerKind;
    readonly method: {
        readonly httpMethod: string;
        readonly authorization: string;
        readonly authorizationScopes?: string[];
        readonly apiKeyRequired?: boolean;
        /** Headers the request must have; API Gateway answers 400 without them, before SQS is called. */
        readonly requestParameters?: Readonly<Record<string, boolean>>;
        /** The model JSON bodies must match; API Gateway answers 400 otherwise, before SQS is called. */
        readonly requestModels?: Readonly<Record<string, string>>;
    };
    /** The route's request body schema, as an API Gateway model. */
    readonly model?: { readonly name: string; readonly contentType: string; readonly schema: string };
    /** The integration's arguments, except the queue's URI and the role, which are outputs. */
    readonly integration: {
        readonly type: string;
        readonly integrationHttpMethod: string;
        readonly requestParameters: Readonly<Record<string, string>>;
        readonly requestTemplates: Readonly<Record<string, string>>;
        readonly passthroughBehavior: string;
    };
    readonly methodResponses: readonly MethodResponseDefinition[];
    readonly integrationResponses: readonly IntegrationResponseDefinition[];
}

export interface MethodResponseDefinition {
    readonly statusCode: string;
    readonly responseModels: Readonly<Record<string, string>>;
    /** The headers the response may carry (CORS). */
    readonly responseParameters?: Readonly<Record<string, boolean>>;
}

export interface IntegrationResponseDefinition {
    readonly statusCode: string;
    readonly selectionPattern?: string;
    readonly responseTemplates: Readonly<Record<string, string>>;
    /** Static header values (CORS). */
    readonly responseParameters?: Readonly<Record<string, string>>;
}

/** The CORS preflight of one path: answered by API Gateway itself, without credentials or SQS. */
export interface PreflightDefinition {
    readonly path: string;
    readonly method: { readonly httpMethod: "OPTIONS"; readonly authorization: "NONE" };
    readonly integration: {
        readonly type: "MOCK";
        readonly requestTemplates: Readonly<Record<string, string>>;
        readonly passthroughBehavior: string;
    };
    readonly methodResponse: MethodResponseDefinition;
    readonly integrationResponse: IntegrationResponseDefinition;
}

export interface AuthorizerDefinition {
    readonly name: string;
    readonly type: "COGNITO_USER_POOLS" | "TOKEN" | "REQUEST";
    readonly providerArns?: string[];
    readonly authorizerUri?: string;
    readonly identitySource: string;
    readonly authorizerResultTtlInSeconds?: number;
}

export interface ApiDefinition {
    readonly routes: readonly RouteDefinition[];
    readonly preflights: readonly PreflightDefinition[];
    readonly gatewayResponses: readonly {
        readonly responseType: string;
        readonly statusCode?: string;
        readonly responseTemplates: Readonly<Record<string, string>>;
        readonly responseParameters?: Readonly<Record<string, string>>;
    }[];
    readonly authorizers: { readonly cognito?: AuthorizerDefinition; readonly lambda?: AuthorizerDefinition };
    /** What the RestApi itself holds that a deployment reads. */
    readonly restApi: {
        readonly endpointConfiguration: { readonly types: string; readonly vpcEndpointIds?: string[] };
        readonly disableExecuteApiEndpoint?: boolean;
        /** What the resource policy is written from, when the API is private (it also names the API's account: privateApiPolicy). */
        readonly privateAccess?: PrivateApiAccess;
    };
}

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
    const headers = cors ? responseHeaders(cors) : undefined;
    return {
        path: route.path,
        ...(authorizer ? { authorizer } : {}),
        method: {
            httpMethod: route.method,
            authorization: route.authorization,
            ...(route.oauthScopes.length > 0 ? { authorizationScopes: [...route.oauthScopes] } : {}),
            ...(route.apiKeyRequired ? { apiKeyRequired: true } : {}),
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
        methodResponses: METHOD_RESPONSE_STATUS_CODES.map((statusCode) => ({
            statusCode,
            responseModels: { "application/json": "Empty" },
            ...(headers ? { responseParameters: declaredHeaders(headers) } : {}),
        })),
        integrationResponses: integrationResponses(route.queue.maxMessageSize, route.batch !== undefined).map((r) => ({
            statusCode: r.statusCode,
            selectionPattern: r.selectionPattern,
            responseTemplates: { "application/json": `${cors ? originOverride(cors) : ""}${r.template}` },
            ...(headers ? { responseParameters: asResponseParameters(headers, "method.response.header") } : {}),
        })),
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

/** Who may call a private API, and how: everything its resource policy is written from. */
export interface PrivateApiAccess {
    readonly vpcEndpointIds: readonly string[];
    /** Each method of the API, routes and preflights, as `invokePath` names it, with its authorization. */
    readonly methods: readonly { readonly invokePath: string; readonly authorization: string }[];
    /** Who may call the AWS_IAM methods, by ARN; none: the API's own account. */
    readonly iamCallers: readonly string[];
}

function privateApiAccess(settings: QueueApiSettings, preflights: readonly PreflightDefinition[]): PrivateApiAccess {
    const methods = [...settings.routes.map((r) => ({ httpMethod: r.method, path: r.path, authorization: r.authorization })),
        ...preflights.map((p) => ({ ...p.method, path: p.path }))];
    return {
        vpcEndpointIds: [...settings.frontDoor.vpcEndpointIds],
        methods: methods.map((m) => ({ invokePath: invokePath(settings.stageName, m.httpMethod, m.path), authorization: m.authorization })),
        iamCallers: [...settings.frontDoor.privateIamCallers],
    };
}

/**
 * A private API's resource policy: it lets in requests through the given VPC endpoints and denies
 * every other, so that being reachable from some VPC is not being reachable from all of them.
 * Within one account, a resource policy that lets everyone (`*`) call an AWS_IAM method is enough
 * on its own, whatever the caller's own policies say; so AWS_IAM methods name their callers: the
 * account (`:root`), which leaves it to each caller's own policies, or the roles given. `*` stays
 * for the methods an authorizer, a token or nothing guards. `executionArn` is the API's, which
 * names its partition and account.
 */
export function privateApiPolicy(access: PrivateApiAccess, executionArn: string): string {
    const [, partition, , , account] = executionArn.split(":");
    const everything = "execute-api:/*";
    const one = (values: readonly string[]) => (values.length === 1 ? values[0] : [...values]);
    const signed = access.methods.filter((m) => m.authorization === "AWS_IAM");
    const others = access.methods.filter((m) => m.authorization !== "AWS_IAM");
    const resource = (methods: typeof signed) => (signed.length === 0 || others.length === 0
        ? everything : one(methods.map((m) => `execute-api:/${m.invokePath}`)));
    const callers = access.iamCallers.length > 0 ? access.iamCallers : [`arn:${partition}:iam::${account}:root`];
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            ...(signed.length > 0 ? [{ Effect: "Allow", Principal: { AWS: one(callers) }, Action: "execute-api:Invoke", Resource: resource(signed) }] : []),
            ...(others.length > 0 ? [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: resource(others) }] : []),
            {
                Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: everything,
                Condition: { StringNotEquals: { "aws:SourceVpce": access.vpcEndpointIds } },
            },
        ],
    });
}

/** `name` is the component's: the authorizers are named after it. */
export function apiDefinition(settings: QueueApiSettings, name: string): ApiDefinition {
    const { cors, endpointType, vpcEndpointIds, domain } = settings.frontDoor;
    const gatewayCors = cors ? asResponseParameters(gatewayHeaders(cors), "gatewayresponse.header") : undefined;
    const preflights = cors ? preflightDefinitions(settings.routes, cors) : [];
    return {
        routes: settings.routes.map((route) => routeDefinition(route, settings.idempotencyHeader, cors)),
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
            ...(endpointType === "PRIVATE" ? { privateAccess: privateApiAccess(settings, preflights) } : {}),
        },
    };
}
