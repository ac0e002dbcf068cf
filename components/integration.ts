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

/**
 * The SendMessage request. The body goes through $util.urlEncode because SQS reads a form: a raw
 * body holding `&`, `=`, `+` or `%` would be cut or altered, and `&DelaySeconds=900` in a body
 * would become a parameter of its own. No trailing newline: it would end up in the message.
 */
export function sendMessageRequestTemplate(): string {
    return "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
}
