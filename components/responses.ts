// What the client gets back: integration responses for SQS's answers and gateway responses for
// API Gateway's own errors. Every body is short JSON; none ever carries SQS's text, which holds
// the account id and the queue URL.
import { BATCH_PAYLOAD_BYTES, batchSuccessTemplate } from "./batchResponses";

export interface IntegrationResponseSpec {
    /** Status the client gets unless the template overrides it. */
    readonly statusCode: string;
    /** Regex on SQS's HTTP status (for AWS integrations API Gateway matches the status, not the body); absent for the default. */
    readonly selectionPattern?: string;
    readonly template: string;
}

/** The status codes the method declares; API Gateway refuses an integration response without one. */
export const METHOD_RESPONSE_STATUS_CODES: readonly string[] = ["202", "400", "413", "500", "503"];

const REQUEST_ID = `"requestId":"$context.requestId"`;

/** A body in the API's error shape; the message must hold no quote. */
export function errorBody(error: string, message: string): string {
    return `{"error":"${error}","message":"${message}",${REQUEST_ID}}`;
}

const RETRY = errorBody("QueueUnavailable", "The request was not queued. Retry it later.");

/**
 * SQS accepted the message: 202, because the order is queued, not yet processed. The message id
 * lets the client and the worker talk about the same message.
 */
export function successTemplate(): string {
    return `{"messageId":"$input.path('$.SendMessageResponse.SendMessageResult.MessageId')",${REQUEST_ID}}`;
}

/**
 * SQS answered 4xx. Most of these are our own fault (AccessDenied, a KMS error, a missing queue),
 * and a 400 would tell the client to drop the order, so anything the template does not recognise
 * as the request's fault is raised to a retryable 500. SQS reports an oversized message as
 * InvalidParameterValue, so its message text is what tells 413 from 400. A batch whose entries
 * together pass SQS's limit for one request is refused whole (`…BatchRequestTooLong`): 413 too.
 */
export function clientErrorTemplate(maxMessageSize: number, batch = false): string {
    return [
        `#set($code = "$!input.path('$.Error.Code')")`,
        `#set($detail = "$!input.path('$.Error.Message')")`,
        ...(batch ? [
            `#if($code.endsWith("BatchRequestTooLong"))`,
            `#set($context.responseOverride.status = 413)`,
            errorBody("PayloadTooLarge", `The orders are together larger than the ${BATCH_PAYLOAD_BYTES} bytes SQS takes in one request.`),
            `#elseif($code == "InvalidParameterValue" && $detail.contains("must be shorter than"))`,
        ] : [`#if($code == "InvalidParameterValue" && $detail.contains("must be shorter than"))`]),
        `#set($context.responseOverride.status = 413)`,
        errorBody("PayloadTooLarge", `The request body is larger than the ${maxMessageSize} bytes the queue accepts.`),
        `#elseif($code == "InvalidMessageContents")`,
        errorBody("InvalidMessage", "The request body holds characters the queue does not accept."),
        `#elseif($code == "MissingParameter" || $code == "InvalidParameterValue")`,
        errorBody("InvalidRequest", "The queue does not accept a value of the request: an empty body, or a header, group id or attribute SQS refuses."),
        `#else`,
        `#set($context.responseOverride.status = 500)`,
        RETRY,
        `#end`,
    ].join("\n");
}

/**
 * The integration responses, in the order API Gateway should see them. Each has its own status
 * code: API Gateway stores a method's integration responses by status code, so two with the same
 * code would be one object, the last written replacing the other. The default (no pattern) also
 * catches anything unexpected, and it is a retryable 500, never a 200. A batch route's answers read
 * SendMessageBatch's (batchResponses.ts).
 */
export function integrationResponses(maxMessageSize: number, batch = false): readonly IntegrationResponseSpec[] {
    return [
        { statusCode: "202", selectionPattern: "2\\d{2}", template: batch ? batchSuccessTemplate(maxMessageSize) : successTemplate() },
        { statusCode: "400", selectionPattern: "4\\d{2}", template: clientErrorTemplate(maxMessageSize, batch) },
        // SQS itself failed: it is unavailable for now, and the client should retry.
        { statusCode: "503", selectionPattern: "5\\d{2}", template: RETRY },
        { statusCode: "500", template: RETRY },
    ];
}

export interface GatewayResponseSpec {
    readonly responseType: string;
    /** Absent keeps API Gateway's own status for that response type. */
    readonly statusCode?: string;
    readonly template: string;
}

/**
 * Gateway response templates are not run by the VTL engine: API Gateway only substitutes
 * `$context` and `$stageVariables` values into them, so they hold no `#set`, `#if` or `$util`.
 * `$context.error.messageString` is the message as a quoted JSON string (AWS's own default
 * template is `{"message":$context.error.messageString}`); the response type and the request id
 * cannot hold a quote. The validation message of an invalid body is left out: AWS does not say
 * how `validationErrorString` is escaped, and a quote in it would break the JSON.
 */
const GATEWAY_ERROR = `{"error":"$context.error.responseType","message":$context.error.messageString,${REQUEST_ID}}`;

/**
 * API Gateway's own errors in the same JSON shape as ours, every one that a request to this API can
 * meet named, so that each gets its status and headers even where DEFAULT_4XX would differ. Unknown paths answer
 * MISSING_AUTHENTICATION_TOKEN (403) in REST APIs; it keeps its status because AWS_IAM methods use
 * the same type for unsigned requests.
 */
export const GATEWAY_RESPONSES: readonly GatewayResponseSpec[] = [
    { responseType: "DEFAULT_4XX", template: GATEWAY_ERROR },
    { responseType: "DEFAULT_5XX", template: GATEWAY_ERROR },
    { responseType: "BAD_REQUEST_BODY", statusCode: "400", template: GATEWAY_ERROR },
    { responseType: "BAD_REQUEST_PARAMETERS", statusCode: "400", template: GATEWAY_ERROR },
    { responseType: "MISSING_AUTHENTICATION_TOKEN", statusCode: "403", template: GATEWAY_ERROR },
    { responseType: "REQUEST_TOO_LARGE", statusCode: "413", template: GATEWAY_ERROR },
    { responseType: "UNSUPPORTED_MEDIA_TYPE", statusCode: "415", template: GATEWAY_ERROR },
    { responseType: "THROTTLED", statusCode: "429", template: GATEWAY_ERROR },
    { responseType: "INTEGRATION_TIMEOUT", statusCode: "504", template: GATEWAY_ERROR },
    // The front door's answers (authorizers, API keys, WAF), at the statuses AWS gives them.
    { responseType: "UNAUTHORIZED", statusCode: "401", template: GATEWAY_ERROR },
    { responseType: "ACCESS_DENIED", statusCode: "403", template: GATEWAY_ERROR },
    { responseType: "INVALID_API_KEY", statusCode: "403", template: GATEWAY_ERROR },
    { responseType: "QUOTA_EXCEEDED", statusCode: "429", template: GATEWAY_ERROR },
    { responseType: "AUTHORIZER_FAILURE", statusCode: "500", template: GATEWAY_ERROR },
    { responseType: "AUTHORIZER_CONFIGURATION_ERROR", statusCode: "500", template: GATEWAY_ERROR },
    { responseType: "WAF_FILTERED", statusCode: "403", template: GATEWAY_ERROR },
];
