// The stage's access log line: one JSON object per request, so log queries can read its fields.
// It records the integration's status and the error type, which is how a 500 caused by SQS is
// traced, and never the request body (orders hold personal data).
//
// API Gateway fills an access log format by plain substitution: each value is inserted as it is,
// unescaped, and an absent one as "-". So only values that cannot hold a double quote or a
// backslash are logged: ids, times, addresses, methods, resource paths, numbers and response types.
// Free text (the caller's User-Agent, error messages, the integration's error text) could break
// the line's JSON, and what $context.error.messageString renders without an error is not documented.

const FIELDS: Readonly<Record<string, string>> = {
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    ip: "$context.identity.sourceIp",
    caller: "$context.identity.caller",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationStatus: "$context.integration.status",
    integrationLatency: "$context.integration.latency",
    errorType: "$context.error.responseType",
};

/** The access log format: a single line of JSON, every value a string. */
export function accessLogFormat(): string {
    return `{${Object.entries(FIELDS).map(([name, variable]) => `"${name}":"${variable}"`).join(",")}}`;
}
