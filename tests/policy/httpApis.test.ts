// Class: HTTP APIs are APIs too. An apigatewayv2 integration of subtype SQS-* with a credentialsArn
// writes to SQS with that role: the role must be SendMessage-only on the queue its QueueUrl names
// and trusted by API Gateway alone, and the stage throttled (default route settings, or each
// route's) and logged. Its parameters are mapped by API Gateway, not templated, so
// integration-encodes-body has nothing to check.
import { FixtureResource } from "../../offline/policyRunner";
import {
    ACCOUNT, bad, checkFixtures, doc, good, Labelled, QUEUE_ARN, QUEUE_URL, queue, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

const API_ID = "h77p4p1";
const httpIntegration = (props: Record<string, any> = {}, name = "orders-http-integration"): FixtureResource => ({
    type: "aws:apigatewayv2/integration:Integration", name,
    props: { apiId: API_ID, integrationType: "AWS_PROXY", integrationSubtype: "SQS-SendMessage", credentialsArn: ROLE_ARN,
        requestParameters: { QueueUrl: QUEUE_URL, MessageBody: "$request.body" }, ...props },
});
const route = (routeKey: string, name: string): FixtureResource =>
    ({ type: "aws:apigatewayv2/route:Route", name, props: { apiId: API_ID, routeKey, target: "integrations/abc123" } });
const LOGS = { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:http-access`, format: "{\"id\":\"$context.requestId\",\"status\":\"$context.status\"}" };
const THROTTLED = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };
const httpStage = (props: Record<string, any> = {}): FixtureResource => ({
    type: "aws:apigatewayv2/stage:Stage", name: "http-stage",
    props: { apiId: API_ID, name: "$default", autoDeploy: true, accessLogSettings: LOGS, defaultRouteSettings: THROTTLED, ...props },
});
/** An HTTP API that writes POST /orders into the queue with a SendMessage-only role, throttled and logged. */
const httpApi = (...extra: FixtureResource[]) => [queue(), role(), rolePolicy(sendOnly()), httpIntegration(), route("POST /orders", "post-orders"), httpStage(), ...extra];
const replace = (stack: FixtureResource[], replacement: FixtureResource) => stack.map((r) => (r.name === replacement.name ? replacement : r));
const SUBJECT = `role ${ROLE_ARN} (credentials of orders-http-integration)`;

const FIXTURES: Labelled[] = [
    bad("an HTTP API SQS integration whose role may purge the queue",
        "API Gateway sends with the credentials role, so what the role may do, a request may try", "api-role-sendmessage-only",
        replace(httpApi(), rolePolicy(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:PurgeQueue"], Resource: QUEUE_ARN }))),
        [`${SUBJECT} allows more than it needs: sqs:PurgeQueue on ${QUEUE_ARN}.`]),
    bad("an HTTP API SQS integration whose role may send to every queue",
        "the role's grant, not the QueueUrl, bounds where a message can go", "api-role-sendmessage-only",
        replace(httpApi(), rolePolicy(sendOnly(`arn:aws:sqs:eu-west-1:${ACCOUNT}:*`))),
        [`${SUBJECT} allows more than it needs: sqs:SendMessage on arn:aws:sqs:eu-west-1:${ACCOUNT}:*.`]),
    bad("an HTTP API SQS integration whose QueueUrl comes from the request",
        "a $request mapping lets each client pick the queue URL", "api-role-sendmessage-only",
        replace(httpApi(), httpIntegration({ requestParameters: { QueueUrl: "$request.header.x-queue", MessageBody: "$request.body" } })),
        [`${SUBJECT} is used by an integration that names no queue the pack can read (orders-http-integration: its QueueUrl comes from `
            + `$request.header.x-queue, so the request chooses the queue); allows more than it needs: sqs:SendMessage on ${QUEUE_ARN}.`]),
    bad("an HTTP API integration of subtype SQS-ReceiveMessage",
        "a public route that receives messages hands orders to anyone; this product's APIs only write", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: QUEUE_ARN })),
            httpIntegration({ integrationSubtype: "SQS-ReceiveMessage" }), route("GET /orders", "get-orders"), httpStage()],
        [`${SUBJECT} allows more than it needs: sqs:ReceiveMessage on ${QUEUE_ARN}; does not allow sqs:SendMessage on ${QUEUE_ARN}, so every request to it would fail.`]),
    bad("an HTTP API SQS integration whose role Lambda may assume too",
        "a trust policy that names another service lets that service act with the role", "api-role-trust",
        replace(httpApi(), role({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: ["apigateway.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole" }) })),
        [`role ${ROLE_ARN} trust policy: it trusts {"Service":["apigateway.amazonaws.com","lambda.amazonaws.com"]} instead of only {"Service":"apigateway.amazonaws.com"}.`]),
    bad("an HTTP API stage without default route throttling",
        "without route limits an HTTP API stage takes requests up to the account's limit", "stage-throttled-and-logged",
        replace(httpApi(), httpStage({ defaultRouteSettings: { detailedMetricsEnabled: true } })),
        ["stage http-stage has no throttling for POST /orders (defaultRouteSettings, or routeSettings for each route, with throttlingRateLimit and throttlingBurstLimit)."]),
    bad("an HTTP API stage that throttles one route of two",
        "route settings apply to the route they name", "stage-throttled-and-logged",
        [...replace(httpApi(), httpStage({ defaultRouteSettings: undefined, routeSettings: [{ routeKey: "POST /orders", ...THROTTLED }] })), route("PUT /orders", "put-orders")],
        ["stage http-stage has no throttling for PUT /orders (defaultRouteSettings, or routeSettings for each route, with throttlingRateLimit and throttlingBurstLimit)."]),
    bad("an HTTP API stage without access logs",
        "a stage logs requests only where accessLogSettings send them", "stage-throttled-and-logged",
        replace(httpApi(), httpStage({ accessLogSettings: undefined })), ["stage http-stage has no access logs."]),
    good("an HTTP API SQS integration with a SendMessage-only role",
        "the role may send to the queue its QueueUrl names, and nothing else", "api-role-sendmessage-only", httpApi()),
    good("an HTTP API SQS integration to a queue of another stack, named by its URL",
        "a queue URL names the queue's region, account and name, which make its ARN", "api-role-sendmessage-only",
        [role(), rolePolicy(sendOnly(`arn:aws:sqs:us-east-1:${ACCOUNT}:fulfilment`)),
            httpIntegration({ requestParameters: { QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/fulfilment`, MessageBody: "$request.body" } })]),
    good("an HTTP API stage throttled per route, without defaults",
        "each route takes its own route settings' limits", "stage-throttled-and-logged",
        [...replace(httpApi(), httpStage({ defaultRouteSettings: undefined, routeSettings: [{ routeKey: "POST /orders", ...THROTTLED }, { routeKey: "PUT /orders", ...THROTTLED }] })),
            route("PUT /orders", "put-orders")]),
    good("an HTTP API Lambda integration whose role may do more",
        "only integrations that write to SQS are held to SendMessage; a Lambda proxy's role is another matter", "api-role-sendmessage-only",
        [role({}, "invoker"), rolePolicy(doc({ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "*" }), "invoker", "invoke"),
            httpIntegration({ integrationType: "AWS_PROXY", integrationSubtype: undefined, credentialsArn: `arn:aws:iam::${ACCOUNT}:role/invoker`,
                integrationUri: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:refunds`, requestParameters: undefined })]),
    good("an HTTP API SQS integration, to the encoding policy",
        "HTTP API parameter mapping sends each parameter to SQS as a parameter: there is no form to corrupt", "integration-encodes-body", httpApi()),
];

describe("HTTP APIs: SQS integrations, their roles and their stages", () => {
    checkFixtures(FIXTURES);
});
