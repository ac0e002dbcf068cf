// Class: who may call a method. Every method checks its callers (IAM, a Cognito user pool, a Lambda
// authorizer), unless it is a CORS preflight or a retired route that API Gateway answers itself, or
// a route the stack's policy config declares public.
import assert from "node:assert/strict";

import { FixtureResource, UNKNOWN_STRING } from "../../offline/policyRunner";
import { bad, checkFixtures, good, Labelled, messagesOf } from "../support/policyFixtures";
import { iamOnlyInternalApi, integration, method, resource, restApi } from "../support/restApiFixtures";

const POLICY = "api-methods-authorized";
const REMEDY = "Require AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizerId";
const orPublic = (route: string) => `${REMEDY}, or list "${route}" in this policy's publicRoutes if it is public by design.`;

/** /orders and /stores/{storeId}/orders on one API, with the given methods and integrations. */
const api = (...extra: FixtureResource[]) => [restApi(), resource("orders", "orders"), resource("stores", "stores"),
    resource("store", "{storeId}", "stores-id"), resource("store-orders", "orders", "store-id"), ...extra];

const cognito = { authorization: "COGNITO_USER_POOLS", authorizerId: "cog123" };
const lambda = { authorization: "CUSTOM", authorizerId: "lam456" };
const open = { authorization: "NONE" };

const FIXTURES: Labelled[] = [
    bad("a POST method open to anyone",
        "authorization NONE lets every caller in; throttling is then the only limit", POLICY,
        api(method("post-orders", "orders-id", "POST", open)),
        [`POST /orders (method post-orders) has authorization NONE: anyone who can reach the API can call it. ${orPublic("POST /orders")}`]),
    bad("an open method that requires an API key",
        "an API key identifies a client, it does not authenticate one: anyone holding the key gets in", POLICY,
        api(method("post-orders", "orders-id", "POST", { ...open, apiKeyRequired: true })),
        ["POST /orders (method post-orders) has authorization NONE with apiKeyRequired: an API key identifies a client, it does not "
            + "authenticate one (it is a static string that anyone who holds it can send), so whoever has the key can call it. "
            + orPublic("POST /orders")]),
    bad("an open OPTIONS method whose integration reaches a backend",
        "only a MOCK integration keeps a preflight inside API Gateway; any other type calls the backend unauthenticated", POLICY,
        api(method("options-orders", "orders-id", "OPTIONS", open), integration("options-orders-integration", "orders-id", "OPTIONS",
            { type: "AWS", uri: "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders" })),
        ["OPTIONS /orders (method options-orders) has authorization NONE and an integration of type AWS (options-orders-integration), "
            + "which reaches a backend: only a CORS preflight answered by a MOCK integration may go without authorization. "
            + orPublic("OPTIONS /orders")]),
    bad("an open OPTIONS method whose MOCK integration is on another resource",
        "API Gateway keeps one integration per API, resource and method: another resource's MOCK does not answer this one", POLICY,
        api(method("options-orders", "orders-id", "OPTIONS", open), integration("options-stores-integration", "stores-id", "OPTIONS")),
        ["OPTIONS /orders (method options-orders) has authorization NONE and no MOCK integration in the stack: only a CORS preflight "
            + `answered by a MOCK integration may go without authorization. ${orPublic("OPTIONS /orders")}`]),
    bad("an open POST method whose MOCK integration answers 200",
        "a MOCK that answers success stands in for a backend: only one that names an error status for every request reaches nothing", POLICY,
        api(method("post-orders", "orders-id", "POST", open), integration("post-orders-integration", "orders-id", "POST",
            { requestTemplates: { "application/json": "{\"statusCode\": 200}" } })),
        [`POST /orders (method post-orders) has authorization NONE: anyone who can reach the API can call it. ${orPublic("POST /orders")}`]),
    bad("an open POST method whose MOCK integration answers 410 to JSON and 200 to another media type",
        "every request template must name an error: one that answers success is a route someone can use", POLICY,
        api(method("post-orders", "orders-id", "POST", open), integration("post-orders-integration", "orders-id", "POST",
            { requestTemplates: { "application/json": "{\"statusCode\": 410}", "text/plain": "{\"statusCode\": 200}" } })),
        [`POST /orders (method post-orders) has authorization NONE: anyone who can reach the API can call it. ${orPublic("POST /orders")}`]),
    bad("a CUSTOM method without an authorizerId",
        "a Lambda authorizer is named by its id; without one no authorizer checks the caller", POLICY,
        api(method("post-orders", "orders-id", "POST", { authorization: "CUSTOM" })),
        ["POST /orders (method post-orders) has authorization CUSTOM without an authorizerId: name the aws.apigateway.Authorizer that checks its callers."]),
    {
        ...bad("a public route listed for the top-level path, and an open method on the nested one",
            "a public route covers its own method and path, from the API's root: /orders is not /stores/{storeId}/orders", POLICY,
            api(method("post-orders", "orders-id", "POST", open), method("post-store-orders", "store-orders-id", "POST", open)),
            [`POST /stores/{storeId}/orders (method post-store-orders) has authorization NONE: anyone who can reach the API can call it. `
                + orPublic("POST /stores/{storeId}/orders")]),
        config: { publicRoutes: ["POST /orders"] },
    },
    bad("an open method of a new API, whose ids are unknown at preview",
        "an unknown id is followed to the resource it comes from, so the route is still known", POLICY,
        [restApi({ id: UNKNOWN_STRING, rootResourceId: UNKNOWN_STRING }),
            { ...resource("orders", "orders", UNKNOWN_STRING, { id: UNKNOWN_STRING, restApi: UNKNOWN_STRING }), propertyDependencies: { parentId: ["api"] } },
            { ...method("post-orders", UNKNOWN_STRING, "POST", { ...open, restApi: UNKNOWN_STRING }), propertyDependencies: { resourceId: ["orders"] } }],
        [`POST /orders (method post-orders) has authorization NONE: anyone who can reach the API can call it. ${orPublic("POST /orders")}`]),
    bad("an open method on a resource of another stack",
        "the route cannot be told without the resource, and an open method is open whatever its path", POLICY,
        api(method("post-elsewhere", "x9y8z7", "POST", open)),
        ["POST on a resource outside the stack (method post-elsewhere) has authorization NONE: anyone who can reach the API can call it. "
            + `${REMEDY}, or list its route in this policy's publicRoutes if it is public by design.`]),
    good("an IAM-only internal API",
        "every method needs a SigV4 signature from a principal that IAM allows to invoke it", POLICY,
        iamOnlyInternalApi()),
    good("a CORS API: an open OPTIONS preflight with a MOCK integration beside authorized POST methods",
        "API Gateway answers a MOCK preflight itself and browsers send preflights without credentials; the POSTs check theirs", POLICY,
        api(method("options-orders", "orders-id", "OPTIONS", open), integration("options-orders-integration", "orders-id", "OPTIONS"),
            method("post-orders", "orders-id", "POST", cognito), method("post-store-orders", "store-orders-id", "POST", lambda))),
    good("a retired route: an open POST method whose MOCK integration answers 410",
        "API Gateway answers Gone itself for every request and reaches nothing, so there is nothing to authorize", POLICY,
        api(method("post-orders", "orders-id", "POST", open), integration("post-orders-integration", "orders-id", "POST",
            { requestTemplates: { "application/json": "{\"statusCode\": 410}" }, passthroughBehavior: "NEVER" }))),
    good("an authorizer created with the API, whose id is unknown at preview",
        "an unknown authorizerId is a new authorizer's id: it is set", POLICY,
        api(method("post-orders", "orders-id", "POST", { authorization: "CUSTOM", authorizerId: UNKNOWN_STRING }))),
    {
        ...good("a public route listed as such in the stack's policy config",
            "the stack declares the route open by design, method and full path", POLICY,
            api(method("post-store-orders", "store-orders-id", "POST", open), method("post-orders", "orders-id", "POST", cognito))),
        config: { publicRoutes: ["POST /stores/{storeId}/orders"] },
    },
];

describe("api-methods-authorized: every method checks its callers", () => {
    checkFixtures(FIXTURES);

    it("leaves an open method to the SDK while its route is unknown, as it may be a public one", async () => {
        const unplaced = method("post-orders", UNKNOWN_STRING, "POST", open);
        assert.deepEqual(await messagesOf(POLICY, api(unplaced), { publicRoutes: ["POST /orders"] }),
            ["can't run during preview: string value at .resourceId can't be known during preview"]);
    });

    it("reads a listed route with a trailing slash as the route", async () => {
        assert.deepEqual(await messagesOf(POLICY, api(method("post-orders", "orders-id", "POST", open)), { publicRoutes: ["POST /orders/"] }), []);
    });
});
