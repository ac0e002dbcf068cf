// Class: a REST API written as an OpenAPI body is the same API as one written as resources. API
// Gateway imports the body's paths as methods, its x-amazon-apigateway-integration as their
// integrations and integration responses, its security schemes as authorizers, IAM or API keys,
// x-amazon-apigateway-gateway-responses as gateway responses; every policy judges those, and names
// the route it found them at. What the body holds that the pack cannot judge fails closed.
import assert from "node:assert/strict";

import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { bodyStack, openApi, restApi, signedOrders, SIGV4_SCHEME, sqsIntegration } from "../support/bodyFixtures";
import { ACCOUNT, bad, checkFixtures, doc, good, Labelled, QUEUE_ARN, queue, role, rolePolicy, ROLE_ARN } from "../support/policyFixtures";

const SUBJECT = `role ${ROLE_ARN} (credentials of orders-api's body at POST /orders)`;
const OPEN = "anyone who can reach the API can call it. Require AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizerId, or list";
const READABLE = "The OpenAPI body of REST API orders-api holds what the policy pack cannot judge, so it fails closed:";

const preflight = {
    "x-amazon-apigateway-integration": {
        type: "mock", requestTemplates: { "application/json": "{\"statusCode\": 200}" },
        responses: { default: { statusCode: "204", responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'https://shop.example.com'" } } },
    },
};
const cognito = {
    type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
    "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: [`arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_AbC`] },
};
const lambdaAuthorizer = {
    type: "apiKey", name: "Unused", in: "header", "x-amazon-apigateway-authtype": "custom",
    "x-amazon-apigateway-authorizer": {
        type: "request", identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300,
        authorizerUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:${ACCOUNT}:function:auth/invocations`,
    },
};
const withSchemes = (schemes: Record<string, unknown>) => ({ securitySchemes: { sigv4: SIGV4_SCHEME, ...schemes } });
const post = (operation: Record<string, unknown>) => ({ "/orders": { post: { "x-amazon-apigateway-integration": sqsIntegration(), ...operation } } });

const AUTHORIZATION: Labelled[] = [
    bad("a body method without security", "an operation with no security requirement, and none at the top, is imported with authorization NONE",
        "api-methods-authorized", bodyStack(openApi(post({}))),
        [`POST /orders (method orders-api's body at POST /orders) has authorization NONE: ${OPEN} "POST /orders" in this policy's publicRoutes if it is public by design.`]),
    bad("a body method that only requires an API key", "the api_key scheme (the x-api-key header) sets apiKeyRequired, which identifies a client and authenticates none",
        "api-methods-authorized", bodyStack(openApi(post({ security: [{ api_key: [] }] }), { components: withSchemes({ api_key: { type: "apiKey", name: "x-api-key", in: "header" } }) })),
        ["POST /orders (method orders-api's body at POST /orders) has authorization NONE with apiKeyRequired: an API key identifies a client, it does not "
            + "authenticate one (it is a static string that anyone who holds it can send), so whoever has the key can call it. Require AWS_IAM, "
            + "COGNITO_USER_POOLS or CUSTOM with an authorizerId, or list \"POST /orders\" in this policy's publicRoutes if it is public by design."]),
    bad("an operation's empty security list under a signed top level", "an operation's own security replaces the top-level one, and [] requires nothing",
        "api-methods-authorized", bodyStack(openApi(post({ security: [] }), { security: [{ sigv4: [] }] })),
        [`POST /orders (method orders-api's body at POST /orders) has authorization NONE: ${OPEN} "POST /orders" in this policy's publicRoutes if it is public by design.`]),
    bad("an open x-amazon-apigateway-any-method", "the any-method extension is the ANY method of its path", "api-methods-authorized",
        bodyStack(openApi({ "/orders": { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": sqsIntegration() } } })),
        [`ANY /orders (method orders-api's body at ANY /orders) has authorization NONE: ${OPEN} "ANY /orders" in this policy's publicRoutes if it is public by design.`]),
    bad("a public route listed with the base path the import ignores", "basepath ignore, the default, serves the paths without OpenAPI's base path",
        "api-methods-authorized", bodyStack({ swagger: "2.0", info: { title: "orders", version: "1" }, basePath: "/v1", paths: post({}) }),
        [`POST /orders (method orders-api's body at POST /orders) has authorization NONE: ${OPEN} "POST /orders" in this policy's publicRoutes if it is public by design.`]),
    good("body methods signed with SigV4", "x-amazon-apigateway-authtype awsSigv4 makes a scheme IAM authorization", "api-methods-authorized",
        bodyStack(openApi(signedOrders()))),
    good("a top-level security requirement", "operations without their own security take the top-level one", "api-methods-authorized",
        bodyStack(openApi(post({}), { security: [{ sigv4: [] }] }))),
    good("a Cognito user pool authorizer with scopes", "a cognito_user_pools authorizer scheme is a COGNITO_USER_POOLS authorizer", "api-methods-authorized",
        bodyStack(openApi(post({ security: [{ cognito: ["orders/write"] }] }), { components: withSchemes({ cognito }) }))),
    good("a Lambda request authorizer with an API key", "a request authorizer scheme is a CUSTOM authorizer; the key is required beside it", "api-methods-authorized",
        bodyStack(openApi(post({ security: [{ lambda: [], api_key: [] }] }),
            { components: withSchemes({ lambda: lambdaAuthorizer, api_key: { type: "apiKey", name: "x-api-key", in: "header" } }) }))),
    good("an authorizer and the API key as two requirements, as @pulumi/aws-apigateway writes them", "API Gateway takes the method's authorizer and "
        + "key requirement from every scheme its requirements name", "api-methods-authorized",
    bodyStack({ swagger: "2.0", info: { title: "orders", version: "1.0" }, paths: { "/orders/": { post: { security: [{ lambda: [] }, { api_key: [] }],
        "x-amazon-apigateway-integration": sqsIntegration() } } }, securityDefinitions: { lambda: lambdaAuthorizer,
        api_key: { type: "apiKey", name: "x-api-key", in: "header" } }, "x-amazon-apigateway-api-key-source": "HEADER" })),
    good("an empty requirement beside a signed one", "an empty requirement names no scheme, so it adds nothing to the method's authorization",
        "api-methods-authorized", bodyStack(openApi(post({ security: [{ sigv4: [] }, {}] })))),
    good("x-amazon-apigateway-auth AWS_IAM on the operation", "the extension sets the method's authorization type", "api-methods-authorized",
        bodyStack(openApi(post({ "x-amazon-apigateway-auth": { type: "AWS_IAM" } })))),
    good("an open OPTIONS preflight answered by a mock integration", "API Gateway answers a MOCK preflight itself, and browsers send preflights without credentials",
        "api-methods-authorized", bodyStack(openApi({ "/orders": { ...signedOrders()["/orders"], options: preflight } }))),
    {
        ...good("a public route listed with the base path the import prepends", "basepath prepend serves each path under OpenAPI's basePath",
            "api-methods-authorized", bodyStack({ swagger: "2.0", info: { title: "orders", version: "1" }, basePath: "/v1", paths: post({}) },
                { parameters: { basepath: "prepend" } })),
        config: { publicRoutes: ["POST /v1/orders"] },
    },
];

const ENCODING: Labelled[] = [
    bad("the console's unencoded template in a body", "MessageBody=$input.body lets a client add SQS parameters", "integration-encodes-body",
        bodyStack(openApi(signedOrders({ requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" } }))),
        ["The SQS integration of POST /orders in this API's body is unsafe: its application/json template outputs values without $util.urlEncode: "
            + "$input.body (line 1, column 32)."]),
    bad("a body integration passing unmapped media types through", "when_no_match sends a body of any other media type to SQS as it is",
        "integration-encodes-body", bodyStack(openApi(signedOrders({ passthroughBehavior: "when_no_match" }))),
        ["The SQS integration of POST /orders in this API's body is unsafe: its passthroughBehavior must be NEVER, got \"WHEN_NO_MATCH\"."]),
    bad("a body integration without the form Content-Type", "SQS's query API reads the form only with its media type", "integration-encodes-body",
        bodyStack(openApi(signedOrders({ requestParameters: {} }))),
        ["The SQS integration of POST /orders in this API's body is unsafe: it must set integration.request.header.Content-Type to "
            + "'application/x-www-form-urlencoded', got undefined."]),
    good("an encoded body integration", "every value the template outputs is URL-encoded", "integration-encodes-body", bodyStack(openApi(signedOrders()))),
];

const ROLE: Labelled[] = [
    bad("a body integration whose role may purge the queue", "the credentials a body names are the API's role as surely as an Integration's",
        "api-role-sendmessage-only", [queue(), role(), rolePolicy(doc({ Effect: "Allow", Action: ["sqs:SendMessage", "sqs:PurgeQueue"], Resource: QUEUE_ARN })),
            restApi(openApi(signedOrders()))],
        [`${SUBJECT} allows more than it needs: sqs:PurgeQueue on ${QUEUE_ARN}.`]),
    bad("a body integration whose role is outside the stack", "what a role of another stack allows cannot be read", "api-role-sendmessage-only",
        bodyStack(openApi(signedOrders({ credentials: `arn:aws:iam::${ACCOUNT}:role/elsewhere` }))),
        [`role arn:aws:iam::${ACCOUNT}:role/elsewhere (credentials of orders-api's body at POST /orders) is not in this stack, so what it allows cannot be checked.`]),
    good("a body integration whose role may only send to its queue", "SendMessage on the queue its URI names, nothing else", "api-role-sendmessage-only",
        bodyStack(openApi(signedOrders()))),
];

const gatewayResponses = (parameters: Record<string, string>) => openApi(signedOrders(), {
    "x-amazon-apigateway-gateway-responses": { DEFAULT_4XX: { responseParameters: parameters, responseTemplates: { "application/json": "{\"message\":$context.error.messageString}" } } },
});
const CORS: Labelled[] = [
    bad("a body gateway response allowing any origin with credentials", "browsers refuse credentials with '*'", "cors-no-wildcard-with-credentials",
        bodyStack(gatewayResponses({ "gatewayresponse.header.Access-Control-Allow-Origin": "'*'", "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'" })),
        ["gateway response orders-api's body at DEFAULT_4XX answers Access-Control-Allow-Origin '*' with Access-Control-Allow-Credentials 'true': browsers "
            + "refuse credentials with any origin (Fetch standard, CORS check), so credentialed calls fail. Answer with the allowed origin itself (such as "
            + "'https://shop.example.com'), or drop Access-Control-Allow-Credentials; do not echo the request's Origin instead."]),
    bad("a body integration response echoing the Origin with credentials", "any site then gets its own origin back and may send credentials",
        "cors-no-wildcard-with-credentials", bodyStack(openApi(signedOrders({ responses: { default: { statusCode: "202", responseParameters: {
            "method.response.header.Access-Control-Allow-Origin": "method.request.header.Origin", "method.response.header.Access-Control-Allow-Credentials": "'true'" } } } }))),
        ["integration response orders-api's body at POST /orders, response default echoes the request's Origin (method.request.header.Origin) in "
            + "Access-Control-Allow-Origin and answers Access-Control-Allow-Credentials 'true': any site can then call the API with its visitors' credentials "
            + "and read the answers. Answer with the allowed origin itself (such as 'https://shop.example.com'), or drop Access-Control-Allow-Credentials."]),
    good("a body gateway response naming its origin with credentials", "a named origin with credentials is what the Fetch standard allows",
        "cors-no-wildcard-with-credentials", bodyStack(gatewayResponses({ "gatewayresponse.header.Access-Control-Allow-Origin": "'https://shop.example.com'",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'" }))),
];

const separateMethod = (httpMethod: string, resourceId = "r00tid"): FixtureResource => ({
    type: "aws:apigateway/method:Method", name: `separate-${httpMethod.toLowerCase()}`,
    props: { restApi: "a1b2c3d4e5", resourceId, httpMethod, authorization: "AWS_IAM" },
});
const ordersResource: FixtureResource = { type: "aws:apigateway/resource:Resource", name: "orders-resource",
    props: { id: "ord3rs", restApi: "a1b2c3d4e5", parentId: "r00tid", pathPart: "orders", path: "/orders" } };
const COLLISIONS: Labelled[] = [
    bad("a body in overwrite mode beside a separate method", "the provider imports a body in overwrite mode unless putRestApiMode says merge, replacing the whole API",
        "one-resource-per-aws-object", bodyStack(openApi(signedOrders()), {}, separateMethod("GET")),
        ["REST API orders-api is defined by its OpenAPI body in overwrite mode (putRestApiMode unset, which the provider takes as overwrite) and also by "
            + "separate-get: every update of the body replaces the whole API definition, deleting what those resources wrote, and Pulumi, seeing no change "
            + "of theirs, does not write it again. Define them in the body, or set putRestApiMode to merge."]),
    bad("a body in merge mode beside a separate method of one of its routes", "in merge mode the body's method definitions replace the API's for the same route",
        "one-resource-per-aws-object", bodyStack(openApi(signedOrders()), { putRestApiMode: "merge" }, ordersResource, separateMethod("POST", "ord3rs")),
        ["REST API orders-api is defined by its OpenAPI body in merge mode and orders-resource, separate-post write paths, methods or gateway responses "
            + "the body also defines: API Gateway refuses a second resource of one path, and on every update of the body its definitions replace the others. "
            + "Define each path, method and gateway response once."]),
    bad("two integration responses of a body method with one status code", "API Gateway keeps one integration response per method and status code",
        "one-resource-per-aws-object", bodyStack(openApi(signedOrders({ responses: { "2\\d{2}": { statusCode: "202" }, default: { statusCode: "202" } } }))),
        ["orders-api's body at POST /orders, response 2\\d{2} and orders-api's body at POST /orders, response default are one API Gateway integration "
            + "response in AWS (API orders-api, resource orders-api's body at /orders, method POST, status code 202): API Gateway keeps one integration response "
            + "per method and status code, so AWS refuses the second, or the two overwrite each other on every update. Give each integration response of a "
            + "method its own statusCode."]),
    good("a body in merge mode beside a separate method of another route", "merge keeps what the body does not define", "one-resource-per-aws-object",
        bodyStack(openApi(signedOrders()), { putRestApiMode: "merge" }, separateMethod("GET"))),
    good("a body with its stage and method settings", "stages and their settings are not part of the imported definition", "one-resource-per-aws-object",
        bodyStack(openApi(signedOrders()), {}, { type: "aws:apigateway/stage:Stage", name: "v1", props: { restApi: "a1b2c3d4e5", stageName: "v1" } },
            { type: "aws:apigateway/methodSettings:MethodSettings", name: "v1-all", props: { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "*/*" } })),
];

const yamlBody = `openapi: 3.0.1
info: {title: orders, version: "1.0"}
x-form-headers: &form
  integration.request.header.Content-Type: "'application/x-www-form-urlencoded'"
paths:
  /orders:
    post:
      security: [{sigv4: []}]
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        credentials: ${ROLE_ARN}
        requestParameters: *form
        passthroughBehavior: never
        uri: arn:aws:apigateway:eu-west-1:sqs:path/${ACCOUNT}/orders
        requestTemplates:
          application/json: Action=SendMessage&MessageBody=$util.urlEncode($input.body)
components:
  securitySchemes:
    sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
`;
/** The same integration, its common properties merged in from an anchor with YAML 1.1's merge key. */
const mergedYamlBody = yamlBody.replace("x-form-headers: &form\n", "x-integration-defaults: &sqs\n  type: aws\n  httpMethod: POST\n  requestParameters:\n  ")
    .replace("        type: aws\n        httpMethod: POST\n", "        <<: *sqs\n")
    .replace("        requestParameters: *form\n", "");
const documented = openApi({ "/orders": { ...signedOrders()["/orders"], options: preflight }, "/orders/{id}": {
    get: { security: [{ sigv4: [] }], parameters: [{ name: "id", in: "path", required: true }], "x-amazon-apigateway-request-validator": "params",
        "x-amazon-apigateway-integration": { type: "http_proxy", httpMethod: "GET", uri: "https://orders.example.com/{id}",
            requestParameters: { "integration.request.path.id": "method.request.path.id" } } },
} }, {
    tags: [{ name: "orders", "x-amazon-apigateway-tag-value": "orders" }],
    "x-amazon-apigateway-request-validators": { params: { validateRequestBody: false, validateRequestParameters: true } },
    "x-amazon-apigateway-request-validator": "params",
    "x-amazon-apigateway-binary-media-types": ["application/octet-stream"],
    "x-amazon-apigateway-minimum-compression-size": 1024,
    "x-amazon-apigateway-api-key-source": "HEADER",
    "x-amazon-apigateway-endpoint-configuration": { disableExecuteApiEndpoint: true },
    "x-amazon-apigateway-documentation": { version: "1", documentationParts: [] },
    "x-amazon-apigateway-policy": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }] },
    "x-amazon-apigateway-gateway-responses": { DEFAULT_4XX: { responseTemplates: { "application/json": "{\"message\":$context.error.messageString}" } } },
    "x-team": "orders",
});
const READABLE_BODIES: Labelled[] = [
    bad("a misspelt extension", "API Gateway does not know x-amazon-apigateway-gateway-response (singular): what the author meant it to do does not happen",
        "api-definition-readable", bodyStack(openApi(signedOrders(), { "x-amazon-apigateway-gateway-response": { DEFAULT_4XX: {} } })),
        [`${READABLE} x-amazon-apigateway-gateway-response: the pack does not read this API Gateway extension here, so what it does cannot be judged.`]),
    bad("an integration on the path item instead of the operation", "API Gateway reads x-amazon-apigateway-integration on an operation only",
        "api-definition-readable", bodyStack(openApi({ "/orders": { post: { security: [{ sigv4: [] }] }, "x-amazon-apigateway-integration": sqsIntegration() } })),
        [`${READABLE} paths["/orders"].x-amazon-apigateway-integration: the pack does not read this API Gateway extension here, so what it does cannot be judged.`]),
    bad("an integration from another file", "a $ref outside the document cannot be followed offline", "api-definition-readable",
        bodyStack(openApi({ "/orders": { post: { security: [{ sigv4: [] }], "x-amazon-apigateway-integration": { $ref: "integrations.yaml#/sqs" } } } })),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-integration: its $ref "integrations.yaml#/sqs" points outside the body, which cannot be read offline.`]),
    bad("an integration property AWS does not document", "an undocumented property may change what the integration does, or nothing", "api-definition-readable",
        bodyStack(openApi(signedOrders({ requestTemplate: "Action=SendMessage&MessageBody=$input.body" }))),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-integration.requestTemplate: x-amazon-apigateway-integration has no documented property `
            + "\"requestTemplate\", so what API Gateway makes of it cannot be judged."]),
    bad("a bearer scheme without an authorizer", "a REST API enforces only authorizers, IAM and API keys; an http bearer scheme alone checks nothing",
        "api-definition-readable", bodyStack(openApi(post({ security: [{ bearer: [] }] }), { components: withSchemes({ bearer: { type: "http", scheme: "bearer" } }) })),
        [`${READABLE} paths["/orders"].post.security[0]: it names security scheme bearer, which API Gateway does not enforce on a REST API: it is no `
            + "x-amazon-apigateway-authorizer, no awsSigv4 authtype and not the x-api-key header (type \"http\")."]),
    bad("an IAM authtype on a scheme that is not of type apiKey", "AWS documents awsSigv4 on apiKey schemes; on an http scheme the import may ignore it",
        "api-definition-readable", bodyStack(openApi(post({ security: [{ sigv4: [] }] }), { components: { securitySchemes: {
            sigv4: { type: "http", scheme: "bearer", "x-amazon-apigateway-authtype": "awsSigv4" } } } })),
        [`${READABLE} paths["/orders"].post.security[0]: it names security scheme sigv4, which is of type "http": AWS documents x-amazon-apigateway-authorizer `
            + "and -authtype on a REST API's apiKey schemes only, so whether API Gateway enforces it cannot be judged."]),
    bad("two authorizations for one method", "API Gateway gives a method one authorization; which of IAM and a Cognito pool it keeps is not documented",
        "api-definition-readable", bodyStack(openApi(post({ security: [{ sigv4: [] }, { cognito: [] }] }), { components: withSchemes({ cognito }) })),
        [`${READABLE} paths["/orders"].post.security[1]: it names two authorizations (AWS_IAM and cognito): API Gateway gives a method one, and which `
            + "it keeps is not documented."]),
    bad("x-amazon-apigateway-auth NONE on an operation whose security is IAM", "AWS documents NONE as open access and the scheme as IAM; "
        + "which one API Gateway applies is not documented", "api-definition-readable",
        bodyStack(openApi(post({ security: [{ sigv4: [] }], "x-amazon-apigateway-auth": { type: "NONE" } }))),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-auth: its type NONE (open access) and the security of paths["/orders"].post.security `
            + "(AWS_IAM) disagree: which one API Gateway applies is not documented."]),
    bad("x-amazon-apigateway-auth none, in lower case, under a top-level Cognito requirement", "values are case insensitive; the top-level "
        + "security is the operation's when it has none", "api-definition-readable",
        bodyStack(openApi(post({ "x-amazon-apigateway-auth": { type: "none" } }), { security: [{ cognito: [] }], components: withSchemes({ cognito }) })),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-auth: its type NONE (open access) and the security of security (cognito) disagree: `
            + "which one API Gateway applies is not documented."]),
    good("x-amazon-apigateway-auth NONE on an operation that requires an API key only", "NONE is the authorization; the key requirement is "
        + "another setting, and they agree", "api-definition-readable",
        bodyStack(openApi(post({ security: [{ api_key: [] }], "x-amazon-apigateway-auth": { type: "NONE" } }),
            { components: withSchemes({ api_key: { type: "apiKey", name: "x-api-key", in: "header" } }) }))),
    bad("a key written twice", "which copy API Gateway keeps is not documented", "api-definition-readable",
        bodyStack(`{"openapi": "3.0.1", "info": {"title": "orders", "version": "1"}, "paths": {}, "paths": {}}`),
        [`${READABLE} body: it does not parse as JSON or YAML: Map keys must be unique at line 1, column 80.`]),
    bad("a CloudFormation tag in a YAML body", "nothing resolves !Ref before API Gateway reads the text", "api-definition-readable",
        bodyStack("openapi: 3.0.1\ninfo: {title: orders, version: '1'}\npaths:\n  /orders:\n    post:\n      x-amazon-apigateway-integration:\n        type: aws\n        uri: !Ref QueueUri\n"),
        [`${READABLE} body: it does not parse as JSON or YAML: Unresolved tag: !Ref at line 8, column 14.`]),
    bad("a request validator the body does not declare", "API Gateway resolves a method's validator by name among the body's validators",
        "api-definition-readable", bodyStack(openApi(post({ security: [{ sigv4: [] }], "x-amazon-apigateway-request-validator": "all" }))),
        [`${READABLE} paths["/orders"].post.x-amazon-apigateway-request-validator: it names request validator "all", which x-amazon-apigateway-request-validators does not declare.`]),
    bad("a body that is not OpenAPI", "API Gateway imports OpenAPI 2.0 and 3.0 documents", "api-definition-readable", bodyStack({ paths: {} }),
        [`${READABLE} body: it is not an OpenAPI 2.0 or 3.0 document, which API Gateway imports (swagger or openapi is undefined).`]),
    bad("an OpenAPI 3.1 body", "API Gateway documents imports of OpenAPI 2.0 and 3.0 only", "api-definition-readable",
        bodyStack({ ...openApi(signedOrders()), openapi: "3.1.0" }),
        [`${READABLE} body: it is not an OpenAPI 2.0 or 3.0 document, which API Gateway imports (swagger or openapi is "3.1.0").`]),
    good("a body using what AWS documents", "validators, gateway responses, a resource policy, binary types, compression, documentation, tags and a vendor extension",
        "api-definition-readable", bodyStack(documented)),
    good("a YAML body with an anchor and an alias", "an alias stands for its anchor's node in YAML 1.2 as in 1.1", "api-definition-readable",
        bodyStack(yamlBody)),
    bad("a YAML body whose integration merges an anchor with <<", "YAML 1.2 has no merge key: whether API Gateway's importer merges it or keeps a "
        + "key named << is not documented", "api-definition-readable", bodyStack(mergedYamlBody),
        [`${READABLE} body: it has a YAML merge key (<<) at paths["/orders"].post.x-amazon-apigateway-integration: whether API Gateway's importer `
            + "merges it, as YAML 1.1 does, or reads it as a key named <<, as YAML 1.2 does, is not documented; write the merged properties out."]),
    bad("a JSON body with a key named <<", "a JSON reader keeps it as a key, a YAML 1.1 reader merges it: which API Gateway's importer does is not documented",
        "api-definition-readable", bodyStack(openApi({ "/orders": { post: { security: [{ sigv4: [] }], "x-amazon-apigateway-integration": sqsIntegration(),
            "<<": { security: [] } } } })),
        [`${READABLE} body: it has a YAML merge key (<<) at paths["/orders"].post: whether API Gateway's importer merges it, as YAML 1.1 does, or reads `
            + "it as a key named <<, as YAML 1.2 does, is not documented; write the merged properties out."]),
];

const YAML: Labelled[] = [
    bad("a YAML body's unencoded integration", "the same template in YAML as in JSON", "integration-encodes-body",
        bodyStack(yamlBody.replace("$util.urlEncode($input.body)", "$input.body")),
        ["The SQS integration of POST /orders in this API's body is unsafe: its application/json template outputs values without $util.urlEncode: "
            + "$input.body (line 1, column 32)."]),
    good("a YAML body's encoded integration", "the same integration in YAML as in JSON", "integration-encodes-body", bodyStack(yamlBody)),
    good("a YAML body's signed method", "the same security in YAML as in JSON", "api-methods-authorized", bodyStack(yamlBody)),
];

const throttled = (methodPath: string): FixtureResource[] => [
    { type: "aws:apigateway/stage:Stage", name: "v1", props: { restApi: "a1b2c3d4e5", stageName: "v1",
        accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:orders`, format: "{\"requestId\":\"$context.requestId\"}" } } },
    { type: "aws:apigateway/methodSettings:MethodSettings", name: `v1-${methodPath}`, props: { restApi: "a1b2c3d4e5", stageName: "v1", methodPath,
        settings: { throttlingRateLimit: 10, throttlingBurstLimit: 20 } } },
];
const STAGES: Labelled[] = [
    bad("a stage that throttles one of a body's two methods", "a method setting for orders/POST throttles that method alone", "stage-throttled-and-logged",
        bodyStack(openApi({ "/orders": { ...signedOrders()["/orders"], get: { security: [{ sigv4: [] }], "x-amazon-apigateway-integration": sqsIntegration() } } }),
            {}, ...throttled("orders/POST")),
        ["stage v1 has no throttling for GET /orders (MethodSettings for */*, or one per method, with throttlingRateLimit and throttlingBurstLimit)."]),
    good("a stage that throttles every method of a body", "*/* covers every method the body defines", "stage-throttled-and-logged",
        bodyStack(openApi(signedOrders()), {}, ...throttled("*/*"))),
];

const WAF: Labelled[] = [
    good("a body imported as a PRIVATE API", "the import's endpointConfigurationTypes parameter sets the endpoint type of an API created from a body",
        "internet-facing-api-has-waf", bodyStack(openApi(signedOrders()), { parameters: { endpointConfigurationTypes: "PRIVATE" } },
            { type: "aws:apigateway/stage:Stage", name: "v1", props: { restApi: "a1b2c3d4e5", stageName: "v1" } })),
    bad("a body imported as a REGIONAL API without a web ACL", "a regional endpoint is reachable from the internet", "internet-facing-api-has-waf",
        bodyStack(openApi(signedOrders()), { parameters: { endpointConfigurationTypes: "REGIONAL" } },
            { type: "aws:apigateway/stage:Stage", name: "v1", props: { restApi: "a1b2c3d4e5", stageName: "v1" } }),
        ["API orders-api is reachable from the internet (REGIONAL endpoint) and no AWS WAF web ACL filters its stage v1: associate one with each stage "
            + "(aws.wafv2.WebAclAssociation whose resourceArn is the stage's arn, arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>) to block floods "
            + "and known-bad requests before they are billed and queued, or make the API PRIVATE if only your VPCs call it."]),
];

describe("REST APIs written as OpenAPI bodies", () => {
    describe("web ACLs", () => checkFixtures(WAF));
    describe("methods authorized", () => checkFixtures(AUTHORIZATION));
    describe("integrations encoded", () => checkFixtures(ENCODING));
    describe("the API's role", () => checkFixtures(ROLE));
    describe("CORS answers", () => checkFixtures(CORS));
    describe("one writer per AWS object", () => checkFixtures(COLLISIONS));
    describe("what the pack cannot judge fails closed", () => checkFixtures(READABLE_BODIES));
    describe("YAML bodies", () => checkFixtures(YAML));
    describe("stages", () => checkFixtures(STAGES));
});

describe("REST APIs written as OpenAPI bodies, at a first preview", () => {
    const summary = async (stack: readonly FixtureResource[], only: string[]) =>
        (await runPolicies(stack, { only })).map((f) => `${f.policy} ${f.enforcementLevel}: ${f.message.replace(/^(can't run during preview).*/, "$1")}`);

    it("leaves an API whose body is not known yet to the SDK, in every policy that reads what APIs define", async () => {
        assert.deepEqual(await summary(bodyStack(UNKNOWN_STRING), ["api-definition-readable", "api-methods-authorized", "integration-encodes-body",
            "api-role-sendmessage-only", "cors-no-wildcard-with-credentials"]), [
            "api-role-sendmessage-only advisory: can't run during preview",
            "integration-encodes-body advisory: can't run during preview",
            "api-methods-authorized advisory: can't run during preview",
            "cors-no-wildcard-with-credentials advisory: can't run during preview",
            "api-definition-readable advisory: can't run during preview",
        ]);
    });

    it("judges a known body of a new API, whose id is not known yet, route by route", async () => {
        assert.deepEqual(await summary(bodyStack(openApi(post({})), { id: UNKNOWN_STRING, rootResourceId: UNKNOWN_STRING }),
            ["api-methods-authorized", "integration-encodes-body", "api-role-sendmessage-only"]), [
            `api-methods-authorized advisory: POST /orders (method orders-api's body at POST /orders) has authorization NONE: ${OPEN} "POST /orders" `
                + "in this policy's publicRoutes if it is public by design.",
        ]);
    });
});
