// The front door: who may call (authorizers, API keys), from which browsers (CORS), at which
// address (a custom domain, a private endpoint), behind which firewall (WAF), traced (X-Ray).
import assert from "node:assert/strict";

import { QueueApi, QueueApiArgs } from "../components/index";
import { apiDefinition, lambdaInvocationUri } from "../components/apiDefinition";
import { apiResourcePolicy } from "../components/resourcePolicy";
import { apiShapeHash } from "../components/deploymentHash";
import { resolveSettings } from "../components/settings";
import { renderTemplate } from "../local/vtl";
import { PLAIN, planStack, renderStack } from "../scripts/planReport";
import { ACCOUNT_ID, byType, MockRun, named, one, runMocked } from "../offline/mockRuntime";
import { problemsOf } from "./support/problems";

const REGION = "eu-west-1";
const POOL = `arn:aws:cognito-idp:${REGION}:${ACCOUNT_ID}:userpool/${REGION}_AbCdEf123`;
const FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:orders-authorizer`;
const CERTIFICATE = `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`;
const WEB_ACL = `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/central/a1b2c3d4-5678-90ab-cdef-111122223333`;
const SHOP = "https://shop.example.com";
const ADMIN = "https://admin.example.com";

interface Outputs {
    apiKeys: Record<string, string>;
    domainRouteUrls: Record<string, string>;
    webAclArn?: string;
    routeUrls: Record<string, string>;
}

async function build(args: QueueApiArgs): Promise<MockRun<Outputs>> {
    return runMocked<unknown>(() => {
        const api = new QueueApi("orders", args);
        return { apiKeys: api.apiKeys, domainRouteUrls: api.domainRouteUrls, webAclArn: api.webAclArn, routeUrls: api.routeUrls };
    }, { config: { "aws:region": REGION } }) as Promise<MockRun<Outputs>>;
}

const deploymentHash = (run: MockRun<unknown>): string => one(run, "aws:apigateway/deployment:Deployment").inputs.triggers.apiShape;
const inputsOf = (run: MockRun<unknown>, name: string) => named(run, name).inputs;

describe("the front door", () => {
    describe("settings", () => {
        it("keep the single string authorization of earlier stack files", () => {
            assert.deepEqual(problemsOf({ authorization: "NONE" }), []);
            assert.deepEqual(problemsOf({ authorization: "AWS_IAM" }), []);
            assert.equal(resolveSettings({ authorization: "AWS_IAM" }).routes[0].authorization, "AWS_IAM");
        });

        it("need the authorizer a route's authorization names, and keep one no route uses, for the update after its last route left", () => {
            assert.deepEqual(problemsOf({ authorization: "COGNITO_USER_POOLS" }),
                ["cognitoAuthorizer is required: a route's authorization is COGNITO_USER_POOLS"]);
            assert.deepEqual(problemsOf({ routes: [{ path: "orders", authorization: "CUSTOM" }] }),
                ["lambdaAuthorizer is required: a route's authorization is CUSTOM"]);
            assert.deepEqual(problemsOf({ cognitoAuthorizer: { userPoolArns: [POOL] } }), []);
            assert.deepEqual(problemsOf({ lambdaAuthorizer: { functionArn: FUNCTION } }), []);
        });

        it("check the authorizers' values", () => {
            assert.deepEqual(problemsOf({ authorization: "COGNITO_USER_POOLS", cognitoAuthorizer: { userPoolArns: ["eu-west-1_AbCdEf123"] } }),
                ["cognitoAuthorizer.userPoolArns[0] must be a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<id>), "
                    + "got \"eu-west-1_AbCdEf123\""]);
            assert.deepEqual(problemsOf({ authorization: "COGNITO_USER_POOLS", cognitoAuthorizer: { userPoolArns: [] } }),
                ["cognitoAuthorizer.userPoolArns is required: at least one user pool"]);
            assert.deepEqual(problemsOf({ authorization: "CUSTOM", lambdaAuthorizer: { functionArn: "orders-authorizer", resultTtlSeconds: 7200 } }), [
                "lambdaAuthorizer.functionArn must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>), got \"orders-authorizer\"",
                "lambdaAuthorizer.resultTtlSeconds must be an integer from 0 to 3600, got 7200",
            ]);
            assert.deepEqual(problemsOf({ authorization: "CUSTOM", lambdaAuthorizer: {} }), ["lambdaAuthorizer.functionArn is required"]);
            assert.deepEqual(problemsOf({
                authorization: "CUSTOM",
                lambdaAuthorizer: { functionArn: FUNCTION, identitySources: ["method.request.header.Authorization", "method.request.querystring.token"] },
            }), ["lambdaAuthorizer.identitySources must be one header (method.request.header.<name>) for a TOKEN authorizer, "
                + "got [\"method.request.header.Authorization\",\"method.request.querystring.token\"]"]);
            assert.deepEqual(problemsOf({
                authorization: "CUSTOM",
                lambdaAuthorizer: { functionArn: FUNCTION, type: "REQUEST", identitySources: ["method.request.querystring.token", "context.sourceIp"] },
            }), []);
        });

        it("take scopes on Cognito routes only", () => {
            assert.deepEqual(problemsOf({ authorization: "AWS_IAM", oauthScopes: ["orders/write"] }),
                ["oauthScopes is for COGNITO_USER_POOLS routes, and this route's authorization is \"AWS_IAM\""]);
            assert.deepEqual(problemsOf({
                routes: [{ path: "orders", authorization: "COGNITO_USER_POOLS", oauthScopes: ["orders/write", "orders write"] }],
                cognitoAuthorizer: { userPoolArns: [POOL] },
            }), ["routes[0].oauthScopes[1] must be an OAuth scope such as orders/write, got \"orders write\""]);
        });

        it("check the API clients, and give keys only where there are clients", () => {
            assert.deepEqual(problemsOf({ apiKeyRequired: true }),
                ["apiKeyRequired is true, but apiKeys.clients lists no client to give a key to"]);
            assert.deepEqual(problemsOf({ apiKeys: { clients: [] } }),
                ["apiKeys.clients must be a non-empty list of clients (objects with name, quota, throttle), got []"]);
            assert.deepEqual(problemsOf({
                apiKeys: { clients: [{ name: "web-shop", quota: { limit: 0, period: "YEAR" } }, { name: "Web-Shop", throttle: { rateLimit: 5 } }, { quota: {} }] },
            }), [
                "apiKeys.clients[0].quota.limit must be an integer from 1 to 2000000000, got 0",
                "apiKeys.clients[0].quota.period must be one of DAY, WEEK, MONTH, got \"YEAR\"",
                "apiKeys.clients[1].throttle needs both rateLimit and burstLimit, got {\"rateLimit\":5}",
                "apiKeys.clients[2].name is required",
                "apiKeys.clients[2].quota needs both limit and period, got {}",
                "apiKeys.clients names the client \"web-shop\" twice (names are compared in any case)",
            ]);
            const settings = resolveSettings({ apiKeys: { clients: [{ name: "web-shop" }] }, routes: [{ path: "orders" }, { path: "returns", apiKeyRequired: false }] });
            assert.deepEqual(settings.routes.map((r) => r.apiKeyRequired), [true, false]);
        });

        it("refuse CORS that a browser would refuse, or that would let every site in", () => {
            assert.deepEqual(problemsOf({ cors: { allowOrigins: ["*"], allowCredentials: true } }),
                ["cors.allowCredentials is true with the origin *: browsers refuse credentials for *, and allowing them for every origin "
                    + "would let any site call the API as its visitors; list the origins"]);
            assert.deepEqual(problemsOf({ cors: { allowOrigins: ["*", SHOP] } }),
                ["cors.allowOrigins has * and other origins: * already allows every origin, give one or the other"]);
            assert.deepEqual(problemsOf({ cors: { allowOrigins: ["https://shop.example.com/", "shop.example.com"] } }), [
                "cors.allowOrigins[0] must be an origin such as https://shop.example.com (a scheme and a host, no path), or *, got \"https://shop.example.com/\"",
                "cors.allowOrigins[1] must be an origin such as https://shop.example.com (a scheme and a host, no path), or *, got \"shop.example.com\"",
            ]);
            assert.deepEqual(problemsOf({ cors: {} }), ["cors.allowOrigins is required: the origins whose pages may call the API"]);
            assert.deepEqual(problemsOf({ cors: { allowOrigins: [SHOP, SHOP], allowMethods: ["post"] } }), [
                "cors.allowOrigins lists \"https://shop.example.com\" twice",
                "cors.allowMethods[0] must be an HTTP method such as POST, got \"post\"",
            ]);
        });

        it("check a domain's certificate against the stack's region before anything is created", () => {
            const elsewhere = CERTIFICATE.replace(REGION, "us-east-1");
            assert.deepEqual(resolveProblems({ domain: { name: "orders.example.com", certificateArn: elsewhere } }, REGION),
                [`domain.certificateArn must be a certificate of the API's region ${REGION}, got one of us-east-1: "${elsewhere}"`]);
            assert.deepEqual(problemsOf({ domain: { name: "Orders.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } }), [
                "domain.name must be a host name such as orders.example.com, got \"Orders.example.com\"",
                "domain.certificateArn must be an ACM certificate ARN in the API's region, got \"arn:aws:iam::123456789012:server-certificate/x\"",
            ]);
            assert.deepEqual(problemsOf({ domain: { securityPolicy: "TLS_1_0" } }), [
                "domain.name is required",
                "domain.certificateArn is required",
                "domain.securityPolicy must be one of TLS_1_2, SecurityPolicy_TLS13_1_3_2025_09, got \"TLS_1_0\"",
            ]);
        });

        it("make a private API name its VPC endpoints, and nothing else of the internet", () => {
            assert.deepEqual(problemsOf({ endpointType: "PRIVATE" }), ["vpcEndpointIds is required with endpointType PRIVATE: without a resource "
                + "policy that lets given VPC endpoints in, API Gateway refuses to deploy a private API, and one that lets everyone in is not private"]);
            assert.deepEqual(problemsOf({ vpcEndpointIds: ["vpce-0123456789abcdef0"] }),
                ["vpcEndpointIds is for endpointType PRIVATE, got endpointType \"REGIONAL\""]);
            assert.deepEqual(problemsOf({ endpointType: "PRIVATE", vpcEndpointIds: ["vpc-0123"], domain: { name: "orders.example.com", certificateArn: CERTIFICATE } }), [
                "vpcEndpointIds[0] must be a VPC endpoint id (vpce-…), got \"vpc-0123\"",
                "domain is a regional custom domain, which a PRIVATE API cannot have: remove one of them",
            ]);
        });

        it("take one web ACL: given or created", () => {
            assert.deepEqual(problemsOf({ webAcl: {} }), ["webAcl needs exactly one of arn (an existing web ACL) and create: true, got {}"]);
            assert.deepEqual(problemsOf({ webAcl: { arn: WEB_ACL, create: true } }),
                [`webAcl needs exactly one of arn (an existing web ACL) and create: true, got {"arn":"${WEB_ACL}","create":true}`]);
            assert.deepEqual(problemsOf({ webAcl: { arn: WEB_ACL, rateLimitPerIp: 500 } }), ["webAcl.rateLimitPerIp is for a web ACL created here (create: true)"]);
            assert.deepEqual(resolveProblems({ webAcl: { arn: WEB_ACL.replace(REGION, "us-east-1") } }, REGION),
                [`webAcl.arn must be a web ACL of the API's region ${REGION}, got one of us-east-1`]);
            assert.deepEqual(problemsOf({ webAcl: { create: true, rateLimitPerIp: 5 } }), ["webAcl.rateLimitPerIp must be an integer from 10 to 2000000000, got 5"]);
        });

        it("name stack config keys with the project's namespace", () => {
            assert.deepEqual(problemsOf({ cors: { allowOrigins: ["*"], allowCredentials: true } }, "orders:"),
                ["orders:cors.allowCredentials is true with the origin *: browsers refuse credentials for *, and allowing them for every "
                    + "origin would let any site call the API as its visitors; list the origins"]);
        });
    });

    describe("authorizers", () => {
        let run: MockRun<Outputs>;
        before(async () => {
            run = await build({
                routes: [
                    { path: "orders", authorization: "COGNITO_USER_POOLS", oauthScopes: ["orders/write"] },
                    { path: "returns", authorization: "CUSTOM" },
                    { path: "internal", authorization: "AWS_IAM" },
                ],
                cognitoAuthorizer: { userPoolArns: [POOL] },
                lambdaAuthorizer: { functionArn: FUNCTION, type: "REQUEST", identitySources: ["method.request.header.X-Token", "context.sourceIp"], resultTtlSeconds: 60 },
            });
        });

        it("create a Cognito authorizer of the given pools, used with the route's scopes", () => {
            assert.deepEqual(inputsOf(run, "orders-cognito-authorizer"), {
                restApi: "orders-api-id", name: "orders-cognito", type: "COGNITO_USER_POOLS", providerArns: [POOL],
                identitySource: "method.request.header.Authorization",
            });
            const method = inputsOf(run, "orders-post-orders-method");
            assert.equal(method.authorization, "COGNITO_USER_POOLS");
            assert.equal(method.authorizerId, "orders-cognito-authorizer-id");
            assert.deepEqual(method.authorizationScopes, ["orders/write"]);
        });

        it("create a Lambda authorizer, invoked through the function's own region, and allowed for this authorizer only", () => {
            assert.deepEqual(inputsOf(run, "orders-lambda-authorizer"), {
                restApi: "orders-api-id", name: "orders-lambda", type: "REQUEST",
                authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION}/invocations`,
                identitySource: "method.request.header.X-Token,context.sourceIp", authorizerResultTtlInSeconds: 60,
            });
            assert.deepEqual(inputsOf(run, "orders-lambda-authorizer-invoke"), {
                action: "lambda:InvokeFunction", function: FUNCTION, principal: "apigateway.amazonaws.com",
                sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:orders-api-id/authorizers/orders-lambda-authorizer-id`,
            });
            assert.equal(inputsOf(run, "orders-post-returns-method").authorizerId, "orders-lambda-authorizer-id");
            assert.equal(inputsOf(run, "orders-post-internal-method").authorizerId, undefined);
            assert.equal(lambdaInvocationUri("arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live"),
                "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live/invocations");
        });
    });

    describe("API keys", () => {
        let run: MockRun<Outputs>;
        before(async () => {
            run = await build({
                apiKeys: {
                    clients: [
                        { name: "web-shop", quota: { limit: 10000, period: "DAY" }, throttle: { rateLimit: 20, burstLimit: 40 } },
                        { name: "pos" },
                    ],
                },
            });
        });

        it("give each client a key of its own in a usage plan of its own on the stage", () => {
            assert.deepEqual(byType(run, "aws:apigateway/apiKey:ApiKey").map((r) => r.name), ["orders-client-web-shop-key", "orders-client-pos-key"]);
            assert.equal(inputsOf(run, "orders-client-web-shop-key").value, undefined, "AWS generates the key");
            assert.deepEqual(inputsOf(run, "orders-client-web-shop-plan"), {
                description: "Usage plan of the client web-shop",
                apiStages: [{ apiId: "orders-api-id", stage: "v1" }],
                quotaSettings: { limit: 10000, period: "DAY" },
                throttleSettings: { rateLimit: 20, burstLimit: 40 },
                tags: {},
            });
            assert.deepEqual(inputsOf(run, "orders-client-pos-plan"), { description: "Usage plan of the client pos", apiStages: [{ apiId: "orders-api-id", stage: "v1" }], tags: {} });
            assert.deepEqual(inputsOf(run, "orders-client-pos-plan-key"), { keyId: "orders-client-pos-key-id", keyType: "API_KEY", usagePlanId: "orders-client-pos-plan-id" });
            assert.equal(inputsOf(run, "orders-method").apiKeyRequired, true);
        });

        it("export the keys by client name, as a secret", async () => {
            const keys = run.result.apiKeys;
            assert.deepEqual(Object.keys(keys), ["web-shop", "pos"]);
            assert.equal(keys["web-shop"], named(run, "orders-client-web-shop-key").state.value);
            let isSecret: Promise<boolean> | undefined;
            await runMocked(() => {
                const api = new QueueApi("orders", { apiKeys: { clients: [{ name: "pos" }] } });
                isSecret = (api.apiKeys as unknown as { isSecret: Promise<boolean> }).isSecret;
            });
            assert.equal(await isSecret, true);
        });
    });

    describe("CORS and the headers the routes read", () => {
        const SHOP = "https://shop.example.com";
        const ROUTES = [
            { path: "orders", queue: { fifo: true }, messageGroupId: { header: "Customer-Id" }, messageAttributes: { channel: { header: "X-Channel" } } },
            { path: "partners", authorization: "CUSTOM" as const },
        ];
        const LAMBDA = { functionArn: FUNCTION, type: "REQUEST" as const, identitySources: ["method.request.header.X-Partner-Token", "context.sourceIp"] };

        it("allows by default every header a route reads, so that a browser's preflight for them succeeds", () => {
            const settings = resolveSettings({ routes: ROUTES, lambdaAuthorizer: LAMBDA, cors: { allowOrigins: [SHOP] } });
            assert.deepEqual(settings.frontDoor.cors?.allowHeaders, ["Content-Type", "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key",
                "Idempotency-Key", "Customer-Id", "X-Channel", "X-Partner-Token"]);
            const [preflight] = apiDefinition(settings, "orders").preflights;
            assert.equal(preflight.integrationResponse.responseParameters?.["method.response.header.Access-Control-Allow-Headers"],
                "'Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,Idempotency-Key,Customer-Id,X-Channel,X-Partner-Token'");
        });

        it("refuses given headers that leave out one a route requires, and takes one that leaves out an optional attribute's", () => {
            assert.deepEqual(problemsOf({ routes: ROUTES, lambdaAuthorizer: LAMBDA, cors: { allowOrigins: [SHOP], allowHeaders: ["Content-Type", "customer-id"] } }), [
                "cors.allowHeaders leaves out \"X-Partner-Token\", which POST /partners requires (lambdaAuthorizer.identitySources): browsers would "
                + "never send it; add it, or leave cors.allowHeaders out to allow every header the routes read",
            ]);
            assert.deepEqual(problemsOf({ routes: ROUTES, lambdaAuthorizer: LAMBDA,
                cors: { allowOrigins: [SHOP], allowHeaders: ["Content-Type", "Customer-Id", "X-Partner-Token"] } }), []);
        });

        it("refuses given headers that leave out a route's API key, its Cognito token, its SigV4 signature or its JSON content type", () => {
            const routes = [
                { path: "orders", apiKeyRequired: true },
                { path: "members", authorization: "COGNITO_USER_POOLS" as const },
                { path: "signed", authorization: "AWS_IAM" as const },
            ];
            const leavesOut = (header: string, route: string, why: string) => `cors.allowHeaders leaves out "${header}", which ${route} requires (${why}): `
                + "browsers would never send it; add it, or leave cors.allowHeaders out to allow every header the routes read";
            assert.deepEqual(problemsOf({ routes, cognitoAuthorizer: { userPoolArns: [POOL] }, apiKeys: { clients: [{ name: "web-shop" }] },
                cors: { allowOrigins: [SHOP], allowHeaders: ["Idempotency-Key"] } }), [
                leavesOut("Content-Type", "POST /orders", "its JSON body's media type"),
                leavesOut("X-Api-Key", "POST /orders", "apiKeyRequired"),
                leavesOut("Authorization", "POST /members", "the Cognito token of COGNITO_USER_POOLS"),
                leavesOut("X-Amz-Date", "POST /signed", "the SigV4 signature of AWS_IAM, with temporary credentials"),
                leavesOut("X-Amz-Security-Token", "POST /signed", "the SigV4 signature of AWS_IAM, with temporary credentials"),
            ]);
            assert.deepEqual(problemsOf({ routes, cognitoAuthorizer: { userPoolArns: [POOL] }, apiKeys: { clients: [{ name: "web-shop" }] },
                cors: { allowOrigins: [SHOP], allowHeaders: ["content-type", "x-api-key", "authorization", "x-amz-date", "x-amz-security-token"] } }), []);
        });
    });

    describe("CORS with two origins", () => {
        let run: MockRun<Outputs>;
        before(async () => {
            run = await build({ routes: [{ path: "orders" }, { path: "orders", method: "PUT" }, { path: "returns" }], cors: { allowOrigins: [SHOP, ADMIN] } });
        });

        it("answers one preflight per path, from API Gateway itself, without authorization", () => {
            const preflights = byType(run, "aws:apigateway/method:Method").filter((m) => m.inputs.httpMethod === "OPTIONS");
            assert.deepEqual(preflights.map((m) => [m.name, m.inputs.authorization, m.inputs.apiKeyRequired]),
                [["orders-preflight-orders-method", "NONE", undefined], ["orders-preflight-returns-method", "NONE", undefined]]);
            assert.deepEqual(inputsOf(run, "orders-preflight-orders-integration"), {
                restApi: "orders-api-id", resourceId: "orders-resource-orders-id", httpMethod: "OPTIONS",
                type: "MOCK", requestTemplates: { "application/json": "{\"statusCode\": 200}" }, passthroughBehavior: "WHEN_NO_MATCH",
            });
            const response = inputsOf(run, "orders-preflight-orders-integration-response");
            assert.equal(response.statusCode, "204");
            assert.deepEqual(response.responseParameters, {
                "method.response.header.Access-Control-Allow-Origin": `'${SHOP}'`,
                "method.response.header.Access-Control-Expose-Headers": "'x-amzn-RequestId'",
                "method.response.header.Vary": "'Origin'",
                "method.response.header.Access-Control-Allow-Methods": "'POST,PUT,OPTIONS'",
                "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,Idempotency-Key'",
                "method.response.header.Access-Control-Max-Age": "'600'",
            });
            assert.equal(inputsOf(run, "orders-preflight-returns-integration-response").responseParameters["method.response.header.Access-Control-Allow-Methods"],
                "'POST,OPTIONS'");
        });

        it("names the second origin in the preflight and the routes' answers, and no origin it does not list", () => {
            for (const name of ["orders-preflight-orders-integration-response", "orders-post-orders-integration-response-2xx",
                "orders-post-orders-integration-response-4xx", "orders-post-orders-integration-response-5xx", "orders-post-orders-integration-response-default"]) {
                const template = inputsOf(run, name).responseTemplates["application/json"];
                const as = (origin?: string) => renderTemplate(template, { headers: origin ? { origin } : {}, body: "{}" }).headerOverrides;
                assert.deepEqual(as(ADMIN), { "Access-Control-Allow-Origin": ADMIN }, name);
                assert.deepEqual(as(SHOP), {}, name);
                assert.deepEqual(as("https://evil.example.com"), {}, name);
                assert.deepEqual(as(), {}, name);
            }
        });

        it("puts the headers on the 202 and every integration error, declared by the method", () => {
            const expected = {
                "method.response.header.Access-Control-Allow-Origin": `'${SHOP}'`,
                "method.response.header.Access-Control-Expose-Headers": "'x-amzn-RequestId'",
                "method.response.header.Vary": "'Origin'",
            };
            const responses = byType(run, "aws:apigateway/integrationResponse:IntegrationResponse").filter((r) => r.name.startsWith("orders-post-orders-"));
            assert.deepEqual(responses.map((r) => [r.inputs.statusCode, r.inputs.responseParameters]),
                ["202", "400", "503", "500"].map((status) => [status, expected]));
            for (const response of byType(run, "aws:apigateway/methodResponse:MethodResponse").filter((r) => r.inputs.httpMethod !== "OPTIONS")) {
                assert.deepEqual(Object.keys(response.inputs.responseParameters), Object.keys(expected), response.name);
            }
        });

        it("puts them on every gateway response, copying the request's origin there since a gateway response runs no template", () => {
            const gateway = byType(run, "aws:apigateway/response:Response");
            assert.equal(gateway.length, 16);
            for (const response of gateway) {
                assert.deepEqual(response.inputs.responseParameters, {
                    "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.Origin",
                    "gatewayresponse.header.Access-Control-Expose-Headers": "'x-amzn-RequestId'",
                    "gatewayresponse.header.Vary": "'Origin'",
                }, response.name);
            }
        });

        it("sends the first origin on gateway responses when credentials are allowed, never a copied one", async () => {
            const credentialed = await build({ cors: { allowOrigins: [SHOP, ADMIN], allowCredentials: true } });
            assert.deepEqual(inputsOf(credentialed, "orders-gateway-unauthorized").responseParameters, {
                "gatewayresponse.header.Access-Control-Allow-Origin": `'${SHOP}'`,
                "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
                "gatewayresponse.header.Access-Control-Expose-Headers": "'x-amzn-RequestId'",
                "gatewayresponse.header.Vary": "'Origin'",
            });
        });

        it("sends one origin as it is, everywhere, with no template and no Vary", async () => {
            const single = await build({ cors: { allowOrigins: [SHOP], exposeHeaders: [], maxAgeSeconds: 60, allowHeaders: ["Content-Type"] } });
            assert.deepEqual(inputsOf(single, "orders-gateway-throttled").responseParameters, { "gatewayresponse.header.Access-Control-Allow-Origin": `'${SHOP}'` });
            assert.deepEqual(inputsOf(single, "orders-integration-response-2xx").responseParameters, { "method.response.header.Access-Control-Allow-Origin": `'${SHOP}'` });
            const preflight = inputsOf(single, "orders-preflight-orders-integration-response");
            assert.deepEqual(preflight.responseTemplates, { "application/json": "" });
            assert.equal(preflight.responseParameters["method.response.header.Access-Control-Max-Age"], "'60'");
            assert.equal(preflight.responseParameters["method.response.header.Access-Control-Allow-Headers"], "'Content-Type'");
        });
    });

    describe("a custom domain", () => {
        it("maps the stage under the domain, with an alias record in the given zone, and exports the URLs", async () => {
            const run = await build({
                routes: [{ path: "orders" }, { path: "returns" }],
                domain: { name: "orders.example.com", certificateArn: CERTIFICATE, basePath: "v1/shop", hostedZoneId: "Z0123456789ABCDEFGHIJ", disableExecuteApiEndpoint: true },
            });
            assert.deepEqual(inputsOf(run, "orders-domain"), {
                domainName: "orders.example.com", regionalCertificateArn: CERTIFICATE, endpointConfiguration: { types: "REGIONAL" }, securityPolicy: "TLS_1_2", tags: {},
            });
            // Two segments: an API mapping of API Gateway V2, as the v1 base path mapping refuses a '/'.
            assert.deepEqual(inputsOf(run, "orders-api-mapping"), { domainName: "orders.example.com", apiId: "orders-api-id", stage: "v1", apiMappingKey: "v1/shop" });
            assert.deepEqual(inputsOf(run, "orders-domain-alias"), {
                zoneId: "Z0123456789ABCDEFGHIJ", name: "orders.example.com", type: "A",
                aliases: [{ name: "d-orders-domain.execute-api.eu-west-1.amazonaws.com", zoneId: "ZMOCKREGIONALZONE", evaluateTargetHealth: false }],
            });
            assert.equal(inputsOf(run, "orders-api").disableExecuteApiEndpoint, true);
            assert.deepEqual(run.result.domainRouteUrls, {
                "POST /orders": "https://orders.example.com/v1/shop/orders", "POST /returns": "https://orders.example.com/v1/shop/returns",
            });
        });

        it("takes TLS 1.3 only with the strict access mode the enhanced policies need, and creates no record without a zone", async () => {
            const run = await build({ domain: { name: "orders.example.com", certificateArn: CERTIFICATE, securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" } });
            assert.equal(inputsOf(run, "orders-domain").securityPolicy, "SecurityPolicy_TLS13_1_3_2025_09");
            assert.equal(inputsOf(run, "orders-domain").endpointAccessMode, "STRICT");
            assert.deepEqual(byType(run, "aws:route53/record:Record"), []);
            assert.equal(inputsOf(run, "orders-api").disableExecuteApiEndpoint, undefined);
            assert.deepEqual(run.result.domainRouteUrls, { "POST /orders": "https://orders.example.com/orders" });
        });
    });

    describe("a private API", () => {
        it("is reachable through the given VPC endpoints only", async () => {
            const ids = ["vpce-0123456789abcdef0", "vpce-0fedcba9876543210"];
            const run = await build({ endpointType: "PRIVATE", vpcEndpointIds: ids, authorization: "AWS_IAM" });
            assert.deepEqual(inputsOf(run, "orders-api").endpointConfiguration, { types: "PRIVATE", vpcEndpointIds: ids });
            const policy = JSON.parse(inputsOf(run, "orders-api-policy").policy);
            const resource = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:orders-api-id/*`;
            assert.deepEqual(policy.Statement.at(-1), {
                Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: resource,
                Condition: { StringNotEquals: { "aws:SourceVpce": ids } },
            });
            assert.ok(one(run, "aws:apigateway/deployment:Deployment").dependsOn.includes("orders-api-policy"));
        });
    });

    describe("a web ACL", () => {
        it("created: AWS's managed rules, a rate limit per IP answered 429, the 8 KB body rule counting only, associated with the stage", async () => {
            const run = await build({ webAcl: { create: true, rateLimitPerIp: 30000 } });
            const acl = inputsOf(run, "orders-web-acl");
            assert.equal(acl.scope, "REGIONAL");
            assert.deepEqual(acl.defaultAction, { allow: {} });
            assert.deepEqual(acl.rules.map((r: { name: string; priority: number }) => [r.name, r.priority]), [
                ["AWSManagedRulesCommonRuleSet", 10], ["AWSManagedRulesKnownBadInputsRuleSet", 20], ["AWSManagedRulesAmazonIpReputationList", 30], ["rate-per-ip", 40],
            ]);
            assert.deepEqual(acl.rules[0].statement.managedRuleGroupStatement.ruleActionOverrides,
                [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
            assert.deepEqual(acl.rules[3].statement, { rateBasedStatement: { limit: 30000, aggregateKeyType: "IP", evaluationWindowSec: 300 } });
            assert.deepEqual(acl.rules[3].action, { block: { customResponse: {
                responseCode: 429, customResponseBodyKey: "rate-limited", responseHeaders: [{ name: "Retry-After", value: "60" }],
            } } });
            assert.deepEqual(acl.customResponseBodies, [{
                key: "rate-limited",
                contentType: "APPLICATION_JSON",
                content: '{"error":"IP_RATE_LIMITED","message":"Too many requests from this address. Retry after 60 seconds.","requestId":null}',
            }]);
            // The managed rule groups keep WAF's own block, answered by the API's WAF_FILTERED gateway response (403).
            assert.deepEqual(acl.rules.slice(0, 3).map((r: { action?: unknown; overrideAction: unknown }) => [r.action, r.overrideAction]),
                [[undefined, { none: {} }], [undefined, { none: {} }], [undefined, { none: {} }]]);
            assert.deepEqual(inputsOf(run, "orders-web-acl-association"), {
                resourceArn: `arn:aws:apigateway:${REGION}::/restapis/orders-api-id/stages/v1`,
                webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/orders-web-acl/00000000-0000-4000-8000-000000000000`,
            });
            assert.equal(run.result.webAclArn, named(run, "orders-web-acl").state.arn);
        });

        it("given: associated as it is, nothing created", async () => {
            const run = await build({ webAcl: { arn: WEB_ACL } });
            assert.deepEqual(byType(run, "aws:wafv2/webAcl:WebAcl"), []);
            assert.equal(inputsOf(run, "orders-web-acl-association").webAclArn, WEB_ACL);
            assert.equal(run.result.webAclArn, WEB_ACL);
        });
    });

    describe("in the offline plan", () => {
        it("shows each route's authorization, the CORS origins, the domain, the web ACL and the API clients", async () => {
            const run = await build({
                routes: [{ path: "orders", authorization: "COGNITO_USER_POOLS", oauthScopes: ["orders/write"] }, { path: "returns", authorization: "CUSTOM" }],
                cognitoAuthorizer: { userPoolArns: [POOL] },
                lambdaAuthorizer: { functionArn: FUNCTION },
                apiKeys: { clients: [{ name: "web-shop", quota: { limit: 1000, period: "DAY" } }, { name: "pos", throttle: { rateLimit: 5, burstLimit: 10 } }] },
                cors: { allowOrigins: [SHOP, ADMIN] },
                domain: { name: "orders.example.com", certificateArn: CERTIFICATE, basePath: "shop", disableExecuteApiEndpoint: true },
                webAcl: { create: true },
                tracing: true,
            });
            const plan = planStack("test", REGION, run.resources, []);
            assert.deepEqual(plan.routes.map((r) => [r.method, r.path, r.authorization, r.authorizer, r.apiKeyRequired]), [
                ["POST", "/orders", "COGNITO_USER_POOLS", `Cognito, pools ${REGION}_AbCdEf123; scopes orders/write`, true],
                ["POST", "/returns", "CUSTOM", "Lambda orders-authorizer (TOKEN, method.request.header.Authorization, cached 300 s)", true],
            ]);
            assert.deepEqual(plan.frontDoors, [{
                api: "orders-api",
                endpoint: "REGIONAL",
                corsOrigins: [SHOP, ADMIN],
                domainUrl: "https://orders.example.com/shop",
                executeApiEndpoint: false,
                webAcl: "orders-web-acl, created: AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList, rate-per-ip",
                tracing: true,
                apiClients: ["web-shop: 1000 per day, the stage's throttling", "pos: no quota, 5 req/s, burst 10"],
            }]);
            const text = renderStack(plan, PLAIN);
            assert.ok(text.includes("Front door of orders-api: REGIONAL endpoint (execute-api URL off), X-Ray tracing\n"
                + `  CORS      ${SHOP}, ${ADMIN}\n  domain    https://orders.example.com/shop\n`), text);
            assert.ok(text.includes("  API key   pos: no quota, 5 req/s, burst 10\n"), text);
        });

        it("shows a private API's endpoints and a given web ACL", async () => {
            const run = await build({ endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"], authorization: "AWS_IAM", webAcl: { arn: WEB_ACL } });
            const [door] = planStack("test", REGION, run.resources, []).frontDoors;
            assert.equal(door.endpoint, "PRIVATE (VPC endpoints vpce-0123456789abcdef0)");
            assert.equal(door.webAcl, WEB_ACL);
            assert.equal(door.corsOrigins, null);
        });
    });

    it("traces the stage with X-Ray when asked", async () => {
        assert.equal(inputsOf(await build({ tracing: true }), "orders-stage").xrayTracingEnabled, true);
        assert.equal(inputsOf(await build({}), "orders-stage").xrayTracingEnabled, false);
    });

    describe("redeploys", () => {
        let base: string;
        before(async () => {
            base = deploymentHash(await build({}));
        });

        const changes: [string, QueueApiArgs][] = [
            ["a Cognito authorizer", { authorization: "COGNITO_USER_POOLS", cognitoAuthorizer: { userPoolArns: [POOL] } }],
            ["a Lambda authorizer", { authorization: "CUSTOM", lambdaAuthorizer: { functionArn: FUNCTION } }],
            ["the OPTIONS methods", { cors: { allowOrigins: ["*"] } }],
            ["an API key requirement", { apiKeys: { clients: [{ name: "pos" }] } }],
            ["disableExecuteApiEndpoint", { domain: { name: "orders.example.com", certificateArn: CERTIFICATE, disableExecuteApiEndpoint: true } }],
            ["a private endpoint and its resource policy", { endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"] }],
        ];
        for (const [what, args] of changes) {
            it(`follow ${what}`, async () => {
                assert.notEqual(deploymentHash(await build(args)), base);
            });
        }

        it("follow the authorizer's own settings and the gateway responses' headers", async () => {
            const lambda = (resultTtlSeconds: number) => build({ authorization: "CUSTOM", lambdaAuthorizer: { functionArn: FUNCTION, resultTtlSeconds } });
            assert.notEqual(deploymentHash(await lambda(60)), deploymentHash(await lambda(300)));
            const cognito = (userPoolArns: string[]) => build({ authorization: "COGNITO_USER_POOLS", cognitoAuthorizer: { userPoolArns } });
            assert.notEqual(deploymentHash(await cognito([POOL])), deploymentHash(await cognito([POOL.replace("AbCdEf123", "XyZ987654")])));
            // Credentials change only the gateway responses' headers' (the routes' would change too).
            const d = apiDefinition(resolveSettings({ cors: { allowOrigins: [SHOP, ADMIN] } }), "orders");
            const headersOnly = { ...d, gatewayResponses: d.gatewayResponses.map((r) => ({ ...r, responseParameters: {} })) };
            assert.notEqual(apiShapeHash(headersOnly), apiShapeHash(d));
        });

        it("do not follow what lives outside the deployment: keys, plans, the domain's mapping, the web ACL, tracing", async () => {
            for (const args of [
                { domain: { name: "orders.example.com", certificateArn: CERTIFICATE } },
                { webAcl: { create: true } },
                { tracing: true },
            ] as QueueApiArgs[]) {
                assert.equal(deploymentHash(await build(args)), base, JSON.stringify(args));
            }
            const withKeys = (clients: { name: string }[]) => build({ apiKeys: { clients } });
            assert.equal(deploymentHash(await withKeys([{ name: "pos" }])), deploymentHash(await withKeys([{ name: "pos" }, { name: "web-shop" }])));
        });

        it("register exactly what the hash covers", async () => {
            const args: QueueApiArgs = {
                routes: [{ path: "orders", authorization: "COGNITO_USER_POOLS", oauthScopes: ["orders/write"] }, { path: "returns", authorization: "CUSTOM" }],
                cognitoAuthorizer: { userPoolArns: [POOL] },
                lambdaAuthorizer: { functionArn: FUNCTION },
                apiKeys: { clients: [{ name: "pos" }] },
                cors: { allowOrigins: [SHOP, ADMIN] },
                endpointType: "PRIVATE",
                vpcEndpointIds: ["vpce-0123456789abcdef0"],
            };
            const run = await build(args);
            const definition = JSON.parse(JSON.stringify(apiDefinition(resolveSettings(args), "orders")));
            const strip = (inputs: Record<string, unknown>, ...keys: string[]) => Object.fromEntries(Object.entries(inputs).filter(([k]) => !keys.includes(k)));
            const ids = ["restApi", "restApiId", "resourceId", "httpMethod"];
            assert.deepEqual(strip(inputsOf(run, "orders-cognito-authorizer"), "restApi"), definition.authorizers.cognito);
            assert.deepEqual(strip(inputsOf(run, "orders-lambda-authorizer"), "restApi"), definition.authorizers.lambda);
            assert.deepEqual(strip(inputsOf(run, "orders-post-orders-method"), "restApi", "resourceId", "authorizerId"), definition.routes[0].method);
            assert.deepEqual(strip(inputsOf(run, "orders-preflight-returns-method"), "restApi", "resourceId"), definition.preflights[1].method);
            assert.deepEqual(strip(inputsOf(run, "orders-preflight-returns-integration"), ...ids), definition.preflights[1].integration);
            assert.deepEqual(strip(inputsOf(run, "orders-preflight-returns-method-response"), ...ids), definition.preflights[1].methodResponse);
            assert.deepEqual(strip(inputsOf(run, "orders-preflight-returns-integration-response"), ...ids), definition.preflights[1].integrationResponse);
            assert.deepEqual(byType(run, "aws:apigateway/response:Response").map((r) => strip(r.inputs, ...ids)), definition.gatewayResponses);
            const api = inputsOf(run, "orders-api");
            assert.deepEqual(api.endpointConfiguration, definition.restApi.endpointConfiguration);
            assert.equal(inputsOf(run, "orders-api-policy").policy, apiResourcePolicy(definition.restApi.access, `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:orders-api-id`));
        });
    });
});

function resolveProblems(args: QueueApiArgs, region: string): readonly string[] {
    try {
        resolveSettings(args, { region });
        return [];
    } catch (err) {
        return (err as { problems: readonly string[] }).problems;
    }
}
