// What a batch route's client gets back. SQS answers a SendMessageBatch with 200 even when it
// refused some entries, listing each entry in `Successful` or `Failed`; the answer is 202 only when
// every entry is queued, so that a client that reads only the status retries the rest, which is safe
// because each order carries its idempotency key. The body names each order's outcome, in the
// request's order (the entries' Ids are their positions), and never carries SQS's text.

/** Where SQS's JSON answer lists the entries (its query API answering `Accept: application/json`). */
const RESULT = "$.SendMessageBatchResponse.SendMessageBatchResult";

/** SQS takes at most this many bytes in one SendMessageBatch, the entries' bodies and attributes together. */
export const BATCH_PAYLOAD_BYTES = 1048576;

const REQUEST_ID = `"requestId":"$context.requestId"`;

/** VTL that counts a list of SQS's answer into `$variable`; a list that is absent counts 0. */
function count(variable: string, list: string): string {
    return `#set($${variable} = 0)#foreach($item in $input.path('${RESULT}.${list}'))#set($${variable} = $${variable} + 1)#end`;
}

/** VTL that reads a field of the `$index`th entry of a list into `$variable`, empty when it is absent. */
function read(variable: string, list: string, index: string, field: string): string {
    return `#set($${variable} = "")#set($${variable} = $input.path("${RESULT}.${list}[$${index}].${field}"))`;
}

/** One entry's outcome, `{messageId}` or `{error, message}`, for the order at position `$t`. */
function entryOutcome(maxMessageSize: number): string {
    const queued = `#set($s = 0)#foreach($item in $input.path('${RESULT}.Successful'))${read("id", "Successful", "s", "Id")}`
        + `#if("$id" == "$t"){"messageId":"$input.path("${RESULT}.Successful[$s].MessageId")"}#end#set($s = $s + 1)#end`;
    const refused = `#set($f = 0)#foreach($item in $input.path('${RESULT}.Failed'))${read("id", "Failed", "f", "Id")}#if("$id" == "$t")`
        + `${read("sender", "Failed", "f", "SenderFault")}${read("detail", "Failed", "f", "Message")}`
        + `#if("$sender" != "true"){"error":"QueueUnavailable","message":"The order was not queued. Retry the batch."}`
        + `#elseif($detail.contains("must be shorter than")){"error":"PayloadTooLarge","message":"The order is larger than the ${maxMessageSize} bytes the queue accepts."}`
        + `#else{"error":"InvalidRequest","message":"The queue does not accept a value of this order."}#end`
        + `#end#set($f = $f + 1)#end`;
    return `${queued}${refused}`;
}

/**
 * SQS answered 2xx. 202 with `{entries: [{messageId}, …], requestId}` when every order is queued;
 * otherwise the same entries, each queued order's message id or a refused one's error, under
 * `{error, message}`: 500 when SQS failed on any order (the client retries the batch), 400 when it
 * refused only orders the client must change. An answer that lists no entry at all is not one
 * this template understands, and gets the retryable 500.
 */
export function batchSuccessTemplate(maxMessageSize: number): string {
    return [
        count("queued", "Successful"),
        `#set($failed = 0)#set($retry = false)#foreach($item in $input.path('${RESULT}.Failed'))${read("sender", "Failed", "failed", "SenderFault")}`
            + `#if("$sender" != "true")#set($retry = true)#end#set($failed = $failed + 1)#end`,
        "#set($total = $queued + $failed)",
        "#if($total == 0)",
        "#set($context.responseOverride.status = 500)",
        `{"error":"QueueUnavailable","message":"The request was not queued. Retry it later.",${REQUEST_ID}}`,
        "#else",
        "#if($failed > 0 && $retry)#set($context.responseOverride.status = 500)#elseif($failed > 0)#set($context.responseOverride.status = 400)#end",
        `{#if($failed > 0 && $retry)"error":"BatchNotQueued","message":"Some orders were not queued. Retry the whole batch: every order carries its key.",`
            + `#elseif($failed > 0)"error":"BatchRefused","message":"The queue refused some orders; the others are queued. Change those and send the batch again.",#end`,
        `"entries":[#foreach($t in [1..$total])#if($t > 1),#end${entryOutcome(maxMessageSize)}#end],${REQUEST_ID}}`,
        "#end",
    ].join("\n");
}
