// docs/cost-and-capacity.md holds no figure written by hand: its reports are npm run capacity's
// output, and its tables follow from components/aws-figures.json and the package's own rules.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { AWS_FIGURES, pricesFor } from "../components/awsFigures";
import { perIpLimits } from "../components/rateRule";
import { PROJECT_ROOT } from "../offline/stacks";
import { capacity } from "./support/capacity";
import { withFiles } from "./support/plan";

const DOC = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "cost-and-capacity.md"), "utf8");
const { prices } = pricesFor("us-east-1");
const MONTH = AWS_FIGURES.prices.hoursPerMonth * 3600;
const money = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const count = (n: number) => n.toLocaleString("en-US");

/** The table of the doc whose header row starts with `header`, as rows of cells. */
function table(header: string): string[][] {
    const lines = DOC.split("\n");
    const start = lines.findIndex((l) => l.startsWith(`| ${header}`));
    assert.ok(start >= 0, `no table starting with ${header}`);
    const rows: string[][] = [];
    for (let i = start + 2; i < lines.length && lines[i].startsWith("|"); i++) {
        rows.push(lines[i].split("|").slice(1, -1).map((cell) => cell.trim()));
    }
    return rows;
}

/** REST or HTTP API requests priced by their tiers, as API Gateway bills a month of `millions`. */
function tiered(millions: number, tiers: readonly { upToMillions?: number; price: number }[]): number {
    let from = 0;
    let cost = 0;
    for (const tier of tiers) {
        const upTo = tier.upToMillions ?? Number.POSITIVE_INFINITY;
        cost += Math.max(0, Math.min(millions, upTo) - from) * tier.price;
        from = upTo;
    }
    return cost;
}

describe("docs/cost-and-capacity.md", () => {
    it("shows npm run capacity's own output for dev, prod and the 1 MiB example", async function () {
        this.timeout(30000);
        const blocks = [...DOC.matchAll(/<!-- capacity (.+?) -->\n```text\n([\s\S]*?)```/g)];
        assert.deepEqual(blocks.map((b) => b[1]), ["--stack dev", "--stack prod", "--stack capacity-example --message-bytes 1048576"]);
        // The example stack is the doc's config block just before its report.
        const example = /```yaml\n(config:[\s\S]*?)```\n\n<!-- capacity --stack capacity-example/.exec(DOC);
        assert.ok(example);
        await withFiles({ "Pulumi.capacity-example.yaml": example[1] }, async () => {
            for (const [, args, shown] of blocks) {
                const { code, stdout } = await capacity(...args.split(" "));
                assert.equal(code, 0, args);
                assert.equal(shown, stdout, args);
            }
        });
    });

    it("prices X-Ray's default sampling at low traffic from the data file", () => {
        const { defaultReservoirPerSecond: reservoir, defaultRate: rate, perMillionTraces } = prices.xRay;
        assert.deepEqual(table("orders a second | traces a second"), [1, 10, 100, 500].map((ordersPerSecond) => {
            const traces = Math.min(ordersPerSecond, reservoir) + rate * Math.max(0, ordersPerSecond - reservoir);
            const month = ((traces * MONTH) / 1e6) * perMillionTraces;
            return [String(ordersPerSecond), String(Number(traces.toFixed(2))), money(month), money(month / ((ordersPerSecond * MONTH) / 1e6))];
        }));
    });

    it("compares a REST API with an HTTP API at prod's month by their tiers", () => {
        const millions = (500 * MONTH) / 1e6;
        const rest = tiered(millions, prices.apiGateway.restPerMillion);
        const http = tiered(millions, prices.apiGateway.httpPerMillion);
        assert.deepEqual([rest, http].map(money), ["$3,780.42", "$1,212.60"]);
        assert.ok(DOC.includes(`the difference is ${money(rest)} against ${money(http)} (300 million at $1.00 and ${count(millions - 300)}\nmillion at $0.90): `
            + `${money(rest - http)} a month, about ${money((rest - http) / millions)} a million orders`));
    });

    it("asks AWS for the quotas that 1,000, 10,000 and 50,000 orders a second need, by the data file and the package's rules", () => {
        const quotas = AWS_FIGURES.quotas;
        const rows = Object.fromEntries(table("what (default)").map(([what, ...cells]) => [what, cells]));
        const rates = [1000, 10000, 50000];
        assert.equal(quotas.apiGatewayAccount.ratePerSecond, 10000);
        assert.equal(quotas.apiGatewayAccount.lowerQuotaRegions.length, 13);
        assert.deepEqual(rows["setting: `webAcl.rateLimitPerIp` (60,000; WAF takes up to 2,000,000,000)"], rates.map((r) => count(perIpLimits(r).advised)));
        assert.ok(rates.every((r) => perIpLimits(r).advised <= quotas.waf.rateLimitMax));
        // Batches of 10 in 0.1 s: orders a second × 0.1 ÷ 10 executions at once.
        assert.deepEqual(rows["setting: `consumer.maximumConcurrency` (5; 2 to 1,000)"], rates.map((r) => count((r * 0.1) / 10)));
        assert.deepEqual(rows["Lambda executions at once, account and region (1,000)"].slice(0, 2), rates.slice(0, 2).map((r) => count((r * 0.1) / 10)));
        assert.deepEqual(rows["SQS FIFO, 300 sends a second per message group (not raised)"],
            rates.map((r) => `${count(Math.ceil(r / quotas.sqs.fifoPerMessageGroupPerSecond))} groups at least`));
        assert.equal(quotas.sqs.fifoHighThroughputPerSecond["eu-west-1"], 70000);
        assert.deepEqual(rows["setting: `throttle.rateLimit` (100; up to 1,000,000)"], rates.map(count));
    });

    it("is linked from the README", () => {
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        assert.ok(readme.includes("[cost and capacity](docs/cost-and-capacity.md)"));
    });
});
