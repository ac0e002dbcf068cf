// What a route takes: its path, method and authorization, its queue, where a FIFO message's group
// and its attributes come from, the schema its bodies must match, its consumer. The single route's
// settings are these same declarations at the top level (declarations.ts).
import { choiceOf, Fields, objectType } from "./declarationKinds";
import { ATTRIBUTE_DATA_TYPE, AUTHORIZATION, CONTEXT_VALUE, HTTP_METHOD } from "./enums";
import { HEADER_NAME, ROUTE_PATH } from "./patterns";
import { CONSUMER, EXISTING_QUEUE_TYPE, QUEUE_TYPE } from "./queueDeclarations";

/** A top-level field of a JSON body, or a parameter of a path. */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// What SQS takes as a group id, less the characters that would need escaping inside the template.
const GROUP_VALUE = /^[A-Za-z0-9_.:\/-]{1,128}$/;
const QUERY_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const HEADER_ALLOWED = "a header name of letters, digits and '-'";

export const AUTHORIZATION_CHOICE = {
    ...choiceOf(AUTHORIZATION),
    description: "Who may call: NONE (anyone with the URL), AWS_IAM (SigV4-signed callers), COGNITO_USER_POOLS (tokens of cognitoAuthorizer's pools) or CUSTOM (lambdaAuthorizer).",
} as const;

export const OAUTH_SCOPES = {
    kind: "list", scope: "single-route", allowed: "OAuth scopes, such as orders/write", defaultText: "none: any valid ID or access token",
    items: { kind: "string", pattern: /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, allowed: "an OAuth scope such as orders/write" },
    example: ["orders/write"],
    description: "With COGNITO_USER_POOLS: the scopes an access token must carry, one of them at least.",
} as const;

export const API_KEY_REQUIRED = {
    kind: "boolean", scope: "single-route", defaultText: "true when apiKeys lists clients",
    description: "Callers send a client's key in x-api-key; it identifies the client for its quota, it does not authenticate.",
} as const;

export const MESSAGE_GROUP_FIELDS = {
    header: { kind: "string", pattern: HEADER_NAME, allowed: HEADER_ALLOWED, description: "A request header, e.g. `Customer-Id`." },
    bodyField: {
        kind: "string", pattern: FIELD_NAME, allowed: "a top-level JSON field name (letters, digits, '_')",
        description: "A top-level field of the JSON body, e.g. `customerId`.",
    },
    pathParameter: {
        kind: "string", pattern: FIELD_NAME, allowed: "a parameter name of the route's path",
        description: "A parameter of the route's path, e.g. `storeId` for `stores/{storeId}/orders`.",
    },
    value: {
        kind: "string", pattern: GROUP_VALUE, allowed: "1 to 128 letters, digits, '_', '.', ':', '/' or '-'",
        description: "The same group for every message: one ordered stream.",
    },
    context: {
        ...choiceOf(CONTEXT_VALUE),
        description: "The authenticated caller, as the route's authorization names it: `callerArn` (AWS_IAM), `cognitoSubject` "
            + "(COGNITO_USER_POOLS) or `authorizerPrincipalId` (CUSTOM). A caller then writes only to its own group, and its "
            + "idempotency keys deduplicate only its own messages.",
    },
} as const satisfies Fields;

export const MESSAGE_GROUP = {
    kind: "object", scope: "single-route",
    type: objectType("MessageGroupSource", "Where a FIFO message's group comes from: exactly one of these.", MESSAGE_GROUP_FIELDS,
        ["header", "bodyField", "pathParameter", "value", "context"]),
    allowed: "exactly one of `header`, `bodyField`, `pathParameter`, `value`, `context` (the authenticated caller)",
    defaultText: "none; required with a FIFO queue",
    description: "Where a FIFO message's group comes from.",
} as const;

export const ATTRIBUTE_FIELDS = {
    header: { kind: "string", pattern: HEADER_NAME, allowed: HEADER_ALLOWED, description: "A request header." },
    query: {
        kind: "string", pattern: QUERY_NAME, allowed: "a query parameter name of letters, digits, '_', '.' or '-'",
        description: "A query string parameter.",
    },
    pathParameter: { kind: "string", pattern: FIELD_NAME, allowed: "a parameter name of the route's path", description: "A parameter of the route's path." },
    context: {
        ...choiceOf(CONTEXT_VALUE),
        description: "`sourceIp`, `userAgent`, `stage`, `callerArn` (IAM callers), `authorizerPrincipalId` or `cognitoSubject`.",
    },
    dataType: { ...choiceOf(ATTRIBUTE_DATA_TYPE), default: "String", description: "`String` or `Number`." },
} as const satisfies Fields;

export const ATTRIBUTE_TYPE = objectType("AttributeSource",
    "Where a message attribute's value comes from (exactly one source), and its SQS data type.", ATTRIBUTE_FIELDS,
    ["header", "query", "pathParameter", "context"]);

export const MESSAGE_ATTRIBUTES = {
    kind: "map", scope: "single-route", values: { kind: "object", type: ATTRIBUTE_TYPE },
    allowed: "attribute name to one of `header`, `query`, `pathParameter`, `context`, with `dataType`",
    defaultText: "none",
    description: "Request values sent as message attributes: at most 8, one fewer for each of caller and contentType a route's messages carry.",
} as const;

/** The media types a route can take, each through a request template of its own; JSON first, the default. */
export const MEDIA_TYPES = ["application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];
export const JSON_MEDIA_TYPE: MediaType = "application/json";
const MEDIA_TYPES_TEXT = `${MEDIA_TYPES.slice(0, -1).join(", ")} or ${MEDIA_TYPES.at(-1)}`;

export const CONTENT_TYPES = {
    kind: "list", scope: "single-route", default: [JSON_MEDIA_TYPE],
    items: { kind: "string", pattern: new RegExp(`^(?:${MEDIA_TYPES.map((t) => t.replace(/[/.+]/g, "\\$&")).join("|")})$`), allowed: MEDIA_TYPES_TEXT },
    allowed: `media types, each ${MEDIA_TYPES_TEXT}`,
    description: "The media types the route takes, each body queued byte for byte; any other is answered 415, and requestSchema checks JSON bodies only.",
} as const;

export const BATCH_FIELDS = {
    maxEntries: {
        kind: "integer", min: 2, max: 10, default: 10, unit: "messages",
        description: "The most orders one request may hold (SQS sends at most 10 in one SendMessageBatch); more, or none, is answered 400.",
    },
    keyField: {
        kind: "string", pattern: FIELD_NAME, allowed: "a top-level JSON field name (letters, digits, '_')", example: "orderId",
        defaultText: "none; required",
        description: "The field of each order that holds its idempotency key, which every order must carry: a client may then retry a whole batch.",
    },
} as const satisfies Fields;

export const BATCH_TYPE = objectType("BatchArgs", "A route that takes a JSON array of orders and queues them with one SendMessageBatch.", BATCH_FIELDS);

export const BATCH = {
    kind: "object", scope: "single-route", type: BATCH_TYPE, defaultText: "none: one order per request", guide: "docs/bodies.md",
    description: "Take a JSON array of orders per request, each its own message, sent with one SendMessageBatch.",
} as const;

export const RETIRED = {
    kind: "boolean", scope: "single-route", default: false,
    description: "The route answers every request its authorization lets in 410 Gone and queues nothing; its queue, dead-letter queue, consumer and alarms stay "
        + "until it is removed, and are then kept in AWS. Retire a route, drain its queue, then remove it.",
} as const;

export const SINGLE_ROUTE_NAMES = {
    kind: "boolean", default: false,
    description: "The route's resources take the single route's names (<name>-queue, <name>-resource, …), so that listing the single route "
        + "in routes moves nothing; for one route at most, of a one-segment path.",
} as const;

export const REQUEST_SCHEMA = {
    kind: "json", scope: "single-route",
    allowed: "a JSON Schema (draft 4)",
    defaultText: "none",
    description: "The schema JSON request bodies must match; API Gateway answers 400 otherwise, before SQS. Needs application/json among contentTypes.",
} as const;

/** One route of `routes`: the fields it takes besides those it shares with the single route. */
export const ROUTE_FIELDS = {
    path: {
        kind: "string", pattern: ROUTE_PATH, example: "stores/{storeId}/orders",
        allowed: "segments separated by '/', each of letters, digits, '.', '_' or '-' (not . or ..) or a parameter such as {storeId}, "
            + "with no leading or trailing '/'",
        description: "The route's path below the stage.",
    },
    method: {
        ...choiceOf(HTTP_METHOD), default: "POST",
        why: "a method without a body cannot carry a message, and SQS refuses an empty one",
        description: "The route's HTTP method: one with a body, since SQS refuses an empty message.",
    },
    authorization: { ...AUTHORIZATION_CHOICE, defaultText: "the API's authorization", description: "The route's own authorization." },
    oauthScopes: OAUTH_SCOPES,
    apiKeyRequired: API_KEY_REQUIRED,
    queue: { kind: "object", type: QUEUE_TYPE, description: "The route's queue and dead-letter queue." },
    existingQueue: {
        kind: "object", type: EXISTING_QUEUE_TYPE, defaultText: "none",
        description: "A queue that exists already, instead of a new one; no queue, dead-letter queue or alarm is then created.",
    },
    messageGroupId: MESSAGE_GROUP,
    messageAttributes: MESSAGE_ATTRIBUTES,
    requestSchema: REQUEST_SCHEMA,
    contentTypes: CONTENT_TYPES,
    batch: BATCH,
    consumer: CONSUMER,
    retired: RETIRED,
    singleRouteNames: SINGLE_ROUTE_NAMES,
} as const satisfies Fields;

export const ROUTE_TYPE = objectType("RouteArgs", "One route of an API with several: its own path, method and queue.", ROUTE_FIELDS);
