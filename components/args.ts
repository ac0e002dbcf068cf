// The QueueApi component's arguments and their defaults, as plain types and data.

/** How callers must authenticate. `NONE` is an open write endpoint protected only by throttling. */
export type Authorization = "NONE" | "AWS_IAM";
export const AUTHORIZATIONS: readonly Authorization[] = ["NONE", "AWS_IAM"];

/** Settings of the queue a route writes to, and of its dead-letter queue. */
export interface QueueArgs {
    /** How long SQS keeps an unconsumed message, in seconds (60 to 1209600). Defaults to 345600 (4 days). */
    readonly messageRetentionSeconds?: number;
    /** How long a received message stays hidden from other workers, in seconds (0 to 43200). Defaults to 30. */
    readonly visibilityTimeoutSeconds?: number;
    /** Largest message SQS accepts, in bytes (1024 to 1048576). Defaults to 262144. */
    readonly maxMessageSize?: number;
    /** Receives before a message moves to the dead-letter queue (1 to 1000). Defaults to 5. */
    readonly maxReceiveCount?: number;
    /**
     * How long the dead-letter queue keeps a message, in seconds (60 to 1209600, and never shorter
     * than `messageRetentionSeconds`). Defaults to 1209600 (14 days, the maximum).
     */
    readonly deadLetterRetentionSeconds?: number;
    /**
     * `sqs-managed` (SSE with keys SQS owns) or `kms` (a customer-managed KMS key, which the API's
     * role is then allowed to use). Defaults to `sqs-managed`.
     */
    readonly encryption?: Encryption;
    /**
     * With `encryption: kms`: the key for the queue and its dead-letter queue, by ARN. Defaults to a
     * new key, with yearly rotation, created for them.
     */
    readonly kmsKeyArn?: string;
    /**
     * A FIFO queue (and a FIFO dead-letter queue): messages of one group are delivered in order and
     * duplicates within SQS's 5-minute window are dropped. Needs the route's `messageGroupId`.
     * Defaults to false.
     */
    readonly fifo?: boolean;
    /**
     * FIFO only: drop a message whose body equals one sent in the last 5 minutes when the request
     * has no idempotency key. Defaults to false: it would merge two customers' identical orders.
     */
    readonly contentBasedDeduplication?: boolean;
}

/** A queue created elsewhere. */
export interface ExistingQueueArgs {
    /** The queue's ARN. A name ending in `.fifo` makes the route a FIFO route. */
    readonly arn: string;
    /** The customer-managed KMS key the queue is encrypted with, if any: the API's role may use it. */
    readonly kmsKeyArn?: string;
}

/** Where a FIFO message's group comes from: exactly one of these. */
export interface MessageGroupSource {
    /** A request header, e.g. `Customer-Id`. */
    readonly header?: string;
    /** A top-level field of the JSON body, e.g. `customerId`. */
    readonly bodyField?: string;
    /** A parameter of the route's path, e.g. `storeId` for `stores/{storeId}/orders`. */
    readonly pathParameter?: string;
    /** The same group for every message: one ordered stream. */
    readonly value?: string;
}

/** Request values a message attribute can come from. */
export const CONTEXT_VALUES = {
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    stage: "$context.stage",
    callerArn: "$context.identity.userArn",
    authorizerPrincipalId: "$context.authorizer.principalId",
} as const;
export type ContextValue = keyof typeof CONTEXT_VALUES;

/** Where a message attribute's value comes from (exactly one source), and its SQS data type. */
export interface AttributeSource {
    readonly header?: string;
    readonly query?: string;
    readonly pathParameter?: string;
    /** `sourceIp`, `userAgent`, `stage`, `callerArn` (IAM callers) or `authorizerPrincipalId`. */
    readonly context?: ContextValue;
    /** `String` or `Number`. Defaults to `String`. */
    readonly dataType?: "String" | "Number";
}

/** Attributes every message carries; they count towards SQS's limit of 10 per message. */
export const RESERVED_ATTRIBUTES = ["requestId", "idempotencyKey"];
export const MAX_ATTRIBUTES = 10;

export type Encryption = "sqs-managed" | "kms";
export const ENCRYPTIONS: readonly Encryption[] = ["sqs-managed", "kms"];

/** The HTTP methods a route may take: each carries a body, and SQS refuses an empty message. */
export type HttpMethod = "POST" | "PUT" | "PATCH";
export const HTTP_METHODS: readonly HttpMethod[] = ["POST", "PUT", "PATCH"];

/** One route of an API with several: its own path, method and queue. */
export interface RouteArgs {
    /**
     * The path below the stage: segments of letters, digits, `.`, `_` or `-`, or a path parameter
     * such as `{storeId}`; for example `stores/{storeId}/orders`. Required.
     */
    readonly path: string;
    /** `POST`, `PUT` or `PATCH`. Defaults to `POST`. */
    readonly method?: HttpMethod;
    /** Defaults to the API's `authorization`. */
    readonly authorization?: Authorization;
    /** The route's queue and its dead-letter queue. Defaults as in `QueueArgs`. Not with `existingQueue`. */
    readonly queue?: QueueArgs;
    /**
     * A queue that already exists, in any account and region of the partition, instead of a new
     * one: no queue, dead-letter queue or alarm is created for the route. Defaults to none.
     */
    readonly existingQueue?: ExistingQueueArgs;
    /** With a FIFO queue, where each message's group comes from. Required then, refused otherwise. */
    readonly messageGroupId?: MessageGroupSource;
    /** More message attributes, by name. An absent or empty value sends no attribute. Defaults to none. */
    readonly messageAttributes?: Readonly<Record<string, AttributeSource>>;
    /**
     * A JSON Schema (draft 4) the request body must match; API Gateway answers 400 with its
     * validation message otherwise, and the body never reaches the queue. Defaults to none.
     */
    readonly requestSchema?: Readonly<Record<string, unknown>>;
}

/** An alarm on each dead-letter queue, so that a message that failed for good is noticed. */
export interface DeadLetterAlarmArgs {
    /** Raise an alarm as soon as a dead-letter queue holds a message. Defaults to true. */
    readonly enabled?: boolean;
    /** An SNS topic to notify when the alarm goes off and when it clears, by ARN. Defaults to none. */
    readonly snsTopicArn?: string;
}

/** Stage-wide throttling. Both limits are whole numbers of requests. */
export interface ThrottleArgs {
    /** Steady-state requests per second (1 to 1000000). Defaults to 100. */
    readonly rateLimit?: number;
    /** Requests allowed in a burst above the rate (1 to 1000000). Defaults to 200. */
    readonly burstLimit?: number;
}

/** JSON access logs of the stage. */
export interface AccessLogArgs {
    /**
     * Write access logs. Defaults to true. The account must have an API Gateway CloudWatch role
     * (see `manageCloudWatchRole`) or the stage is rejected.
     */
    readonly enabled?: boolean;
    /** Days CloudWatch keeps the logs (one of CloudWatch's retention values). Defaults to 30. */
    readonly retentionInDays?: number;
}

export interface QueueApiArgs {
    /**
     * The path of the API's single route: one segment of letters, digits, `.`, `_` or `-`.
     * Defaults to `orders`. Not with `routes`.
     */
    readonly path?: string;
    /** `NONE` or `AWS_IAM`, for every route that does not set its own. Defaults to `NONE`: anyone who knows the URL can write. */
    readonly authorization?: Authorization;
    /** The single route's queue and dead-letter queue. Defaults as in `QueueArgs`. Not with `routes`. */
    readonly queue?: QueueArgs;
    /**
     * Several routes on one API, each with its own queue, instead of the single route that `path`
     * and `queue` describe. Defaults to that single route.
     */
    readonly routes?: readonly RouteArgs[];
    /** The single route's `messageGroupId` (see `RouteArgs`). Not with `routes`. */
    readonly messageGroupId?: MessageGroupSource;
    /** The single route's `messageAttributes` (see `RouteArgs`). Not with `routes`. */
    readonly messageAttributes?: Readonly<Record<string, AttributeSource>>;
    /** The single route's `requestSchema` (see `RouteArgs`). Not with `routes`. */
    readonly requestSchema?: Readonly<Record<string, unknown>>;
    /**
     * The request header whose value identifies a client's retries: sent as the `idempotencyKey`
     * attribute, and with FIFO queues as the deduplication id. Defaults to `Idempotency-Key`.
     */
    readonly idempotencyHeader?: string;
    /** Name of the API Gateway stage (letters, digits, `_`, `-`; up to 128). Defaults to `v1`. */
    readonly stageName?: string;
    /** Stage throttling. Defaults as in `ThrottleArgs`. */
    readonly throttle?: ThrottleArgs;
    /** Stage access logs. Defaults as in `AccessLogArgs`. */
    readonly accessLogs?: AccessLogArgs;
    /**
     * Create the account-wide API Gateway CloudWatch role and point the account at it. Defaults to
     * false: the setting is one per account and region, so a stack that owns it overwrites it for
     * every other API there.
     */
    readonly manageCloudWatchRole?: boolean;
    /** Protect the queues from `pulumi destroy` and keep them in AWS if removed. Defaults to false. */
    readonly protectQueues?: boolean;
    /** The alarm on each dead-letter queue. Defaults as in `DeadLetterAlarmArgs`. */
    readonly deadLetterAlarm?: DeadLetterAlarmArgs;
    /** Tags for every resource that takes them. Defaults to none. */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Every setting with its default applied. */
export type QueueSettings = Required<Omit<QueueArgs, "kmsKeyArn">> & { readonly kmsKeyArn?: string };

export interface RouteSettings {
    /** How outputs name the route: `POST /orders`. */
    readonly key: string;
    readonly method: HttpMethod;
    readonly path: string;
    readonly authorization: Authorization;
    readonly queue: QueueSettings;
    readonly messageGroupId?: MessageGroupSource;
    readonly messageAttributes: Readonly<Record<string, AttributeSource>>;
    readonly requestSchema?: Readonly<Record<string, unknown>>;
    readonly existingQueue?: ExistingQueueArgs;
}

export interface QueueApiSettings {
    readonly path: string;
    readonly authorization: Authorization;
    readonly queue: QueueSettings;
    /** Set only when the arguments list routes; see `routesOf`. */
    readonly routes?: readonly RouteSettings[];
    readonly messageGroupId?: MessageGroupSource;
    readonly messageAttributes?: RouteSettings["messageAttributes"];
    readonly requestSchema?: Readonly<Record<string, unknown>>;
    readonly idempotencyHeader: string;
    readonly stageName: string;
    readonly throttle: Required<ThrottleArgs>;
    readonly accessLogs: Required<AccessLogArgs>;
    readonly manageCloudWatchRole: boolean;
    readonly protectQueues: boolean;
    readonly deadLetterAlarm: { readonly enabled: boolean; readonly snsTopicArn?: string };
    readonly tags: Readonly<Record<string, string>>;
}

const DAY = 86400;

export const DEFAULTS: QueueApiSettings = {
    path: "orders",
    authorization: "NONE",
    queue: {
        messageRetentionSeconds: 4 * DAY,
        visibilityTimeoutSeconds: 30,
        maxMessageSize: 262144,
        maxReceiveCount: 5,
        deadLetterRetentionSeconds: 14 * DAY,
        encryption: "sqs-managed",
        fifo: false,
        contentBasedDeduplication: false,
    },
    idempotencyHeader: "Idempotency-Key",
    stageName: "v1",
    throttle: { rateLimit: 100, burstLimit: 200 },
    accessLogs: { enabled: true, retentionInDays: 30 },
    manageCloudWatchRole: false,
    protectQueues: false,
    deadLetterAlarm: { enabled: true },
    tags: {},
};

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
