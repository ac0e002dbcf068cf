import assert from "node:assert/strict";

import { renderTemplate } from "../local/vtl";
import { resolveSettings } from "../components/settings";
import { RETIRED_QUEUE_TAG as COMPONENT_TAG } from "../components/routeQueue";
import { RETIRED_QUEUE_TAG as POLICY_TAG } from "../policy/apiRole";
import { Registered, named } from "../offline/mockRuntime";
import { runStack } from "../offline/runStack";
import { fromMockRun, PackConfig, runPolicies } from "../offline/policyRunner";
import { localStack } from "./support/localApi";
import { PLACEHOLDER_SIGNATURE } from "../local/placeholderIdentity";
import { mutate } from "./support/programFixtures";
import { plan, temporaryStack, withFiles } from "./support/plan";
import { problemsOf } from "./support/problems";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PROD_CONFIG = require("../policy/prod.json") as PackConfig;

/** A stack file of two routes, POST /legacy retired or not, as a user writes it. */
function stackFile(retired: boolean, extra = ""): string {
    return `config:
  aws:region: eu-west-1
  orders:protectQueues: true
  orders:authorization: AWS_IAM
  orders:webAcl: {create: true}
  orders:routes:
    - path: orders
    - path: legacy${retired ? "\n      retired: true" : ""}
      requestSchema: {type: object, required: [orderId]}
      queue: {encryption: kms, visibilityTimeoutSeconds: 60}
      consumer: {timeoutSeconds: 10}
${extra}`;
}

async function planned(text: string, name = "test-retire"): Promise<Registered[]> {
    return (await withFiles({ [`Pulumi.${name}.yaml`]: text }, () => runStack(name))).resources;
}

const urns = (resources: readonly Registered[]) => resources.map((r) => `${r.type}::${r.name}`).sort();

describe("a retired route", () => {
    let live: Registered[];
    let retired: Registered[];
    before(async () => {
        live = await planned(stackFile(false));
        retired = await planned(stackFile(true));
    });

    it("keeps every resource of the route under its name, and gains only the 410 method response", () => {
        assert.deepEqual(urns(retired).filter((urn) => !urns(live).includes(urn)),
            ["aws:apigateway/methodResponse:MethodResponse::orders-post-legacy-method-response-410"]);
        assert.deepEqual(urns(live).filter((urn) => !urns(retired).includes(urn)), []);
    });

    it("answers from a MOCK integration that names 410, with neither the queue's URI nor the role", () => {
        const integration = named({ resources: retired }, "orders-post-legacy-integration").inputs;
        assert.deepEqual({ ...integration, resourceId: undefined, restApi: undefined }, {
            httpMethod: "POST",
            type: "MOCK",
            requestTemplates: { "application/json": "{\"statusCode\": 410}" },
            passthroughBehavior: "NEVER",
            resourceId: undefined,
            restApi: undefined,
        });
    });

    it("keeps its authorization, so that no method turns open, and validates nothing: a caller it lets in is answered 410", () => {
        const method = named({ resources: retired }, "orders-post-legacy-method").inputs;
        assert.deepEqual([method.authorization, method.authorizerId, method.apiKeyRequired, method.requestModels, method.requestParameters,
            method.requestValidatorId], ["AWS_IAM", undefined, undefined, undefined, undefined, undefined]);
        const live_ = named({ resources: live }, "orders-post-legacy-method").inputs;
        assert.deepEqual([live_.authorization, live_.requestModels], ["AWS_IAM", { "application/json": "PostLegacyBody" }]);
    });

    it("answers 410 in the API's error shape, whichever integration response API Gateway selects", () => {
        const responses = retired.filter((r) => r.name.startsWith("orders-post-legacy-integration-response-"));
        assert.deepEqual(responses.map((r) => [r.name, r.inputs.statusCode, r.inputs.selectionPattern ?? null]), [
            ["orders-post-legacy-integration-response-2xx", "202", "2\\d{2}"],
            ["orders-post-legacy-integration-response-4xx", "400", "4\\d{2}"],
            ["orders-post-legacy-integration-response-5xx", "503", "5\\d{2}"],
            ["orders-post-legacy-integration-response-default", "500", null],
        ]);
        for (const response of responses) {
            const rendered = renderTemplate(response.inputs.responseTemplates["application/json"], { requestId: "r-1" });
            assert.equal(rendered.statusOverride, 410);
            assert.deepEqual(JSON.parse(rendered.output), {
                error: "Gone", message: "POST /legacy is retired and takes no more requests.", requestId: "r-1",
            });
        }
    });

    it("has its integration responses take their method from the integration, so that they are replaced with it", () => {
        for (const resources of [live, retired]) {
            for (const response of resources.filter((r) => r.type === "aws:apigateway/integrationResponse:IntegrationResponse")) {
                const integration = response.name.replace(/-response-(2xx|4xx|5xx|default)$/, "");
                assert.deepEqual(response.propertyDependencies.httpMethod, [integration], response.name);
            }
        }
    });

    it("keeps its queue, dead-letter queue, key and consumer's logs in AWS when removed, unprotected, and its queue tagged", () => {
        const kept = (name: string) => [named({ resources: retired }, name).protect, named({ resources: retired }, name).retainOnDelete];
        for (const name of ["orders-post-legacy-queue", "orders-post-legacy-dlq", "orders-post-legacy-key", "orders-post-legacy-consumer-logs"]) {
            assert.deepEqual(kept(name), [false, true], name);
        }
        const liveQueue = named({ resources: live }, "orders-post-legacy-queue");
        assert.deepEqual([liveQueue.protect, liveQueue.retainOnDelete, liveQueue.inputs.tags[COMPONENT_TAG]], [true, true, undefined]);
        assert.equal(named({ resources: retired }, "orders-post-legacy-queue").inputs.tags[COMPONENT_TAG], "true");
        assert.equal(COMPONENT_TAG, POLICY_TAG);
    });

    it("is not needed for logs: every log group, live or retired, is kept in AWS when it leaves, its retention expiring its events", () => {
        for (const resources of [live, retired]) {
            const logGroups = resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
            assert.deepEqual(logGroups.map((r) => [r.name, r.retainOnDelete, r.protect, typeof r.inputs.retentionInDays]), [
                ["orders-post-legacy-consumer-logs", true, false, "number"],
                ["orders-access-logs", true, false, "number"],
            ]);
        }
    });

    it("keeps the role's grant on its queue and the consumer that drains it", () => {
        const grant = JSON.parse(named({ resources: retired }, "orders-send-message").inputs.policy);
        assert.deepEqual(grant.Statement[0].Resource, [
            "arn:aws:sqs:eu-west-1:123456789012:orders-post-orders-queue",
            "arn:aws:sqs:eu-west-1:123456789012:orders-post-legacy-queue",
        ]);
        assert.equal(named({ resources: retired }, "orders-post-legacy-consumer-trigger").inputs.eventSourceArn,
            "arn:aws:sqs:eu-west-1:123456789012:orders-post-legacy-queue");
    });

    it("replaces the deployment", () => {
        const hash = (resources: readonly Registered[]) => named({ resources }, "orders-deployment").inputs.triggers.apiShape;
        assert.notEqual(hash(retired), hash(live));
    });

    it("passes every policy of the pack under policy/prod.json, the role's grant on its queue excused by the queue's tag", async () => {
        const findings = async (fixtures: ReturnType<typeof fromMockRun>) =>
            (await runPolicies(fixtures, { config: PROD_CONFIG })).map((f) => `${f.policy}: ${f.message}`);
        assert.deepEqual(await findings(fromMockRun(retired)), []);
        const untagged = mutate(fromMockRun(retired), "orders-post-legacy-queue", (props) => ({ ...props, tags: {} }));
        assert.deepEqual(await findings(untagged), ["api-role-sendmessage-only: role arn:aws:iam::123456789012:role/orders-role (credentials of "
            + "orders-post-orders-integration) allows more than it needs: kms:Decrypt, kms:GenerateDataKey on "
            + "arn:aws:kms:eu-west-1:123456789012:key/orders-post-legacy-key; sqs:SendMessage on arn:aws:sqs:eu-west-1:123456789012:orders-post-legacy-queue."]);
    });

    it("keeps the authorizer it names until the route leaves, with the same authorizer and scopes on its method", async () => {
        const lambdaAuthorizer = { functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:auth" };
        assert.deepEqual(problemsOf({ routes: [{ path: "orders" }, { path: "legacy", authorization: "CUSTOM", retired: true }] }),
            ["lambdaAuthorizer is required: a route's authorization is CUSTOM"]);
        assert.deepEqual(problemsOf({ routes: [{ path: "orders" }, { path: "legacy", authorization: "CUSTOM", retired: true }], lambdaAuthorizer }), []);
        const resources = await planned(`config:
  aws:region: eu-west-1
  orders:lambdaAuthorizer: {functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:auth"}
  orders:routes:
    - path: orders
    - path: legacy
      authorization: CUSTOM
      retired: true
`, "test-retire-custom");
        const method = named({ resources }, "orders-post-legacy-method").inputs;
        assert.deepEqual([method.authorization, method.authorizerId], ["CUSTOM", named({ resources }, "orders-lambda-authorizer").id]);
        assert.equal(resolveSettings({ retired: true }).routes[0].retired, true);
    });

    it("leaves its authorizer for one more update, which the plan warns to remove in the next", async () => {
        const lambdaAuthorizer = { functionArn: "arn:aws:lambda:eu-west-1:123456789012:function:auth" };
        const cleanup = temporaryStack("test-retire-removed", { "aws:region": "eu-west-1", "orders:lambdaAuthorizer": lambdaAuthorizer,
            "orders:routes": [{ path: "orders" }] });
        let text;
        let json;
        try {
            text = await plan("--stack", "test-retire-removed");
            json = await plan("--stack", "test-retire-removed", "--json");
        } finally {
            cleanup();
        }
        const warning = "orders-lambda-authorizer is used by no route: it stays through the update that removes its last route, whose deployment "
            + "still calls it; remove orders:lambdaAuthorizer in the next update";
        assert.equal(text.code, 0);
        assert.ok(text.stdout.includes(`\nTo remove in the next update (1)\n  warn  ${warning}\n\nResources (`), text.stdout);
        assert.deepEqual(JSON.parse(json.stdout).stacks[0].nextUpdate, [warning]);
        assert.deepEqual(JSON.parse(json.stdout).stacks[0].resources.filter((r: { type: string }) => /Authorizer|Permission/.test(r.type))
            .map((r: { name: string }) => r.name), ["orders-lambda-authorizer", "orders-lambda-authorizer-invoke"]);
        assert.equal(JSON.parse((await plan("--stack", "dev", "--json")).stdout).stacks[0].nextUpdate, undefined);
    });

    it("is refused at the top level beside routes, as every single-route key is", () => {
        assert.deepEqual(problemsOf({ retired: true, routes: [{ path: "orders" }] }),
            ["retired describes the single route; with routes, set it in each route instead"]);
    });

    it("answers 410 Gone through the local API, with the origin's CORS headers, and queues nothing", async () => {
        const local = await localStack("test-retire-local", stackFile(true, "  orders:cors: {allowOrigins: [https://shop.example.com]}\n"));
        try {
            const url = local.api.retiredUrls["POST /legacy"];
            assert.ok(url, "no retired URL");
            const unsigned = await local.call(url, "{}", { "Content-Type": "application/json", Origin: "https://shop.example.com" });
            assert.equal(unsigned.status, 403);
            const answer = await local.call(url, "{}", {
                "Content-Type": "application/json", Origin: "https://shop.example.com", Authorization: PLACEHOLDER_SIGNATURE, "X-Amz-Date": "20260101T000000Z",
            });
            assert.equal(answer.status, 410);
            assert.deepEqual(Object.keys(JSON.parse(answer.text)), ["error", "message", "requestId"]);
            assert.equal(JSON.parse(answer.text).error, "Gone");
            assert.equal(answer.headers.get("access-control-allow-origin"), "https://shop.example.com");
            assert.equal(local.api.urls["POST /legacy"], undefined);
            const legacyQueue = local.api.model.queues.find((q) => q.name === "orders-post-legacy-queue");
            assert.ok(legacyQueue, "the retired route's queue is not served");
        } finally {
            await local.close();
        }
    });
});
