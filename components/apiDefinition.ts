// Everything that shapes the REST API, as plain data: the component passes these exact objects to
// the resources, and the Deployment's trigger hashes these same objects, so nothing can shape the
// API without also redeploying it.
import {
    INTEGRATION_REQUEST_PARAMETERS,
    PASSTHROUGH_BEHAVIOR,
    REQUEST_CONTENT_TYPE,
    sendMessageRequestTemplate,
} from "./integration";
import { GATEWAY_RESPONSES, integrationResponses, METHOD_RESPONSE_STATUS_CODES } from "./responses";
import { modelName } from "./naming";
import { QueueApiSettings, RouteSettings } from "./settings";

export interface RouteDefinition {
    /** The route's path below the stage, which the API's resources are built from. */
    readonly path: string;
    readonly method: {
        readonly httpMethod: string;
        readonly authorization: string;
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
    readonly methodResponses: readonly { readonly statusCode: string; readonly responseModels: Readonly<Record<string, string>> }[];
    readonly integrationResponses: readonly {
        readonly statusCode: string;
        readonly selectionPattern?: string;
        readonly responseTemplates: Readonly<Record<string, string>>;
    }[];
}

export interface ApiDefinition {
    readonly routes: readonly RouteDefinition[];
    readonly gatewayResponses: readonly {
        readonly responseType: string;
        readonly statusCode?: string;
        readonly responseTemplates: Readonly<Record<string, string>>;
    }[];
}

export function routeDefinition(route: RouteSettings, idempotencyHeader: string): RouteDefinition {
    const groupHeader = route.messageGroupId?.header;
    const model = route.requestSchema
        ? { name: modelName(route.key), contentType: REQUEST_CONTENT_TYPE, schema: JSON.stringify(route.requestSchema) }
        : undefined;
    const fifo = route.queue.fifo && route.messageGroupId
        ? { messageGroupId: route.messageGroupId, contentBasedDeduplication: route.queue.contentBasedDeduplication }
        : undefined;
    return {
        path: route.path,
        method: {
            httpMethod: route.method,
            authorization: route.authorization,
            ...(groupHeader ? { requestParameters: { [`method.request.header.${groupHeader}`]: true } } : {}),
            ...(model ? { requestModels: { [REQUEST_CONTENT_TYPE]: model.name } } : {}),
        },
        ...(model ? { model } : {}),
        integration: {
            type: "AWS",
            integrationHttpMethod: "POST",
            requestParameters: INTEGRATION_REQUEST_PARAMETERS,
            requestTemplates: {
                [REQUEST_CONTENT_TYPE]: sendMessageRequestTemplate({ idempotencyHeader, fifo, attributes: route.messageAttributes }),
            },
            passthroughBehavior: PASSTHROUGH_BEHAVIOR,
        },
        methodResponses: METHOD_RESPONSE_STATUS_CODES.map((statusCode) => ({
            statusCode,
            responseModels: { "application/json": "Empty" },
        })),
        integrationResponses: integrationResponses(route.queue.maxMessageSize).map((r) => ({
            statusCode: r.statusCode,
            selectionPattern: r.selectionPattern,
            responseTemplates: { "application/json": r.template },
        })),
    };
}

export function apiDefinition(settings: QueueApiSettings): ApiDefinition {
    return {
        routes: settings.routes.map((route) => routeDefinition(route, settings.idempotencyHeader)),
        gatewayResponses: GATEWAY_RESPONSES.map((r) => ({
            responseType: r.responseType,
            statusCode: r.statusCode,
            responseTemplates: { "application/json": r.template },
        })),
    };
}
