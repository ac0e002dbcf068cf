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
    /** Callers send a token of one of `cognitoAuthorizer`'s user pools. */
    COGNITO_USER_POOLS: "COGNITO_USER_POOLS",
    /** `lambdaAuthorizer` decides. */
    CUSTOM: "CUSTOM",
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

/** What a Lambda authorizer reads: one token, or request values. */
export const LambdaAuthorizerType = { TOKEN: "TOKEN", REQUEST: "REQUEST" } as const;
export type LambdaAuthorizerType = (typeof LambdaAuthorizerType)[keyof typeof LambdaAuthorizerType];

/** The TLS versions a custom domain accepts. */
export const DomainSecurityPolicy = {
    /** TLS 1.2 and 1.3. */
    TLS_1_2: "TLS_1_2",
    /** TLS 1.3 only (an enhanced policy; the endpoint access mode is then STRICT). */
    TLS_1_3: "SecurityPolicy_TLS13_1_3_2025_09",
} as const;
export type DomainSecurityPolicy = (typeof DomainSecurityPolicy)[keyof typeof DomainSecurityPolicy];

/** Where the API can be reached from. */
export const EndpointType = { REGIONAL: "REGIONAL", PRIVATE: "PRIVATE" } as const;
export type EndpointType = (typeof EndpointType)[keyof typeof EndpointType];

/** The period of a client's quota. */
export const QuotaPeriod = { DAY: "DAY", WEEK: "WEEK", MONTH: "MONTH" } as const;
export type QuotaPeriod = (typeof QuotaPeriod)[keyof typeof QuotaPeriod];
/** The Lambda runtimes a consumer may use: Node.js LTS lines Lambda supports (nodejs20.x is deprecated). */
export const Runtime = {
    Nodejs24: "nodejs24.x",
    Nodejs22: "nodejs22.x",
} as const;
export type Runtime = (typeof Runtime)[keyof typeof Runtime];

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
    /** The queue's visibility timeout, as its owner set it, for the consumer's six-times rule. Defaults to none; required with a consumer. */
    readonly visibilityTimeoutSeconds?: number;
}

/**
 * A Lambda function that drains a route's queue: the event source mapping always reports partial
 * batch failures and caps the function's concurrency. See docs/workers.md.
 */
export interface ConsumerArgs {
    /** The worker's code, bundled by the program into the function's archive. Defaults to the example worker, workers/lambda. */
    readonly code?: string;
    /** The function's Lambda runtime. Defaults to `nodejs24.x`. */
    readonly runtime?: Runtime;
    /** How long one batch may run; the queue's visibility timeout must be at least six times this. Defaults to `5`. */
    readonly timeoutSeconds?: number;
    /** The function's memory, and with it its share of CPU. Defaults to `256`. */
    readonly memorySize?: number;
    /** Messages per invocation: at most 10 from a FIFO queue; above 10 needs batchingWindowSeconds. Defaults to `10`. */
    readonly batchSize?: number;
    /** How long to gather a batch before invoking; not with a FIFO queue. Defaults to `0`. */
    readonly batchingWindowSeconds?: number;
    /** The most invocations at once: the pace the workers drain the queue at. Defaults to `5`. */
    readonly maximumConcurrency?: number;
    /** Days CloudWatch keeps the function's logs. Defaults to `30`. */
    readonly logRetentionInDays?: number;
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
    /**
     * The authenticated caller, as the route's authorization names it: `callerArn` (AWS_IAM),
     * `cognitoSubject` (COGNITO_USER_POOLS) or `authorizerPrincipalId` (CUSTOM). A caller then
     * writes only to its own group, and its idempotency keys deduplicate only its own messages.
     */
    readonly context?: ContextValue;
}

/** Request values a message attribute can come from, by name. */
export const ContextValue = {
    sourceIp: "sourceIp",
    userAgent: "userAgent",
    stage: "stage",
    /** The caller's ARN, for AWS_IAM routes. */
    callerArn: "callerArn",
    /** The principal a CUSTOM route's Lambda authorizer returns. */
    authorizerPrincipalId: "authorizerPrincipalId",
    /** The `sub` claim of a COGNITO_USER_POOLS route's token: the user's id in the pool. */
    cognitoSubject: "cognitoSubject",
} as const;
export type ContextValue = (typeof ContextValue)[keyof typeof ContextValue];

/** Where API Gateway finds each context value. */
export const CONTEXT_VALUES: Readonly<Record<ContextValue, string>> = {
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    stage: "$context.stage",
    callerArn: "$context.identity.userArn",
    authorizerPrincipalId: "$context.authorizer.principalId",
    cognitoSubject: "$context.authorizer.claims.sub",
};

/**
 * The context value that names a route's authenticated caller, by the route's authorization;
 * none for NONE, whose callers are anyone.
 */
export const CALLER_IDENTITY: Readonly<Record<Authorization, ContextValue | undefined>> = {
    NONE: undefined,
    AWS_IAM: "callerArn",
    COGNITO_USER_POOLS: "cognitoSubject",
    CUSTOM: "authorizerPrincipalId",
};

/** The SQS data type of a message attribute. */
export const AttributeDataType = { String: "String", Number: "Number" } as const;
export type AttributeDataType = (typeof AttributeDataType)[keyof typeof AttributeDataType];

/** Where a message attribute's value comes from (exactly one source), and its SQS data type. */
export interface AttributeSource {
    readonly header?: string;
    readonly query?: string;
    readonly pathParameter?: string;
    /** `sourceIp`, `userAgent`, `stage`, `callerArn` (IAM callers), `authorizerPrincipalId` or `cognitoSubject`. */
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
    /** With COGNITO_USER_POOLS: the scopes an access token must carry, one of them at least. Defaults to none: any valid ID or access token. */
    readonly oauthScopes?: string[];
    /** Callers send a client's key in x-api-key; it identifies the client for its quota, it does not authenticate. Defaults to true when apiKeys lists clients. */
    readonly apiKeyRequired?: boolean;
    /** The route's queue and dead-letter queue. Each field has its own default. */
    readonly queue?: QueueArgs;
    /** A queue that exists already, instead of a new one; no queue, dead-letter queue or alarm is then created. Defaults to none. */
    readonly existingQueue?: ExistingQueueArgs;
    /** Where a FIFO message's group comes from. Defaults to none; required with a FIFO queue. */
    readonly messageGroupId?: MessageGroupSource;
    /** Request values sent as message attributes: at most 8, or 7 on a route whose messages carry its caller. Defaults to none. */
    readonly messageAttributes?: Readonly<Record<string, AttributeSource>>;
    /** The schema request bodies must match; API Gateway answers 400 otherwise, before SQS. Defaults to none. */
    readonly requestSchema?: { readonly [key: string]: any };
    /** A Lambda function that drains the route's queue, fed batches by an event source mapping. Defaults to none. */
    readonly consumer?: ConsumerArgs;
}

/** Alarms that page someone, through one SNS topic: each route's, and each consumer's. See docs/alarms.md. */
export interface AlarmsArgs {
    /** Raise the alarms and page someone; refused without somewhere to send them. Defaults to on when snsTopicArn or subscribers is given. */
    readonly enabled?: boolean;
    /** An existing SNS topic the alarms notify when they go off and when they clear. Defaults to none. */
    readonly snsTopicArn?: string;
    /** Instead of a topic: a topic is created for the alarms, with these subscriptions. Defaults to none. */
    readonly subscribers?: string[];
    /** Page when a queue's oldest message is older than this: a backlog, long before retention deletes it. Defaults to a quarter of the queue's messageRetentionSeconds. */
    readonly oldestMessageAgeSeconds?: number;
    /** Page when more of a route's requests than this answer 5XX, in 3 of 5 minutes. Defaults to `5`. */
    readonly serverErrorPercent?: number;
    /** Page when a route's p99 latency is above this, in 2 of 3 five-minute periods. Defaults to `2000`. */
    readonly latencyP99Milliseconds?: number;
    /** Page when a consumer fails this many invocations in 5 minutes (a whole batch failed or the function crashed). Defaults to `1`. */
    readonly consumerErrors?: number;
    /** Page when Lambda throttles a consumer this many times in 5 minutes. Defaults to `5`. */
    readonly consumerThrottles?: number;
}

/** The dead-letter alarm alone, as before `alarms`, which supersedes it. */
export interface DeadLetterAlarmArgs {
    /** Raise the alarm as soon as a dead-letter queue holds a message; refused without somewhere to send it. Defaults to on when snsTopicArn or subscribers is given. */
    readonly enabled?: boolean;
    /** An existing SNS topic the alarm notifies when it goes off and when it clears. Defaults to none. */
    readonly snsTopicArn?: string;
    /** Instead of a topic: a topic is created for the alarm, with these subscriptions. Defaults to none. */
    readonly subscribers?: string[];
}

/** The Cognito user pools whose tokens COGNITO_USER_POOLS routes take. */
export interface CognitoAuthorizerArgs {
    /** The user pools, by ARN. Required. */
    readonly userPoolArns: string[];
}

/** The Lambda authorizer of CUSTOM routes. */
export interface LambdaAuthorizerArgs {
    /** The authorizer function, by ARN. Required. */
    readonly functionArn: string;
    /** TOKEN (one header holds a bearer token) or REQUEST (headers, query parameters or context values). Defaults to `TOKEN`. */
    readonly type?: LambdaAuthorizerType;
    /** Where the caller's identity is; a request without them is answered 401 without calling the function. Defaults to `[method.request.header.Authorization]`. */
    readonly identitySources?: string[];
    /** How long API Gateway caches the function's answer for one identity. Defaults to `300`. */
    readonly resultTtlSeconds?: number;
}

/** A client's quota: at most `limit` requests per `period`. */
export interface QuotaArgs {
    /** Requests allowed in a period. */
    readonly limit: number;
    /** `DAY`, `WEEK` or `MONTH`. */
    readonly period: QuotaPeriod;
}

/** A named client of the API, with its own key and usage plan. */
export interface ApiClientArgs {
    /** The client's name: letters, digits, `-` and `_`. */
    readonly name: string;
    /** Its quota. None by default. */
    readonly quota?: QuotaArgs;
    /** Its own throttling, below the stage's. None by default. */
    readonly throttle?: ThrottleArgs;
}

/** Named clients, each with an API key AWS generates and a usage plan of its own. */
export interface ApiKeysArgs {
    /** The clients; their keys are outputs, as secrets. Required. */
    readonly clients: ApiClientArgs[];
}

/** Which browser origins may call the API. */
export interface CorsArgs {
    /** The origins allowed. Required. */
    readonly allowOrigins: string[];
    /** The methods a preflight allows. Defaults to the routes' methods and OPTIONS. */
    readonly allowMethods?: string[];
    /** The request headers a preflight allows. Defaults to `Content-Type`, `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token`, `X-Api-Key`, the idempotency header and every header a route reads (its FIFO group's, its attributes', a Lambda authorizer's). */
    readonly allowHeaders?: string[];
    /** The response headers a browser may read. Defaults to `x-amzn-RequestId`. */
    readonly exposeHeaders?: string[];
    /** How long a browser may keep a preflight's answer. Defaults to `600`. */
    readonly maxAgeSeconds?: number;
    /** Let browsers send cookies and authorization; refused with the origin *. Defaults to `false`. */
    readonly allowCredentials?: boolean;
}

/** A custom domain for the API. */
export interface DomainArgs {
    /** The domain name. Required. */
    readonly name: string;
    /** The ACM certificate for the name, in the API's region. Required. */
    readonly certificateArn: string;
    /** TLS_1_2 (TLS 1.2 and 1.3) or SecurityPolicy_TLS13_1_3_2025_09 (TLS 1.3 only); never TLS 1.0. Defaults to `TLS_1_2`. */
    readonly securityPolicy?: DomainSecurityPolicy;
    /** The path under the domain where the stage is mapped. Defaults to none: the domain's root. */
    readonly basePath?: string;
    /** A Route 53 zone to create the name's alias record in. Defaults to none. */
    readonly hostedZoneId?: string;
    /** Turn off the default execute-api URL, so that callers must use the domain. Defaults to `false`. */
    readonly disableExecuteApiEndpoint?: boolean;
}

/** A WAF web ACL in front of the stage. */
export interface WebAclArgs {
    /** An existing web ACL, such as one Firewall Manager owns. Defaults to none. */
    readonly arn?: string;
    /** Create one: AWS's rules for common attacks, known bad inputs and IP reputation, and a rate limit per client IP. Defaults to `false`. */
    readonly create?: boolean;
    /** With create: the requests one IP address may make in 5 minutes before WAF answers 429; at least throttle.rateLimit × 300. Defaults to `60000`. */
    readonly rateLimitPerIp?: number;
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
    /** Who may call every route without its own: NONE (anyone with the URL), AWS_IAM (SigV4), COGNITO_USER_POOLS or CUSTOM (a Lambda authorizer). Defaults to `NONE`. */
    readonly authorization?: Authorization;
    /** With COGNITO_USER_POOLS: the scopes an access token must carry, one of them at least. Defaults to none: any valid ID or access token. */
    readonly oauthScopes?: string[];
    /** Callers send a client's key in x-api-key; it identifies the client for its quota, it does not authenticate. Defaults to true when apiKeys lists clients. */
    readonly apiKeyRequired?: boolean;
    /** The single route's queue and dead-letter queue. Each field has its own default. */
    readonly queue?: QueueArgs;
    /** Where a FIFO message's group comes from. Defaults to none; required with a FIFO queue. */
    readonly messageGroupId?: MessageGroupSource;
    /** Request values sent as message attributes: at most 8, or 7 on a route whose messages carry its caller. Defaults to none. */
    readonly messageAttributes?: Readonly<Record<string, AttributeSource>>;
    /** The schema request bodies must match; API Gateway answers 400 otherwise, before SQS. Defaults to none. */
    readonly requestSchema?: { readonly [key: string]: any };
    /** A Lambda function that drains the route's queue, fed batches by an event source mapping. Defaults to none. */
    readonly consumer?: ConsumerArgs;
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
    /** Alarms that page someone: per route, dead letters, the oldest message's age, the API's 5XX rate and p99 latency, the consumer's errors and throttles. Each field has its own default. */
    readonly alarms?: AlarmsArgs;
    /** The dead-letter alarm alone, as before alarms; superseded by alarms, and refused beside it. Each field has its own default. */
    readonly deadLetterAlarm?: DeadLetterAlarmArgs;
    /** The Cognito user pools whose tokens COGNITO_USER_POOLS routes take. Each field has its own default. */
    readonly cognitoAuthorizer?: CognitoAuthorizerArgs;
    /** The Lambda authorizer of CUSTOM routes; its invoke permission is created for this API's authorizer only. Each field has its own default. */
    readonly lambdaAuthorizer?: LambdaAuthorizerArgs;
    /** Named clients, each with an API key AWS generates and a usage plan of its own. Each field has its own default. */
    readonly apiKeys?: ApiKeysArgs;
    /** Which browser origins may call the API; the preflight answers without calling SQS or asking for credentials. Each field has its own default. */
    readonly cors?: CorsArgs;
    /** A custom domain for the API, with a certificate you own. Each field has its own default. */
    readonly domain?: DomainArgs;
    /** REGIONAL (on the internet) or PRIVATE (reachable only through the VPC endpoints in vpcEndpointIds). Defaults to `REGIONAL`. */
    readonly endpointType?: EndpointType;
    /** With PRIVATE: the interface endpoints of execute-api allowed to call; the API's resource policy lets only them in. Defaults to none. */
    readonly vpcEndpointIds?: string[];
    /** A WAF web ACL in front of the stage: an existing one by ARN, or one created. Each field has its own default. */
    readonly webAcl?: WebAclArgs;
    /** X-Ray tracing of the stage's requests. Defaults to `false`. */
    readonly tracing?: boolean;
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
    /** With COGNITO_USER_POOLS; empty otherwise. */
    readonly oauthScopes: readonly string[];
    readonly apiKeyRequired: boolean;
    readonly queue: QueueSettings;
    readonly messageGroupId?: MessageGroupSource;
    readonly messageAttributes: Readonly<Record<string, AttributeSource>>;
    readonly requestSchema?: { readonly [key: string]: any };
    readonly existingQueue?: ExistingQueueArgs;
    readonly consumer?: ConsumerSettings;
}

/** A consumer with every default applied; `code` is the folder's absolute path. */
export type ConsumerSettings = Required<ConsumerArgs>;

export interface AlarmSettings {
    /** Whether any alarm is raised: only with somewhere to send it. */
    readonly enabled: boolean;
    readonly snsTopicArn?: string;
    readonly subscribers: readonly string[];
    /** Set through the older `deadLetterAlarm`: the dead-letter alarm alone, as before. */
    readonly deadLettersOnly: boolean;
    /** Undefined: a quarter of each queue's retention. */
    readonly oldestMessageAgeSeconds?: number;
    readonly serverErrorPercent: number;
    readonly latencyP99Milliseconds: number;
    readonly consumerErrors: number;
    readonly consumerThrottles: number;
}

/** The front door with its defaults applied: who may call, from which browsers, at which address, behind which firewall. */
export interface FrontDoorSettings {
    readonly cognitoAuthorizer?: { readonly userPoolArns: readonly string[] };
    readonly lambdaAuthorizer?: {
        readonly functionArn: string;
        readonly type: LambdaAuthorizerType;
        readonly identitySources: readonly string[];
        readonly resultTtlSeconds: number;
    };
    readonly apiClients: readonly { readonly name: string; readonly quota?: QuotaArgs; readonly throttle?: Required<ThrottleArgs> }[];
    readonly cors?: {
        readonly allowOrigins: readonly string[];
        readonly allowMethods: readonly string[];
        readonly allowHeaders: readonly string[];
        readonly exposeHeaders: readonly string[];
        readonly maxAgeSeconds: number;
        readonly allowCredentials: boolean;
    };
    readonly domain?: {
        readonly name: string;
        readonly certificateArn: string;
        readonly securityPolicy: DomainSecurityPolicy;
        readonly basePath: string;
        readonly hostedZoneId?: string;
        readonly disableExecuteApiEndpoint: boolean;
    };
    readonly endpointType: EndpointType;
    readonly vpcEndpointIds: readonly string[];
    readonly webAcl?: { readonly arn?: string; readonly create: boolean; readonly rateLimitPerIp: number };
    readonly tracing: boolean;
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
    readonly alarms: AlarmSettings;
    readonly frontDoor: FrontDoorSettings;
    readonly tags: Readonly<Record<string, string>>;
}
