// The QueueApi component's arguments, as plain types. Each property's doc comment is its
// declaration's (declarations.ts: description, then default), held equal by a test.

// The choices are objects of constants with a type of the same name, rather than bare unions of
// strings: TypeScript callers write the same strings as ever, and Pulumi's component analyzer turns
// each into an enum of the package schema, for programs in every language.

/** How callers must authenticate. `NONE` is an open write endpoint protected only by throttling. */
export const Authorization = {
    /** Anyone who knows the URL can write; throttling is the only limit. */
    NONE: "NONE",
    /** Callers sign their requests with SigV4 and need `execute-api:Invoke`. */
    AWS_IAM: "AWS_IAM",
} as const;
export type Authorization = (typeof Authorization)[keyof typeof Authorization];
export const AUTHORIZATIONS: readonly Authorization[] = Object.values(Authorization);

/** How the queues are encrypted at rest. */
export const Encryption = {
    /** SSE with keys SQS owns. */
    SqsManaged: "sqs-managed",
    /** A customer-managed KMS key, which the API's role may then use. */
    Kms: "kms",
} as const;
export type Encryption = (typeof Encryption)[keyof typeof Encryption];
export const ENCRYPTIONS: readonly Encryption[] = Object.values(Encryption);

/** The HTTP methods a route may take: each carries a body, and SQS refuses an empty message. */
export const HttpMethod = { POST: "POST", PUT: "PUT", PATCH: "PATCH" } as const;
export type HttpMethod = (typeof HttpMethod)[keyof typeof HttpMethod];
export const HTTP_METHODS: readonly HttpMethod[] = Object.values(HttpMethod);

/** Settings of the queue a route writes to, and of its dead-letter queue. */
export interface QueueArgs {
    /** How long SQS keeps an unconsumed message. Defaults to `345600` (4 days). */
    readonly messageRetentionSeconds?: number;
    /** How long a received message stays hidden from other workers. Defaults to `30`. */
    readonly visibilityTimeoutSeconds?: number;
    /** Largest message SQS accepts, attributes included; a larger body is answered 413. Defaults to `262144`. */
    readonly maxMessageSize?: number;
    /** Receives before a message moves to the dead-letter queue. Defaults to `5`. */
    readonly maxReceiveCount?: number;
    /** How long the dead-letter queue keeps a message; never shorter than messageRetentionSeconds. Defaults to `1209600` (14 days). */
    readonly deadLetterRetentionSeconds?: number;
    /** SSE with keys SQS owns, or a customer-managed KMS key the API's role may then use. Defaults to `sqs-managed`. */
    readonly encryption?: Encryption;
    /** With encryption kms: the key of the queue and its dead-letter queue. Defaults to a new key, rotated yearly. */
    readonly kmsKeyArn?: string;
    /** A FIFO queue and dead-letter queue: in order per message group, deduplicated for 5 minutes; needs messageGroupId. Defaults to `false`. */
    readonly fifo?: boolean;
    /** FIFO only: deduplicate requests without an idempotency key by their body (merges identical orders of two customers). Defaults to `false`. */
    readonly contentBasedDeduplication?: boolean;
}

/** A queue created elsewhere. */
export interface ExistingQueueArgs {
    /** The queue's ARN, in any account and region of the partition; a name ending in .fifo makes the route FIFO. Required. */
    readonly arn: string;
    /** The customer-managed KMS key the queue is encrypted with, which the API's role may then use. Defaults to none. */
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

/** Request values a message attribute can come from, by name. */
export const ContextValue = {
    sourceIp: "sourceIp",
    userAgent: "userAgent",
    stage: "stage",
    /** The caller's ARN, for AWS_IAM routes. */
    callerArn: "callerArn",
    authorizerPrincipalId: "authorizerPrincipalId",
} as const;
export type ContextValue = (typeof ContextValue)[keyof typeof ContextValue];

/** Where API Gateway finds each context value. */
export const CONTEXT_VALUES: Readonly<Record<ContextValue, string>> = {
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    stage: "$context.stage",
    callerArn: "$context.identity.userArn",
    authorizerPrincipalId: "$context.authorizer.principalId",
};

/** The SQS data type of a message attribute. */
export const AttributeDataType = { String: "String", Number: "Number" } as const;
export type AttributeDataType = (typeof AttributeDataType)[keyof typeof AttributeDataType];

/** Where a message attribute's value comes from (exactly one source), and its SQS data type. */
export interface AttributeSource {
    readonly header?: string;
    readonly query?: string;
    readonly pathParameter?: string;
    /** `sourceIp`, `userAgent`, `stage`, `callerArn` (IAM callers) or `authorizerPrincipalId`. */
    readonly context?: ContextValue;
    /** `String` or `Number`. Defaults to `String`. */
    readonly dataType?: AttributeDataType;
}

/** Attributes every message carries; they count towards SQS's limit of 10 per message. */
export const RESERVED_ATTRIBUTES = ["requestId", "idempotencyKey"];
export const MAX_ATTRIBUTES = 10;

/** One route of an API with several: its own path, method and queue. */
export interface RouteArgs {
    /** The route's path below the stage. Required. */
    readonly path: string;
    /** The route's HTTP method: one with a body, since SQS refuses an empty message. Defaults to `POST`. */
    readonly method?: HttpMethod;
    /** The route's own authorization. Defaults to the API's authorization. */
    readonly authorization?: Authorization;
    /** The route's queue and dead-letter queue. Each field has its own default. */
    readonly queue?: QueueArgs;
    /** A queue that exists already, instead of a new one; no queue, dead-letter queue or alarm is then created. Defaults to none. */
    readonly existingQueue?: ExistingQueueArgs;
    /** Where a FIFO message's group comes from. Defaults to none; required with a FIFO queue. */
    readonly messageGroupId?: MessageGroupSource;
    /** Request values sent as message attributes, at most 8. Defaults to none. */
    readonly messageAttributes?: Readonly<Record<string, AttributeSource>>;
    /** The schema request bodies must match; API Gateway answers 400 otherwise, before SQS. Defaults to none. */
    readonly requestSchema?: { readonly [key: string]: any };
}

/** An alarm on each dead-letter queue, so that a message that failed for good is noticed. */
export interface DeadLetterAlarmArgs {
    /** Raise the alarm as soon as a dead-letter queue holds a message; refused without somewhere to send it. Defaults to on when snsTopicArn or subscribers is given. */
    readonly enabled?: boolean;
    /** An existing SNS topic the alarm notifies when it goes off and when it clears. Defaults to none. */
    readonly snsTopicArn?: string;
    /** Instead of a topic: a topic is created for the alarm, with these subscriptions. Defaults to none. */
    readonly subscribers?: string[];
}

/** Stage-wide throttling. */
export interface ThrottleArgs {
    /** Steady-state requests per second; more are answered 429. Defaults to `100`. */
    readonly rateLimit?: number;
    /** Requests allowed in a burst above the rate. Defaults to `200`. */
    readonly burstLimit?: number;
}

/** JSON access logs of the stage. */
export interface AccessLogArgs {
    /** Write access logs; the account needs API Gateway's CloudWatch role (see manageCloudWatchRole). Defaults to `true`. */
    readonly enabled?: boolean;
    /** Days CloudWatch keeps the logs. Defaults to `30`. */
    readonly retentionInDays?: number;
}

export interface QueueApiArgs {
    /** The single route's path: POST https://<api>/<stage>/<path>. Defaults to `orders`. */
    readonly path?: string;
    /** NONE (open: anyone with the URL can write, throttling is the only limit) or AWS_IAM (SigV4-signed callers), for every route without its own. Defaults to `NONE`. */
    readonly authorization?: Authorization;
    /** The single route's queue and dead-letter queue. Each field has its own default. */
    readonly queue?: QueueArgs;
    /** Where a FIFO message's group comes from. Defaults to none; required with a FIFO queue. */
    readonly messageGroupId?: MessageGroupSource;
    /** Request values sent as message attributes, at most 8. Defaults to none. */
    readonly messageAttributes?: Readonly<Record<string, AttributeSource>>;
    /** The schema request bodies must match; API Gateway answers 400 otherwise, before SQS. Defaults to none. */
    readonly requestSchema?: { readonly [key: string]: any };
    /** Several routes on one API, each with its own queue, instead of the single route. Defaults to one POST route from the single-route settings. */
    readonly routes?: RouteArgs[];
    /** The request header that identifies a client's retries: the idempotencyKey attribute, and the FIFO deduplication id. Defaults to `Idempotency-Key`. */
    readonly idempotencyHeader?: string;
    /** The API Gateway stage's name, the first segment of every URL. Defaults to `v1`. */
    readonly stageName?: string;
    /** The stage's throttling, for every method. Each field has its own default. */
    readonly throttle?: ThrottleArgs;
    /** The stage's JSON access logs. Each field has its own default. */
    readonly accessLogs?: AccessLogArgs;
    /** Create the account's API Gateway CloudWatch role and point the region's account settings at it (one per account and region). Defaults to `false`. */
    readonly manageCloudWatchRole?: boolean;
    /** The permissions boundary of every IAM role the stack creates, which a deploy role limited to bounded roles requires. Defaults to none. */
    readonly permissionsBoundary?: string;
    /** Protect the queues from pulumi destroy, and keep them in AWS if removed from the program. Defaults to `false`. */
    readonly protectQueues?: boolean;
    /** An alarm on each dead-letter queue, notifying someone when a message lands there. Each field has its own default. */
    readonly deadLetterAlarm?: DeadLetterAlarmArgs;
    /** Tags for every resource that takes them. Defaults to none. */
    readonly tags?: Readonly<Record<string, string>>;
}

/** A queue's settings with every default applied. */
export type QueueSettings = Required<Omit<QueueArgs, "kmsKeyArn">> & { readonly kmsKeyArn?: string };

/** One route with every default applied: the single-route form is a route like any other. */
export interface RouteSettings {
    /** How outputs name the route: `POST /orders`. */
    readonly key: string;
    /**
     * What the route's resources are named after, below the component's name: `post-orders` gives
     * `<name>-post-orders-queue`. Empty for the single-route form, whose resources have always been
     * named `<name>-queue`, `<name>-resource` and so on, so that existing stacks keep them.
     */
    readonly nameFragment: string;
    readonly method: HttpMethod;
    readonly path: string;
    readonly authorization: Authorization;
    readonly queue: QueueSettings;
    readonly messageGroupId?: MessageGroupSource;
    readonly messageAttributes: Readonly<Record<string, AttributeSource>>;
    readonly requestSchema?: { readonly [key: string]: any };
    readonly existingQueue?: ExistingQueueArgs;
}

export interface DeadLetterAlarmSettings {
    readonly enabled: boolean;
    readonly snsTopicArn?: string;
    readonly subscribers: readonly string[];
}

/** Every setting with its default applied, the routes normalised into one list. */
export interface QueueApiSettings {
    /** At least one: the listed routes, or the single route. */
    readonly routes: readonly RouteSettings[];
    readonly authorization: Authorization;
    readonly idempotencyHeader: string;
    readonly stageName: string;
    readonly throttle: Required<ThrottleArgs>;
    readonly accessLogs: Required<AccessLogArgs>;
    readonly manageCloudWatchRole: boolean;
    readonly permissionsBoundary?: string;
    readonly protectQueues: boolean;
    readonly deadLetterAlarm: DeadLetterAlarmSettings;
    readonly tags: Readonly<Record<string, string>>;
}
