// Class: an HTTP API written as an OpenAPI body. API Gateway imports each path's operations as
// routes and their x-amazon-apigateway-integration (inline, or a $ref to the body's
// components.x-amazon-apigateway-integrations) as integrations: an AWS_PROXY integration of subtype
// SQS-SendMessage writes to the queue its QueueUrl names, with its credentials role, held to the
// same rules as one written as a resource. The provider reimports the body whole on each update.
import { FixtureResource } from "../../offline/policyRunner";
import { httpApi, HTTP_API_ID } from "../support/bodyFixtures";
import {
    ACCOUNT, bad, checkFixtures, doc, good, Labelled, QUEUE_ARN, QUEUE_URL, queue, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

const sendMessage = (parameters: Record<string, string> = { QueueUrl: QUEUE_URL, MessageBody: "$request.body" }, overrides: Record<string, unknown> = {}) => ({
    type: "aws_proxy", integrationSubtype: "SQS-SendMessage", credentials: ROLE_ARN, payloadFormatVersion: "1.0", requestParameters: parameters, ...overrides,
});
const body = (integration: unknown, extra: Record<string, unknown> = {}) => ({
    openapi: "3.0.1", info: { title: "orders", version: "1.0" },
    paths: { "/orders": { post: { "x-amazon-apigateway-integration": integration } } },
    ...extra,
});
const LOGS = { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:http-access`, format: "{\"id\":\"$context.requestId\",\"status\":$context.status}" };
const stage = (props: Record<string, any> = {}): FixtureResource => ({
    type: "aws:apigatewayv2/stage:Stage", name: "http-stage",
    props: { apiId: HTTP_API_ID, name: "$default", accessLogSettings: LOGS, defaultRouteSettings: { throttlingRateLimit: 50, throttlingBurstLimit: 100 }, ...props },
});
/** The queue, a SendMessage-only role and an HTTP API written as `apiBody`. */
const stack = (apiBody: unknown, ...extra: FixtureResource[]): FixtureResource[] =>
    [queue(), role(), rolePolicy(sendOnly()), httpApi(apiBody), stage(), ...extra];
const SUBJECT = `role ${ROLE_ARN} (credentials of orders-http-api's body at POST /orders)`;

const FIXTURES: Labelled[] = [
    bad("a body's SQS-SendMessage integration whose role may receive too", "the role API Gateway sends with bounds what a request may try",
        "api-role-sendmessage-only", [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage"], Resource: QUEUE_ARN })),
            httpApi(body(sendMessage())), stage()],
        [`${SUBJECT} allows more than it needs: sqs:ReceiveMessage on ${QUEUE_ARN}.`]),
    bad("a body's SQS integration whose QueueUrl comes from the request", "a $request mapping lets each client choose the queue",
        "api-role-sendmessage-only", stack(body(sendMessage({ QueueUrl: "$request.header.x-queue", MessageBody: "$request.body" }))),
        [`${SUBJECT} is used by an integration that names no queue the pack can read (orders-http-api's body at POST /orders: its QueueUrl comes from `
            + `$request.header.x-queue, so the request chooses the queue); allows more than it needs: sqs:SendMessage on ${QUEUE_ARN}.`]),
    bad("a body's SQS-ReceiveMessage integration", "this product's APIs only write: a route that receives hands orders to anyone", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: QUEUE_ARN })),
            httpApi(body(sendMessage({ QueueUrl: QUEUE_URL }, { integrationSubtype: "SQS-ReceiveMessage" }))), stage()],
        [`${SUBJECT} allows more than it needs: sqs:ReceiveMessage on ${QUEUE_ARN}; does not allow sqs:SendMessage on ${QUEUE_ARN}, so every request to it would fail.`]),
    good("a body's SQS-SendMessage integration with a SendMessage-only role", "the role may send to the queue its QueueUrl names, and nothing else",
        "api-role-sendmessage-only", stack(body(sendMessage()))),
    good("a body's integration from components.x-amazon-apigateway-integrations", "AWS documents integrations shared by $ref for HTTP APIs",
        "api-role-sendmessage-only", stack(body({ $ref: "#/components/x-amazon-apigateway-integrations/orders" },
            { components: { "x-amazon-apigateway-integrations": { orders: sendMessage() } } }))),
    good("a body's QueueUrl taken from a stage variable", "${stageVariables.queueUrl} is the queue URL each stage sets", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(sendOnly()), httpApi(body(sendMessage({ QueueUrl: "${stageVariables.queueUrl}", MessageBody: "$request.body" }))),
            stage({ stageVariables: { queueUrl: QUEUE_URL } })]),
    bad("a body's routes beside a separate route of the same API", "the provider reimports the body whole on every update, overwriting separate routes",
        "one-resource-per-aws-object", stack(body(sendMessage()), { type: "aws:apigatewayv2/route:Route", name: "get-orders",
            props: { apiId: HTTP_API_ID, routeKey: "GET /orders", target: "integrations/abc" } }),
        ["HTTP API orders-http-api is defined by its OpenAPI body and also by get-orders: the provider reimports the body whole on every update, which "
            + "overwrites routes and integrations managed as separate resources. Define them in the body, or drop the body."]),
    bad("a stage that throttles one of a body's routes", "route settings throttle the route they name; without defaults the others take none",
        "stage-throttled-and-logged", stack({ ...body(sendMessage()), paths: { "/orders": { post: { "x-amazon-apigateway-integration": sendMessage() },
            get: { "x-amazon-apigateway-integration": { type: "http_proxy", httpMethod: "GET", uri: "https://orders.example.com", payloadFormatVersion: "1.0" } } } } })
            .map((r) => (r.name === "http-stage" ? stage({ defaultRouteSettings: undefined,
                routeSettings: [{ routeKey: "POST /orders", throttlingRateLimit: 50, throttlingBurstLimit: 100 }] }) : r)),
        ["stage http-stage has no throttling for GET /orders (defaultRouteSettings, or routeSettings for each route, with throttlingRateLimit and throttlingBurstLimit)."]),
    bad("a body integration property HTTP APIs do not document", "requestTemplates belong to REST APIs; an HTTP API's import does not say what it makes of them",
        "api-definition-readable", stack(body(sendMessage(undefined, { requestTemplates: { "application/json": "$input.body" } }))),
        ["The OpenAPI body of HTTP API orders-http-api holds what the policy pack cannot judge, so it fails closed: paths[\"/orders\"].post."
            + "x-amazon-apigateway-integration.requestTemplates: x-amazon-apigateway-integration has no documented property \"requestTemplates\", so what API "
            + "Gateway makes of it cannot be judged."]),
    good("a body with CORS, a JWT authorizer and a $default route", "x-amazon-apigateway-cors and JWT authorizers are documented for HTTP APIs",
        "api-definition-readable", stack({ ...body(sendMessage()), "x-amazon-apigateway-cors": { allowOrigins: ["https://shop.example.com"] },
            security: [{ jwt: [] }], components: { securitySchemes: { jwt: { type: "oauth2", "x-amazon-apigateway-authorizer": { type: "jwt",
                identitySource: "$request.header.Authorization", jwtConfiguration: { audience: ["orders"], issuer: "https://issuer.example.com" } } } } } })),
];

describe("HTTP APIs written as OpenAPI bodies", () => {
    checkFixtures(FIXTURES);
});
