// APIs written as OpenAPI bodies, for the labelled fixtures: a REST API whose body holds the orders
// route (an SQS integration as AWS documents it, signed callers), and an HTTP API whose body holds
// an SQS-SendMessage route. Each fixture file changes what its class is about.
import { FixtureResource } from "../../offline/policyRunner";
import { integration, queue, role, rolePolicy, sendOnly } from "./policyFixtures";

export const API_ID = "a1b2c3d4e5";
export const HTTP_API_ID = "h77p4p1";

/** A REST API whose OpenAPI body is `body` (an object is written as JSON text, as @pulumi/aws-apigateway writes it). */
export const restApi = (body: unknown, props: Record<string, any> = {}, name = "orders-api"): FixtureResource => ({
    type: "aws:apigateway/restApi:RestApi", name,
    props: { id: API_ID, rootResourceId: "r00tid", name, body: typeof body === "string" ? body : JSON.stringify(body), ...props },
});

/** An HTTP API whose OpenAPI body is `body`. */
export const httpApi = (body: unknown, props: Record<string, any> = {}, name = "orders-http-api"): FixtureResource => ({
    type: "aws:apigatewayv2/api:Api", name,
    props: { id: HTTP_API_ID, name, protocolType: "HTTP", body: typeof body === "string" ? body : JSON.stringify(body), ...props },
});

/**
 * The x-amazon-apigateway-integration of a REST API's SQS route: the resource fixture's integration,
 * written as AWS's extension documentation writes it (lower-case type and passthrough behaviour).
 */
export const sqsIntegration = (overrides: Record<string, unknown> = {}) => {
    const { uri, credentials, requestParameters, requestTemplates } = integration().props;
    return { type: "aws", httpMethod: "POST", uri, credentials, requestParameters, requestTemplates, passthroughBehavior: "never",
        responses: { "2\\d{2}": { statusCode: "202" }, default: { statusCode: "500" } }, ...overrides };
};

export const SIGV4_SCHEME = { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" };

/** An OpenAPI 3 body with these paths, IAM-signed callers declared as `sigv4`, and `extra` at its top. */
export const openApi = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    openapi: "3.0.1",
    info: { title: "orders", version: "1.0" },
    paths,
    components: { securitySchemes: { sigv4: SIGV4_SCHEME } },
    ...extra,
});

/** POST /orders, signed, writing to the queue. */
export const signedOrders = (integration: Record<string, unknown> = {}) => ({
    "/orders": { post: { security: [{ sigv4: [] }], "x-amazon-apigateway-integration": sqsIntegration(integration) } },
});

/** The queue, the API's role allowed only SendMessage on it, and the REST API written as `body`. */
export const bodyStack = (body: unknown, apiProps: Record<string, any> = {}, ...extra: FixtureResource[]): FixtureResource[] =>
    [queue(), role(), rolePolicy(sendOnly()), restApi(body, apiProps), ...extra];
