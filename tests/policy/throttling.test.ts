// Class: every method throttled. A REST API stage is throttled only when every method of it is: a
// MethodSettings for */*, or one per method. A setting for one method overrides the stage-wide one
// for that method alone and leaves the others as they were.
import { FixtureResource } from "../../offline/policyRunner";
import { bad, checkFixtures, good, Labelled } from "../support/policyFixtures";

const POLICY = "stage-throttled-and-logged";
const API_ID = "a1b2c3d4e5";
const ROOT_ID = "r00t";
const LIMITS = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };

const restApi: FixtureResource = { type: "aws:apigateway/restApi:RestApi", name: "api", props: { id: API_ID, rootResourceId: ROOT_ID } };
const resource = (name: string, pathPart: string, parentId = ROOT_ID, props: Record<string, any> = {}): FixtureResource =>
    ({ type: "aws:apigateway/resource:Resource", name, props: { id: `${name}-id`, restApi: API_ID, parentId, pathPart, ...props } });
const method = (name: string, resourceId: string, httpMethod: string): FixtureResource =>
    ({ type: "aws:apigateway/method:Method", name, props: { restApi: API_ID, resourceId, httpMethod, authorization: "NONE" } });
const stage: FixtureResource = { type: "aws:apigateway/stage:Stage", name: "stage", props: { restApi: API_ID, stageName: "v1",
    accessLogSettings: { destinationArn: "arn:aws:logs:eu-west-1:123456789012:log-group:access", format: "{\"id\":\"$context.requestId\"}" } } };
const settings = (name: string, methodPath: string, values: Record<string, unknown> = LIMITS): FixtureResource =>
    ({ type: "aws:apigateway/methodSettings:MethodSettings", name, props: { restApi: API_ID, stageName: "v1", methodPath, settings: values } });

/** POST /orders, PUT /orders/{id} and GET /health on one API with one stage. */
const api = (...extra: FixtureResource[]) => [restApi, resource("orders", "orders"), resource("order", "{id}", "orders-id"), resource("health", "health"),
    method("post-orders", "orders-id", "POST"), method("put-order", "order-id", "PUT"), method("get-health", "health-id", "GET"), stage, ...extra];
const HINT = "MethodSettings for */*, or one per method, with throttlingRateLimit and throttlingBurstLimit";

const FIXTURES: Labelled[] = [
    bad("a setting for one method of three",
        "a method path setting applies to that method only", POLICY,
        api(settings("post-only", "orders/POST")),
        [`stage stage has no throttling for PUT /orders/{id}, GET /health (${HINT}).`]),
    bad("a stage-wide setting overridden, for one method, by a setting without limits",
        "a method's own setting replaces the stage-wide one for it, and a limit left unset is -1, no throttling", POLICY,
        api(settings("all", "*/*"), settings("post-metrics", "orders/POST", { metricsEnabled: true })),
        [`stage stage has no throttling for POST /orders (${HINT}).`]),
    bad("settings for every method but one, which only has a rate limit",
        "API Gateway throttles with a rate and a burst; a burst of -1 leaves the method unthrottled", POLICY,
        api(settings("post", "orders/POST"), settings("put", "orders/{id}/PUT"), settings("get-health-settings", "health/GET", { throttlingRateLimit: 5 })),
        [`stage stage has no throttling for GET /health (${HINT}).`]),
    bad("settings for every method, on another stage",
        "method settings belong to the stage they name", POLICY,
        api(...["orders/POST", "orders/{id}/PUT", "health/GET"].map((path, i) => ({ ...settings(`s${i}`, path), props: { ...settings(`s${i}`, path).props, stageName: "v2" } }))),
        ["stage stage has no throttling (MethodSettings with throttlingRateLimit and throttlingBurstLimit)."]),
    good("one setting per method",
        "each method path throttles its method, and every method has one", POLICY,
        api(settings("post", "orders/POST"), settings("put", "orders/{id}/PUT"), settings("get-health-settings", "health/GET"))),
    good("a stage-wide setting with per-method overrides that keep limits",
        "*/* throttles every method, and each override sets limits of its own", POLICY,
        api(settings("all", "*/*"), settings("post", "orders/POST", { throttlingRateLimit: 10, throttlingBurstLimit: 20, metricsEnabled: true }))),
    good("per-method settings keyed by the resources' own path outputs",
        "a resource's path is its method path without the leading slash", POLICY,
        [restApi, resource("orders", "orders", ROOT_ID, { path: "/orders" }), method("post-orders", "orders-id", "POST"),
            method("get-root", ROOT_ID, "GET"), stage, settings("post", "orders/POST"), settings("root", "/GET")]),
];

describe("stage-throttled-and-logged: every method throttled", () => {
    checkFixtures(FIXTURES);
});
