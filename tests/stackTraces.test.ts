// What the tests' stack traces hold (tests/support/stackTraces.ts): an error of the project's code
// points at its TypeScript line, while the Pulumi SDK's own bookkeeping stacks, which nothing on
// the mocked runtime reads, are neither taken nor formatted.
import assert from "node:assert/strict";
import * as fs from "node:fs";

import * as pulumi from "@pulumi/pulumi";

// Internal to the SDK: the tracker every promise of a registration goes through.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(promise: Promise<T>, context: string) => Promise<T> };

/** The line of this file that holds `marker`. */
const lineOf = (marker: string) => fs.readFileSync(__filename, "utf8").split("\n").findIndex((line) => line.includes(marker)) + 1;

describe("the tests' stack traces", () => {
    it("point an error with a message at its TypeScript line", () => {
        const error = new Error("a failed check"); // the line
        assert.match(error.stack!.split("\n")[1], new RegExp(`tests/stackTraces\\.test\\.ts:${lineOf("// the line")}:`));
    });

    it("keep the frames of a message-less error of the project's code", () => {
        const stack = new Error().stack!.split("\n");
        assert.equal(stack[0], "Error");
        assert.match(stack[1], /^ {4}at .*stackTraces\.test\.ts:\d+:\d+\)?$/);
    });

    it("take no stack for a promise the SDK tracks", () => {
        const tracked = Promise.resolve(1) as Promise<number> & { _debugStackTrace?: string; _debugCtx?: string };
        void debuggable.debuggablePromise(tracked, "a registration");
        assert.deepEqual([tracked._debugCtx, tracked._debugStackTrace], ["a registration", "Error"]);
    });

    it("leave the SDK's source positions unformatted", () => {
        // Private to the SDK: what a resource sends the engine as its source position.
        const { callsites } = pulumi.Resource as unknown as { callsites: () => unknown[] };
        assert.deepEqual(callsites(), []);
    });
});
