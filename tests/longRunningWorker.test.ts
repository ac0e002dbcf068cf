// The long-running worker when SQS cannot be reached, on a controlled clock: a failed receive is
// reported as a receive error (never as an order that failed) and retried after a growing wait with
// jitter, bounded; a receive that works again starts the waits afresh; and the worker stops with
// one line per missing or wrong setting before it polls at all.
import assert from "node:assert/strict";

import { SQSClient } from "@aws-sdk/client-sqs";

import { InMemoryStore } from "../workers/idempotency";
import { backoffDelay } from "../workers/longRunning/backoff";
import { RunningWorker, startWorker, workerSettings } from "../workers/longRunning";

/** An SQS client whose receives answer, in turn, each of `answers` (an Error is thrown), then fail for good. */
function scriptedSqs(answers: readonly (Error | object)[]): SQSClient & { receives: number } {
    const client = {
        receives: 0,
        async send() {
            const answer = answers[client.receives] ?? new Error("connect ECONNREFUSED 127.0.0.1:4566");
            client.receives += 1;
            if (answer instanceof Error) {
                throw answer;
            }
            return answer;
        },
    };
    return client as unknown as SQSClient & { receives: number };
}

/**
 * Runs a worker against `sqs` on a controlled clock: each wait is recorded and ends at once, and the
 * worker is stopped at the `waits`-th wait. Returns the waits and what was reported.
 */
async function runUntil(sqs: SQSClient, waits: number, random = () => 1) {
    const slept: number[] = [];
    const receiveErrors: [string, number][] = [];
    const orderErrors: string[] = [];
    let worker: RunningWorker | undefined;
    let stopped: Promise<void> | undefined;
    const done = new Promise<void>((resolve) => {
        worker = startWorker({
            queueUrl: "http://127.0.0.1:4566/123456789012/orders-queue",
            sqs,
            store: new InMemoryStore(),
            process: async () => assert.fail("no order to process"),
            waitTimeSeconds: 1,
            visibilityTimeoutSeconds: 1,
            random,
            onError: (error) => orderErrors.push(error.message),
            onReceiveError: (error, retryInMs) => receiveErrors.push([error.message, retryInMs]),
            sleep: async (ms) => {
                slept.push(ms);
                if (slept.length === waits) {
                    stopped = worker!.stop().then(resolve);
                }
            },
        });
    });
    await done;
    await stopped;
    return { slept, receiveErrors, orderErrors };
}

describe("the long-running worker when receives fail", () => {
    it("waits twice as long after each failed receive in a row, from 1 s up to 30 s, reporting each as a receive error", async () => {
        const sqs = scriptedSqs([]);
        const { slept, receiveErrors, orderErrors } = await runUntil(sqs, 8);
        assert.deepEqual(slept, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        assert.deepEqual(receiveErrors.map(([, wait]) => wait), slept);
        assert.match(receiveErrors[0][0], /^SQS receive message failed: connect ECONNREFUSED 127\.0\.0\.1:4566$/);
        assert.deepEqual(orderErrors, []);
        // One receive before the first wait, one after each but the last, at which the worker stopped.
        assert.equal(sqs.receives, 8);
    });

    it("draws each wait between its half and its whole", async () => {
        assert.deepEqual((await runUntil(scriptedSqs([]), 3, () => 0)).slept, [500, 1000, 2000]);
        assert.deepEqual([1, 2, 5, 6, 40].map((failures) => backoffDelay(failures, { baseMs: 1000, capMs: 30_000 }, () => 0.5)),
            [750, 1500, 12000, 22500, 22500]);
    });

    it("starts the waits afresh once a receive works", async () => {
        const failure = new Error("socket hang up");
        const { slept } = await runUntil(scriptedSqs([failure, failure, { Messages: [] }, failure]), 4);
        assert.deepEqual(slept, [1000, 2000, 1000, 2000]);
    });
});

describe("the long-running worker's settings", () => {
    it("stops before it polls, with a line for each setting missing or wrong", () => {
        assert.deepEqual(workerSettings({ VISIBILITY_TIMEOUT_SECONDS: "1m", WAIT_TIME_SECONDS: "0" }), [
            "QUEUE_URL is not set: give the queue to drain, the stack's output queueUrl (or one of queueUrls; npm run local prints the local API's)",
            "AWS_REGION is not set: give the queue's region, such as eu-west-1 (the queue URL names none)",
            "VISIBILITY_TIMEOUT_SECONDS must be the queue's visibility timeout, an integer from 0 to 43200, got \"1m\"",
            "WAIT_TIME_SECONDS must be the long poll's wait, an integer from 1 to 20, got \"0\"",
        ]);
        assert.deepEqual(workerSettings({ QUEUE_URL: "http://127.0.0.1:4566/123456789012/orders-queue" }), [
            "AWS_REGION is not set: give the queue's region, such as eu-west-1 (the queue URL names none)",
        ]);
    });

    it("takes the region from AWS_REGION, AWS_DEFAULT_REGION or an SQS queue URL, and 30 s and 20 s for the visibility timeout and the long poll", () => {
        const local = "http://127.0.0.1:4566/123456789012/orders-queue";
        assert.deepEqual(workerSettings({ QUEUE_URL: local, AWS_REGION: "eu-west-1" }),
            { queueUrl: local, region: "eu-west-1", visibilityTimeoutSeconds: 30, waitTimeSeconds: 20 });
        assert.deepEqual(workerSettings({ QUEUE_URL: local, AWS_DEFAULT_REGION: "us-east-2", VISIBILITY_TIMEOUT_SECONDS: "60", WAIT_TIME_SECONDS: "1" }),
            { queueUrl: local, region: "us-east-2", visibilityTimeoutSeconds: 60, waitTimeSeconds: 1 });
        const aws = "https://sqs.ap-southeast-2.amazonaws.com/123456789012/orders-queue";
        assert.deepEqual(workerSettings({ QUEUE_URL: aws }), { queueUrl: aws, region: "ap-southeast-2", visibilityTimeoutSeconds: 30, waitTimeSeconds: 20 });
    });
});
