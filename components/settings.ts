// The QueueApi component's arguments, their defaults and their validation, as plain data.
// Nothing here touches Pulumi, so every rule can be tested directly and reused by the program to
// check stack config before a single resource is registered.

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
}

export type Encryption = "sqs-managed" | "kms";
export const ENCRYPTIONS: readonly Encryption[] = ["sqs-managed", "kms"];

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
    /** The route's path: one segment of letters, digits, `.`, `_` or `-`. Defaults to `orders`. */
    readonly path?: string;
    /** `NONE` or `AWS_IAM`. Defaults to `NONE`: anyone who knows the URL can write. */
    readonly authorization?: Authorization;
    /** The route's queue and dead-letter queue. Defaults as in `QueueArgs`. */
    readonly queue?: QueueArgs;
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
export interface QueueApiSettings {
    readonly path: string;
    readonly authorization: Authorization;
    readonly queue: Required<Omit<QueueArgs, "kmsKeyArn">> & { readonly kmsKeyArn?: string };
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
    },
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

/** Thrown when arguments or stack config are invalid; lists every problem, one per line. */
export class SettingsError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "SettingsError";
    }
}

/** Renders a bad value as the user wrote it: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    return JSON.stringify(value) ?? String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface IntegerRule {
    readonly min: number;
    readonly max: number;
}

const RULES = {
    messageRetentionSeconds: { min: 60, max: 14 * DAY },
    visibilityTimeoutSeconds: { min: 0, max: 12 * 3600 },
    maxMessageSize: { min: 1024, max: 1048576 },
    maxReceiveCount: { min: 1, max: 1000 },
    deadLetterRetentionSeconds: { min: 60, max: 14 * DAY },
    rateLimit: { min: 1, max: 1000000 },
    burstLimit: { min: 1, max: 1000000 },
} satisfies Record<string, IntegerRule>;

// `.` and `..` are path segments that URL normalisation removes, so no client could reach them.
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const PATH_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

const KNOWN_KEYS = {
    top: Object.keys(DEFAULTS),
    queue: [...Object.keys(DEFAULTS.queue), "kmsKeyArn"],
    deadLetterAlarm: ["enabled", "snsTopicArn"],
    throttle: Object.keys(DEFAULTS.throttle),
    accessLogs: Object.keys(DEFAULTS.accessLogs),
};

/**
 * Applies defaults and checks every argument. `keyPrefix` is put in front of each key in the
 * messages: `orders:` when the values came from stack config, `""` for component arguments.
 * Throws a SettingsError naming each bad key, its value and what is allowed.
 */
export function resolveSettings(args: QueueApiArgs, keyPrefix = ""): QueueApiSettings {
    const problems: string[] = [];
    const key = (k: string) => `${keyPrefix}${k}`;

    const record = (value: unknown, name: string, known: readonly string[]): Record<string, unknown> => {
        if (value === undefined) {
            return {};
        }
        if (!isPlainObject(value)) {
            problems.push(`${key(name)} must be an object with the keys ${known.join(", ")}, got ${show(value)}`);
            return {};
        }
        for (const k of Object.keys(value)) {
            if (!known.includes(k)) {
                problems.push(`${key(name ? `${name}.${k}` : k)} is not a known setting; known: ${known.join(", ")}`);
            }
        }
        return value as Record<string, unknown>;
    };

    const integer = (value: unknown, name: string, rule: IntegerRule, fallback: number): number => {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < rule.min || value > rule.max) {
            problems.push(`${key(name)} must be an integer from ${rule.min} to ${rule.max}, got ${show(value)}`);
            return fallback;
        }
        return value;
    };

    const boolean = (value: unknown, name: string, fallback: boolean): boolean => {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "boolean") {
            problems.push(`${key(name)} must be true or false, got ${show(value)}`);
            return fallback;
        }
        return value;
    };

    const oneOf = <T>(value: unknown, name: string, allowed: readonly T[], fallback: T): T => {
        if (value === undefined) {
            return fallback;
        }
        if (!allowed.includes(value as T)) {
            problems.push(`${key(name)} must be one of ${allowed.join(", ")}, got ${show(value)}`);
            return fallback;
        }
        return value as T;
    };

    const matching = (value: unknown, name: string, pattern: RegExp, allowed: string, fallback: string): string => {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "string" || !pattern.test(value)) {
            problems.push(`${key(name)} must be ${allowed}, got ${show(value)}`);
            return fallback;
        }
        return value;
    };

    const top = record(args, "", KNOWN_KEYS.top);
    const queueIn = record(top.queue, "queue", KNOWN_KEYS.queue);
    const throttleIn = record(top.throttle, "throttle", KNOWN_KEYS.throttle);
    const logsIn = record(top.accessLogs, "accessLogs", KNOWN_KEYS.accessLogs);
    const alarmIn = record(top.deadLetterAlarm, "deadLetterAlarm", KNOWN_KEYS.deadLetterAlarm);
    const d = DEFAULTS;

    const queue = {
        messageRetentionSeconds: integer(queueIn.messageRetentionSeconds, "queue.messageRetentionSeconds",
            RULES.messageRetentionSeconds, d.queue.messageRetentionSeconds),
        visibilityTimeoutSeconds: integer(queueIn.visibilityTimeoutSeconds, "queue.visibilityTimeoutSeconds",
            RULES.visibilityTimeoutSeconds, d.queue.visibilityTimeoutSeconds),
        maxMessageSize: integer(queueIn.maxMessageSize, "queue.maxMessageSize", RULES.maxMessageSize,
            d.queue.maxMessageSize),
        maxReceiveCount: integer(queueIn.maxReceiveCount, "queue.maxReceiveCount", RULES.maxReceiveCount,
            d.queue.maxReceiveCount),
        deadLetterRetentionSeconds: integer(queueIn.deadLetterRetentionSeconds, "queue.deadLetterRetentionSeconds",
            RULES.deadLetterRetentionSeconds, d.queue.deadLetterRetentionSeconds),
        encryption: oneOf(queueIn.encryption, "queue.encryption", ENCRYPTIONS, d.queue.encryption),
        ...(queueIn.kmsKeyArn === undefined ? {} : {
            kmsKeyArn: matching(queueIn.kmsKeyArn, "queue.kmsKeyArn", KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", ""),
        }),
    };
    if (queue.kmsKeyArn !== undefined && queue.encryption !== "kms") {
        problems.push(`${key("queue.kmsKeyArn")} is used only with ${key("queue.encryption")} kms, got encryption ${show(queue.encryption)}`);
    }
    // A message keeps its first enqueue time when it moves to the dead-letter queue, so a DLQ that
    // keeps messages for less time than the queue can drop them the moment they arrive.
    if (queueIn.deadLetterRetentionSeconds !== undefined
        && queue.deadLetterRetentionSeconds < queue.messageRetentionSeconds) {
        problems.push(`${key("queue.deadLetterRetentionSeconds")} must be at least `
            + `${key("queue.messageRetentionSeconds")} (${queue.messageRetentionSeconds}), `
            + `got ${show(queue.deadLetterRetentionSeconds)}`);
    }

    const tags = isPlainObject(top.tags) || top.tags === undefined ? (top.tags ?? {}) as Record<string, unknown> : {};
    if (!isPlainObject(top.tags) && top.tags !== undefined) {
        problems.push(`${key("tags")} must be an object of string values, got ${show(top.tags)}`);
    }
    for (const [name, value] of Object.entries(tags)) {
        if (typeof value !== "string") {
            problems.push(`${key(`tags.${name}`)} must be a string, got ${show(value)}`);
        }
    }

    const settings: QueueApiSettings = {
        path: matching(top.path, "path", PATH_SEGMENT,
            "one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..)", d.path),
        authorization: oneOf(top.authorization, "authorization", AUTHORIZATIONS, d.authorization),
        queue,
        stageName: matching(top.stageName, "stageName", STAGE_NAME,
            "1 to 128 letters, digits, '_' or '-'", d.stageName),
        throttle: {
            rateLimit: integer(throttleIn.rateLimit, "throttle.rateLimit", RULES.rateLimit, d.throttle.rateLimit),
            burstLimit: integer(throttleIn.burstLimit, "throttle.burstLimit", RULES.burstLimit, d.throttle.burstLimit),
        },
        accessLogs: {
            enabled: boolean(logsIn.enabled, "accessLogs.enabled", d.accessLogs.enabled),
            retentionInDays: oneOf(logsIn.retentionInDays, "accessLogs.retentionInDays", LOG_RETENTION_DAYS,
                d.accessLogs.retentionInDays),
        },
        manageCloudWatchRole: boolean(top.manageCloudWatchRole, "manageCloudWatchRole", d.manageCloudWatchRole),
        protectQueues: boolean(top.protectQueues, "protectQueues", d.protectQueues),
        deadLetterAlarm: {
            enabled: boolean(alarmIn.enabled, "deadLetterAlarm.enabled", d.deadLetterAlarm.enabled),
            ...(alarmIn.snsTopicArn === undefined ? {} : {
                snsTopicArn: matching(alarmIn.snsTopicArn, "deadLetterAlarm.snsTopicArn", SNS_TOPIC_ARN,
                    "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", ""),
            }),
        },
        tags: tags as Record<string, string>,
    };

    if (problems.length > 0) {
        throw new SettingsError(problems);
    }
    return settings;
}
