// Class: who may call an HTTP API route that writes to SQS. An HTTP API route is open unless its
// authorizationType is AWS_IAM, JWT or CUSTOM (NONE when unset, as AWS defaults it); an open route
// to an SQS integration lets anyone put messages in the queue, as an open REST method does, so
// api-methods-authorized holds it to the same rule, routes listed in publicRoutes excepted. Routes
// of an HTTP API's OpenAPI body take their authorization from its security, as API Gateway imports it.
import assert from "node:assert/strict";

import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { httpApi, HTTP_API_ID } from "../support/bodyFixtures";
import { ACCOUNT, bad, checkFixtures, good, Labelled, QUEUE_URL, queue, role, rolePolicy, ROLE_ARN, sendOnly } from "../support/policyFixtures";

const POLICY = "api-methods-authorized";
const INTEGRATION_ID = "sqs1nt";
const sqsIntegration = (props: Record<string, unknown> = {}, name = "orders-http-integration"): FixtureResource => ({
    type: "aws:apigatewayv2/integration:Integration", name,
    props: { id: INTEGRATION_ID, apiId: HTTP_API_ID, integrationType: "AWS_PROXY", integrationSubtype: "SQS-SendMessage", credentialsArn: ROLE_ARN,
        requestParameters: { QueueUrl: QUEUE_URL, MessageBody: "$request.body" }, ...props },
});
const lambdaIntegration: FixtureResource = { type: "aws:apigatewayv2/integration:Integration", name: "status-integration",
    props: { id: "l4mbd4", apiId: HTTP_API_ID, integrationType: "AWS_PROXY", integrationUri: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:status` } };
const route = (routeKey: string, props: Record<string, unknown> = {}, name = "post-orders"): FixtureResource =>
    ({ type: "aws:apigatewayv2/route:Route", name, props: { apiId: HTTP_API_ID, routeKey, target: `integrations/${INTEGRATION_ID}`, ...props } });
/** The queue, the SendMessage-only role, an HTTP API and its SQS integration, and `extra`. */
const stack = (...extra: FixtureResource[]): FixtureResource[] =>
    [queue(), role(), rolePolicy(sendOnly()), { type: "aws:apigatewayv2/api:Api", name: "orders-http-api", props: { id: HTTP_API_ID, protocolType: "HTTP" } },
        sqsIntegration(), ...extra];
const opens = (routeKey: string, subject: string, open: string, through = " through orders-http-integration") => `${routeKey} (route ${subject}) has ${open} `
    + `and writes to SQS${through}: anyone who can reach the API can put messages in its queue. Require AWS_IAM, JWT or CUSTOM with an authorizerId, `
    + `or list "${routeKey}" in this policy's publicRoutes if it is public by design.`;

const sendMessage = { type: "aws_proxy", integrationSubtype: "SQS-SendMessage", credentials: ROLE_ARN, payloadFormatVersion: "1.0",
    requestParameters: { QueueUrl: QUEUE_URL, MessageBody: "$request.body" } };
const JWT = { type: "oauth2", "x-amazon-apigateway-authorizer": { type: "jwt", identitySource: "$request.header.Authorization",
    jwtConfiguration: { audience: ["orders"], issuer: "https://issuer.example.com" } } };
const SIGV4 = { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" };
const LAMBDA = { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authorizer": { type: "request",
    identitySource: "$request.header.Authorization", authorizerUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:${ACCOUNT}:function:auth/invocations`,
    authorizerPayloadFormatVersion: "2.0", enableSimpleResponses: true } };
/** An HTTP API body whose `path` posts to the queue with `operation`'s security, and these security schemes. */
const body = (operation: Record<string, unknown>, schemes: Record<string, unknown> = {}, extra: Record<string, unknown> = {}, path = "/orders") => ({
    openapi: "3.0.1", info: { title: "orders", version: "1.0" },
    paths: { [path]: path === "$default" ? { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": sendMessage, ...operation } }
        : { post: { "x-amazon-apigateway-integration": sendMessage, ...operation } } },
    components: { securitySchemes: schemes }, ...extra,
});
const bodyStack = (apiBody: unknown) => [queue(), role(), rolePolicy(sendOnly()), httpApi(apiBody)];
const BODY_ROUTE = "orders-http-api's body at POST /orders";
const READABLE = "The OpenAPI body of HTTP API orders-http-api holds what the policy pack cannot judge, so it fails closed:";

const RESOURCES: Labelled[] = [
    bad("a route to SQS without an authorizationType", "AWS takes an unset authorizationType as NONE", POLICY, stack(route("POST /orders")),
        [opens("POST /orders", "post-orders", "no authorizationType (NONE)")]),
    bad("a route to SQS with authorizationType NONE", "NONE lets every caller put messages in the queue", POLICY,
        stack(route("POST /orders", { authorizationType: "NONE" })), [opens("POST /orders", "post-orders", "authorizationType NONE")]),
    bad("the $default route to SQS, open", "the default route catches every request no other route matches", POLICY,
        stack(route("$default", {}, "default-route")), [opens("$default", "default-route", "no authorizationType (NONE)")]),
    bad("a JWT route without an authorizerId", "a JWT route is checked by the authorizer its id names", POLICY,
        stack(route("POST /orders", { authorizationType: "JWT" })),
        ["POST /orders (route post-orders) has authorizationType JWT without an authorizerId: name the aws.apigatewayv2.Authorizer that checks its callers."]),
    {
        ...bad("a public route listed, and another open one", "publicRoutes covers the route it names, not the API's others", POLICY,
            stack(route("POST /orders"), route("PUT /orders", {}, "put-orders")), [opens("PUT /orders", "put-orders", "no authorizationType (NONE)")]),
        config: { publicRoutes: ["POST /orders"] },
    },
    good("a route to SQS signed with IAM", "AWS_IAM needs a SigV4 signature IAM allows", POLICY, stack(route("POST /orders", { authorizationType: "AWS_IAM" }))),
    good("a route to SQS with a JWT authorizer", "the authorizer checks each caller's token", POLICY,
        stack(route("POST /orders", { authorizationType: "JWT", authorizerId: "jwt123", authorizationScopes: ["orders/write"] }))),
    good("an open route to a Lambda function", "a route that does not write to SQS is not this policy's", POLICY,
        stack(lambdaIntegration, route("GET /status", { target: "integrations/l4mbd4" }, "get-status"))),
    {
        ...good("an open $default route listed in publicRoutes", "the stack declares it open by design", POLICY, stack(route("$default", {}, "default-route"))),
        config: { publicRoutes: ["$default"] },
    },
];

const BODIES: Labelled[] = [
    bad("a body's route to SQS without security", "an operation with no security requirement, and none at the top, is imported open", POLICY,
        bodyStack(body({})), [opens("POST /orders", BODY_ROUTE, "authorizationType NONE", "")]),
    bad("a body's $default route to SQS without security", "the default route takes the any-method's security, here none", POLICY,
        bodyStack(body({}, {}, {}, "$default")), [opens("$default", "orders-http-api's body at $default", "authorizationType NONE", "")]),
    bad("a body's route whose empty security list overrides a JWT top level", "an operation's own security replaces the top-level one", POLICY,
        bodyStack(body({ security: [] }, { jwt: JWT }, { security: [{ jwt: [] }] })), [opens("POST /orders", BODY_ROUTE, "authorizationType NONE", "")]),
    good("a body's route under a top-level JWT requirement", "the JWT authorizer checks each caller's token", POLICY,
        bodyStack(body({}, { jwt: JWT }, { security: [{ jwt: ["orders/write"] }] }))),
    good("a body's route signed with IAM", "x-amazon-apigateway-authtype awsSigv4 is IAM authorization on an HTTP API too", POLICY,
        bodyStack(body({ security: [{ sigv4: [] }] }, { sigv4: SIGV4 }))),
    good("a body's route with a Lambda request authorizer", "an HTTP API's request authorizer is a Lambda authorizer (CUSTOM)", POLICY,
        bodyStack(body({ security: [{ lambda: [] }] }, { lambda: LAMBDA }))),
    bad("an HTTP API route that requires an x-api-key scheme", "HTTP APIs have no API keys: the scheme checks nothing", "api-definition-readable",
        bodyStack(body({ security: [{ key: [] }] }, { key: { type: "apiKey", name: "x-api-key", in: "header" } })),
        [`${READABLE} paths["/orders"].post.security[0]: it names security scheme key, which API Gateway does not enforce on an HTTP API: it is no `
            + "x-amazon-apigateway-authorizer and no awsSigv4 authtype, and HTTP APIs have no API keys (type \"apiKey\")."]),
    bad("an HTTP API authorizer of a REST API's type", "AWS documents request and jwt authorizers for HTTP APIs", "api-definition-readable",
        bodyStack(body({ security: [{ token: [] }] }, { token: { ...LAMBDA, "x-amazon-apigateway-authorizer": { type: "token", identitySource: "$request.header.Authorization" } } })),
        [`${READABLE} components.securitySchemes.token.x-amazon-apigateway-authorizer.type: an HTTP API authorizer is of type request or jwt, got "token"; `
            + "paths[\"/orders\"].post.security[0]: it names security scheme token, which defines no authorizer an HTTP API has."]),
    bad("x-amazon-apigateway-auth NONE on an HTTP route signed with IAM", "which of NONE and the scheme API Gateway applies is not documented",
        "api-definition-readable", bodyStack(body({ security: [{ sigv4: [] }], "x-amazon-apigateway-auth": { type: "NONE" } }, { sigv4: SIGV4 })),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-auth: its type NONE (open access) and the security of paths["/orders"].post.security `
            + "(AWS_IAM) disagree: which one API Gateway applies is not documented."]),
    bad("x-amazon-apigateway-auth AWS_IAM as an HTTP route's only authorization", "AWS documents the extension on methods, not whether an HTTP "
        + "API's import reads it: the route may be open", "api-definition-readable",
        bodyStack(body({ "x-amazon-apigateway-auth": { type: "AWS_IAM" } })),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-auth: it is the route's only authorization, and whether API Gateway reads `
            + "x-amazon-apigateway-auth for an HTTP API is not documented: authorize with a security scheme (x-amazon-apigateway-authtype awsSigv4)."]),
];

describe("api-methods-authorized: HTTP API routes that write to SQS", () => {
    describe("written as apigatewayv2.Route resources", () => checkFixtures(RESOURCES));
    describe("written in an HTTP API's OpenAPI body", () => checkFixtures(BODIES));

    it("follows a new route's unknown target to the SQS integration it comes from, at preview", async () => {
        const preview = stack({ ...route("POST /orders", { target: UNKNOWN_STRING }), propertyDependencies: { target: ["orders-http-integration"] } })
            .map((r) => (r.name === "orders-http-integration" ? sqsIntegration({ id: UNKNOWN_STRING }) : r));
        assert.deepEqual((await runPolicies(preview, { only: [POLICY] })).map((f) => f.message), [opens("POST /orders", "post-orders", "no authorizationType (NONE)")]);
    });

    it("leaves a route to the SDK while the integration it names may be a new one", async () => {
        const preview = stack(route("POST /orders")).map((r) => (r.name === "orders-http-integration" ? sqsIntegration({ id: UNKNOWN_STRING }) : r));
        assert.deepEqual((await runPolicies(preview, { only: [POLICY] })).map((f) => f.message.replace(/^(can't run during preview).*/, "$1")),
            ["can't run during preview"]);
    });
});
