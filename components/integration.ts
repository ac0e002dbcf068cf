// The API Gateway → SQS integration request: where it goes and what it sends.

/** The parts of an SQS queue ARN: arn:<partition>:sqs:<region>:<account>:<name>. */
export interface SqsQueueArn {
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly queueName: string;
}

const SQS_ARN = /^arn:(aws[a-z-]*):sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

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

/** Only JSON requests are mapped; with passthrough NEVER any other media type gets 415. */
export const REQUEST_CONTENT_TYPE = "application/json";
export const PASSTHROUGH_BEHAVIOR = "NEVER";

/** The header whose value workers can use to recognise a client's retry of the same order. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * The SendMessage request. Every value goes through $util.urlEncode because SQS reads a form: a
 * raw value holding `&`, `=`, `+` or `%` would be cut or altered, and `&DelaySeconds=900` in a body
 * would become a parameter of its own.
 *
 * Besides the body, each message carries the API request id (attribute 1, always) and, when the
 * request has one, its Idempotency-Key header (attribute 2), so that workers can trace a message
 * and recognise a retry. The header is matched without regard to case (HTTP/2 sends it in lower
 * case); an absent or empty header sends no attribute, since SQS refuses an empty one, and the
 * numbering stays without gaps. The template is one line: a line break would end up in the form.
 */
export function sendMessageRequestTemplate(): string {
    const attribute = (n: number, name: string, value: string) =>
        `&MessageAttribute.${n}.Name=${name}&MessageAttribute.${n}.Value.DataType=String&MessageAttribute.${n}.Value.StringValue=$util.urlEncode(${value})`;
    return [
        "Action=SendMessage&MessageBody=$util.urlEncode($input.body)",
        attribute(1, "requestId", "$context.requestId"),
        "#set($idempotencyKey = \"\")",
        "#foreach($header in $input.params().header.keySet())",
        `#if($header.equalsIgnoreCase("${IDEMPOTENCY_HEADER}"))#set($idempotencyKey = "$!input.params().header.get($header)")#end`,
        "#end",
        `#if($idempotencyKey != "")${attribute(2, "idempotencyKey", "$idempotencyKey")}#end`,
    ].join("");
}
