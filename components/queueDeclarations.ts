// A route's queue, a queue that exists already, and the Lambda consumer that drains either: each
// setting's kind, default, bounds and one-line description, declared once (see declarations.ts).
import { choiceOf, Fields, objectType } from "./declarationKinds";
import { ENCRYPTION, RUNTIME } from "./enums";
import { KMS_KEY_ARN, LOG_RETENTION_DAYS, SQS_ARN } from "./patterns";

export const DAY = 86400;

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
        ...choiceOf(ENCRYPTION), default: "sqs-managed",
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
    delaySeconds: {
        kind: "integer", min: 0, max: 900, default: 0, unit: "seconds",
        description: "How long SQS hides every new message before any worker may receive it (the queue's delay; none per request); below messageRetentionSeconds.",
    },
} as const satisfies Fields;

export const QUEUE_TYPE = objectType("QueueArgs", "Settings of the queue a route writes to, and of its dead-letter queue.", QUEUE_FIELDS);

export const EXISTING_QUEUE_FIELDS = {
    arn: {
        kind: "string", pattern: SQS_ARN, allowed: "an SQS queue ARN (arn:<partition>:sqs:<region>:<account-id>:<queue-name>)",
        example: "arn:aws:sqs:us-east-1:210987654321:fulfilment",
        description: "The queue's ARN, in any account and region of the partition; a name ending in .fifo makes the route FIFO.",
    },
    kmsKeyArn: {
        kind: "string", pattern: KMS_KEY_ARN, allowed: KMS_KEY_ALLOWED, defaultText: "none",
        // A key of the example queue's own region and account: SQS encrypts a queue only with one of its region.
        example: "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        description: "The customer-managed KMS key the queue is encrypted with, which the API's role may then use.",
    },
    visibilityTimeoutSeconds: {
        kind: "integer", min: 0, max: 12 * 3600, unit: "seconds", defaultText: "none; required with a consumer",
        description: "The queue's visibility timeout, as its owner set it, for the consumer's six-times rule.",
    },
} as const satisfies Fields;

export const EXISTING_QUEUE_TYPE = objectType("ExistingQueueArgs", "A queue created elsewhere.", EXISTING_QUEUE_FIELDS);

/** A route's Lambda consumer: the function that drains its queue, and the event source mapping that feeds it. */
export const CONSUMER_FIELDS = {
    code: {
        kind: "string", pattern: /^[^\s\\]+$/, example: "workers/lambda",
        allowed: "a folder, relative to the program's, holding index.ts or index.js that exports handler",
        defaultText: "the example worker, workers/lambda",
        description: "The worker's code, bundled by the program into the function's archive.",
    },
    runtime: {
        ...choiceOf(RUNTIME), default: "nodejs24.x",
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
} as const satisfies Fields;

export const CONSUMER_TYPE = objectType("ConsumerArgs", "A Lambda function that drains a route's queue: the event source mapping always reports partial "
    + "batch failures and caps the function's concurrency. See docs/workers.md.", CONSUMER_FIELDS);

/** The single route's consumer and each listed route's. */
export const CONSUMER = {
    kind: "object", type: CONSUMER_TYPE, scope: "single-route", guide: "docs/workers.md", defaultText: "none",
    description: "A Lambda function that drains the route's queue, fed batches by an event source mapping.",
} as const;
