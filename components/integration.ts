// The API Gateway → SQS integration request: where it goes and what it sends.
import { AttributeSource, ContextValue, MessageGroupSource } from "./args";
import { CALLER_ATTRIBUTE } from "./caller";
import { CONTEXT_VALUES } from "./requestValues";

/** The parts of an SQS queue ARN: arn:<partition>:sqs:<region>:<account>:<name>. */
export interface SqsQueueArn {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly queueName: string;
}

/** An SQS queue ARN; the name is at most 80 characters, `.fifo` included. */
export const SQS_ARN = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):((?:[A-Za-z0-9_-]{1,75}\.fifo|[A-Za-z0-9_-]{1,80}))$/;

export function parseSqsArn(arn: string): SqsQueueArn {
    const match = SQS_ARN.exec(arn);
    if (!match) {
        throw new Error(`not an SQS queue ARN (arn:<partition>:sqs:<region>:<account-id>:<queue-name>): ${JSON.stringify(arn)}`);
    }
    const [, partition, region, accountId, queueName] = match;
    return { partition, region, accountId, queueName };
}

/**
 * The integration URI for a queue. Partition, region and account all come from the queue's own
 * ARN, so the URI is right in every partition (aws, aws-cn, aws-us-gov) and for a queue owned by
 * another account, and it never has a hard-coded `arn:aws` or an empty segment.
 */
export function sqsIntegrationUri(queueArn: string): string {
    const { partition, region, accountId, queueName } = parseSqsArn(queueArn);
    return `arn:${partition}:apigateway:${region}:sqs:path/${accountId}/${queueName}`;
}

/**
 * Static headers for the call to SQS (the single quotes make them literals in API Gateway).
 * Without the form Content-Type SQS answers UnknownOperationException; without a JSON Accept the
 * query protocol may answer in XML, which the response templates cannot read.
 */
export const INTEGRATION_REQUEST_PARAMETERS: Readonly<Record<string, string>> = {
    "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'",
    "integration.request.header.Accept": "'application/json'",
};

/** The attribute that names a message's media type, on a route that takes more than JSON. */
export const CONTENT_TYPE_ATTRIBUTE = "contentType";

/** JSON is the media type a route takes by default; with passthrough NEVER any media type without a template gets 415. */
export const REQUEST_CONTENT_TYPE = "application/json";
export const PASSTHROUGH_BEHAVIOR = "NEVER";

/** What shapes a route's SendMessage request besides the body. */
export interface SendMessageOptions {
    /** The header that identifies a client's retries. Defaults to `Idempotency-Key`. */
    readonly idempotencyHeader?: string;
    /** For a FIFO queue: where the message group comes from, and whether SQS deduplicates by content. */
    readonly fifo?: { readonly messageGroupId: MessageGroupSource; readonly contentBasedDeduplication: boolean };
    /** More message attributes, by name, in this order. */
    readonly attributes?: Readonly<Record<string, AttributeSource>>;
    /** The context value that names the route's authenticated caller, sent as the `caller` attribute. */
    readonly caller?: ContextValue;
    /** The media type of the bodies this template takes, sent as the `contentType` attribute; none on a route of JSON alone. */
    readonly contentType?: string;
}

/**
 * VTL that sets `$variable` to a request header's value, matching the name in any case (HTTP/2
 * sends it in lower case); of several spellings, the first that is not empty wins.
 */
export function headerLookup(variable: string, header: string): string {
    return `#set($${variable} = "")#foreach($header in $input.params().header.keySet())`
        + `#if($${variable} == "" && $header.equalsIgnoreCase("${header}"))#set($${variable} = "$!input.params().header.get($header)")#end#end`;
}

/** VTL that sets `$variable` to an attribute's value from its source. */
export function attributeLookup(variable: string, source: AttributeSource): string {
    if (source.header !== undefined) {
        return headerLookup(variable, source.header);
    }
    if (source.query !== undefined) {
        return `#set($${variable} = "$!input.params().querystring.get('${source.query}')")`;
    }
    if (source.pathParameter !== undefined) {
        return `#set($${variable} = "$!input.params().path.get('${source.pathParameter}')")`;
    }
    return `#set($${variable} = "$!${CONTEXT_VALUES[source.context!].slice(1)}")`;
}

export function groupLookup(source: MessageGroupSource): string {
    if (source.header !== undefined) {
        return headerLookup("messageGroupId", source.header);
    }
    if (source.bodyField !== undefined) {
        return `#set($messageGroupId = "$!input.path('$.${source.bodyField}')")`;
    }
    if (source.pathParameter !== undefined) {
        return `#set($messageGroupId = "$!input.params().path.get('${source.pathParameter}')")`;
    }
    if (source.context !== undefined) {
        // Set by API Gateway from the authenticated request, never from what the client sends.
        return `#set($messageGroupId = "$!${CONTEXT_VALUES[source.context].slice(1)}")`;
    }
    return `#set($messageGroupId = "${source.value}")`;
}

/**
 * The SendMessage request. Every value goes through $util.urlEncode because SQS reads a form: a
 * raw value holding `&`, `=`, `+` or `%` would be cut or altered, and `&DelaySeconds=900` in a body
 * would become a parameter of its own.
 *
 * Besides the body, each message carries the API request id (attribute 1, always) and, when the
 * request has one, its idempotency header, so that workers can trace a message and recognise a
 * retry; on a route that takes more than JSON, the media type of this template, so that a worker
 * knows how to read the body; on a route with an authenticated caller, that caller (so that a worker remembers a key per
 * caller, and one caller's key never drops another's order); then the route's own attributes. An
 * absent or empty value sends no attribute, since SQS refuses an empty one, and the numbering stays
 * without gaps.
 *
 * For a FIFO queue the message also gets its group id (none when the source is empty, which SQS
 * refuses and the API answers with 400) and a deduplication id: the idempotency key when the
 * request has one, so a client's retry within 5 minutes is dropped; otherwise the request id, so
 * two requests are never merged, unless content-based deduplication was chosen. On a route with an
 * authenticated caller whose group is not the caller (a header, a field, a path parameter or a
 * value: any caller may send any group), the key is not the deduplication id: SQS deduplicates per
 * group, so a caller who sent another's group and key first would have SQS drop the other's order.
 * There the request id is, and the worker remembers the key per caller (the `caller` attribute).
 *
 * The template is one line: a line break would end up in the form.
 */
export function sendMessageRequestTemplate(options: SendMessageOptions = {}): string {
    // Attributes after the first are numbered by a counter, so that those left out leave no gap.
    const attribute = (name: string, dataType: string, value: string) => `#set($n = $n + 1)&MessageAttribute.\${n}.Name=${name}`
        + `&MessageAttribute.\${n}.Value.DataType=${dataType}&MessageAttribute.\${n}.Value.StringValue=$util.urlEncode(${value})`;
    const parts = [
        "Action=SendMessage&MessageBody=$util.urlEncode($input.body)",
        "&MessageAttribute.1.Name=requestId&MessageAttribute.1.Value.DataType=String"
            + "&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.requestId)#set($n = 1)",
        headerLookup("idempotencyKey", options.idempotencyHeader ?? "Idempotency-Key"),
        `#if($idempotencyKey != "")${attribute("idempotencyKey", "String", "$idempotencyKey")}#end`,
    ];
    if (options.contentType) {
        parts.push(attribute(CONTENT_TYPE_ATTRIBUTE, "String", `"${options.contentType}"`));
    }
    if (options.caller) {
        parts.push(attributeLookup("caller", { context: options.caller }),
            `#if($caller != "")${attribute(CALLER_ATTRIBUTE, "String", "$caller")}#end`);
    }
    Object.entries(options.attributes ?? {}).forEach(([name, source], i) => {
        const variable = `attribute${i + 1}`;
        parts.push(attributeLookup(variable, source), `#if($${variable} != "")${attribute(name, source.dataType ?? "String", `$${variable}`)}#end`);
    });
    if (options.fifo) {
        parts.push(
            groupLookup(options.fifo.messageGroupId),
            "#if($messageGroupId != \"\")&MessageGroupId=$util.urlEncode($messageGroupId)#end",
            `#if($idempotencyKey != "")&MessageDeduplicationId=$util.urlEncode(${options.caller ? "$context.requestId" : "$idempotencyKey"})`,
            options.fifo.contentBasedDeduplication ? "#end" : "#else&MessageDeduplicationId=$util.urlEncode($context.requestId)#end",
        );
    }
    return parts.join("");
}
