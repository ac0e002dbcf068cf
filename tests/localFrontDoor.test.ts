// The local API's front door, in process: what it reads of the authorizers, API keys, usage plans
// and response headers the program registers.
import assert from "node:assert/strict";

import { apiModel, ApiModel, methodsOf } from "../local/apiModel";
import { Registered } from "../scripts/offline/mockRuntime";
import { runStack } from "../scripts/offline/runStack";
import { FRONT_DOOR_STACK, SHOP } from "./support/frontDoor";
import { withFiles } from "./support/plan";

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
                "Access-Control-Allow-Headers": "Content-Type,Authorization,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,Idempotency-Key",
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
});
