// npm run plan warns, without refusing anything, about what a stack's capacity runs into: a stage or
// client rate above the account's quota in its region (shared by every API there), a FIFO route whose
// group is a constant, and a web ACL limit per address with little room above the stage's rate.
import assert from "node:assert/strict";

import { capacityWarnings } from "../scripts/capacity/warnings";
import { sizedStack } from "./support/capacity";
import { plan, temporaryStack } from "./support/plan";

describe("capacity warnings in the plan", () => {
    it("are none for the shipped stacks", async () => {
        for (const name of ["conformance", "dev", "prod"]) {
            const stack = await sizedStack(name);
            assert.deepEqual(capacityWarnings(stack.resources, stack.region, "orders"), [], name);
        }
    });

    it("add up the stage's methods and the clients against the account's quota, and hold the web ACL's limit to every route", async function () {
        this.timeout(30000);
        const cleanup = temporaryStack("test-capacity-warnings-sums", {
            "aws:region": "eu-west-1",
            "orders:routes": [{ path: "a" }, { path: "b" }, { path: "c" }, { path: "d" }],
            "orders:throttle": { rateLimit: 3000, burstLimit: 3000 },
            // Twice 4 methods × 3,000 a second over 300 s would be 7,200,000.
            "orders:webAcl": { create: true, rateLimitPerIp: 5000000 },
            "orders:apiKeys": { clients: [{ name: "shop", throttle: { rateLimit: 6000, burstLimit: 6000 } }, { name: "app", throttle: { rateLimit: 6000, burstLimit: 6000 } }] },
        });
        let planned;
        try {
            planned = await plan("--stack", "test-capacity-warnings-sums", "--json");
        } finally {
            cleanup();
        }
        assert.equal(planned.code, 0, planned.stderr);
        assert.deepEqual(JSON.parse(planned.stdout).stacks[0].warnings, [
            "orders:throttle.rateLimit 3,000 requests a second on each of the stage's 4 methods, 12,000 in all, is above 10,000, API Gateway's quota "
                + "for the whole account in eu-west-1, shared by every API there: ask AWS to raise it (Service Quotas, API Gateway) before relying on it",
            "orders:throttle.burstLimit 3,000 on each of the stage's 4 methods, 12,000 in all, is above the burst of 5,000 of API Gateway's quota "
                + "for the whole account in eu-west-1, shared by every API there; AWS sets that burst from the rate quota",
            "orders:apiKeys.clients shop, app: their throttles' 12,000 requests a second in all is above 10,000, API Gateway's quota for the whole "
                + "account in eu-west-1, shared by every API there: ask AWS to raise it before relying on it",
            "orders:webAcl.rateLimitPerIp 5,000,000 is less than 2 times what one caller may send at the stage's rate on every one of its 4 methods "
                + "over WAF's window (3,600,000): WAF counts approximately and blocks every request of an address while it is over; 7,200,000 is advised",
        ]);
    });

    it("name a rate and burst above the region's quota, a constant FIFO group and a tight web ACL limit, and refuse nothing", async function () {
        this.timeout(30000);
        const cleanup = temporaryStack("test-capacity-warnings", {
            "aws:region": "af-south-1", // one of the regions where the account's quota is 2,500 a second
            "orders:queue": { fifo: true },
            "orders:messageGroupId": { value: "orders" },
            "orders:throttle": { rateLimit: 3000, burstLimit: 6000 },
            "orders:webAcl": { create: true, rateLimitPerIp: 1000000 },
            "orders:apiKeys": { clients: [{ name: "bulk", throttle: { rateLimit: 4000, burstLimit: 4000 } }] },
        });
        let planned;
        let json;
        try {
            planned = await plan("--stack", "test-capacity-warnings");
            json = await plan("--stack", "test-capacity-warnings", "--json");
        } finally {
            cleanup();
        }
        assert.equal(planned.code, 0);
        const warnings = [
            "orders:throttle.rateLimit 3,000 requests a second is above 2,500, API Gateway's quota for the whole account in af-south-1, "
                + "shared by every API there: ask AWS to raise it (Service Quotas, API Gateway) before relying on it",
            "orders:throttle.burstLimit 6,000 is above the burst of 1,250 of API Gateway's quota for the whole account in af-south-1, "
                + "shared by every API there; AWS sets that burst from the rate quota",
            "orders:apiKeys.clients bulk: its throttle's 4,000 requests a second is above 2,500, API Gateway's quota for the whole account "
                + "in af-south-1, shared by every API there: ask AWS to raise it before relying on it",
            "POST /orders: its FIFO queue's message group is the constant \"orders\", one group for every order: SQS takes at most 300 sends "
                + "a second to a group, so the route takes at most 300 orders a second whatever the stage allows (its throttle is 3,000)",
            "orders:webAcl.rateLimitPerIp 1,000,000 is less than 2 times what one caller may send at the stage's rate over WAF's window "
                + "(900,000): WAF counts approximately and blocks every request of an address while it is over; 1,800,000 is advised",
        ];
        assert.ok(planned.stdout.includes(`\nCapacity warnings (5)\n${warnings.map((w) => `  warn  ${w}\n`).join("")}\nResources (`), planned.stdout);
        assert.deepEqual(JSON.parse(json.stdout).stacks[0].warnings, warnings);
    });
});
