import assert from "node:assert/strict";

import * as pulumi from "@pulumi/pulumi";

import { QueueApi, QueueApiArgs, resolveSettings } from "../components/index";
import { fromMockRun, runPolicies } from "../offline/policyRunner";
import { ACCOUNT_ID, byType, named, one, Registered, runMocked } from "../offline/mockRuntime";
import { readStackConfig } from "../components/stackConfig";
import { problemsOf } from "./support/problems";
import { beyondDefaults } from "./support/defaultFindings";
import { plannedResources } from "./support/plan";

const ROUTES: QueueApiArgs = {
    routes: [
        { path: "orders" },
        { path: "stores/{storeId}/orders", method: "PUT", queue: { maxMessageSize: 1048576 } },
        { path: "stores/{storeId}/returns", method: "PATCH", authorization: "AWS_IAM" },
    ],
};

describe("several routes on one API", () => {
    describe("settings", () => {
        it("default each route's method to POST and its authorization to the API's", () => {
            assert.deepEqual(resolveSettings({ ...ROUTES, authorization: "AWS_IAM" }).routes.map((r) => [r.key, r.authorization, r.queue.maxMessageSize]), [
                ["POST /orders", "AWS_IAM", 262144],
                ["PUT /stores/{storeId}/orders", "AWS_IAM", 1048576],
                ["PATCH /stores/{storeId}/returns", "AWS_IAM", 262144],
            ]);
        });

        it("make the single-route arguments one POST route", () => {
            assert.deepEqual(resolveSettings({ path: "purchases" }).routes.map((r) => r.key), ["POST /purchases"]);
        });

        const rejected: [string, unknown, string][] = [
            ["a method without a body", { routes: [{ path: "orders", method: "GET" }] },
                "routes[0].method must be one of POST, PUT, PATCH (a method without a body cannot carry a message, and SQS refuses an empty one), got \"GET\""],
            ["the same method and path twice", { routes: [{ path: "orders" }, { path: "orders", method: "POST" }] },
                "routes[1] repeats POST /orders of routes[0]: each method and path may appear once"],
            ["a path with a leading slash", { routes: [{ path: "/orders" }] },
                "routes[0].path must be segments separated by '/', each of letters, digits, '.', '_' or '-' (not . or ..) or a parameter "
                + "such as {storeId}, with no leading or trailing '/', got \"/orders\""],
            ["two names for one path parameter", { routes: [{ path: "stores/{id}/orders" }, { path: "stores/{storeId}/returns" }] },
                "routes[1].path uses {storeId} where another route uses {id} (below /stores): one parameter name per position"],
            ["a route without a path", { routes: [{ method: "PUT" }] }, "routes[0].path is required"],
            ["an empty list", { routes: [] },
                "routes must be a non-empty list of routes (objects with path, method, authorization, oauthScopes, apiKeyRequired, queue, existingQueue, messageGroupId, messageAttributes, requestSchema, contentTypes, batch, consumer, retired, singleRouteNames), got []"],
            ["a bad queue setting of a route", { routes: [{ path: "orders", queue: { maxMessageSize: 10 } }] },
                "routes[0].queue.maxMessageSize must be an integer from 1024 to 1048576, got 10"],
            ["an unknown route setting", { routes: [{ path: "orders", verb: "POST" }] },
                "routes[0].verb is not a known setting; known: path, method, authorization, oauthScopes, apiKeyRequired, queue, existingQueue, messageGroupId, messageAttributes, requestSchema, contentTypes, batch, consumer, retired, singleRouteNames"],
            ["routes beside the single-route path", { path: "orders", routes: [{ path: "returns" }] },
                "path describes the single route; with routes, set it in each route instead"],
            ["the single route's names on two routes", { routes: [{ path: "orders", singleRouteNames: true }, { path: "returns", singleRouteNames: true }] },
                "routes[1].singleRouteNames is true, and so is routes[0].singleRouteNames: one route at most can take the single route's resource names"],
            ["the single route's names on a path of several segments", { routes: [{ path: "stores/{storeId}/orders", singleRouteNames: true }] },
                "routes[0].singleRouteNames is for a path of one segment, as the single route's is, got routes[0].path \"stores/{storeId}/orders\": "
                    + "give it the single route's path, or leave singleRouteNames unset"],
        ];
        for (const [what, args, message] of rejected) {
            it(`reject ${what}`, () => {
                assert.deepEqual(problemsOf(args), [message]);
            });
        }

        it("come from stack config as a list", () => {
            const settings = readStackConfig("orders", { "orders:routes": JSON.stringify(ROUTES.routes) });
            assert.equal(settings.routes?.length, 3);
            assert.throws(() => readStackConfig("orders", { "orders:routes": "{\"path\":\"orders\"}" }),
                { message: "orders:routes must be a list: routes, each with `path` and optionally `method`, `authorization`, `oauthScopes`, "
                    + "`apiKeyRequired`, `queue` or "
                    + "`existingQueue`, `messageGroupId`, `messageAttributes`, `requestSchema`, `contentTypes`, `batch`, `consumer`, `retired`, `singleRouteNames`, got \"{\\\"path\\\":\\\"orders\\\"}\"" });
        });
    });

    describe("component", () => {
        let run: Awaited<ReturnType<typeof build>>;
        async function build(args: QueueApiArgs = ROUTES) {
            const result = await runMocked(() => {
                const api = new QueueApi("shop", args);
                return { routeUrls: api.routeUrls, queueArns: api.queueArns, deadLetterQueueArns: api.deadLetterQueueArns, url: api.url };
            }, { config: { "aws:region": "eu-west-1" } });
            if (result.error) {
                throw result.error;
            }
            return result;
        }
        before(async () => {
            run = await build();
        });

        it("gives each route its own queue and dead-letter queue", () => {
            assert.deepEqual(byType(run, "aws:sqs/queue:Queue").map((q) => q.name), [
                "shop-post-orders-dlq", "shop-post-orders-queue",
                "shop-put-stores-storeid-orders-dlq", "shop-put-stores-storeid-orders-queue",
                "shop-patch-stores-storeid-returns-dlq", "shop-patch-stores-storeid-returns-queue",
            ]);
            assert.equal(named(run, "shop-put-stores-storeid-orders-queue").inputs.maxMessageSize, 1048576);
        });

        it("builds each path prefix once, as a tree below the API's root", () => {
            const resources = byType(run, "aws:apigateway/resource:Resource").map((r) => [r.name, r.inputs.pathPart, r.inputs.parentId]);
            assert.deepEqual(resources, [
                ["shop-resource-orders", "orders", "shop-api-root"],
                ["shop-resource-stores", "stores", "shop-api-root"],
                ["shop-resource-stores-storeid", "{storeId}", "shop-resource-stores-id"],
                ["shop-resource-stores-storeid-orders", "orders", "shop-resource-stores-storeid-id"],
                ["shop-resource-stores-storeid-returns", "returns", "shop-resource-stores-storeid-id"],
            ]);
            assert.deepEqual(byType(run, "aws:apigateway/method:Method").map((m) => [m.inputs.httpMethod, m.inputs.resourceId, m.inputs.authorization]), [
                ["POST", "shop-resource-orders-id", "NONE"],
                ["PUT", "shop-resource-stores-storeid-orders-id", "NONE"],
                ["PATCH", "shop-resource-stores-storeid-returns-id", "AWS_IAM"],
            ]);
        });

        it("sends each route to its own queue, with one role allowed exactly those queues in one statement", () => {
            const arn = (q: string) => `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:${q}`;
            assert.deepEqual(byType(run, "aws:apigateway/integration:Integration").map((i) => i.inputs.uri), [
                `arn:aws:apigateway:eu-west-1:sqs:path/${ACCOUNT_ID}/shop-post-orders-queue`,
                `arn:aws:apigateway:eu-west-1:sqs:path/${ACCOUNT_ID}/shop-put-stores-storeid-orders-queue`,
                `arn:aws:apigateway:eu-west-1:sqs:path/${ACCOUNT_ID}/shop-patch-stores-storeid-returns-queue`,
            ]);
            assert.equal(byType(run, "aws:iam/role:Role").length, 1);
            assert.deepEqual(JSON.parse(one(run, "aws:iam/rolePolicy:RolePolicy").inputs.policy).Statement, [{
                Sid: "SendToQueues", Effect: "Allow", Action: "sqs:SendMessage",
                Resource: [arn("shop-post-orders-queue"), arn("shop-put-stores-storeid-orders-queue"), arn("shop-patch-stores-storeid-returns-queue")],
            }]);
        });

        it("deploys them all with one Deployment, which changes when a route is added", async () => {
            const deployment = one(run, "aws:apigateway/deployment:Deployment");
            for (const name of ["shop-post-orders-integration", "shop-put-stores-storeid-orders-integration",
                "shop-patch-stores-storeid-returns-integration-response-4xx"]) {
                assert.ok(deployment.dependsOn.includes(name), name);
            }
            const more = await build({ routes: [...ROUTES.routes!, { path: "carts" }] });
            assert.notEqual(one(more, "aws:apigateway/deployment:Deployment").inputs.triggers.apiShape, deployment.inputs.triggers.apiShape);
        });

        it("outputs maps keyed by route", () => {
            const base = "https://shop-api-id.execute-api.eu-west-1.amazonaws.com/v1";
            assert.deepEqual(run.result.routeUrls, {
                "POST /orders": `${base}/orders`,
                "PUT /stores/{storeId}/orders": `${base}/stores/{storeId}/orders`,
                "PATCH /stores/{storeId}/returns": `${base}/stores/{storeId}/returns`,
            });
            assert.equal(run.result.queueArns["PATCH /stores/{storeId}/returns"], `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:shop-patch-stores-storeid-returns-queue`);
            assert.equal(run.result.deadLetterQueueArns["POST /orders"], `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:shop-post-orders-dlq`);
            assert.equal(run.result.url, `${base}/orders`);
        });

        it("passes every policy of the pack", async () => {
            assert.deepEqual(beyondDefaults(await runPolicies(fromMockRun(run.resources))), []);
        });
    });
});

describe("offline plan of several routes", () => {
    it("shows each route's method, full path and queue", async () => {
        const { planStack } = await import("../scripts/planReport");
        const run = await runMocked(() => new QueueApi("shop", ROUTES));
        const plan = planStack("test", "us-east-1", run.resources, []);
        assert.deepEqual(plan.routes.map((r) => [r.method, r.path, r.queue?.name, r.deadLetterQueue?.name]), [
            ["POST", "/orders", "shop-post-orders-queue", "shop-post-orders-dlq"],
            ["PUT", "/stores/{storeId}/orders", "shop-put-stores-storeid-orders-queue", "shop-put-stores-storeid-orders-dlq"],
            ["PATCH", "/stores/{storeId}/returns", "shop-patch-stores-storeid-returns-queue", "shop-patch-stores-storeid-returns-dlq"],
        ]);
    });
});

describe("the single route listed in routes with singleRouteNames", () => {
    // An archive's path is a promise, which Node.js 26's deepStrictEqual compares by identity: each is compared by the path it holds.
    const settled = async (value: unknown): Promise<unknown> => {
        if (value instanceof pulumi.asset.FileArchive) {
            return { fileArchive: await value.path };
        }
        if (Array.isArray(value)) {
            return Promise.all(value.map(settled));
        }
        if (value !== null && typeof value === "object") {
            return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await settled(v)])));
        }
        return value;
    };
    const registered = (resources: readonly Registered[]) => Promise.all(resources.map(async (r) => ({ type: r.type, name: r.name, parent: r.parent, inputs: await settled(r.inputs) })));

    it("registers exactly what the single route does, every resource under its name with its inputs, the program's order schema included", async () => {
        const single = await plannedResources("test-single-route", { "orders:queue": { encryption: "kms" }, "orders:consumer": {} });
        const listed = await plannedResources("test-single-route", {
            "orders:routes": [{ path: "orders", singleRouteNames: true, queue: { encryption: "kms" }, consumer: {} }],
        });
        assert.deepEqual(await registered(listed), await registered(single));
        assert.equal(named({ resources: listed }, "orders-model").inputs.name, "PostOrdersBody");
    });

    it("keeps the single route's resource for its path whichever route below it is listed first, and names the others' after them", async () => {
        const resources = await plannedResources("test-single-route-below", {
            "orders:routes": [{ path: "orders/{orderId}", method: "PUT" }, { path: "orders", singleRouteNames: true }],
        });
        assert.deepEqual(byType({ resources }, "aws:apigateway/resource:Resource").map((r) => [r.name, r.inputs.pathPart]),
            [["orders-resource", "orders"], ["orders-resource-orders-orderid", "{orderId}"]]);
        assert.deepEqual(byType({ resources }, "aws:sqs/queue:Queue").map((r) => r.name),
            ["orders-put-orders-orderid-dlq", "orders-put-orders-orderid-queue", "orders-dlq", "orders-queue"]);
    });
});
