// npm run demo's run, small and fast: a burst above the stage's limits, throttled clients that
// retry, a slower worker, and every accepted order processed exactly once.
import assert from "node:assert/strict";

import { chartOf, runDemo } from "../../scripts/demo";
import { svgChart } from "../../local/chart";

describe("the load-levelling demo", function () {
    it("absorbs a burst above the stage's limits in the queue, and every order is processed once", async () => {
        const options = { stack: "dev", orders: 40, arrivalRate: 40, workerRate: 15, step: 0.5, timeout: 30 };
        const result = await runDemo(options);
        assert.equal(result.accepted, 40);
        assert.equal(result.processed, 40);
        assert.equal(result.everyOrderProcessedOnce, true);
        assert.ok(result.throttledAnswers > 0, "a burst of 40 at 40/s is above dev's 10/s with bursts of 20");
        assert.ok(result.peakDepth > 0);
        assert.deepEqual(result.limits, { rateLimit: 10, burstLimit: 20 });
        assert.equal(result.series.arrivals.reduce((a, b) => a + b, 0), 40);
        assert.equal(result.series.processed.reduce((a, b) => a + b, 0), 40);
        assert.equal(result.series.throttled.reduce((a, b) => a + b, 0), result.throttledAnswers);
        assert.equal(result.series.depth.at(-1), 0);
        assert.match(svgChart(chartOf(result, options)), /40 of 40 accepted orders processed, each once/);
    });
});
