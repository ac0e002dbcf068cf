// Class: a body put into a REST API by an aws.apigateway.RestApiPut. The provider sends the body to
// PutRestApi in overwrite mode, its only mode, with the resource's `parameters` and `failOnWarnings`:
// what the body defines becomes the API named by `restApiId`, and every policy judges it as it judges
// the API's own body, reporting on the RestApiPut. Whatever else defines that API (separate
// resources, the API's own body, another RestApiPut) is a second writer.
import assert from "node:assert/strict";

import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { API_ID, openApi, restApi as apiWithBody, signedOrders, sqsIntegration } from "../support/bodyFixtures";
import { bad, checkFixtures, doc, good, Labelled, QUEUE_ARN, queue, role, rolePolicy, ROLE_ARN, sendOnly } from "../support/policyFixtures";

/** The REST API the body is put into, defined by nothing else. */
const api: FixtureResource = { type: "aws:apigateway/restApi:RestApi", name: "orders-api", props: { id: API_ID, rootResourceId: "r00tid", name: "orders-api" } };
const put = (body: unknown, props: Record<string, unknown> = {}, name = "orders-put"): FixtureResource => ({
    type: "aws:apigateway/restApiPut:RestApiPut", name,
    props: { restApiId: API_ID, body: typeof body === "string" ? body : JSON.stringify(body), failOnWarnings: true, ...props },
});
/** The queue, the API's SendMessage-only role, the API and the put. */
const putStack = (body: unknown, props: Record<string, unknown> = {}, ...extra: FixtureResource[]): FixtureResource[] =>
    [queue(), role(), rolePolicy(sendOnly()), api, put(body, props), ...extra];
const open = (integration: Record<string, unknown> = {}) => ({ "/orders": { post: { "x-amazon-apigateway-integration": sqsIntegration(integration) } } });
const RAW = { requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" } };
const OPEN = "has authorization NONE: anyone who can reach the API can call it. Require AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizerId, "
    + "or list \"POST /orders\" in this policy's publicRoutes if it is public by design.";
const OVERWRITES = "each import replaces the whole API definition, deleting what the others wrote, and Pulumi, seeing no change of theirs, does not "
    + "write it again. Define the API in one body, the RestApiPut's, or as separate resources alone.";
const separateMethod: FixtureResource = { type: "aws:apigateway/method:Method", name: "separate-get",
    props: { restApi: API_ID, resourceId: "r00tid", httpMethod: "GET", authorization: "AWS_IAM" } };

const FIXTURES: Labelled[] = [
    bad("an unencoded template in a put body", "the put's integrations are the API's: MessageBody=$input.body lets a client add SQS parameters",
        "integration-encodes-body", putStack(openApi(signedOrders(RAW))),
        ["The SQS integration of POST /orders in this RestApiPut's body is unsafe: its application/json template outputs values without "
            + "$util.urlEncode: $input.body (line 1, column 32)."]),
    bad("an open route in a put body", "an operation without security is imported with authorization NONE", "api-methods-authorized",
        putStack(openApi(open())), [`POST /orders (method orders-put's body at POST /orders) ${OPEN}`]),
    bad("a put body's integration whose role may purge the queue", "the credentials a put body names are the API's role",
        "api-role-sendmessage-only", [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:PurgeQueue"], Resource: QUEUE_ARN })),
            api, put(openApi(signedOrders()))],
        [`role ${ROLE_ARN} (credentials of orders-put's body at POST /orders) allows more than it needs: sqs:PurgeQueue on ${QUEUE_ARN}.`]),
    bad("a put body with an extension AWS does not document", "what the pack cannot read in a put body fails closed, as in an API's body",
        "api-definition-readable", putStack(openApi(signedOrders(), { "x-amazon-apigateway-gateway-response": {} })),
        ["The OpenAPI body of RestApiPut orders-put holds what the policy pack cannot judge, so it fails closed: x-amazon-apigateway-gateway-response: "
            + "the pack does not read this API Gateway extension here, so what it does cannot be judged."]),
    bad("a put beside a separate method of its API", "the provider puts in overwrite mode, which deletes the separate method's definition",
        "one-resource-per-aws-object", putStack(openApi(signedOrders()), {}, separateMethod),
        [`RestApiPut orders-put puts its OpenAPI body into REST API orders-api in overwrite mode, the provider's only mode for it, and separate-get `
            + `also defines that API: ${OVERWRITES}`]),
    bad("a put into an API that has a body of its own", "the API's body and the put's overwrite each other whenever either is imported",
        "one-resource-per-aws-object", [queue(), role(), rolePolicy(sendOnly()), apiWithBody(openApi(signedOrders()), { putRestApiMode: "merge" }),
            put(openApi(signedOrders()))],
        [`RestApiPut orders-put puts its OpenAPI body into REST API orders-api in overwrite mode, the provider's only mode for it, and the body of `
            + `REST API orders-api itself also defines that API: ${OVERWRITES}`]),
    bad("two puts into one API", "each put replaces what the other put", "one-resource-per-aws-object",
        [...putStack(openApi(signedOrders())), put(openApi(signedOrders()), {}, "orders-put-2")],
        [`RestApiPut orders-put puts its OpenAPI body into REST API orders-api in overwrite mode, the provider's only mode for it, and RestApiPut `
            + `orders-put-2 also defines that API: ${OVERWRITES}`,
        `RestApiPut orders-put-2 puts its OpenAPI body into REST API orders-api in overwrite mode, the provider's only mode for it, and RestApiPut `
            + `orders-put also defines that API: ${OVERWRITES}`]),
    good("a put of a signed, encoded body into an API defined by nothing else", "the put is the API's one definition", "one-resource-per-aws-object",
        putStack(openApi(signedOrders()), {}, { type: "aws:apigateway/stage:Stage", name: "v1", props: { restApi: API_ID, stageName: "v1" } })),
    good("a put's encoded integration", "every value the template outputs is URL-encoded", "integration-encodes-body", putStack(openApi(signedOrders()))),
    good("a put's signed method", "x-amazon-apigateway-authtype awsSigv4 makes a scheme IAM authorization", "api-methods-authorized",
        putStack(openApi(signedOrders()))),
    {
        ...good("a public route listed with the base path the put's import prepends", "the put's own parameters carry basepath, as a RestApi's do",
            "api-methods-authorized", putStack({ swagger: "2.0", info: { title: "orders", version: "1" }, basePath: "/v1", paths: open() },
                { parameters: { basepath: "prepend" } })),
        config: { publicRoutes: ["POST /v1/orders"] },
    },
];

describe("bodies put into a REST API by RestApiPut", () => {
    checkFixtures(FIXTURES);

    it("judges a put into a new API, whose id is unknown at preview, through the API it comes from", async () => {
        const stack = [queue(), role(), rolePolicy(sendOnly()), { ...api, props: { ...api.props, id: UNKNOWN_STRING, rootResourceId: UNKNOWN_STRING } },
            { ...put(openApi(open()), { restApiId: UNKNOWN_STRING }), propertyDependencies: { restApiId: ["orders-api"] } },
            { ...separateMethod, props: { ...separateMethod.props, restApi: UNKNOWN_STRING }, propertyDependencies: { restApi: ["orders-api"] } }];
        const findings = await runPolicies(stack, { only: ["api-methods-authorized", "one-resource-per-aws-object"] });
        assert.deepEqual(findings.map((f) => [f.policy, f.message, f.resource]), [
            ["one-resource-per-aws-object", `RestApiPut orders-put puts its OpenAPI body into REST API orders-api in overwrite mode, the provider's only `
                + `mode for it, and separate-get also defines that API: ${OVERWRITES}`, "orders-put"],
            ["api-methods-authorized", `POST /orders (method orders-put's body at POST /orders) ${OPEN}`,
                "orders-put"],
        ]);
    });

    it("leaves a put whose body is not known yet to the SDK", async () => {
        const findings = await runPolicies(putStack(UNKNOWN_STRING), { only: ["api-definition-readable", "integration-encodes-body", "api-methods-authorized"] });
        assert.deepEqual(findings.map((f) => `${f.policy}: ${f.message.replace(/^(can't run during preview).*/, "$1")}`), [
            "integration-encodes-body: can't run during preview",
            "api-methods-authorized: can't run during preview",
            "api-definition-readable: can't run during preview",
        ]);
    });
});
