// The local API's front door, in process: what it reads of the authorizers, API keys, usage plans
// and response headers the program registers, the limits of a usage plan, and the order in which
// API Gateway refuses a request (authorization, then the API key, then the key's plan, then the
// stage's throttling), checked against an SQS stand-in that records what reaches it.
import assert from "node:assert/strict";

import { apiModel, ApiModel, methodsOf } from "../local/apiModel";
import { GatewayResponse, LocalGateway } from "../local/gateway";
import { periodStart, Quota, TokenBucket } from "../local/limits";
import { PLACEHOLDER_ACCESS_KEY_ID, PLACEHOLDER_SUBJECT, placeholderCognitoToken, placeholderIdentity } from "../local/placeholderIdentity";
import { SqsBackend } from "../local/sqsBackend";
import { Registered } from "../offline/mockRuntime";
import { runStack } from "../offline/runStack";
import { ADMIN, FRONT_DOOR_STACK, SHOP, SIGV4_SHAPED } from "./support/frontDoor";
import { withFiles } from "./support/plan";

const SQS_OK = JSON.stringify({ SendMessageResponse: { SendMessageResult: { MessageId: "m-1" } } });

/** An SQS that accepts every message and remembers the forms it got. */
function recordingSqs(): SqsBackend & { forms: string[] } {
    const forms: string[] = [];
    return {
        forms,
        endpoint: "http://sqs.invalid",
        queueUrl: (target) => `http://sqs.invalid/${target.accountId}/${target.queueName}`,
        async send(_target, form) {
            forms.push(form);
            return { status: 200, body: SQS_OK };
        },
        async close() {
            // Nothing to close.
        },
    };
}

/** A copy of the resources with one resource's inputs changed. */
function planted(resources: readonly Registered[], name: string, change: (inputs: Record<string, any>) => Record<string, any>): Registered[] {
    assert.ok(resources.some((r) => r.name === name), `no resource ${name}`);
    return resources.map((r) => (r.name === name ? { ...r, inputs: change(structuredClone(r.inputs)) } : r));
}

describe("the local API's front door", function () {
    let resources: Registered[];
    let outputs: Record<string, unknown>;
    let model: ApiModel;
    before(async () => {
        ({ resources, outputs } = await withFiles({ "Pulumi.test-front-door.yaml": FRONT_DOOR_STACK }, () => runStack("test-front-door")));
        model = apiModel(resources, outputs);
    });
    const keyOf = (client: string) => model.apiKeys.find((k) => k.client === client)!.value;

    describe("read from the program's registrations", () => {
        it("gives each route its authorization, authorizer, scopes and API-key requirement", () => {
            const routes = methodsOf(model).filter((m) => m.httpMethod === "POST")
                .map((m) => [m.resourcePath, m.authorization, m.authorizer, m.authorizationScopes, m.apiKeyRequired]);
            assert.deepEqual(routes, [
                ["/orders", "NONE", undefined, [], true],
                ["/intake", "NONE", undefined, [], true],
                ["/members", "COGNITO_USER_POOLS", { type: "COGNITO_USER_POOLS", identitySources: ["method.request.header.Authorization"] }, ["orders/write"], true],
                ["/partners", "CUSTOM", { type: "REQUEST", identitySources: ["method.request.header.Authorization", "method.request.querystring.token"] }, [], true],
                ["/signed", "AWS_IAM", undefined, [], true],
                ["/stores/{storeId}/orders", "NONE", undefined, [], true],
            ]);
        });

        it("gives each path a preflight: an open OPTIONS method with a MOCK integration and its CORS headers", () => {
            const preflight = model.root.children.find((c) => c.pathPart === "orders")!.methods.get("OPTIONS")!;
            assert.deepEqual([preflight.authorization, preflight.apiKeyRequired, preflight.integration?.type], ["NONE", false, "MOCK"]);
            assert.deepEqual(preflight.integrationResponses.map((r) => [r.statusCode, r.headers]), [["204", {
                "Access-Control-Allow-Headers": "Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,Idempotency-Key,Customer-Id",
                "Access-Control-Allow-Methods": "POST,OPTIONS",
                "Access-Control-Allow-Origin": SHOP,
                "Access-Control-Expose-Headers": "x-amzn-RequestId",
                "Access-Control-Max-Age": "600",
                Vary: "Origin",
            }]]);
        });

        it("reads the routes' integration response headers as static values, and the gateway responses' as static or copied from the request", () => {
            const route = methodsOf(model).find((m) => m.httpMethod === "POST" && m.resourcePath === "/orders")!;
            assert.deepEqual(route.integrationResponses.map((r) => [r.statusCode, r.headers["Access-Control-Allow-Origin"]]),
                [["202", SHOP], ["400", SHOP], ["503", SHOP], ["500", SHOP]]);
            assert.deepEqual(model.gatewayResponses.get("INVALID_API_KEY")!.headers, {
                "Access-Control-Allow-Origin": { request: "header", name: "Origin" },
                "Access-Control-Expose-Headers": { value: "x-amzn-RequestId" },
                Vary: { value: "Origin" },
            });
        });

        it("reads each client's key with its usage plan, named as the program's apiKeys output names it", () => {
            assert.deepEqual(model.apiKeys.map((k) => [k.client, k.value, k.plan.throttle, k.plan.quota]), [
                ["web-shop", (outputs.apiKeys as Record<string, string>)["web-shop"], undefined, undefined],
                ["partner", (outputs.apiKeys as Record<string, string>).partner, { rateLimit: 1, burstLimit: 2 }, { limit: 3, period: "DAY" }],
            ]);
            assert.match(keyOf("partner"), /^[A-Za-z0-9_-]{40}$/);
        });

        it("names a key by its resource without the program's output", () => {
            assert.deepEqual(apiModel(resources).apiKeys.map((k) => k.client), ["orders-client-web-shop-key", "orders-client-partner-key"]);
        });

        it("leaves out a disabled key and a plan of another stage", () => {
            const disabled = planted(resources, "orders-client-web-shop-key", (inputs) => ({ ...inputs, enabled: false }));
            assert.deepEqual(apiModel(disabled, outputs).apiKeys.map((k) => k.client), ["partner"]);
            const elsewhere = planted(resources, "orders-client-partner-plan", (inputs) => ({ ...inputs, apiStages: [{ apiId: "orders-api-id", stage: "v2" }] }));
            assert.deepEqual(apiModel(elsewhere, outputs).apiKeys.map((k) => k.client), ["web-shop"]);
        });

        it("refuses what AWS refuses at deploy: a method of the wrong authorizer, a key in two plans of the stage", () => {
            const wrongKind = planted(resources, "orders-post-members-method", (inputs) => ({ ...inputs, authorizerId: "orders-lambda-authorizer-id" }));
            assert.throws(() => apiModel(wrongKind), { message: "method orders-post-members-method is COGNITO_USER_POOLS with a REQUEST authorizer: AWS refuses it" });
            const twoPlans = planted(resources, "orders-client-partner-plan-key", (inputs) => ({ ...inputs, keyId: "orders-client-web-shop-key-id" }));
            assert.throws(() => apiModel(twoPlans), { message: "API key orders-client-web-shop-key is in two usage plans of stage v1: AWS allows one" });
        });

        it("refuses a header mapped from SQS's answer, which it would serve without its value", () => {
            const mapped = planted(resources, "orders-post-orders-integration-response-2xx", (inputs) => ({
                ...inputs, responseParameters: { "method.response.header.Location": "integration.response.header.Location" },
            }));
            assert.throws(() => apiModel(mapped), {
                message: "integration response orders-post-orders-integration-response-2xx maps method.response.header.Location to "
                    + "integration.response.header.Location: the local API serves static header values ('…') only",
            });
        });
    });

    describe("a usage plan's limits", () => {
        it("start each quota period at the calendar day, the week from Monday and the month, in UTC", () => {
            const thursday = Date.UTC(2026, 10, 26, 15, 30);
            assert.deepEqual(["DAY", "WEEK", "MONTH"].map((p) => new Date(periodStart(p as "DAY", thursday)).toISOString()),
                ["2026-11-26T00:00:00.000Z", "2026-11-23T00:00:00.000Z", "2026-11-01T00:00:00.000Z"]);
        });

        it("count a quota per period and start afresh in the next", () => {
            const quota = new Quota(2, "DAY");
            const day = Date.UTC(2026, 10, 26);
            assert.deepEqual([quota.take(day), quota.take(day + 1000), quota.take(day + 2000), quota.take(day + 86_400_000)], [true, true, false, true]);
        });

        it("let a burst through, then refill at the rate", () => {
            const bucket = new TokenBucket(1, 2, 0);
            assert.deepEqual([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(999), bucket.take(1000)], [true, true, false, false, true]);
        });
    });

    describe("a request, in API Gateway's order", () => {
        let clock: number;
        let sqs: ReturnType<typeof recordingSqs>;
        let gateway: LocalGateway;
        beforeEach(() => {
            clock = Date.UTC(2026, 10, 26, 12);
            sqs = recordingSqs();
            gateway = new LocalGateway(model, sqs, { now: () => clock });
        });
        const call = (path: string, headers: Record<string, string>, method = "POST", body = "{\"orderId\":\"A-1\"}"): Promise<GatewayResponse> =>
            gateway.handle({ method, url: `/v1${path}`, headers: { "content-type": "application/json", ...headers }, body: Buffer.from(body), sourceIp: "127.0.0.1" });
        const outcome = (response: GatewayResponse) => [response.status, response.headers["x-amzn-ErrorType"] ?? JSON.parse(response.body).messageId];

        it("asks for the authorizer's identity before the API key: 401 without both, 403 INVALID_API_KEY with the token alone", async () => {
            assert.deepEqual(outcome(await call("/members", {})), [401, "UNAUTHORIZED"]);
            assert.deepEqual(outcome(await call("/members", { authorization: "eyJraWQ" })), [403, "INVALID_API_KEY"]);
            assert.deepEqual(outcome(await call("/members", { authorization: "eyJraWQ", "X-API-Key": keyOf("web-shop") })), [202, "m-1"]);
        });

        it("needs every identity source of a REQUEST authorizer, present and not empty", async () => {
            const key = { "x-api-key": keyOf("web-shop") };
            assert.deepEqual(outcome(await call("/partners", { ...key, authorization: "t" })), [401, "UNAUTHORIZED"]);
            assert.deepEqual(outcome(await call("/partners?token=", { ...key, authorization: "t" })), [401, "UNAUTHORIZED"]);
            assert.deepEqual(outcome(await call("/partners?token=abc", { ...key, authorization: "" })), [401, "UNAUTHORIZED"]);
            assert.deepEqual(outcome(await call("/partners?token=abc", { ...key, authorization: "t" })), [202, "m-1"]);
        });

        it("checks an AWS_IAM route's signature shape before the API key", async () => {
            assert.deepEqual(outcome(await call("/signed", {})), [403, "MISSING_AUTHENTICATION_TOKEN"]);
            assert.deepEqual(outcome(await call("/signed", { authorization: SIGV4_SHAPED })), [403, "INVALID_API_KEY"]);
        });

        it("refuses a key of no usage plan of the stage, and takes the x-api-key header in any case", async () => {
            assert.deepEqual(outcome(await call("/orders", { "x-api-key": "not-a-key-of-this-stage-0000" })), [403, "INVALID_API_KEY"]);
            assert.deepEqual(outcome(await call("/orders", { "X-Api-Key": keyOf("partner") })), [202, "m-1"]);
            assert.equal(sqs.forms.length, 1);
        });

        it("throttles a key by its plan, then counts its quota only for the requests let through", async () => {
            const partner = { "x-api-key": keyOf("partner") };
            // partner: 1 request a second, bursts of 2, 3 a day.
            const statuses = [];
            for (let i = 0; i < 3; i++) {
                statuses.push(outcome(await call("/orders", partner)));
            }
            clock += 1000;
            statuses.push(outcome(await call("/orders", partner)));
            clock += 5000;
            statuses.push(outcome(await call("/orders", partner)));
            assert.deepEqual(statuses, [[202, "m-1"], [202, "m-1"], [429, "THROTTLED"], [202, "m-1"], [429, "QUOTA_EXCEEDED"]]);
            clock = Date.UTC(2026, 10, 27);
            assert.deepEqual(outcome(await call("/orders", partner)), [202, "m-1"], "a new day, a new quota");
            assert.deepEqual(outcome(await call("/orders", { "x-api-key": keyOf("web-shop") })), [202, "m-1"], "another client keeps its own limits");
        });

        it("answers a response template that overrides one value twice with the API's 500, its CORS headers included", async () => {
            const twice = planted(resources, "orders-post-orders-integration-response-2xx", (inputs) => ({ ...inputs,
                responseTemplates: { "application/json": "#set($context.responseOverride.status = 201)#set($context.responseOverride.status = 200){}" } }));
            const broken = new LocalGateway(apiModel(twice, outputs), sqs, { now: () => clock });
            const response = await broken.handle({ method: "POST", url: "/v1/orders", body: Buffer.from("{\"orderId\":\"A-1\"}"), sourceIp: "127.0.0.1",
                headers: { "content-type": "application/json", "x-api-key": keyOf("web-shop"), origin: SHOP } });
            assert.deepEqual([response.status, response.headers["x-amzn-ErrorType"], response.headers["Access-Control-Allow-Origin"]],
                [500, "API_CONFIGURATION_ERROR", SHOP]);
            assert.equal(sqs.forms.length, 1, "the message was sent before the answer failed");
        });

        it("answers the preflight without a key, an identity or SQS", async () => {
            const response = await call("/members", { origin: ADMIN, "access-control-request-method": "POST" }, "OPTIONS", "");
            assert.deepEqual([response.status, response.body, response.headers["Access-Control-Allow-Origin"]], [204, "", ADMIN]);
            assert.deepEqual(sqs.forms, []);
        });
    });
});

describe("the local API's Cognito claims", function () {
    const STACK = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: members
      authorization: COGNITO_USER_POOLS
      queue: {fifo: true}
      messageGroupId: {context: cognitoSubject}
  orders:cognitoAuthorizer:
    userPoolArns: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123]
`;
    /** A token shaped as Cognito's: header, payload and signature, base64url; nothing here verifies the signature. */
    const jwt = (claims: Record<string, unknown>) => ["{\"alg\":\"RS256\"}", JSON.stringify(claims), "signature"]
        .map((part, i) => (i < 2 ? Buffer.from(part).toString("base64url") : part)).join(".");
    let gateway: LocalGateway;
    let sqs: ReturnType<typeof recordingSqs>;
    before(async () => {
        const { resources, outputs } = await withFiles({ "Pulumi.test-cognito-claims.yaml": STACK }, () => runStack("test-cognito-claims"));
        sqs = recordingSqs();
        gateway = new LocalGateway(apiModel(resources, outputs), sqs, {});
    });
    const post = (authorization: string) => gateway.handle({ method: "POST", url: "/v1/members", body: Buffer.from("{\"orderId\":\"A-1\"}"),
        headers: { "content-type": "application/json", authorization }, sourceIp: "127.0.0.1" });
    const groups = () => sqs.forms.map((form) => new URLSearchParams(form).get("MessageGroupId"));

    it("groups a caller's messages by the sub claim of its token, read unverified as AWS would after verifying it", async () => {
        assert.equal((await post(jwt({ sub: "7d1c-user & co", "cognito:username": "ann", exp: 1796083200 }))).status, 202);
        assert.equal((await post(jwt({ sub: "9e2f-other" }))).status, 202);
        assert.deepEqual(groups(), ["7d1c-user & co", "9e2f-other"]);
    });

    it("sends no group for a token that is not a JWT, or whose payload is not a JSON object, which SQS refuses", async () => {
        const before = sqs.forms.length;
        for (const token of ["not-a-jwt", "a.b.c", `x.${Buffer.from("[1]").toString("base64url")}.y`]) {
            assert.equal((await post(token)).status, 202, token);
        }
        assert.deepEqual(groups().slice(before), [null, null, null]);
    });
});

describe("the local API's callers of Lambda-authorized routes, and the placeholder identities", function () {
    const STACK = `config:
  aws:region: eu-west-1
  orders:authorization: AWS_IAM
  orders:routes:
    - path: members
      authorization: COGNITO_USER_POOLS
      oauthScopes: [orders/write]
      queue: {fifo: true}
      messageGroupId: {context: cognitoSubject}
    - path: partners
      authorization: CUSTOM
      queue: {fifo: true}
      messageGroupId: {context: authorizerPrincipalId}
    - path: signed
      queue: {fifo: true}
      messageGroupId: {context: callerArn}
  orders:cognitoAuthorizer:
    userPoolArns: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123]
  orders:lambdaAuthorizer:
    functionArn: arn:aws:lambda:eu-west-1:123456789012:function:orders-authorizer
    type: TOKEN
    identitySources: [method.request.header.X-Partner-Token]
`;
    let model: ApiModel;
    let gateway: LocalGateway;
    let sqs: ReturnType<typeof recordingSqs>;
    before(async () => {
        const { resources, outputs } = await withFiles({ "Pulumi.test-placeholders.yaml": STACK }, () => runStack("test-placeholders"));
        model = apiModel(resources, outputs);
        sqs = recordingSqs();
        gateway = new LocalGateway(model, sqs, {});
    });
    const methodOf = (path: string) => methodsOf(model).find((m) => m.resourcePath === path && m.httpMethod === "POST")!;
    /** Posts an order to a route with the placeholder identity it needs, and the message group SQS got. */
    const groupOf = async (path: string, extra: Record<string, string> = {}) => {
        const { headers, url } = placeholderIdentity(methodOf(path), `http://127.0.0.1/v1${path}`);
        const answer = await gateway.handle({ method: "POST", url: new URL(url).pathname, body: Buffer.from("{\"orderId\":\"A-1\"}"),
            headers: { "content-type": "application/json", ...Object.fromEntries(Object.entries({ ...headers, ...extra }).map(([k, v]) => [k.toLowerCase(), v])) },
            sourceIp: "127.0.0.1" });
        assert.equal(answer.status, 202, answer.body);
        return new URLSearchParams(sqs.forms.at(-1)).get("MessageGroupId");
    };

    it("gives a Cognito route a token whose unverified payload carries a sub and the route's scopes", async () => {
        const token = placeholderCognitoToken(methodOf("/members").authorizationScopes);
        assert.deepEqual(JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()),
            { sub: PLACEHOLDER_SUBJECT, token_use: "access", scope: "orders/write", client_id: "local-placeholder-client" });
        assert.equal(await groupOf("/members"), PLACEHOLDER_SUBJECT);
    });

    it("gives an AWS_IAM route a SigV4-shaped signature, and names its caller after the signature's access key id", async () => {
        assert.equal(await groupOf("/signed"), `arn:aws:iam::000000000000:user/${PLACEHOLDER_ACCESS_KEY_ID}`);
    });

    it("names a Lambda-authorized caller after its identity sources: one token one principal, two tokens two", async () => {
        const first = await groupOf("/partners");
        assert.match(first!, /^local-principal-[0-9a-f]{16}$/);
        assert.equal(await groupOf("/partners"), first);
        const other = await groupOf("/partners", { "X-Partner-Token": "another-partner" });
        assert.match(other!, /^local-principal-[0-9a-f]{16}$/);
        assert.notEqual(other, first);
    });
});
