// The stage's access log line: one JSON object per request, so log queries can read its fields.
// It records the integration's status and error, which is how a 500 caused by SQS is traced,
// and never the request body (orders hold personal data).

const FIELDS: Readonly<Record<string, string>> = {
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    ip: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    caller: "$context.identity.caller",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationStatus: "$context.integration.status",
    integrationLatency: "$context.integration.latency",
    integrationError: "$context.integration.error",
};

/** Values API Gateway already renders as quoted, escaped JSON strings (a message may hold quotes). */
const JSON_FIELDS: Readonly<Record<string, string>> = {
    errorMessage: "$context.error.messageString",
};

/** The access log format: a single line of JSON. */
export function accessLogFormat(): string {
    const fields = [
        ...Object.entries(FIELDS).map(([name, variable]) => `"${name}":"${variable}"`),
        ...Object.entries(JSON_FIELDS).map(([name, variable]) => `"${name}":${variable}`),
    ];
    return `{${fields.join(",")}}`;
}
