// One declaration per setting: its kind, default, bounds and one-line description, in one place.
// Validation of every simple value, the defaults, the stack-config parsing, the README's config
// table and Pulumi.yaml's declared keys all follow from this table; the argument interfaces in
// args.ts are held equal to it by a test. A setting added later is added here first.
import { SQS_ARN } from "./integration";

/** How a value is written and checked. */
interface Common {
    /** One line: what the setting does. */
    readonly description: string;
    /** The default in words, where the value alone would not say it ("a new key, rotated yearly"). */
    readonly defaultText?: string;
    /** A valid value, used where one is needed without the user's (a placeholder for a secret the offline plan cannot read). */
    readonly example?: unknown;
    /** Why only these values, added to the error message in parentheses. */
    readonly why?: string;
    /**
     * The feature guide whose config table details this setting; the README's table then gives an
     * object one row, not one per field.
     */
    readonly guide?: string;
}

export interface StringDeclaration extends Common {
    readonly kind: "string";
    readonly pattern: RegExp;
    /** What the pattern allows, in words: completes "must be …". */
    readonly allowed: string;
    readonly default?: string;
    readonly example: string;
}

export interface EnumDeclaration extends Common {
    readonly kind: "enum";
    readonly values: readonly (string | number)[];
    readonly default?: string | number;
    /** How the README writes the values, when listing them all would be too long. */
    readonly valuesText?: string;
}

export interface IntegerDeclaration extends Common {
    readonly kind: "integer";
    readonly min: number;
    readonly max: number;
    readonly default?: number;
    readonly unit?: "seconds" | "bytes" | "requests per second" | "requests" | "receives" | "megabytes" | "messages" | "milliseconds"
        | "percent" | "invocations";
}

export interface BooleanDeclaration extends Common {
    readonly kind: "boolean";
    readonly default?: boolean;
}

/** An object with the fixed keys of `fields`, each checked by its own declaration. */
export interface ObjectDeclaration extends Common {
    readonly kind: "object";
    readonly fields: Readonly<Record<string, Declaration>>;
}

/**
 * A structured value checked by its own rules (rules.ts): a list, a map with free keys, a JSON
 * Schema, an object whose keys are alternatives. `shape` says which JSON type it must be.
 */
export interface StructuredDeclaration extends Common {
    readonly kind: "structured";
    readonly shape: "object" | "list";
    /** Completes "an object: …" / "a list: …" in the README. */
    readonly allowed: string;
    /** For a list of objects or an object with fixed keys: their declarations, for the README and the key lists. */
    readonly fields?: Readonly<Record<string, Declaration>>;
}

export type Declaration = StringDeclaration | EnumDeclaration | IntegerDeclaration | BooleanDeclaration | ObjectDeclaration | StructuredDeclaration;

/** Where a top-level setting applies: the whole API, or the single route (each route's own with `routes`). */
export type Scope = "api" | "single-route";

export type TopDeclaration = Declaration & { readonly scope: Scope };

const DAY = 86400;

// Patterns shared with the route rules.
// `.` and `..` are path segments that URL normalisation removes, so no client could reach them.
export const PATH_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
export const PATH_PARAMETER = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
export const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
export const IAM_POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

const KMS_KEY_ALLOWED = "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)";
const EXAMPLE_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** A queue's settings: the same for the single route's queue and for each route's. */
export const QUEUE_FIELDS = {
    messageRetentionSeconds: {
        kind: "integer", min: 60, max: 14 * DAY, default: 4 * DAY, unit: "seconds",
        description: "How long SQS keeps an unconsumed message.",
    },
    visibilityTimeoutSeconds: {
        kind: "integer", min: 0, max: 12 * 3600, default: 30, unit: "seconds",
        description: "How long a received message stays hidden from other workers.",
    },
    maxMessageSize: {
        kind: "integer", min: 1024, max: 1048576, default: 262144, unit: "bytes",
        description: "Largest message SQS accepts, attributes included; a larger body is answered 413.",
    },
    maxReceiveCount: {
        kind: "integer", min: 1, max: 1000, default: 5, unit: "receives",
        description: "Receives before a message moves to the dead-letter queue.",
    },
    deadLetterRetentionSeconds: {
        kind: "integer", min: 60, max: 14 * DAY, default: 14 * DAY, unit: "seconds",
        description: "How long the dead-letter queue keeps a message; never shorter than messageRetentionSeconds.",
    },
    encryption: {
        kind: "enum", values: ["sqs-managed", "kms"], default: "sqs-managed",
        description: "SSE with keys SQS owns, or a customer-managed KMS key the API's role may then use.",
    },
    kmsKeyArn: {
        kind: "string", pattern: KMS_KEY_ARN, allowed: KMS_KEY_ALLOWED, example: EXAMPLE_KEY_ARN,
        defaultText: "a new key, rotated yearly",
        description: "With encryption kms: the key of the queue and its dead-letter queue.",
    },
    fifo: {
        kind: "boolean", default: false,
        description: "A FIFO queue and dead-letter queue: in order per message group, deduplicated for 5 minutes; needs messageGroupId.",
    },
    contentBasedDeduplication: {
        kind: "boolean", default: false,
        description: "FIFO only: deduplicate requests without an idempotency key by their body (merges identical orders of two customers).",
    },
} as const satisfies Record<string, Declaration>;

/** The Lambda runtimes a consumer may use: Node.js LTS lines Lambda supports. */
export const CONSUMER_RUNTIMES = ["nodejs24.x", "nodejs22.x"] as const;

/** A route's Lambda consumer: the function that drains its queue, and the event source mapping that feeds it. */
export const CONSUMER_FIELDS = {
    code: {
        kind: "string", pattern: /^[^\s\\]+$/, example: "workers/lambda",
        allowed: "a folder, relative to the program's, holding index.ts or index.js that exports handler",
        defaultText: "the example worker, workers/lambda",
        description: "The worker's code, bundled by the program into the function's archive.",
    },
    runtime: {
        kind: "enum", values: CONSUMER_RUNTIMES, default: "nodejs24.x",
        why: "nodejs20.x is deprecated: Node.js 20 reached end of life in April 2026",
        description: "The function's Lambda runtime.",
    },
    timeoutSeconds: {
        kind: "integer", min: 1, max: 900, default: 5, unit: "seconds",
        description: "How long one batch may run; the queue's visibility timeout must be at least six times this.",
    },
    memorySize: {
        kind: "integer", min: 128, max: 10240, default: 256, unit: "megabytes",
        description: "The function's memory, and with it its share of CPU.",
    },
    batchSize: {
        kind: "integer", min: 1, max: 10000, default: 10, unit: "messages",
        description: "Messages per invocation: at most 10 from a FIFO queue; above 10 needs batchingWindowSeconds.",
    },
    batchingWindowSeconds: {
        kind: "integer", min: 0, max: 300, default: 0, unit: "seconds",
        description: "How long to gather a batch before invoking; not with a FIFO queue.",
    },
    maximumConcurrency: {
        kind: "integer", min: 2, max: 1000, default: 5, unit: "invocations",
        description: "The most invocations at once: the pace the workers drain the queue at.",
    },
    logRetentionInDays: {
        kind: "enum", values: LOG_RETENTION_DAYS, default: 30, valuesText: "one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, … 3653)",
        description: "Days CloudWatch keeps the function's logs.",
    },
} as const satisfies Record<string, Declaration>;

const CONSUMER = {
    kind: "structured", shape: "object", scope: "single-route", fields: CONSUMER_FIELDS,
    allowed: "`code`, `runtime`, `timeoutSeconds`, `memorySize`, `batchSize`, `batchingWindowSeconds`, `maximumConcurrency`, `logRetentionInDays` (docs/workers.md)",
    defaultText: "none",
    description: "A Lambda function that drains the route's queue, fed batches by an event source mapping.",
} as const;

export const EXISTING_QUEUE_FIELDS = {
    arn: {
        kind: "string", pattern: SQS_ARN, allowed: "an SQS queue ARN (arn:<partition>:sqs:<region>:<account-id>:<queue-name>)",
        example: "arn:aws:sqs:us-east-1:210987654321:fulfilment",
        description: "The queue's ARN, in any account and region of the partition; a name ending in .fifo makes the route FIFO.",
    },
    kmsKeyArn: {
        kind: "string", pattern: KMS_KEY_ARN, allowed: KMS_KEY_ALLOWED, example: EXAMPLE_KEY_ARN, defaultText: "none",
        description: "The customer-managed KMS key the queue is encrypted with, which the API's role may then use.",
    },
    visibilityTimeoutSeconds: {
        kind: "integer", min: 0, max: 12 * 3600, unit: "seconds", defaultText: "none; required with a consumer",
        description: "The queue's visibility timeout, as its owner set it, for the consumer's six-times rule.",
    },
} as const satisfies Record<string, Declaration>;

const AUTHORIZATION = {
    kind: "enum", values: ["NONE", "AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"],
    description: "Who may call: NONE (anyone with the URL), AWS_IAM (SigV4-signed callers), COGNITO_USER_POOLS (tokens of cognitoAuthorizer's pools) or CUSTOM (lambdaAuthorizer).",
} as const;

const OAUTH_SCOPES = {
    kind: "structured", shape: "list", scope: "single-route", allowed: "OAuth scopes, such as orders/write", defaultText: "none: any valid ID or access token",
    example: ["orders/write"],
    description: "With COGNITO_USER_POOLS: the scopes an access token must carry, one of them at least.",
} as const;

const API_KEY_REQUIRED = {
    kind: "boolean", scope: "single-route", defaultText: "true when apiKeys lists clients",
    description: "Callers send a client's key in x-api-key; it identifies the client for its quota, it does not authenticate.",
} as const;

export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
export const COGNITO_USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/[A-Za-z0-9_-]+$/;
export const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
export const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:regional\/webacl\/[A-Za-z0-9_-]{1,128}\/[a-f0-9-]{36}$/;
export const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

const GUIDE = "docs/front-door.md";

/** The settings of the API's front door: who may call, from which browsers, at which address, behind which firewall. */
export const FRONT_DOOR = {
    cognitoAuthorizer: {
        scope: "api", guide: GUIDE, kind: "object", description: "The Cognito user pools whose tokens COGNITO_USER_POOLS routes take.",
        fields: {
            userPoolArns: {
                kind: "structured", shape: "list", allowed: "Cognito user pool ARNs", example: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"],
                description: "The user pools, by ARN.",
            },
        },
    },
    lambdaAuthorizer: {
        scope: "api", guide: GUIDE, kind: "object", description: "The Lambda authorizer of CUSTOM routes; its invoke permission is created for this API's authorizer only.",
        fields: {
            functionArn: {
                kind: "string", pattern: LAMBDA_FUNCTION_ARN, allowed: "a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)",
                example: "arn:aws:lambda:eu-west-1:123456789012:function:orders-authorizer",
                description: "The authorizer function, by ARN.",
            },
            type: {
                kind: "enum", values: ["TOKEN", "REQUEST"], default: "TOKEN",
                description: "TOKEN (one header holds a bearer token) or REQUEST (headers, query parameters or context values).",
            },
            identitySources: {
                kind: "structured", shape: "list", allowed: "request values such as method.request.header.Authorization",
                defaultText: "`[method.request.header.Authorization]`", example: ["method.request.header.Authorization"],
                description: "Where the caller's identity is; a request without them is answered 401 without calling the function.",
            },
            resultTtlSeconds: {
                kind: "integer", min: 0, max: 3600, default: 300, unit: "seconds",
                description: "How long API Gateway caches the function's answer for one identity.",
            },
        },
    },
    apiKeys: {
        scope: "api", guide: GUIDE, kind: "object", description: "Named clients, each with an API key AWS generates and a usage plan of its own.",
        fields: {
            clients: {
                kind: "structured", shape: "list", allowed: "clients, each with `name` and optionally `quota` (`limit`, `period`) and `throttle` (`rateLimit`, `burstLimit`)",
                example: [{ name: "web-shop" }],
                description: "The clients; their keys are outputs, as secrets.",
            },
        },
    },
    cors: {
        scope: "api", guide: GUIDE, kind: "object", description: "Which browser origins may call the API; the preflight answers without calling SQS or asking for credentials.",
        fields: {
            allowOrigins: {
                kind: "structured", shape: "list", allowed: "origins such as https://shop.example.com, or * alone", example: ["https://shop.example.com"],
                description: "The origins allowed.",
            },
            allowMethods: {
                kind: "structured", shape: "list", allowed: "HTTP methods", defaultText: "the routes' methods and OPTIONS",
                description: "The methods a preflight allows.",
            },
            allowHeaders: {
                kind: "structured", shape: "list", allowed: "header names",
                defaultText: "`Content-Type`, `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token`, `X-Api-Key`, the idempotency header and every header a route reads (its FIFO group's, its attributes', a Lambda authorizer's)",
                description: "The request headers a preflight allows.",
            },
            exposeHeaders: {
                kind: "structured", shape: "list", allowed: "header names", defaultText: "`x-amzn-RequestId`",
                description: "The response headers a browser may read.",
            },
            maxAgeSeconds: {
                kind: "integer", min: 0, max: 86400, default: 600, unit: "seconds",
                description: "How long a browser may keep a preflight's answer.",
            },
            allowCredentials: {
                kind: "boolean", default: false,
                description: "Let browsers send cookies and authorization; refused with the origin *.",
            },
        },
    },
    domain: {
        scope: "api", guide: GUIDE, kind: "object", description: "A custom domain for the API, with a certificate you own.",
        fields: {
            name: {
                kind: "string", pattern: HOSTNAME, allowed: "a host name such as orders.example.com", example: "orders.example.com",
                description: "The domain name.",
            },
            certificateArn: {
                kind: "string", pattern: ACM_CERTIFICATE_ARN, allowed: "an ACM certificate ARN in the API's region",
                example: "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab",
                description: "The ACM certificate for the name, in the API's region.",
            },
            securityPolicy: {
                kind: "enum", values: ["TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09"], default: "TLS_1_2",
                description: "TLS_1_2 (TLS 1.2 and 1.3) or SecurityPolicy_TLS13_1_3_2025_09 (TLS 1.3 only); never TLS 1.0.",
            },
            basePath: {
                kind: "string", pattern: /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, allowed: "path segments such as orders or v1/orders",
                example: "orders", defaultText: "none: the domain's root",
                description: "The path under the domain where the stage is mapped.",
            },
            hostedZoneId: {
                kind: "string", pattern: /^Z[A-Z0-9]{1,32}$/, allowed: "a Route 53 hosted zone id (Z…)", example: "Z0123456789ABCDEFGHIJ", defaultText: "none",
                description: "A Route 53 zone to create the name's alias record in.",
            },
            disableExecuteApiEndpoint: {
                kind: "boolean", default: false,
                description: "Turn off the default execute-api URL, so that callers must use the domain.",
            },
        },
    },
    endpointType: {
        scope: "api", guide: GUIDE, kind: "enum", values: ["REGIONAL", "PRIVATE"], default: "REGIONAL",
        description: "REGIONAL (on the internet) or PRIVATE (reachable only through the VPC endpoints in vpcEndpointIds).",
    },
    vpcEndpointIds: {
        scope: "api", guide: GUIDE, kind: "structured", shape: "list", allowed: "VPC endpoint ids (vpce-…)", defaultText: "none", example: ["vpce-0123456789abcdef0"],
        description: "With PRIVATE: the interface endpoints of execute-api allowed to call; the API's resource policy lets only them in.",
    },
    webAcl: {
        scope: "api", guide: GUIDE, kind: "object", description: "A WAF web ACL in front of the stage: an existing one by ARN, or one created.",
        fields: {
            arn: {
                kind: "string", pattern: WEB_ACL_ARN, allowed: "a regional WAFv2 web ACL ARN", defaultText: "none",
                example: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/orders/a1b2c3d4-5678-90ab-cdef-111122223333",
                description: "An existing web ACL, such as one Firewall Manager owns.",
            },
            create: {
                kind: "boolean", default: false,
                description: "Create one: AWS's rules for common attacks, known bad inputs and IP reputation, and a rate limit per client IP.",
            },
            rateLimitPerIp: {
                kind: "integer", min: 10, max: 2000000000, default: 60000, unit: "requests",
                description: "With create: the requests one IP address may make in 5 minutes before WAF answers 429; at least throttle.rateLimit × 300.",
            },
        },
    },
    tracing: {
        scope: "api", guide: GUIDE, kind: "boolean", default: false,
        description: "X-Ray tracing of the stage's requests.",
    },
} as const satisfies Record<string, TopDeclaration>;

const MESSAGE_GROUP_ID = {
    kind: "structured", shape: "object", scope: "single-route",
    allowed: "exactly one of `header`, `bodyField`, `pathParameter`, `value`, `context` (the authenticated caller)",
    defaultText: "none; required with a FIFO queue",
    description: "Where a FIFO message's group comes from.",
} as const;

const MESSAGE_ATTRIBUTES = {
    kind: "structured", shape: "object", scope: "single-route",
    allowed: "attribute name to one of `header`, `query`, `pathParameter`, `context`, with `dataType`",
    defaultText: "none",
    description: "Request values sent as message attributes: at most 8, or 7 on a route whose messages carry its caller.",
} as const;

const REQUEST_SCHEMA = {
    kind: "structured", shape: "object", scope: "single-route",
    allowed: "a JSON Schema (draft 4)",
    defaultText: "none",
    description: "The schema request bodies must match; API Gateway answers 400 otherwise, before SQS.",
} as const;

/** One route of `routes`: the fields it takes besides those it shares with the single route. */
export const ROUTE_FIELDS = {
    path: {
        kind: "string", pattern: /^\S+$/, example: "stores/{storeId}/orders",
        allowed: "segments separated by '/', each of letters, digits, '.', '_' or '-' (not . or ..) or a parameter such as {storeId}",
        description: "The route's path below the stage.",
    },
    method: {
        kind: "enum", values: ["POST", "PUT", "PATCH"], default: "POST",
        why: "a method without a body cannot carry a message, and SQS refuses an empty one",
        description: "The route's HTTP method: one with a body, since SQS refuses an empty message.",
    },
    authorization: { ...AUTHORIZATION, defaultText: "the API's authorization", description: "The route's own authorization." },
    oauthScopes: OAUTH_SCOPES,
    apiKeyRequired: API_KEY_REQUIRED,
    queue: { kind: "object", fields: QUEUE_FIELDS, description: "The route's queue and dead-letter queue." },
    existingQueue: {
        kind: "object", fields: EXISTING_QUEUE_FIELDS, defaultText: "none",
        description: "A queue that exists already, instead of a new one; no queue, dead-letter queue or alarm is then created.",
    },
    messageGroupId: MESSAGE_GROUP_ID,
    messageAttributes: MESSAGE_ATTRIBUTES,
    requestSchema: REQUEST_SCHEMA,
    consumer: CONSUMER,
} as const satisfies Record<string, Declaration>;

/** Where alarms page: a topic of one's own, or subscribers of one the stack creates; on when either is given. */
function pagingFields(descriptions: { readonly enabled: string; readonly snsTopicArn: string; readonly subscribers: string }) {
    return {
        enabled: { kind: "boolean", defaultText: "on when snsTopicArn or subscribers is given", description: descriptions.enabled },
        snsTopicArn: {
            kind: "string", pattern: SNS_TOPIC_ARN, allowed: "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)",
            example: "arn:aws:sns:eu-west-1:123456789012:orders-alerts", defaultText: "none", description: descriptions.snsTopicArn,
        },
        subscribers: {
            kind: "structured", shape: "list", allowed: "email addresses and HTTPS URLs", defaultText: "none",
            example: ["orders-oncall@example.com"], description: descriptions.subscribers,
        },
    } as const satisfies Record<string, Declaration>;
}

/** Every setting of the component and of the program, by its key. */
export const SETTINGS = {
    path: {
        scope: "single-route", kind: "string", pattern: PATH_SEGMENT, default: "orders", example: "orders",
        allowed: "one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..)",
        description: "The single route's path: POST https://<api>/<stage>/<path>.",
    },
    authorization: {
        ...AUTHORIZATION, scope: "api", default: "NONE",
        description: "Who may call every route without its own: NONE (anyone with the URL), AWS_IAM (SigV4), COGNITO_USER_POOLS or CUSTOM (a Lambda authorizer).",
    },
    oauthScopes: OAUTH_SCOPES,
    apiKeyRequired: API_KEY_REQUIRED,
    queue: { scope: "single-route", kind: "object", fields: QUEUE_FIELDS, description: "The single route's queue and dead-letter queue." },
    messageGroupId: MESSAGE_GROUP_ID,
    messageAttributes: MESSAGE_ATTRIBUTES,
    requestSchema: REQUEST_SCHEMA,
    consumer: CONSUMER,
    routes: {
        scope: "api", guide: "docs/routes.md", kind: "structured", shape: "list", fields: ROUTE_FIELDS,
        allowed: "routes, each with `path` and optionally `method`, `authorization`, `oauthScopes`, `apiKeyRequired`, `queue` or `existingQueue`, `messageGroupId`, `messageAttributes`, `requestSchema`, `consumer`",
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
    throttle: {
        scope: "api", kind: "object", description: "The stage's throttling, for every method.",
        fields: {
            rateLimit: {
                kind: "integer", min: 1, max: 1000000, default: 100, unit: "requests per second",
                description: "Steady-state requests per second; more are answered 429.",
            },
            burstLimit: {
                kind: "integer", min: 1, max: 1000000, default: 200, unit: "requests",
                description: "Requests allowed in a burst above the rate.",
            },
        },
    },
    accessLogs: {
        scope: "api", kind: "object", description: "The stage's JSON access logs.",
        fields: {
            enabled: {
                kind: "boolean", default: true,
                description: "Write access logs; the account needs API Gateway's CloudWatch role (see manageCloudWatchRole).",
            },
            retentionInDays: {
                kind: "enum", values: LOG_RETENTION_DAYS, default: 30, valuesText: "one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, … 3653)",
                description: "Days CloudWatch keeps the logs.",
            },
        },
    },
    manageCloudWatchRole: {
        scope: "api", kind: "boolean", default: false,
        description: "Create the account's API Gateway CloudWatch role and point the region's account settings at it (one per account and region).",
    },
    permissionsBoundary: {
        scope: "api", kind: "string", pattern: IAM_POLICY_ARN, allowed: "an IAM policy ARN (arn:aws:iam::<account>:policy/<name>)",
        example: "arn:aws:iam::123456789012:policy/orders-boundary", defaultText: "none",
        description: "The permissions boundary of every IAM role the stack creates, which a deploy role limited to bounded roles requires.",
    },
    protectQueues: {
        scope: "api", kind: "boolean", default: false,
        description: "Protect the queues from pulumi destroy, and keep them in AWS if removed from the program.",
    },
    alarms: {
        scope: "api", guide: "docs/alarms.md", kind: "object", description: "Alarms that page someone: per route, dead letters, the oldest message's age, the API's 5XX rate and p99 latency, the consumer's errors and throttles.",
        fields: {
            ...pagingFields({
                enabled: "Raise the alarms and page someone; refused without somewhere to send them.",
                snsTopicArn: "An existing SNS topic the alarms notify when they go off and when they clear.",
                subscribers: "Instead of a topic: a topic is created for the alarms, with these subscriptions.",
            }),
            oldestMessageAgeSeconds: {
                kind: "integer", min: 60, max: 14 * DAY, unit: "seconds", defaultText: "a quarter of the queue's messageRetentionSeconds",
                description: "Page when a queue's oldest message is older than this: a backlog, long before retention deletes it.",
            },
            serverErrorPercent: {
                kind: "integer", min: 1, max: 100, default: 5, unit: "percent",
                description: "Page when more of a route's requests than this answer 5XX, in 3 of 5 minutes.",
            },
            latencyP99Milliseconds: {
                kind: "integer", min: 50, max: 29000, default: 2000, unit: "milliseconds",
                description: "Page when a route's p99 latency is above this, in 2 of 3 five-minute periods.",
            },
            consumerErrors: {
                kind: "integer", min: 1, max: 100000, default: 1, unit: "invocations",
                description: "Page when a consumer fails this many invocations in 5 minutes (a whole batch failed or the function crashed).",
            },
            consumerThrottles: {
                kind: "integer", min: 1, max: 100000, default: 5, unit: "invocations",
                description: "Page when Lambda throttles a consumer this many times in 5 minutes.",
            },
        },
    },
    deadLetterAlarm: {
        scope: "api", guide: "docs/alarms.md", kind: "object", description: "The dead-letter alarm alone, as before alarms; superseded by alarms, and refused beside it.",
        fields: pagingFields({
            enabled: "Raise the alarm as soon as a dead-letter queue holds a message; refused without somewhere to send it.",
            snsTopicArn: "An existing SNS topic the alarm notifies when it goes off and when it clears.",
            subscribers: "Instead of a topic: a topic is created for the alarm, with these subscriptions.",
        }),
    },
    ...FRONT_DOOR,
    tags: {
        scope: "api", kind: "structured", shape: "object", allowed: "tag key to string value (keys 1–128 characters, not starting with aws:)",
        defaultText: "none",
        description: "Tags for every resource that takes them.",
    },
} as const satisfies Record<string, TopDeclaration>;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The declaration of a dotted key (`queue.maxMessageSize`); a listed route's keys (`routes[2].queue.fifo`) are looked up as a route's. */
export function declarationOf(key: string): Declaration | undefined {
    const routeKey = /^routes\[\d+\]\.(.+)$/.exec(key)?.[1];
    const [first, ...rest] = (routeKey ?? key).split(".");
    // The single route's keys are top-level settings; what only a listed route has (its method) is a route's.
    let declaration: Declaration | undefined = routeKey
        ? (ROUTE_FIELDS as Record<string, Declaration>)[first]
        : (SETTINGS as Record<string, Declaration>)[first] ?? (ROUTE_FIELDS as Record<string, Declaration>)[first];
    for (const part of rest) {
        declaration = declaration && "fields" in declaration && declaration.fields ? declaration.fields[part] : undefined;
    }
    return declaration;
}

/** The default of each setting that has a literal one, nested as the arguments are. */
export function defaultsOf(declarations: Readonly<Record<string, Declaration>>): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(declarations)) {
        if (declaration.kind === "object") {
            defaults[key] = defaultsOf(declaration.fields);
        } else if ("default" in declaration && declaration.default !== undefined) {
            defaults[key] = declaration.default;
        }
    }
    return defaults;
}

function durationWords(seconds: number): string {
    if (seconds >= DAY && seconds % DAY === 0) {
        return `${seconds / DAY} day${seconds === DAY ? "" : "s"}`;
    }
    return seconds >= 3600 && seconds % 3600 === 0 ? `${seconds / 3600} hours` : "";
}

/** The default as the docs write it: "`345600` (4 days)", "`orders`", or the declaration's words. */
export function defaultWords(declaration: Declaration): string | undefined {
    if (declaration.defaultText !== undefined) {
        return declaration.defaultText;
    }
    if (!("default" in declaration) || declaration.default === undefined) {
        return undefined;
    }
    const value = `\`${String(declaration.default)}\``;
    const words = declaration.kind === "integer" && declaration.unit === "seconds" ? durationWords(declaration.default) : "";
    return words ? `${value} (${words})` : value;
}

/** What a value may be, as the docs write it: "integer seconds, 60–1209600". */
export function allowedWords(declaration: Declaration): string {
    switch (declaration.kind) {
        case "integer":
            return `integer${declaration.unit ? ` ${declaration.unit}` : ""}, ${declaration.min}–${declaration.max}`;
        case "boolean":
            return "`true` or `false`";
        case "enum":
            return declaration.valuesText ?? declaration.values.map((v) => `\`${String(v)}\``).join(" or ");
        case "string":
            return declaration.allowed;
        case "object":
            return `an object: ${Object.keys(declaration.fields).map((k) => `\`${k}\``).join(", ")}`;
        case "structured":
            return `${declaration.shape === "list" ? "a list" : "an object"}: ${declaration.allowed}`;
    }
}

/** The doc comment an argument carries: its description, then its default (or that it is required). */
export function docOf(declaration: Declaration): string {
    if (declaration.kind === "object" && declaration.defaultText === undefined) {
        return `${declaration.description} Each field has its own default.`;
    }
    const words = defaultWords(declaration);
    return `${declaration.description} ${words === undefined ? "Required." : `Defaults to ${words}.`}`;
}
