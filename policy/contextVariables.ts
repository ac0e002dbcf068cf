// $context variables AWS documents as numbers and fills in on every request: a status code, the
// request's epoch time, the response's latency and length. Being digits, they can carry neither a
// form delimiter into a request template nor a JSON one into an access log line, so they may stand
// unquoted and unencoded. Latencies and statuses of steps that may not run (an authorizer, the
// integration, WAF) are numbers too, but absent when the step did not run: API Gateway then writes
// `-`, which is not JSON.
export const ALWAYS_NUMERIC_CONTEXT = ["status", "requestTimeEpoch", "responseLatency", "responseLength"];
