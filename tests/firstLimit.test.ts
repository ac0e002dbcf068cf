// Defaults that carry the traffic they advertise: in every shipped stack, the first limit a caller
// meets on every route is the stage's or its client's throttling (429, retryable), never the web
// ACL or another accident; the web ACL's rule is kept well above the stage's rate over its window and
// answers 429 with Retry-After, while the managed rules' blocks stay 403.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { RATE_LIMITED_BODY, RATE_RULE_HEADROOM } from "../components/rateRule";
import { routeCapacity } from "../scripts/capacity/limits";
import { listStacks, PROJECT_ROOT, SHIPPED_STACKS } from "../offline/stacks";
import { sizedStack } from "./support/capacity";

const SHIPPED = SHIPPED_STACKS;

describe("the first limit a caller meets", () => {
    it("is the stage's or the client's throttling on every route of every shipped stack at the stage's rate; far above it, the web ACL's block", async function () {
        this.timeout(30000);
        // The shipped stacks are all there; a project's own stacks beside them are not this test's.
        assert.deepEqual(SHIPPED.filter((stack) => !listStacks().includes(stack)), []);
        const firsts: string[] = [];
        for (const name of SHIPPED) {
            const stack = await sizedStack(name);
            for (const route of stack.routes) {
                for (const rps of [route.throttle!.rateLimit, 100 * route.throttle!.rateLimit]) {
                    const capacity = routeCapacity(stack, route, { rps, consumerMs: 100, messageBytes: 2048, project: "orders" });
                    if (rps === route.throttle!.rateLimit) {
                        assert.match(capacity.firstLimit.name, /^(stage throttle|usage plan of .+)$/, `${name} ${route.method} ${route.path} at ${rps}/s`);
                    }
                    firsts.push(`${name} ${route.method} ${route.path} at ${rps}/s: ${capacity.firstLimit.name} ${capacity.firstLimit.perSecond}, `
                        + `${capacity.acceptedPerSecond} taken`);
                }
            }
        }
        assert.deepEqual(firsts, [
            "conformance POST /orders at 20/s: stage throttle 20, 20 taken", "conformance POST /orders at 2000/s: stage throttle 20, 20 taken",
            "conformance POST /orders/batches at 20/s: stage throttle 20, 20 taken", "conformance POST /orders/batches at 2000/s: stage throttle 20, 20 taken",
            "conformance POST /intake at 20/s: stage throttle 20, 20 taken", "conformance POST /intake at 2000/s: stage throttle 20, 20 taken",
            "conformance POST /signed at 20/s: stage throttle 20, 20 taken", "conformance POST /signed at 2000/s: stage throttle 20, 20 taken",
            "conformance POST /stores/{storeId}/orders at 20/s: stage throttle 20, 20 taken",
            "conformance POST /stores/{storeId}/orders at 2000/s: stage throttle 20, 20 taken",
            "conformance POST /webhooks at 20/s: stage throttle 20, 20 taken", "conformance POST /webhooks at 2000/s: stage throttle 20, 20 taken",
            "dev POST /orders at 10/s: stage throttle 10, 10 taken", "dev POST /orders at 1000/s: stage throttle 10, 10 taken",
            // WAF blocks every request of an address while it sends more than the rule's 300,000 in 300 s: not a cap, a block.
            "prod POST /orders at 500/s: stage throttle 500, 500 taken", "prod POST /orders at 50000/s: web ACL rate rule, per address 1000, 0 taken",
        ]);
    });

    it("in prod, a signed caller reaches the stage's 500 a second: the planned rule allows one address twice that over its window", async () => {
        const stack = await sizedStack("prod");
        const acl = stack.resources.find((r) => r.type === "aws:wafv2/webAcl:WebAcl")!.inputs;
        const rule = acl.rules.find((r: { name: string }) => r.name === "rate-per-ip");
        const stageRate = stack.routes[0].throttle!.rateLimit;
        assert.deepEqual([stack.routes[0].authorization, stageRate], ["AWS_IAM", 500]);
        assert.deepEqual(rule.statement.rateBasedStatement, { limit: 300000, aggregateKeyType: "IP", evaluationWindowSec: 300 });
        assert.ok(rule.statement.rateBasedStatement.limit >= RATE_RULE_HEADROOM * stageRate * rule.statement.rateBasedStatement.evaluationWindowSec);
        // WAF's largest limit is 2,000,000,000: the rule stays within it up to a stage rate of 3,333,333 a second.
        assert.ok(rule.statement.rateBasedStatement.limit <= 2_000_000_000);
        assert.deepEqual(rule.action, { block: { customResponse: {
            responseCode: 429, customResponseBodyKey: "rate-limited", responseHeaders: [{ name: "Retry-After", value: "60" }],
        } } });
        assert.deepEqual(acl.customResponseBodies, [{ key: "rate-limited", contentType: "APPLICATION_JSON", content: RATE_LIMITED_BODY }]);
        assert.deepEqual(JSON.parse(RATE_LIMITED_BODY), {
            error: "IP_RATE_LIMITED", message: "Too many requests from this address. Retry after 60 seconds.", requestId: null,
        });
        // The managed rule groups' blocks are WAF's own, answered by the API's WAF_FILTERED gateway response.
        assert.deepEqual(acl.rules.filter((r: { overrideAction?: unknown }) => r.overrideAction).map((r: { name: string }) => r.name),
            ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]);
    });

    it("is answered as the README's status table says: the rate rule's 429 is retried, WAF_FILTERED's 403 is not", () => {
        const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
        const row = (status: string) => readme.split("\n").find((l) => l.startsWith(`| ${status} |`)) ?? "";
        assert.match(row("429"), /`THROTTLED`, `QUOTA_EXCEEDED`, `IP_RATE_LIMITED` \| retry with backoff, after `Retry-After` when it is given/);
        assert.match(row("403"), /`WAF_FILTERED`/);
        assert.match(row("403"), /\| do not retry: check URL, credentials and key \|$/);
    });
});
