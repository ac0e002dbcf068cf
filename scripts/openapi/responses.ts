// Every answer a route can give, with its body: the statuses its method responses declare (what
// SQS's answers become) and those of API Gateway's own errors that can reach it, each in the API's
// error shape.
import { ApiDefinition, RouteDefinition } from "../../components/apiDefinition";
import { QueueApiSettings, RouteSettings } from "../../components/settings";

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The bodies every API answers with; `requestId` is null only in the web ACL's own 429. */
export const ERROR_SCHEMAS: Readonly<Record<string, Json>> = {
    Error: {
        type: "object", required: ["error", "message", "requestId"], additionalProperties: false,
        properties: {
            error: { type: "string", description: "What went wrong, as a code: BAD_REQUEST_BODY, PayloadTooLarge, THROTTLED, QueueUnavailable, …" },
            message: { type: "string" },
            requestId: { type: ["string", "null"], description: "API Gateway's request id, as in the access logs" },
        },
    },
    Queued: {
        type: "object", required: ["messageId", "requestId"], additionalProperties: false,
        properties: { messageId: { type: "string", description: "The SQS message id" }, requestId: { type: "string" } },
    },
};

/** The bodies of batch routes' answers, in the documents of stacks that have one. */
export const BATCH_SCHEMAS: Readonly<Record<string, Json>> = {
    EntryOutcome: {
        oneOf: [
            { type: "object", required: ["messageId"], additionalProperties: false, properties: { messageId: { type: "string" } } },
            {
                type: "object", required: ["error", "message"], additionalProperties: false,
                properties: { error: { type: "string", enum: ["QueueUnavailable", "PayloadTooLarge", "InvalidRequest"] }, message: { type: "string" } },
            },
        ],
    },
    BatchQueued: {
        type: "object", required: ["entries", "requestId"], additionalProperties: false,
        properties: { entries: { type: "array", items: ref("EntryOutcome"), description: "Each order's outcome, in the request's order" }, requestId: { type: "string" } },
    },
    BatchError: {
        type: "object", required: ["error", "message", "entries", "requestId"], additionalProperties: false,
        properties: {
            error: { type: "string", enum: ["BatchNotQueued", "BatchRefused"] },
            message: { type: "string" },
            entries: { type: "array", items: ref("EntryOutcome"), description: "Each order's outcome, in the request's order" },
            requestId: { type: "string" },
        },
    },
};

/** Which of API Gateway's own errors can reach this route, by response type. */
function gatewayErrorsOf(route: RouteSettings, settings: QueueApiSettings): Readonly<Record<string, boolean>> {
    const door = settings.frontDoor;
    const authorizer = route.authorization === "COGNITO_USER_POOLS" || route.authorization === "CUSTOM";
    return {
        BAD_REQUEST_BODY: route.requestSchema !== undefined || route.batch !== undefined,
        BAD_REQUEST_PARAMETERS: route.messageGroupId?.header !== undefined,
        MISSING_AUTHENTICATION_TOKEN: route.authorization === "AWS_IAM",
        ACCESS_DENIED: route.authorization !== "NONE" || door.endpointType === "PRIVATE",
        UNAUTHORIZED: authorizer,
        AUTHORIZER_FAILURE: authorizer,
        AUTHORIZER_CONFIGURATION_ERROR: authorizer,
        INVALID_API_KEY: route.apiKeyRequired,
        QUOTA_EXCEEDED: route.apiKeyRequired,
        WAF_FILTERED: door.webAcl !== undefined,
        REQUEST_TOO_LARGE: true,
        UNSUPPORTED_MEDIA_TYPE: true,
        THROTTLED: true,
        INTEGRATION_TIMEOUT: true,
    };
}

/** What the queue's answers mean, by the status the method declares. */
function integrationMeaning(route: RouteSettings): Readonly<Record<string, string>> {
    const batch = route.batch !== undefined;
    return {
        202: batch ? "Every order of the batch is queued: one message id per order, in order" : "The order is queued",
        400: batch ? "SQS refused some orders and queued the others (BatchRefused, each order's outcome listed), or a value of the request"
            : "SQS refused a value of the request (InvalidRequest, InvalidMessage)",
        413: batch ? "The orders together are larger than SQS takes in one request (PayloadTooLarge)"
            : `The body is larger than the queue's ${route.queue.maxMessageSize} bytes (PayloadTooLarge)`,
        500: batch ? "Not queued, or some orders not queued (BatchNotQueued, each order's outcome listed): retry the whole batch"
            : "Not queued, for a reason that is not the client's (QueueUnavailable): retry",
        503: "SQS itself failed (QueueUnavailable): retry",
    };
}

/** The route's responses, every status it can answer, each with its meaning and body. */
export function responsesOf(route: RouteSettings, routeDefinition: RouteDefinition, definition: ApiDefinition, settings: QueueApiSettings): Json {
    const reasons = new Map<string, string[]>();
    const add = (status: string, reason: string) => reasons.set(status, [...(reasons.get(status) ?? []), reason]);
    const meaning = integrationMeaning(route);
    for (const { statusCode } of routeDefinition.methodResponses) {
        add(statusCode, meaning[statusCode] ?? "An answer of the queue");
    }
    const reaches = gatewayErrorsOf(route, settings);
    for (const response of definition.gatewayResponses) {
        if (reaches[response.responseType] && response.statusCode) {
            add(response.statusCode, `API Gateway's ${response.responseType}`);
        }
    }
    const rateLimited = settings.frontDoor.webAcl?.create === true;
    if (rateLimited) {
        add("429", "The web ACL's limit per address (IP_RATE_LIMITED, requestId null): retry after Retry-After");
    }
    const batch = route.batch !== undefined;
    const listed = [...reasons.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([status, why]) => {
        const body = status === "202" ? ref(batch ? "BatchQueued" : "Queued")
            : batch && (status === "400" || status === "500") ? { oneOf: [ref("Error"), ref("BatchError")] } : ref("Error");
        return [status, {
            description: why.join("; "),
            ...(status === "429" && rateLimited ? { headers: { "Retry-After": { description: "Seconds to wait, on the web ACL's 429", schema: { type: "integer" } } } } : {}),
            content: { "application/json": { schema: body } },
        }];
    });
    // API Gateway's DEFAULT_4XX and DEFAULT_5XX answer whatever other error reaches the route, in the same shape.
    const other = { description: "Another of API Gateway's own errors (DEFAULT_4XX, DEFAULT_5XX): a 4xx is the request's fault, retry a 5xx",
        content: { "application/json": { schema: ref("Error") } } };
    return Object.fromEntries([...listed, ["default", other]]);
}
