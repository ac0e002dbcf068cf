// The QueueApi component's arguments, their defaults and their validation, as plain data.
// Nothing here touches Pulumi, so every rule can be tested directly and reused by the program to
// check stack config before a single resource is registered.
import { Checker, isPlainObject, SettingsError, show } from "./checks";
import { schemaProblems } from "./requestSchema";

export { SettingsError, show };

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

const RULES = {
    messageRetentionSeconds: { min: 60, max: 14 * DAY },
    visibilityTimeoutSeconds: { min: 0, max: 12 * 3600 },
    maxMessageSize: { min: 1024, max: 1048576 },
    maxReceiveCount: { min: 1, max: 1000 },
    deadLetterRetentionSeconds: { min: 60, max: 14 * DAY },
    rateLimit: { min: 1, max: 1000000 },
    burstLimit: { min: 1, max: 1000000 },
};

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
// `.` and `..` are path segments that URL normalisation removes, so no client could reach them.
const PATH_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
const PATH_PARAMETER = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const PATH_ALLOWED = "one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..)";
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const BODY_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// What SQS takes as a group id, less the characters that would need escaping inside the template.
const GROUP_VALUE = /^[A-Za-z0-9_.:\/-]{1,128}$/;

const KNOWN_KEYS = {
    top: [...Object.keys(DEFAULTS), "routes", "messageGroupId", "messageAttributes", "requestSchema"],
    route: ["path", "method", "authorization", "queue", "existingQueue", "messageGroupId", "messageAttributes", "requestSchema"],
    existingQueue: ["arn", "kmsKeyArn"],
    attribute: ["header", "query", "pathParameter", "context", "dataType"],
    messageGroupId: ["header", "bodyField", "pathParameter", "value"],
    queue: [...Object.keys(DEFAULTS.queue), "kmsKeyArn"],
    deadLetterAlarm: ["enabled", "snsTopicArn"],
    throttle: Object.keys(DEFAULTS.throttle),
    accessLogs: Object.keys(DEFAULTS.accessLogs),
};

/** The keys the program and the component read: the defaults' keys and `routes`. */
export const SETTING_KEYS: readonly string[] = KNOWN_KEYS.top;

/** A queue's settings with defaults applied; `name` is where it sits (`queue`, `routes[1].queue`). */
function resolveQueue(check: Checker, value: unknown, name: string): QueueSettings {
    const queueIn = check.record(value, name, KNOWN_KEYS.queue);
    const d = DEFAULTS.queue;
    const at = (k: string) => `${name}.${k}`;
    const queue = {
        messageRetentionSeconds: check.integer(queueIn.messageRetentionSeconds, at("messageRetentionSeconds"),
            RULES.messageRetentionSeconds, d.messageRetentionSeconds),
        visibilityTimeoutSeconds: check.integer(queueIn.visibilityTimeoutSeconds, at("visibilityTimeoutSeconds"),
            RULES.visibilityTimeoutSeconds, d.visibilityTimeoutSeconds),
        maxMessageSize: check.integer(queueIn.maxMessageSize, at("maxMessageSize"), RULES.maxMessageSize, d.maxMessageSize),
        maxReceiveCount: check.integer(queueIn.maxReceiveCount, at("maxReceiveCount"), RULES.maxReceiveCount, d.maxReceiveCount),
        deadLetterRetentionSeconds: check.integer(queueIn.deadLetterRetentionSeconds, at("deadLetterRetentionSeconds"),
            RULES.deadLetterRetentionSeconds, d.deadLetterRetentionSeconds),
        encryption: check.oneOf(queueIn.encryption, at("encryption"), ENCRYPTIONS, d.encryption),
        fifo: check.boolean(queueIn.fifo, at("fifo"), d.fifo),
        contentBasedDeduplication: check.boolean(queueIn.contentBasedDeduplication, at("contentBasedDeduplication"), d.contentBasedDeduplication),
        ...(queueIn.kmsKeyArn === undefined ? {} : {
            kmsKeyArn: check.matching(queueIn.kmsKeyArn, at("kmsKeyArn"), KMS_KEY_ARN,
                "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", ""),
        }),
    };
    if (queue.contentBasedDeduplication && !queue.fifo) {
        check.problem(`${check.key(at("contentBasedDeduplication"))} is for FIFO queues only: set ${check.key(at("fifo"))} true, or remove it`);
    }
    if (queue.kmsKeyArn !== undefined && queue.encryption !== "kms") {
        check.problem(`${check.key(at("kmsKeyArn"))} is used only with ${check.key(at("encryption"))} kms, `
            + `got encryption ${show(queue.encryption)}`);
    }
    // A message keeps its first enqueue time when it moves to the dead-letter queue, so a DLQ that
    // keeps messages for less time than the queue can drop them the moment they arrive.
    if (queueIn.deadLetterRetentionSeconds !== undefined && queue.deadLetterRetentionSeconds < queue.messageRetentionSeconds) {
        check.problem(`${check.key(at("deadLetterRetentionSeconds"))} must be at least `
            + `${check.key(at("messageRetentionSeconds"))} (${queue.messageRetentionSeconds}), `
            + `got ${show(queue.deadLetterRetentionSeconds)}`);
    }
    return queue;
}

/** Checks a route path of one or more segments, each a name or a `{parameter}`. */
function routePath(check: Checker, value: unknown, name: string): string {
    const segments = typeof value === "string" ? value.split("/") : [];
    if (segments.length === 0 || segments.some((s) => !PATH_SEGMENT.test(s) && !PATH_PARAMETER.test(s))) {
        check.problem(`${check.key(name)} must be segments separated by '/', each of letters, digits, '.', '_' or '-' `
            + `(not . or ..) or a parameter such as {storeId}, with no leading or trailing '/', got ${show(value)}`);
    }
    return String(value);
}

function resolveExistingQueue(check: Checker, value: unknown, name: string): ExistingQueueArgs | undefined {
    if (value === undefined) {
        return undefined;
    }
    const spec = check.record(value, name, KNOWN_KEYS.existingQueue);
    const arn = check.matching(spec.arn, `${name}.arn`, SQS_QUEUE_ARN,
        "an SQS queue ARN (arn:<partition>:sqs:<region>:<account-id>:<queue-name>)", "");
    if (spec.arn === undefined && isPlainObject(value)) {
        check.problem(`${check.key(`${name}.arn`)} is required`);
    }
    const kmsKeyArn = spec.kmsKeyArn === undefined ? undefined
        : check.matching(spec.kmsKeyArn, `${name}.kmsKeyArn`, KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", "");
    return arn ? { arn, ...(kmsKeyArn ? { kmsKeyArn } : {}) } : undefined;
}

const withSchema = (requestSchema: Record<string, unknown> | undefined) => (requestSchema ? { requestSchema } : {});

/** A route's message group source: required with a FIFO queue, refused without one. */
function resolveMessageGroup(check: Checker, value: unknown, name: string, queue: QueueSettings, fifoKey: string, path: string)
    : MessageGroupSource | undefined {
    if (value === undefined) {
        if (queue.fifo) {
            check.problem(`${check.key(name)} is required with a FIFO queue (${check.key(fifoKey)}): `
                + "give a header, a bodyField, a pathParameter or a value");
        }
        return undefined;
    }
    if (!queue.fifo) {
        check.problem(`${check.key(name)} is for FIFO queues only: set ${check.key(fifoKey)} true, or remove it`);
    }
    const source = check.record(value, name, KNOWN_KEYS.messageGroupId);
    const given = Object.keys(source).filter((k) => KNOWN_KEYS.messageGroupId.includes(k));
    if (isPlainObject(value) && given.length !== 1) {
        check.problem(`${check.key(name)} must have exactly one of header, bodyField, pathParameter, value, got ${show(value)}`);
        return undefined;
    }
    const [kind] = given;
    const rules: Record<string, [RegExp, string]> = {
        header: [HEADER_NAME, "a header name of letters, digits and '-'"],
        bodyField: [BODY_FIELD, "a top-level JSON field name (letters, digits, '_')"],
        pathParameter: [BODY_FIELD, "a parameter name of the route's path"],
        value: [GROUP_VALUE, "1 to 128 letters, digits, '_', '.', ':', '/' or '-'"],
    };
    if (kind) {
        check.matching(source[kind], `${name}.${kind}`, rules[kind][0], rules[kind][1], "");
        if (kind === "pathParameter" && !path.split("/").includes(`{${String(source[kind])}}`)) {
            check.problem(`${check.key(`${name}.pathParameter`)} must name a parameter of the path ${show(path)}, got ${show(source[kind])}`);
        }
    }
    return source as MessageGroupSource;
}

// SQS's rules for attribute names: letters, digits, '_', '-', '.'; no leading, trailing or double
// period; not starting with AWS. or Amazon.; up to 256 characters.
const ATTRIBUTE_NAME = /^(?![Aa][Ww][Ss]\.|[Aa][Mm][Aa][Zz][Oo][Nn]\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
const QUERY_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** A route's extra message attributes, in the order given. */
function resolveAttributes(check: Checker, value: unknown, name: string, path: string): RouteSettings["messageAttributes"] {
    if (value === undefined) {
        return {};
    }
    if (!isPlainObject(value)) {
        check.problem(`${check.key(name)} must be an object of attributes by name, got ${show(value)}`);
        return {};
    }
    const entries = Object.entries(value);
    const room = MAX_ATTRIBUTES - RESERVED_ATTRIBUTES.length;
    if (entries.length > room) {
        check.problem(`${check.key(name)} has ${entries.length} attributes; SQS takes at most ${MAX_ATTRIBUTES} per message, `
            + `and ${RESERVED_ATTRIBUTES.join(" and ")} are always among them, so at most ${room} here`);
    }
    return Object.fromEntries(entries.map(([attribute, spec]) => {
        const at = `${name}.${attribute}`;
        if (!ATTRIBUTE_NAME.test(attribute) || RESERVED_ATTRIBUTES.includes(attribute)) {
            check.problem(`${check.key(at)}: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start `
                + `with AWS. or Amazon., have no leading, trailing or double '.', and not be ${RESERVED_ATTRIBUTES.join(" or ")}`);
        }
        const source = check.record(spec, at, KNOWN_KEYS.attribute);
        const given = ["header", "query", "pathParameter", "context"].filter((k) => source[k] !== undefined);
        if (isPlainObject(spec) && given.length !== 1) {
            check.problem(`${check.key(at)} must have exactly one of header, query, pathParameter, context, got ${show(spec)}`);
        }
        if (source.header !== undefined) {
            check.matching(source.header, `${at}.header`, HEADER_NAME, "a header name of letters, digits and '-'", "");
        }
        if (source.query !== undefined) {
            check.matching(source.query, `${at}.query`, QUERY_NAME, "a query parameter name of letters, digits, '_', '.' or '-'", "");
        }
        if (source.pathParameter !== undefined && !path.split("/").includes(`{${String(source.pathParameter)}}`)) {
            check.problem(`${check.key(`${at}.pathParameter`)} must name a parameter of the path ${show(path)}, got ${show(source.pathParameter)}`);
        }
        if (source.context !== undefined) {
            check.oneOf(source.context, `${at}.context`, Object.keys(CONTEXT_VALUES), "sourceIp");
        }
        check.oneOf(source.dataType, `${at}.dataType`, ["String", "Number"], "String");
        return [attribute, source as AttributeSource];
    }));
}

function resolveSchema(check: Checker, value: unknown, name: string): Record<string, unknown> | undefined {
    if (value === undefined) {
        return undefined;
    }
    for (const problem of schemaProblems(value)) {
        check.problem(`${check.key(name)} is not a JSON Schema API Gateway can use: ${problem}`);
    }
    return isPlainObject(value) ? value : undefined;
}

function resolveRoutes(check: Checker, value: unknown, authorization: Authorization): RouteSettings[] | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (!Array.isArray(value) || value.length === 0) {
        check.problem(`${check.key("routes")} must be a non-empty list of routes (objects with ${KNOWN_KEYS.route.join(", ")}), got ${show(value)}`);
        return undefined;
    }
    const routes = value.map((item, i): RouteSettings => {
        const at = (k: string) => `routes[${i}].${k}`;
        const route = check.record(item, `routes[${i}]`, KNOWN_KEYS.route);
        if (isPlainObject(item) && route.path === undefined) {
            check.problem(`${check.key(at("path"))} is required`);
        }
        const path = route.path === undefined ? "" : routePath(check, route.path, at("path"));
        const method = route.method === undefined ? "POST" : String(route.method);
        if (!HTTP_METHODS.includes(method as HttpMethod)) {
            check.problem(`${check.key(at("method"))} must be one of ${HTTP_METHODS.join(", ")} (a method without a body `
                + `cannot carry a message, and SQS refuses an empty one), got ${show(route.method)}`);
        }
        const existingQueue = resolveExistingQueue(check, route.existingQueue, at("existingQueue"));
        if (existingQueue && route.queue !== undefined) {
            check.problem(`${check.key(at("queue"))} is for a new queue; ${check.key(at("existingQueue"))} names one that exists: give one of them`);
        }
        // An existing queue is FIFO exactly when its name says so.
        const queue = existingQueue ? { ...DEFAULTS.queue, fifo: existingQueue.arn.endsWith(".fifo") } : resolveQueue(check, route.queue, at("queue"));
        const messageGroupId = resolveMessageGroup(check, route.messageGroupId, at("messageGroupId"), queue,
            existingQueue ? at("existingQueue.arn") : at("queue.fifo"), path);
        return {
            key: `${method} /${path}`,
            method: method as HttpMethod,
            path,
            authorization: check.oneOf(route.authorization, at("authorization"), AUTHORIZATIONS, authorization),
            queue,
            ...(messageGroupId ? { messageGroupId } : {}),
            messageAttributes: resolveAttributes(check, route.messageAttributes, at("messageAttributes"), path),
            ...withSchema(resolveSchema(check, route.requestSchema, at("requestSchema"))),
            ...(existingQueue ? { existingQueue } : {}),
        };
    });
    const seen = new Map<string, number>();
    const parameterAt = new Map<string, string>();
    routes.forEach((route, i) => {
        const first = seen.get(route.key);
        if (first !== undefined) {
            check.problem(`${check.key(`routes[${i}]`)} repeats ${route.key} of ${check.key(`routes[${first}]`)}: each method and path may appear once`);
        }
        seen.set(route.key, first ?? i);
        // API Gateway allows one parameter name per position: stores/{id} and stores/{storeId} cannot both exist.
        const segments = route.path.split("/");
        segments.forEach((segment, depth) => {
            if (!PATH_PARAMETER.test(segment)) {
                return;
            }
            const parent = segments.slice(0, depth).join("/");
            const other = parameterAt.get(parent);
            if (other !== undefined && other !== segment) {
                check.problem(`${check.key(`routes[${i}].path`)} uses ${segment} where another route uses ${other} (below /${parent}): `
                    + "one parameter name per position");
            }
            parameterAt.set(parent, other ?? segment);
        });
    });
    return routes;
}

/**
 * Applies defaults and checks every argument. `keyPrefix` is put in front of each key in the
 * messages: `orders:` when the values came from stack config, `""` for component arguments.
 * Throws a SettingsError naming each bad key, its value and what is allowed.
 */
export function resolveSettings(args: QueueApiArgs, keyPrefix = ""): QueueApiSettings {
    const check = new Checker(keyPrefix);
    const top = check.record(args, "", KNOWN_KEYS.top);
    const throttleIn = check.record(top.throttle, "throttle", KNOWN_KEYS.throttle);
    const logsIn = check.record(top.accessLogs, "accessLogs", KNOWN_KEYS.accessLogs);
    const alarmIn = check.record(top.deadLetterAlarm, "deadLetterAlarm", KNOWN_KEYS.deadLetterAlarm);
    const d = DEFAULTS;

    const queue = resolveQueue(check, top.queue, "queue");
    const tags = isPlainObject(top.tags) ? top.tags : {};
    if (!isPlainObject(top.tags) && top.tags !== undefined) {
        check.problem(`${check.key("tags")} must be an object of string values, got ${show(top.tags)}`);
    }
    for (const [name, value] of Object.entries(tags)) {
        if (typeof value !== "string") {
            check.problem(`${check.key(`tags.${name}`)} must be a string, got ${show(value)}`);
        }
    }

    const authorization = check.oneOf(top.authorization, "authorization", AUTHORIZATIONS, d.authorization);
    const path = check.matching(top.path, "path", PATH_SEGMENT, PATH_ALLOWED, d.path);
    const routes = resolveRoutes(check, top.routes, authorization);
    const messageGroupId = top.routes === undefined
        ? resolveMessageGroup(check, top.messageGroupId, "messageGroupId", queue, "queue.fifo", path) : undefined;
    const messageAttributes = top.routes === undefined ? resolveAttributes(check, top.messageAttributes, "messageAttributes", path) : {};
    const requestSchema = top.routes === undefined ? resolveSchema(check, top.requestSchema, "requestSchema") : undefined;
    if (top.routes !== undefined) {
        for (const single of ["path", "queue", "messageGroupId", "messageAttributes", "requestSchema"].filter((k) => top[k] !== undefined)) {
            check.problem(`${check.key(single)} describes the single route; with ${check.key("routes")}, set it in each route instead`);
        }
    }

    const settings: QueueApiSettings = {
        path,
        authorization,
        queue,
        ...(routes ? { routes } : {}),
        ...(messageGroupId ? { messageGroupId } : {}),
        ...(Object.keys(messageAttributes).length > 0 ? { messageAttributes } : {}),
        ...withSchema(requestSchema),
        idempotencyHeader: check.matching(top.idempotencyHeader, "idempotencyHeader", HEADER_NAME,
            "a header name of letters, digits and '-'", d.idempotencyHeader),
        stageName: check.matching(top.stageName, "stageName", STAGE_NAME, "1 to 128 letters, digits, '_' or '-'", d.stageName),
        throttle: {
            rateLimit: check.integer(throttleIn.rateLimit, "throttle.rateLimit", RULES.rateLimit, d.throttle.rateLimit),
            burstLimit: check.integer(throttleIn.burstLimit, "throttle.burstLimit", RULES.burstLimit, d.throttle.burstLimit),
        },
        accessLogs: {
            enabled: check.boolean(logsIn.enabled, "accessLogs.enabled", d.accessLogs.enabled),
            retentionInDays: check.oneOf(logsIn.retentionInDays, "accessLogs.retentionInDays", LOG_RETENTION_DAYS,
                d.accessLogs.retentionInDays),
        },
        manageCloudWatchRole: check.boolean(top.manageCloudWatchRole, "manageCloudWatchRole", d.manageCloudWatchRole),
        protectQueues: check.boolean(top.protectQueues, "protectQueues", d.protectQueues),
        deadLetterAlarm: {
            enabled: check.boolean(alarmIn.enabled, "deadLetterAlarm.enabled", d.deadLetterAlarm.enabled),
            ...(alarmIn.snsTopicArn === undefined ? {} : {
                snsTopicArn: check.matching(alarmIn.snsTopicArn, "deadLetterAlarm.snsTopicArn", SNS_TOPIC_ARN,
                    "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", ""),
            }),
        },
        tags: tags as Record<string, string>,
    };
    check.finish();
    return settings;
}

/** The API's routes: those listed in `routes`, or the single route `path` and `queue` describe. */
export function routesOf(settings: QueueApiSettings): readonly RouteSettings[] {
    return settings.routes ?? [{
        key: `POST /${settings.path}`,
        method: "POST",
        path: settings.path,
        authorization: settings.authorization,
        queue: settings.queue,
        ...(settings.messageGroupId ? { messageGroupId: settings.messageGroupId } : {}),
        messageAttributes: settings.messageAttributes ?? {},
        ...withSchema(settings.requestSchema as Record<string, unknown> | undefined),
    }];
}
