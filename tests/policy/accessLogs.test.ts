// Class: an access log format is judged as API Gateway fills it in: each $context variable is
// replaced by its value as it is, so a value stands in quotes unless it is always a number (AWS
// documents the response's status, length and latency, and the request's epoch time, as numbers
// set on every request), and `…String` variables come quoted already. A step that may not run (the
// integration, an authorizer) leaves its numbers out, written `-`, which is not JSON.
import { FixtureResource } from "../../offline/policyRunner";
import { ACCOUNT, bad, checkFixtures, good, Labelled } from "../support/policyFixtures";

const stage = (format: string): FixtureResource[] => [
    { type: "aws:apigateway/stage:Stage", name: "v1", props: { restApi: "a1b2c3d4e5", stageName: "v1",
        accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:orders`, format } } },
    { type: "aws:apigateway/methodSettings:MethodSettings", name: "v1-all", props: { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "*/*",
        settings: { throttlingRateLimit: 10, throttlingBurstLimit: 20 } } },
];
const NOT_JSON = ["stage v1 has access logs that are not JSON."];

const FIXTURES: Labelled[] = [
    good("unquoted status and epoch time", "both are numbers API Gateway sets on every request", "stage-throttled-and-logged",
        stage("{\"requestId\":\"$context.requestId\",\"status\":$context.status,\"requestTimeEpoch\":$context.requestTimeEpoch}")),
    good("unquoted response latency and length", "both are numbers of every response", "stage-throttled-and-logged",
        stage("{\"latency\":$context.responseLatency,\"length\":$context.responseLength}")),
    good("a quoted value and a JSON string variable", "$context.error.messageString is a quoted JSON string already", "stage-throttled-and-logged",
        stage("{\"ip\":\"$context.identity.sourceIp\",\"error\":$context.error.messageString}")),
    bad("an unquoted text value", "a request id is text: unquoted it breaks every line", "stage-throttled-and-logged",
        stage("{\"requestId\":$context.requestId,\"status\":$context.status}"), NOT_JSON),
    bad("an unquoted integration latency", "a request refused before its integration runs logs the latency as -", "stage-throttled-and-logged",
        stage("{\"status\":$context.status,\"integrationLatency\":$context.integrationLatency}"), NOT_JSON),
    bad("an unquoted integration status", "the integration's status is absent when it did not run", "stage-throttled-and-logged",
        stage("{\"integrationStatus\":$context.integration.status}"), NOT_JSON),
];

describe("policy stage-throttled-and-logged: access log formats as API Gateway fills them", () => {
    checkFixtures(FIXTURES);
});
