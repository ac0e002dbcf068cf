// A batch route's integration request: one SendMessageBatch for a JSON array of orders, each order
// its own entry, encoded exactly as a single message is.
import { AttributeSource, ContextValue, MessageGroupSource } from "./args";
import { CALLER_ATTRIBUTE } from "./caller";
import { attributeLookup, groupLookup } from "./integration";

export interface SendMessageBatchOptions {
    /** The field of each order that holds its idempotency key (the route's schema requires it). */
    readonly keyField: string;
    /** For a FIFO queue: where each message's group comes from. */
    readonly messageGroupId?: MessageGroupSource;
    /** More message attributes, by name, in this order: the same for every entry of a request. */
    readonly attributes?: Readonly<Record<string, AttributeSource>>;
    /** The context value that names the route's authenticated caller, sent as the `caller` attribute. */
    readonly caller?: ContextValue;
}

/** The path of an entry's field, `$[$k].<field>`: `$k` is the entry's index from 0, `$i` its number from 1. */
const entryField = (field: string) => `"$[$k].${field}"`;

/**
 * The SendMessageBatch request. Each order of the array becomes entry `$i`, whose Id is its position
 * (so that the answer can be told in the request's order), whose body is API Gateway's serialisation
 * of that order (`$input.json`: the client's bytes are the whole array's, not an order's), and whose
 * attributes and FIFO fields are those of a single message: the request id, then the order's own
 * idempotency key from `keyField` (the idempotency header is not read: each order has its key, so
 * that a client may retry the whole batch), the caller, the route's attributes. For a FIFO queue the
 * key is also the deduplication id (the request id and the entry's number on a route with a caller), and the group comes from the request or, with `bodyField`, from
 * each order. Every value goes through $util.urlEncode, as in a single message's template.
 *
 * A value is reset before each `#set` that reads the order: Velocity leaves a variable unchanged when
 * the value assigned is null, and the previous order's value would be sent instead.
 */
export function sendMessageBatchRequestTemplate(options: SendMessageBatchOptions): string {
    const entry = (name: string) => `&SendMessageBatchRequestEntry.\${i}.${name}`;
    const attribute = (name: string, dataType: string, value: string) => `#set($n = $n + 1)${entry("MessageAttribute")}.\${n}.Name=${name}`
        + `${entry("MessageAttribute")}.\${n}.Value.DataType=${dataType}${entry("MessageAttribute")}.\${n}.Value.StringValue=$util.urlEncode(${value})`;
    const shared: string[] = [];
    const perEntry: string[] = [];
    if (options.caller) {
        shared.push(attributeLookup("caller", { context: options.caller }));
        perEntry.push(`#if($caller != "")${attribute(CALLER_ATTRIBUTE, "String", "$caller")}#end`);
    }
    Object.entries(options.attributes ?? {}).forEach(([name, source], i) => {
        const variable = `attribute${i + 1}`;
        shared.push(attributeLookup(variable, source));
        perEntry.push(`#if($${variable} != "")${attribute(name, source.dataType ?? "String", `$${variable}`)}#end`);
    });
    const group = options.messageGroupId;
    if (group) {
        if (group.bodyField !== undefined) {
            perEntry.push(`#set($messageGroupId = "")#set($messageGroupId = $input.path(${entryField(group.bodyField)}))`);
        } else {
            shared.push(groupLookup(group));
        }
        // With a caller whose group is not the caller, the key would let one caller's entry drop
        // another's order (SQS deduplicates per group): the request id and the entry's number are
        // the deduplication id there, and the worker remembers the key per caller.
        perEntry.push(`#if("$!messageGroupId" != "")${entry("MessageGroupId")}=$util.urlEncode($messageGroupId)#end`,
            options.caller
                ? `${entry("MessageDeduplicationId")}=$util.urlEncode($context.requestId)-$i`
                : `#if($key != "")${entry("MessageDeduplicationId")}=$util.urlEncode($key)#end`);
    }
    return [
        "Action=SendMessageBatch",
        ...shared,
        "#set($i = 0)#foreach($order in $input.path('$'))#set($i = $i + 1)#set($k = $i - 1)#set($n = 0)",
        `${entry("Id")}=$i`,
        `${entry("MessageBody")}=$util.urlEncode($input.json("$[$k]"))`,
        attribute("requestId", "String", "$context.requestId"),
        `#set($key = "")#set($key = $input.path(${entryField(options.keyField)}))`,
        `#if($key != "")${attribute("idempotencyKey", "String", "$key")}#end`,
        ...perEntry,
        "#end",
    ].join("");
}

/** What SQS takes as a deduplication id, and as a message group id: 1 to 128 printable ASCII characters. */
export const DEDUPLICATION_ID = { maxLength: 128, pattern: "^[!-~]+$" } as const;

/**
 * The model a batch route's bodies must match, which API Gateway checks before SQS is called: an
 * array of 1 to `maxEntries` orders, each matching the route's schema (any object without one), with
 * its key in `keyField`, a string that is not empty and, for a FIFO queue, one SQS takes as a
 * deduplication id. A request with an order without its key is then answered 400 whole.
 */
export function batchRequestSchema(schema: Readonly<Record<string, unknown>> | undefined, batch: { maxEntries: number; keyField: string },
    fifo: boolean): Record<string, unknown> {
    const { $schema: _draft, ...order } = schema ?? { type: "object" };
    const properties = (order.properties ?? {}) as Record<string, Record<string, unknown>>;
    const given = properties[batch.keyField] ?? {};
    // A schema holds one pattern per keyword: the route's own goes into allOf beside SQS's, so that
    // neither replaces the other (a key the route's pattern allows with a space SQS would refuse).
    const ownPattern = given.pattern !== undefined && given.pattern !== DEDUPLICATION_ID.pattern ? [{ pattern: given.pattern }] : [];
    const key: Record<string, unknown> = {
        ...given,
        type: "string",
        minLength: Math.max(Number(given.minLength ?? 1), 1),
        ...(fifo ? {
            maxLength: Math.min(Number(given.maxLength ?? DEDUPLICATION_ID.maxLength), DEDUPLICATION_ID.maxLength),
            pattern: DEDUPLICATION_ID.pattern,
            ...(ownPattern.length > 0 ? { allOf: [...(Array.isArray(given.allOf) ? given.allOf as unknown[] : []), ...ownPattern] } : {}),
        } : {}),
    };
    const required = Array.isArray(order.required) ? order.required as string[] : [];
    return {
        $schema: "http://json-schema.org/draft-04/schema#",
        type: "array",
        minItems: 1,
        maxItems: batch.maxEntries,
        items: {
            ...order,
            type: "object",
            required: required.includes(batch.keyField) ? required : [...required, batch.keyField],
            properties: { ...properties, [batch.keyField]: key },
        },
    };
}
