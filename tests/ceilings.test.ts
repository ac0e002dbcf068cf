// AWS's ceilings on what one stack creates, refused before anything is created: stack files planned
// as the CLI hands them over, exit 2 with the key, the figure and the fix.
import assert from "node:assert/strict";

import { AWS_FIGURES } from "../components/awsFigures";
import { apiRolePolicyText, checkDashboardCounts, dashboardMetricCounts } from "../components/ceilings";
import { Checker } from "../components/checks";
import { DEFAULTS, resolveSettings } from "../components/settings";
import { SETTINGS } from "../components/declarations";
import { perIpLimits } from "../components/rateRule";
import { one, Registered } from "../offline/mockRuntime";
import { sizedStack } from "./support/capacity";
import { plan, plannedResources, planning, temporaryStack } from "./support/plan";
import { problemsOf } from "./support/problems";

/** Plans a stack file of `config` that exists for this call only. */
async function planStackOf(name: string, config: object) {
    const cleanup = temporaryStack(name, { "aws:region": "eu-west-1", ...config });
    try {
        return await plan("--stack", name);
    } finally {
        cleanup();
    }
}

const routesNamed = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `customer-orders-${String(i).padStart(3, "0")}` }));

describe("ceilings", () => {
    describe("the API role's inline policy", () => {
        it("is measured on the JSON the component writes, with the names the provider gives the queues", async () => {
            const written = one(await sizedStack("dev"), "aws:iam/rolePolicy:RolePolicy").inputs.policy as string;
            const settings = resolveSettings({ routes: [{ path: "orders" }] }, { componentName: "orders" });
            // The mocks name a queue after its resource; the provider adds 7 random characters.
            assert.equal(written.replace("orders-queue", "orders-queue-xxxxxxx"), apiRolePolicyText(
                { routes: [{ ...settings.routes[0], nameFragment: "" }] }, "orders", "eu-west-1"));
            assert.equal(apiRolePolicyText({ routes: [{ ...settings.routes[0], nameFragment: "" }] }, "orders", "eu-west-1"),
                '{"Version":"2012-10-17","Statement":[{"Sid":"SendToQueues","Effect":"Allow","Action":"sqs:SendMessage",'
                + '"Resource":"arn:aws:sqs:eu-west-1:123456789012:orders-queue-xxxxxxx"}]}');
        });

        it("counts each created key with its 36-character id, a given key and queue as given, and a FIFO queue's .fifo", () => {
            const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const settings = resolveSettings({
                routes: [
                    { path: "a", queue: { encryption: "kms" } },
                    { path: "b", queue: { encryption: "kms", kmsKeyArn: key, fifo: true }, messageGroupId: { value: "b" } },
                    { path: "c", existingQueue: { arn: "arn:aws:sqs:eu-west-1:210987654321:c" } },
                ],
            });
            assert.deepEqual(JSON.parse(apiRolePolicyText(settings, "orders", "eu-west-1")).Statement, [
                { Sid: "SendToQueues", Effect: "Allow", Action: "sqs:SendMessage", Resource: [
                    "arn:aws:sqs:eu-west-1:123456789012:orders-post-a-queue-xxxxxxx",
                    "arn:aws:sqs:eu-west-1:123456789012:orders-post-b-queue-xxxxxxx.fifo",
                    "arn:aws:sqs:eu-west-1:210987654321:c",
                ] },
                { Sid: "UseQueueKeys", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [
                    "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-4000-8000-000000000000", key,
                ] },
            ]);
        });

        it("over IAM's 10,240 characters is refused with exit 2, the routes and the fix; one route fewer is planned", async function () {
            this.timeout(60000);
            // 83 characters a route in eu-west-1: 121 routes make 10,161, 122 make 10,244.
            assert.equal(AWS_FIGURES.quotas.iam.rolePolicyCharacters, 10240);
            assert.equal(apiRolePolicyText(resolveSettings({ routes: routesNamed(121) }), "orders", "eu-west-1").length, 10161);
            assert.deepEqual(await planStackOf("test-ceiling-iam", { "orders:routes": routesNamed(122) }), {
                code: 2,
                stdout: "",
                stderr: `${planning("test-ceiling-iam")}Pulumi.test-ceiling-iam.yaml:3:3: orders:routes lists 122 routes, and the API role's policy, `
                    + "which names each route's queue, would be 10,244 characters: IAM takes 10,240 for a role's inline policies (white space not counted) "
                    + "and would refuse it at deploy; split the routes over two stacks or components, or shorten the component's name and the paths\n",
            });
            assert.deepEqual(problemsOf({ routes: routesNamed(121) }), []);
        });

        it("is measured as long as in the region with the longest name when the region is not known", () => {
            assert.deepEqual(problemsOf({ routes: routesNamed(122) }), []);
            // 88 characters a route with a 14-character region: 115 routes make 10,238, 116 make 10,326.
            assert.equal(apiRolePolicyText(resolveSettings({ routes: routesNamed(115) }), "orders").length, 10238);
            assert.throws(() => resolveSettings({ routes: routesNamed(116) }, { componentName: "orders" }),
                { message: "routes lists 116 routes, and the API role's policy, which names each route's queue, would be 10,326 characters "
                    + "(in the region with the longest name): IAM takes 10,240 for a role's inline policies (white space not counted) and would "
                    + "refuse it at deploy; split the routes over two stacks or components, or shorten the component's name and the paths" });
        });
    });

    describe("the dashboard", () => {
        const consumerRoutes = (n: number) => Array.from({ length: n }, (_, i) => ({
            path: `r${i}`,
            existingQueue: { arn: `arn:aws:sqs:eu-west-1:210987654321:q${i}`, visibilityTimeoutSeconds: 60 },
            consumer: {},
        }));

        it("shows 14 metrics a route with a queue of its own and a consumer, 10 with an existing queue and a consumer", () => {
            const own = resolveSettings({ routes: [{ path: "a", consumer: {} }] });
            assert.deepEqual(dashboardMetricCounts(own), { total: 14, largestWidget: { title: "Consumer invocations", metrics: 3 } });
            assert.deepEqual(dashboardMetricCounts(resolveSettings({ routes: consumerRoutes(2) }, { region: "eu-west-1" })),
                { total: 20, largestWidget: { title: "Consumer invocations", metrics: 6 } });
        });

        it("over 500 metrics on a widget is refused with exit 2: 167 consumers' invocations, errors and throttles", async function () {
            this.timeout(60000);
            assert.deepEqual(await planStackOf("test-ceiling-widget", { "orders:routes": consumerRoutes(167) }), {
                code: 2,
                stdout: "",
                stderr: `${planning("test-ceiling-widget")}Pulumi.test-ceiling-widget.yaml:3:3: orders:routes lists 167 routes, `
                    + "and the dashboard's widget \"Consumer invocations\" would show 501 metrics: CloudWatch takes 500 on a widget; "
                    + "CloudWatch would refuse it at deploy; split the routes over two stacks or components\n",
            });
            assert.deepEqual(dashboardMetricCounts(resolveSettings({ routes: consumerRoutes(166) }, { region: "eu-west-1" })).largestWidget.metrics, 498);
        });

        it("over 2,500 metrics in all is refused, however they spread over widgets", () => {
            const check = new Checker("orders:");
            checkDashboardCounts(check, 180, { total: 2520, largestWidget: { title: "Requests", metrics: 180 } });
            checkDashboardCounts(check, 178, { total: 2492, largestWidget: { title: "Requests", metrics: 178 } });
            assert.deepEqual(check.problems, ["orders:routes lists 180 routes, and the stack's dashboard would show 2,520 metrics: CloudWatch takes "
                + "2,500 on a dashboard; CloudWatch would refuse it at deploy; split the routes over two stacks or components"]);
        });
    });

    describe("API clients", () => {
        const clients = (n: number) => ({ clients: Array.from({ length: n }, (_, i) => ({ name: `client-${i}` })) });

        it("more than 300 (a usage plan each) are refused with exit 2; 300 are planned", async function () {
            this.timeout(60000);
            assert.deepEqual(await planStackOf("test-ceiling-plans", { "orders:apiKeys": clients(301) }), {
                code: 2,
                stdout: "",
                stderr: `${planning("test-ceiling-plans")}Pulumi.test-ceiling-plans.yaml:3:20: orders:apiKeys.clients lists 301 clients, each with a usage plan `
                    + "of its own, and an account holds at most 300 usage plans in a region by default: AWS would refuse the rest at deploy; "
                    + "give at most 300 clients (fewer if other stacks of the account and region have some)\n",
            });
            assert.deepEqual(problemsOf({ apiKeys: clients(300) }), []);
        });

        it("more than 10,000 (an API key each) are refused for their keys too, a quota AWS does not raise", () => {
            assert.deepEqual(problemsOf({ apiKeys: clients(10001) }).map((p) => p.split(": AWS")[0]), [
                "apiKeys.clients lists 10,001 clients, each with a usage plan of its own, and an account holds at most 300 usage plans in a region by default",
                "apiKeys.clients lists 10,001 clients, each with an API key of its own, and an account holds at most 10,000 API keys in a region, a quota AWS does not raise",
            ]);
        });
    });

    describe("the web ACL's limit per address", () => {
        const ruleOf = (resources: Registered[]) =>
            one({ resources }, "aws:wafv2/webAcl:WebAcl").inputs.rules.find((r: { name: string }) => r.name === "rate-per-ip").statement.rateBasedStatement.limit;

        it("by default lets one caller send twice the stage's rate on every route over WAF's 5-minute window, at most WAF's largest", async function () {
            this.timeout(30000);
            assert.equal("default" in SETTINGS.webAcl.type.fields.rateLimitPerIp, false);
            assert.equal(resolveSettings({ webAcl: { create: true } }).frontDoor.webAcl!.rateLimitPerIp, 60000);
            assert.equal(perIpLimits(DEFAULTS.throttle.rateLimit).advised, 60000);
            // WAF counts an address over the whole web ACL: 3 routes at 500 a second are 1,500 a second from one caller.
            const three = await plannedResources("test-ceiling-waf-default", {
                "orders:routes": routesNamed(3), "orders:throttle": { rateLimit: 500, burstLimit: 1000 }, "orders:webAcl": { create: true },
            });
            assert.equal(ruleOf(three), 2 * 3 * 500 * 300);
            const most = resolveSettings({ routes: routesNamed(7), throttle: { rateLimit: 1000000, burstLimit: 1000000 }, webAcl: { create: true } });
            assert.equal(most.frontDoor.webAcl!.rateLimitPerIp, AWS_FIGURES.quotas.waf.rateLimitMax);
            assert.deepEqual([perIpLimits(100), perIpLimits(7000000)], [{ reachable: 30000, advised: 60000 }, { reachable: 2000000000, advised: 2000000000 }]);
        });

        it("below what one caller may send on every route over the window is refused with exit 2, naming both and the limit to give", async () => {
            assert.deepEqual(await planStackOf("test-ceiling-waf", {
                "orders:routes": routesNamed(3), "orders:throttle": { rateLimit: 100, burstLimit: 200 }, "orders:webAcl": { create: true, rateLimitPerIp: 60000 },
            }), {
                code: 2,
                stdout: "",
                stderr: `${planning("test-ceiling-waf")}Pulumi.test-ceiling-waf.yaml:5:33: orders:webAcl.rateLimitPerIp 60000 lets one address 60,000 requests `
                    + "in WAF's 300-second window, fewer than the 90,000 that orders:throttle.rateLimit 100 on each of the 3 routes lets one caller send: "
                    + "a single caller would be blocked before the stage's throttling; give at least 90,000, 180,000 to leave room for WAF's approximate "
                    + "counting (or leave it out: that is its default)\n",
            });
            assert.deepEqual(problemsOf({ throttle: { rateLimit: 500 }, webAcl: { create: true, rateLimitPerIp: 150000 } }), []);
            assert.deepEqual(problemsOf({ throttle: { rateLimit: 500 }, webAcl: { create: true, rateLimitPerIp: 149999 } }).map((p) => p.split(" lets")[0]),
                ["webAcl.rateLimitPerIp 149999"]);
            // A web ACL given by its ARN is its owner's: its rules are not this stack's to check.
            assert.deepEqual(problemsOf({ throttle: { rateLimit: 500 }, webAcl: { arn: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/central/a1b2c3d4-5678-90ab-cdef-111122223333" } }), []);
        });
    });
});
