// One declaration per setting: its kind, default, bounds and one-line description, in one place.
// Validation of every simple value and its default (fieldWalk.ts), the stack-config parsing, the
// component's argument types (args.ts), the package schema, the README's and the guides' config
// tables and Pulumi.yaml's declared keys all follow from these tables: npm run docs writes the
// generated files, and a test fails when one is stale. A setting added later is added here first,
// or in the feature's table this file gathers.
import { Declaration, Fields, isScalar, objectType, TopDeclaration } from "./declarationKinds";
import { ALARMS, DEAD_LETTER_ALARM } from "./alarmDeclarations";
import { FRONT_DOOR } from "./frontDoorDeclarations";
import { IAM_POLICY_ARN, HEADER_NAME, PATH_SEGMENT, STAGE_NAME } from "./patterns";
import { CONSUMER, QUEUE_TYPE } from "./queueDeclarations";
import {
    API_KEY_REQUIRED, AUTHORIZATION_CHOICE, BATCH, CONTENT_TYPES, MESSAGE_ATTRIBUTES, MESSAGE_GROUP, OAUTH_SCOPES, REQUEST_SCHEMA, RETIRED, ROUTE_TYPE,
} from "./routeDeclarations";
import { ACCESS_LOG_TYPE, THROTTLE_TYPE } from "./stageDeclarations";

export * from "./declarationKinds";
export { allowedWords, defaultWords, docOf } from "./declarationWords";
export { ALARM_FIELDS, DEAD_LETTER_ALARM_FIELDS } from "./alarmDeclarations";
export { CLIENT_FIELDS, FRONT_DOOR } from "./frontDoorDeclarations";
export { CONSUMER_FIELDS, EXISTING_QUEUE_FIELDS, QUEUE_FIELDS } from "./queueDeclarations";
export { ATTRIBUTE_FIELDS, BATCH_FIELDS, MESSAGE_GROUP_FIELDS, ROUTE_FIELDS } from "./routeDeclarations";
export { ACCESS_LOG_FIELDS, THROTTLE_FIELDS } from "./stageDeclarations";

const BOUNDARY_ARN = {
    kind: "string", pattern: IAM_POLICY_ARN, allowed: "an IAM policy ARN (arn:aws:iam::<account>:policy/<name>)", defaultText: "permissionsBoundary",
} as const;

/** Every setting of the component and of the program, by its key, in the order the docs list them. */
export const SETTINGS = {
    path: {
        scope: "single-route", kind: "string", pattern: PATH_SEGMENT, default: "orders", example: "orders",
        allowed: "one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..)",
        description: "The single route's path: POST https://<api>/<stage>/<path>.",
    },
    authorization: {
        ...AUTHORIZATION_CHOICE, scope: "api", default: "NONE",
        description: "Who may call every route without its own: NONE (anyone with the URL), AWS_IAM (SigV4), COGNITO_USER_POOLS or CUSTOM (a Lambda authorizer).",
    },
    oauthScopes: OAUTH_SCOPES,
    apiKeyRequired: API_KEY_REQUIRED,
    queue: { scope: "single-route", kind: "object", type: QUEUE_TYPE, description: "The single route's queue and dead-letter queue." },
    messageGroupId: MESSAGE_GROUP,
    messageAttributes: MESSAGE_ATTRIBUTES,
    requestSchema: REQUEST_SCHEMA,
    contentTypes: CONTENT_TYPES,
    batch: BATCH,
    consumer: CONSUMER,
    retired: RETIRED,
    routes: {
        scope: "api", guide: "docs/routes.md", kind: "list", items: { kind: "object", type: ROUTE_TYPE },
        allowed: "routes, each with `path` and optionally `method`, `authorization`, `oauthScopes`, `apiKeyRequired`, `queue` or `existingQueue`, `messageGroupId`, `messageAttributes`, `requestSchema`, `contentTypes`, `batch`, `consumer`, `retired`, `singleRouteNames`",
        defaultText: "one POST route from the single-route settings",
        description: "Several routes on one API, each with its own queue, instead of the single route.",
    },
    idempotencyHeader: {
        scope: "api", kind: "string", pattern: HEADER_NAME, allowed: "a header name of letters, digits and '-'",
        default: "Idempotency-Key", example: "Idempotency-Key",
        description: "The request header that identifies a client's retries: the idempotencyKey attribute, and the FIFO deduplication id.",
    },
    stageName: {
        scope: "api", kind: "string", pattern: STAGE_NAME, allowed: "1 to 128 letters, digits, '_' or '-'", default: "v1", example: "v1",
        description: "The API Gateway stage's name, the first segment of every URL.",
    },
    throttle: { scope: "api", kind: "object", type: THROTTLE_TYPE, description: "The stage's throttling, for every method." },
    accessLogs: { scope: "api", kind: "object", type: ACCESS_LOG_TYPE, description: "The stage's JSON access logs." },
    manageCloudWatchRole: {
        scope: "api", kind: "boolean", default: false,
        description: "Create the account's API Gateway CloudWatch role and point the region's account settings at it (one per account and region).",
    },
    permissionsBoundary: {
        scope: "api", kind: "string", pattern: IAM_POLICY_ARN, allowed: "an IAM policy ARN (arn:aws:iam::<account>:policy/<name>)",
        example: "arn:aws:iam::123456789012:policy/orders-boundary", defaultText: "none",
        description: "The permissions boundary of each IAM role the stack creates where permissionsBoundaries names none for its kind.",
    },
    permissionsBoundaries: {
        scope: "api", kind: "object", guide: "docs/iam.md",
        description: "A permissions boundary per kind of role the stack creates, each capped to what that kind needs (docs/iam.md).",
        type: objectType("PermissionsBoundariesArgs", "A permissions boundary per kind of role the stack creates.", {
            api: { ...BOUNDARY_ARN, example: "arn:aws:iam::123456789012:policy/orders-api-boundary", description: "The API's role, which sends to the queues." },
            consumers: {
                ...BOUNDARY_ARN, example: "arn:aws:iam::123456789012:policy/orders-consumer-boundary",
                description: "Each consumer's role, which drains its queue.",
            },
            cloudWatchRole: {
                ...BOUNDARY_ARN, example: "arn:aws:iam::123456789012:policy/orders-cloudwatch-boundary",
                description: "The account's API Gateway CloudWatch role (with manageCloudWatchRole).",
            },
        }),
    },
    protectQueues: {
        scope: "api", kind: "boolean", default: false,
        description: "Protect the queues from pulumi destroy, and keep them in AWS if removed from the program.",
    },
    alarms: ALARMS,
    deadLetterAlarm: DEAD_LETTER_ALARM,
    ...FRONT_DOOR,
    tags: {
        scope: "api", kind: "map", values: { kind: "string", allowed: "a string" },
        allowed: "tag key to string value (keys 1–128 characters, not starting with aws:)",
        defaultText: "none",
        description: "Tags for every resource that takes them.",
    },
} as const satisfies Readonly<Record<string, TopDeclaration>>;

/** The component's arguments: the interface every setting is a field of. */
export const QUEUE_API_TYPE = objectType("QueueApiArgs", "The QueueApi component's arguments.", SETTINGS);

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The keys that describe the single route; with `routes` each route has its own. */
export const SINGLE_ROUTE_KEYS: readonly string[] = Object.entries(SETTINGS)
    .filter(([, declaration]) => declaration.scope === "single-route").map(([key]) => key);

/** The fields of an object declaration, or of the objects a list or map holds. */
export function fieldsOf(declaration: Declaration | undefined): Fields | undefined {
    if (declaration?.kind === "object") {
        return declaration.type.fields;
    }
    if ((declaration?.kind === "list" && declaration.items.kind === "object") || (declaration?.kind === "map" && declaration.values.kind === "object")) {
        const item = declaration.kind === "list" ? declaration.items : declaration.values;
        return item.kind === "object" ? item.type.fields : undefined;
    }
    return undefined;
}

/** The declaration of a dotted key (`queue.maxMessageSize`); a listed route's keys (`routes[2].queue.fifo`) are looked up as a route's. */
export function declarationOf(key: string): Declaration | undefined {
    const routeKey = /^routes\[\d+\]\.(.+)$/.exec(key)?.[1];
    const [first, ...rest] = (routeKey ?? key).split(".");
    const routeFields = ROUTE_TYPE.fields as Fields;
    // The single route's keys are top-level settings; what only a listed route has (its method) is a route's.
    let declaration: Declaration | undefined = routeKey ? routeFields[first] : (SETTINGS as Fields)[first] ?? routeFields[first];
    for (const part of rest) {
        declaration = fieldsOf(declaration)?.[part];
    }
    return declaration;
}

/**
 * The default of each scalar setting that has a literal one, nested as the arguments are. An object
 * that is absent unless given (its default is in words: a consumer, a message group) has none.
 */
export function defaultsOf(declarations: Fields): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(declarations)) {
        if (declaration.kind === "object" && declaration.defaultText === undefined) {
            defaults[key] = defaultsOf(declaration.type.fields);
        } else if (isScalar(declaration) && declaration.default !== undefined) {
            defaults[key] = declaration.default;
        }
    }
    return defaults;
}

