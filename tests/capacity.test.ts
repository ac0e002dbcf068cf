// npm run capacity: every limit on a route's path, the first one a caller meets, the consumer's
// drain, a month's cost and the stack's scale, checked line by line against figures worked out by
// hand here from the stack files, the data file's prices and the arithmetic each line states.
import assert from "node:assert/strict";

import { checkAgainstStack } from "../scripts/capacity";
import { accessLogLineBytes, consumerLogBytes } from "../scripts/capacity/cost";
import { capacityReport, renderCapacity } from "../scripts/capacity/report";
import { BadInput } from "../offline/sourceFile";
import { listStacks } from "../offline/stacks";
import { capacity, sizedStack } from "./support/capacity";
import { temporaryStack } from "./support/plan";

const MONTH = 730 * 3600;
const GIB = 2 ** 30;
const r4 = (n: number) => Number(n.toFixed(4));
const line = (item: string, quantity: number, unit: string, price: number) => ({ item, quantity: r4(quantity), unit, price, cost: r4(quantity * price) });
const options = (rps: number) => ({ rps, consumerMs: 100, messageBytes: 2048, project: "orders" });

/** One access log line of the stage's format as a 202 fills it, on an open and on a signed route. */
const OPEN_LINE = '{"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","extendedRequestId":"AbCdEfGhIjKlMnO=","requestTime":"04/Dec/2026:16:20:22 +0000",'
    + '"ip":"203.0.113.45","caller":"-","httpMethod":"POST","resourcePath":"/orders","protocol":"HTTP/1.1","status":"202","responseLength":"103",'
    + '"responseLatency":"25","integrationStatus":"200","integrationLatency":"20","errorType":"-"}';
const SIGNED_LINE = OPEN_LINE.replace('"caller":"-"', '"caller":"AIDAEXAMPLEEXAMPLE123"');

const STAGE = (rate: number, burst: number) => ({ name: "stage throttle", perSecond: rate,
    source: "orders:throttle.rateLimit, orders:throttle.burstLimit (the stage's method settings)", kind: "request", burst });
const ACCOUNT = { name: "account quota", perSecond: 10000,
    source: "API Gateway's quota per account and region (eu-west-1), shared by every API there; AWS can raise it", kind: "request", burst: 5000 };
const SIZE = { name: "message size", perSecond: null, source: "orders:queue.maxMessageSize (a larger body is answered 413)", kind: "size", bytes: 262144 };
const NOTE = "components/aws-figures.json has no prices for eu-west-1: us-east-1's are used";

describe("npm run capacity", () => {
    it("sizes dev at its stage's 10 requests a second: the stage binds first; a month of 26.28 M orders, line by line", async () => {
        const report = capacityReport("dev", await sizedStack("dev"), options(10));
        const stack = await sizedStack("dev");
        assert.equal(accessLogLineBytes(stack.accessLogFormat!, stack.routes[0]), OPEN_LINE.length);
        assert.equal(OPEN_LINE.length, 363);
        assert.deepEqual(report.routes, [{
            method: "POST", path: "/orders", limits: [STAGE(10, 20), ACCOUNT, SIZE],
            firstLimit: { name: "stage throttle", perSecond: 10 }, acceptedPerSecond: 10, drainPerSecond: null, backlogPerHour: null, burstDrainSeconds: null,
        }]);
        const orders = 10 * MONTH; // 26,280,000
        const logs = (orders * 363) / GIB; // 8.8845 GB
        const lines = [
            line("API Gateway REST requests, first 333 M", orders / 1e6, "million requests", 3.5),
            line("SQS standard: SendMessage, 1 per message (64 KB chunks)", orders / 1e6, "million requests", 0.4),
            line("CloudWatch Logs: access logs", logs, "GB ingested", 0.5),
            line("CloudWatch dashboard", 1, "dashboard-months", 3),
            line("API Gateway detailed metrics", 5, "metric-months", 0.3), // Count, 4XXError, 5XXError, Latency, IntegrationLatency
        ];
        const total = 26.28 * 3.5 + 26.28 * 0.4 + logs * 0.5 + 3 + 1.5;
        assert.deepEqual(report.monthlyCost, {
            total: r4(total), currency: "USD", region: "us-east-1", note: NOTE, lines, orders, perMillionOrders: r4(total / 26.28),
        });
        assert.equal(report.monthlyCost.total, 111.4342);
        // 45 resources planned, its component left out; 5 API and 4 queue metrics; API Gateway: the API, its resource policy, the route's
        // resource, method, integration, 5 method and 4 integration responses, model, validator, 16 gateway responses, deployment, stage,
        // method settings.
        assert.deepEqual(report.scale, { resources: 44, alarms: 0, dashboardMetrics: 9, apiRolePolicyCharacters: 174, managementCalls: 2 * 35 });
        assert.equal(('{"Version":"2012-10-17","Statement":[{"Sid":"SendToQueues","Effect":"Allow","Action":"sqs:SendMessage",'
            + '"Resource":"arn:aws:sqs:eu-west-1:123456789012:orders-queue-xxxxxxx"}]}').length, 174);
    });

    it("sizes prod at its stage's 500 a second: one signed caller meets the stage's throttle, not the web ACL's 1,000 a second", async () => {
        const report = capacityReport("prod", await sizedStack("prod"), options(500));
        assert.deepEqual(report.routes, [{
            method: "POST", path: "/orders",
            limits: [STAGE(500, 1000), { name: "web ACL rate rule, per address", perSecond: 300000 / 300,
                source: "orders:webAcl.rateLimitPerIp 300000 over WAF's 300-second window, every request of an address blocked while it is over", kind: "block" },
            ACCOUNT, SIZE],
            firstLimit: { name: "stage throttle", perSecond: 500 }, acceptedPerSecond: 500, drainPerSecond: null, backlogPerHour: null, burstDrainSeconds: null,
        }]);
        const orders = 500 * MONTH; // 1,314,000,000: past the first two of API Gateway's tiers
        const logs = (orders * SIGNED_LINE.length) / GIB;
        const traces = (1 + 0.05 * (500 - 1)) * MONTH; // the first request each second, then 5 % of the rest
        const lines = [
            line("API Gateway REST requests, first 333 M", 333, "million requests", 3.5),
            line("API Gateway REST requests, 333–1,000 M", 667, "million requests", 2.8),
            line("API Gateway REST requests, 1,000–20,000 M", 1314 - 1000, "million requests", 2.38),
            line("WAF requests", orders / 1e6, "million requests", 0.6),
            line("WAF web ACL", 1, "web ACL-months", 5),
            line("WAF rules", 4, "rule-months", 1), // three managed rule groups and the rate rule
            line("SQS standard: SendMessage, 1 per message (64 KB chunks)", orders / 1e6, "million requests", 0.4),
            line("CloudWatch Logs: access logs", logs, "GB ingested", 0.5),
            line("X-Ray traces (default sampling)", traces / 1e6, "million traces", 5),
            line("CloudWatch alarms", 4, "alarm-months", 0.1), // dead letters, oldest message, 5XX share, p99 latency
            line("CloudWatch dashboard", 1, "dashboard-months", 3),
            line("API Gateway detailed metrics", 5, "metric-months", 0.3),
        ];
        assert.equal(SIGNED_LINE.length, 383);
        const total = 333 * 3.5 + 667 * 2.8 + 314 * 2.38 + 1314 * 0.6 + 5 + 4 + 1314 * 0.4 + logs * 0.5 + (traces / 1e6) * 5 + 0.4 + 3 + 1.5;
        assert.deepEqual(report.monthlyCost, { total: r4(total), currency: "USD", region: "us-east-1", note: NOTE, lines, orders, perMillionOrders: r4(total / 1314) });
        assert.equal(report.monthlyCost.total, 5683.6526);
        assert.deepEqual(report.scale, { resources: 52, alarms: 4, dashboardMetrics: 9, apiRolePolicyCharacters: 174, managementCalls: 70 });
    });

    it("sizes a consumer's drain: concurrency × batch ÷ time per batch, the backlog an hour, a burst's time, and what it costs", async function () {
        this.timeout(30000);
        const cleanup = temporaryStack("capacity-consumer", {
            "aws:region": "eu-west-1", "orders:queue": { visibilityTimeoutSeconds: 60 }, "orders:consumer": { timeoutSeconds: 10 },
            "orders:throttle": { rateLimit: 1000, burstLimit: 2000 },
        });
        let stack;
        try {
            stack = await sizedStack("capacity-consumer");
        } finally {
            cleanup();
        }
        const report = capacityReport("capacity-consumer", stack, options(1000));
        const [route] = report.routes;
        // 5 at once × 10 a batch ÷ 0.1 s = 500 a second; Lambda's 1,000 executions would allow 100,000.
        assert.deepEqual(route.limits.filter((l) => l.kind === "drain"), [
            { name: "consumer", perSecond: 500, source: "orders:consumer.maximumConcurrency 5 × orders:consumer.batchSize 10 ÷ 100 ms a batch", kind: "drain" },
            { name: "Lambda account concurrency", perSecond: 100000,
                source: "Lambda's 1,000 executions at once per account and region, shared by every function there", kind: "drain" },
        ]);
        assert.deepEqual([route.firstLimit, route.acceptedPerSecond, route.drainPerSecond, route.backlogPerHour, route.burstDrainSeconds],
            [{ name: "stage throttle", perSecond: 1000 }, 1000, 500, (1000 - 500) * 3600, 2000 / 500]);
        // Full batches of 10 at 500 processed a second: 50 invocations, each one receive (20 KB, one 64 KB chunk) and one delete.
        const logs = consumerLogBytes(256);
        const byItem = Object.fromEntries(report.monthlyCost.lines.map((l) => [l.item, l]));
        assert.deepEqual(byItem["SQS standard: consumers' receives"], line("SQS standard: consumers' receives", (50 * MONTH) / 1e6, "million requests", 0.4));
        assert.deepEqual(byItem["SQS standard: consumers' deletes"], line("SQS standard: consumers' deletes", (50 * MONTH) / 1e6, "million requests", 0.4));
        assert.equal(byItem["SQS standard: consumers' empty receives while idle"], undefined, "no idle polling while the queue is never empty");
        assert.deepEqual(byItem["Lambda requests"], line("Lambda requests", (50 * MONTH) / 1e6, "million requests", 0.2));
        assert.deepEqual(byItem["Lambda compute"], line("Lambda compute", 50 * 0.1 * (256 / 1024) * MONTH, "GB-seconds", 0.0000166667));
        assert.deepEqual(byItem["CloudWatch Logs: consumers' logs"],
            line("CloudWatch Logs: consumers' logs", ((50 * logs.perInvocation + 500 * logs.perMessage) * MONTH) / GIB, "GB ingested", 0.5));
        assert.deepEqual(logs, { perInvocation: 375, perMessage: 247 });
        // At 1 a second a poller takes one message at a time, and five pollers wait 20 s on an empty queue.
        const idle = capacityReport("capacity-consumer", stack, options(1)).monthlyCost.lines;
        assert.deepEqual(idle.find((l) => l.item === "SQS standard: consumers' empty receives while idle"),
            line("SQS standard: consumers' empty receives while idle", ((5 / 20) * Math.exp(-1 * 20 / 5) * MONTH) / 1e6, "million requests", 0.4));
        assert.deepEqual(idle.find((l) => l.item === "Lambda requests"), line("Lambda requests", MONTH / 1e6, "million requests", 0.2));
        assert.throws(() => checkAgainstStack(stack, 10001, 2048), new BadInput(["--consumer-ms 10001 is longer than the 10 s the consumer of "
            + "POST /orders may run: every batch would time out; give at most its timeout"]));
        assert.throws(() => checkAgainstStack(stack, 100, 262145), new BadInput(["--message-bytes 262145 is over the 262144 bytes the queue of "
            + "POST /orders takes: such orders are answered 413; give at most that, or raise its queue.maxMessageSize"]));
    });

    it("counts a queue's delay in the time an order waits: every order, and the last of a full burst with the consumer's drain", async function () {
        this.timeout(30000);
        const cleanup = temporaryStack("capacity-delay", {
            "aws:region": "eu-west-1", "orders:queue": { visibilityTimeoutSeconds: 60, delaySeconds: 90 }, "orders:consumer": { timeoutSeconds: 10 },
            "orders:throttle": { rateLimit: 1000, burstLimit: 2000 },
        });
        try {
            const stack = await sizedStack("capacity-delay");
            const [route] = capacityReport("capacity-delay", stack, options(1000)).routes;
            // The consumer drains 500 a second, so a burst of 2,000 takes 4 s after the 90 s every order waits.
            assert.deepEqual(route.wait, { delaySeconds: 90, burstSeconds: 94 });
            const { code, stdout } = await capacity("--stack", "capacity-delay");
            assert.equal(code, 0);
            assert.match(stdout, /\n {2}wait: every order waits 90 s \(the queue's delaySeconds\) before a worker may receive it; the last of a full burst, 94 s\n/);
            const [dev] = capacityReport("dev", await sizedStack("dev"), options(10)).routes;
            assert.equal(dev.wait, undefined);
        } finally {
            cleanup();
        }
    });

    it("takes a high-throughput FIFO queue's throughput from its region's tier, the lowest where AWS names no region", async function () {
        this.timeout(30000);
        const cleanup = temporaryStack("test-capacity-fifo", {
            "aws:region": "eu-west-1", "orders:queue": { fifo: true }, "orders:messageGroupId": { header: "Customer-Id" },
        });
        let stack;
        try {
            stack = await sizedStack("test-capacity-fifo");
        } finally {
            cleanup();
        }
        const queueLimit = (region: string) => capacityReport("test-capacity-fifo", { ...stack, region }, options(100)).routes[0].limits
            .find((l) => l.name === "FIFO queue, high throughput");
        assert.deepEqual(queueLimit("eu-west-1"), { name: "FIFO queue, high throughput", perSecond: 70000,
            source: "SQS: sends a second to a high-throughput FIFO queue in eu-west-1", kind: "request" });
        assert.deepEqual(["us-west-2", "us-east-2", "eu-central-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "eu-west-2", "sa-east-1",
            "ca-central-1", "ap-east-1"].map((region) => [region, queueLimit(region)!.perSecond]), [
            ["us-west-2", 70000], ["us-east-2", 19000], ["eu-central-1", 19000], ["ap-south-1", 9000], ["ap-southeast-1", 9000], ["ap-southeast-2", 9000],
            ["ap-northeast-1", 9000], ["eu-west-2", 4500], ["sa-east-1", 4500], ["ca-central-1", 2400], ["ap-east-1", 2400],
        ]);
    });

    it("prints one JSON object: stack, rps, routes with limits, first limit, drain and backlog, the month's cost and the scale", async () => {
        const { code, stdout, stderr } = await capacity("--stack", "dev", "--json");
        assert.deepEqual([code, stderr], [0, ""]);
        const report = JSON.parse(stdout);
        assert.deepEqual(Object.keys(report), ["stack", "region", "rps", "consumerMs", "messageBytes", "figures", "routes", "acceptedPerSecond", "monthlyCost", "scale"]);
        assert.deepEqual([report.stack, report.rps, report.consumerMs, report.messageBytes], ["dev", 10, 100, 2048]);
        assert.deepEqual(Object.keys(report.routes[0]),
            ["method", "path", "limits", "firstLimit", "acceptedPerSecond", "drainPerSecond", "backlogPerHour", "burstDrainSeconds"]);
        assert.deepEqual(Object.keys(report.routes[0].limits[0]), ["name", "perSecond", "source", "kind", "burst"]);
        assert.deepEqual(Object.keys(report.monthlyCost), ["total", "currency", "region", "note", "lines", "orders", "perMillionOrders"]);
        assert.deepEqual(Object.keys(report.monthlyCost.lines[0]), ["item", "quantity", "unit", "price", "cost"]);
        assert.deepEqual(Object.keys(report.scale), ["resources", "alarms", "dashboardMetrics", "apiRolePolicyCharacters", "managementCalls"]);
        assert.deepEqual(report, JSON.parse(JSON.stringify(capacityReport("dev", await sizedStack("dev"), options(10)))));
    });

    it("takes --rps for the rate: the first limit reached is what the route takes, and WAF bills every request it sees", async () => {
        const { code, stdout } = await capacity("--stack", "prod", "--rps", "800");
        assert.equal(code, 0);
        assert.ok(stdout.includes("  first limit: stage throttle at 500/s, reached: 500/s taken, the rest answered before the queue\n"), stdout);
        // 800 a second for 730 hours: 2,102.4 million requests; API Gateway bills the 1,314 million it lets through.
        assert.match(stdout, /\n {2}WAF requests +2,102\.4 million requests × \$0\.60 = \$1,261\.44, \$0\.96 a million orders\n/);
        assert.match(stdout, /\n {2}API Gateway REST requests, 1,000–20,000 M +314 million requests × \$2\.38 = \$747\.32, \$0\.57 a million orders\n/);
    });

    it("past the web ACL's limit per address, takes none: WAF blocks every request of the address, and bills each", async () => {
        // prod's rule lets one address 300,000 requests in 300 s: 1,000 a second; at 2,000 every request is blocked.
        const { code, stdout } = await capacity("--stack", "prod", "--rps", "2000");
        assert.equal(code, 0);
        assert.ok(stdout.includes("  first limit: web ACL rate rule, per address at 1,000/s, reached: every request of the address blocked while it sends "
            + "faster, none taken\n"), stdout);
        const report = capacityReport("prod", await sizedStack("prod"), options(2000));
        assert.deepEqual([report.routes[0].firstLimit, report.routes[0].acceptedPerSecond, report.acceptedPerSecond],
            [{ name: "web ACL rate rule, per address", perSecond: 1000 }, 0, 0]);
        const items = report.monthlyCost.lines.map((l) => l.item);
        assert.deepEqual(items, ["WAF requests", "WAF web ACL", "WAF rules", "CloudWatch alarms", "CloudWatch dashboard", "API Gateway detailed metrics"]);
        assert.deepEqual(report.monthlyCost.lines[0], line("WAF requests", (2000 * MONTH) / 1e6, "million requests", 0.6));
    });

    it("shares the account's quota and an address's count at the web ACL among the stage's routes: the stage takes at most the quota", async function () {
        this.timeout(30000);
        const cleanup = temporaryStack("test-capacity-shared", {
            "aws:region": "eu-west-1", "orders:routes": [{ path: "a" }, { path: "b" }, { path: "c" }, { path: "d" }],
            "orders:throttle": { rateLimit: 5000, burstLimit: 10000 }, "orders:webAcl": { create: true },
        });
        let stack;
        try {
            stack = await sizedStack("test-capacity-shared");
        } finally {
            cleanup();
        }
        // The web ACL's default: twice 4 routes × 5,000 a second over 300 s; a caller at 5,000 to each route sends 20,000 a second in all.
        assert.deepEqual(stack.webAcl!.rateRule, { limit: 2 * 4 * 5000 * 300, windowSeconds: 300 });
        const report = capacityReport("test-capacity-shared", stack, options(5000));
        assert.deepEqual(report.routes[0].limits.filter((l) => l.name !== "stage throttle" && l.name !== "message size"), [
            { name: "web ACL rate rule, per address", perSecond: 10000, kind: "block", shared: { perSecond: 40000, routes: 4 },
                source: "orders:webAcl.rateLimitPerIp 12000000 over WAF's 300-second window, every request of an address blocked while it is over; "
                    + "40,000/s shared by 4 routes" },
            { name: "account quota", perSecond: 2500, kind: "request", burst: 5000, shared: { perSecond: 10000, routes: 4 },
                source: "API Gateway's quota per account and region (eu-west-1), shared by every API there; AWS can raise it; 10,000/s shared by 4 routes" },
        ]);
        assert.deepEqual(report.routes.map((r) => [r.path, r.firstLimit.name, r.firstLimit.perSecond, r.acceptedPerSecond]),
            ["/a", "/b", "/c", "/d"].map((path) => [path, "account quota", 2500, 2500]));
        assert.equal(report.acceptedPerSecond, 10000);
        assert.ok(renderCapacity(report, stack).includes("\nthe stage takes 10,000/s in all, every route together\n"));
        // Past its share of the web ACL's count (10,000 a second to each route, 40,000 in all), the address is blocked on every route.
        const blocked = capacityReport("test-capacity-shared", stack, options(10001));
        assert.deepEqual([blocked.routes.map((r) => r.firstLimit.name), blocked.acceptedPerSecond],
            [["/a", "/b", "/c", "/d"].map(() => "web ACL rate rule, per address"), 0]);
    });

    it("exits 2 on bad input with one line naming the flag and what it takes", async () => {
        for (const [argv, message] of [
            [["--rps", "abc"], "--rps must be a number above 0, got \"abc\""],
            [["--rps", "0"], "--rps must be a number above 0, got \"0\""],
            [["--consumer-ms", "1.5"], "--consumer-ms must be an integer above 0, got \"1.5\""],
            [["--message-bytes", "2000000"], "--message-bytes must be an integer above 0 and at most 1048576, got \"2000000\""],
            [["--stack", "test-no-such-stack"], `no stack file Pulumi.test-no-such-stack.yaml; stacks: ${listStacks().join(", ")}`],
            [["--stack", "acme/payments/prod"], "acme/payments/prod is a stack of the project payments; this project is orders"],
            [["--bogus"], "unknown flag --bogus; the flags are --stack <name>, --rps <n>, --consumer-ms <n>, --message-bytes <n>, --json, --config-file <file> and --help"],
            [["--rsp", "5"], "unknown flag --rsp; did you mean --rps? the flags are --stack <name>, --rps <n>, --consumer-ms <n>, --message-bytes <n>, --json, --config-file <file> and --help"],
        ] as const) {
            assert.deepEqual(await capacity(...argv), { code: 2, stdout: "", stderr: `${message}\n` }, argv.join(" "));
        }
        const help = await capacity("--help");
        assert.equal(help.code, 0);
        assert.ok(help.stdout.startsWith("usage: npm run capacity -- [--stack <name>] [--rps <n>] [--consumer-ms <n>] [--message-bytes <n>] [--json] [--config-file <file>]\n"));
    });
});
