// Policies on the Lambda functions that drain SQS queues, found through their event source
// mappings: the role a consumer runs with may consume its own queues, write logs and keep its
// idempotency store in a table of the stack that is declared as one (named in `idempotencyTables`,
// or in the consumer function's own `IDEMPOTENCY_TABLE` variable), nothing else (never send, never another queue),
// decided with the same semantics as the API's role; and each
// mapping reports partial batch failures, on a queue that hides a message for six times the
// function's timeout.
import { PolicyResource } from "@pulumi/policy";

import { QUEUE_KEYS_CONFIG } from "./apiRole";
import { functionByReference } from "./identifiers";
import { roleByArn } from "./roleDocuments";
import { StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** What an event source mapping needs of its queue: AWS refuses the mapping without them (Lambda developer guide). */
export const CONSUMER_REQUIRED_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];
/**
 * What a consumer may do with its queue: the required actions, and ChangeMessageVisibility, with which
 * a worker hands a message it cannot process yet back early, or keeps a slow one hidden longer.
 */
export const CONSUMER_QUEUE_ACTIONS = [...CONSUMER_REQUIRED_ACTIONS, "sqs:ChangeMessageVisibility"];
/**
 * What an idempotency store needs of its table: read a key's record, claim a key with a conditional
 * put, complete it with an update, release it with a delete (Powertools' DynamoDB persistence layer
 * asks for these four). Transactions (ConditionCheckItem), queries, scans and batches are not needed.
 */
export const IDEMPOTENCY_STORE_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];
/** Writing logs, on whatever log group: AWS's own execution role grants these on every resource. */
export const LOG_WRITING_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];
/** AWS's guidance: a Lambda consumer's queue hides a message for six times the function's timeout. */
export const VISIBILITY_PER_TIMEOUT = 6;
// Lambda's and SQS's defaults, when a function or queue leaves them unset.
export const LAMBDA_DEFAULT_TIMEOUT = 3;
export const SQS_DEFAULT_VISIBILITY = 30;

const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[^:]+$/;

/** An event source mapping that feeds a function from an SQS queue. */
interface SqsMapping {
    readonly mapping: PolicyResource;
    readonly queueArn: string;
    /** The function it invokes, when the stack holds it. */
    readonly fn?: PolicyResource;
    /** How the mapping names the function. */
    readonly functionName: string;
}

/** Every event source mapping of the stack whose source is an SQS queue; mappings with an unknown source or function are noted. */
export function sqsMappings(resources: readonly PolicyResource[], unknowns: Unknowns): SqsMapping[] {
    const index = StackIndex.of(resources);
    const found: SqsMapping[] = [];
    for (const mapping of index.ofType(TYPES.eventSourceMapping)) {
        const source = unknowns.peek(() => mapping.props.eventSourceArn);
        const functionName = unknowns.peek(() => mapping.props.functionName);
        if (typeof source !== "string" || !SQS_ARN.test(source) || typeof functionName !== "string") {
            continue;
        }
        found.push({ mapping, queueArn: source, functionName, fn: functionByReference(index, functionName, unknowns) });
    }
    return found;
}

/** A consumer role: the role of one or more functions that SQS mappings feed, with their queues. */
interface ConsumerRole {
    readonly arn: string;
    readonly role: PolicyResource | undefined;
    readonly functions: PolicyResource[];
    readonly queueArns: string[];
}

export function consumerRoles(resources: readonly PolicyResource[], unknowns: Unknowns): ConsumerRole[] {
    const index = StackIndex.of(resources);
    const roles = new Map<string, ConsumerRole>();
    for (const { fn, queueArn } of sqsMappings(resources, unknowns)) {
        const arn = fn ? unknowns.peek(() => fn.props.role) : undefined;
        if (!fn || typeof arn !== "string") {
            continue;
        }
        const role = roleByArn(index, arn, unknowns);
        const key = role ? role.urn : arn;
        const entry = roles.get(key) ?? { arn, role, functions: [], queueArns: [] };
        if (!entry.functions.includes(fn)) {
            entry.functions.push(fn);
        }
        if (!entry.queueArns.includes(queueArn)) {
            entry.queueArns.push(queueArn);
        }
        roles.set(key, entry);
    }
    return [...roles.values()];
}

/**
 * The one environment variable in which a consumer's function names its idempotency store (the
 * table's name or ARN), as docs/workers.md tells a worker to find its table. Other variables may
 * name tables the function reads or writes for its own work (`CUSTOMERS_TABLE`): naming a table
 * there does not make it a store.
 */
export const IDEMPOTENCY_TABLE_VARIABLE = "IDEMPOTENCY_TABLE";

/**
 * The tables of `tables` a function names as its idempotency store: the one whose name or ARN is
 * the value of its `IDEMPOTENCY_TABLE` variable. A value not known yet (a new table's name, at a
 * first preview) names the table the environment is built from (its property dependencies); when
 * it is built from several, which is the store is not known until the values are, and the unknown
 * is handed on to `unknowns`.
 */
function tablesNamedBy(fn: PolicyResource, tables: readonly PolicyResource[], unknowns: Unknowns): PolicyResource[] {
    const reading = new Unknowns();
    const environment = reading.peek(() => fn.props.environment) as Record<string, unknown> | undefined;
    const variables = environment !== null && typeof environment === "object" ? reading.peek(() => environment.variables) as Record<string, unknown> : undefined;
    const value = variables !== null && typeof variables === "object" ? reading.peek(() => variables[IDEMPOTENCY_TABLE_VARIABLE]) : undefined;
    if (reading.any) {
        const built = tables.filter((table) => (fn.propertyDependencies?.environment ?? []).includes(table));
        if (built.length > 1) {
            unknowns.absorb(reading);
        }
        return built;
    }
    return typeof value !== "string" || value === "" ? []
        : tables.filter((table) => [new Unknowns().peek(() => table.props.name), new Unknowns().peek(() => table.props.arn)].includes(value));
}

/**
 * The DynamoDB tables of the stack a consumer may keep its idempotency store in, by ARN: those the
 * `idempotencyTables` setting names (by resource or table name), and those its own functions name in
 * their `IDEMPOTENCY_TABLE` variable. Any other table is not its store, whatever else the stack holds
 * or the functions' other variables name.
 */
export function idempotencyTables(resources: readonly PolicyResource[], named: readonly string[], functions: readonly PolicyResource[], unknowns: Unknowns): string[] {
    const tables = StackIndex.of(resources).ofType(TYPES.dynamodbTable);
    const declared = new Set(functions.flatMap((fn) => tablesNamedBy(fn, tables, unknowns)));
    return tables
        .filter((table) => declared.has(table) || named.includes(table.name) || named.includes(new Unknowns().peek(() => table.props.name) as string))
        .map((table) => unknowns.peek(() => table.props.arn))
        .filter((arn): arn is string => typeof arn === "string" && arn !== "");
}

export const CONSUMER_CONFIG = {
    properties: {
        ...QUEUE_KEYS_CONFIG.properties,
        idempotencyTables: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "DynamoDB tables of the stack, by resource or table name, that consumers may use as their idempotency store; "
                + `a consumer may also use the table its own function names in its ${IDEMPOTENCY_TABLE_VARIABLE} environment variable (its name or ARN)`,
        },
    },
};


