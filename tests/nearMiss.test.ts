// The "did you mean …?" of config keys, policy names and command flags: which known name a slip was
// meant to be, and when a word is too far from every name to guess.
import assert from "node:assert/strict";

import { editDistance, nearest } from "../components/nearMiss";

describe("near misses", () => {
    it("counts an insertion, a deletion, a replacement and a swap of neighbours as one edit each", () => {
        assert.equal(editDistance("throtle", "throttle"), 1);
        assert.equal(editDistance("stacks", "stack"), 1);
        assert.equal(editDistance("tracing", "tracong"), 1);
        assert.equal(editDistance("prot", "port"), 1);
        assert.equal(editDistance("", "port"), 4);
        assert.equal(editDistance("stageName", "stageName"), 0);
        assert.equal(editDistance("rps", "throttle"), 7);
    });

    it("is the same both ways", () => {
        for (const [a, b] of [["webacl", "webAcl"], ["protectQueue", "protectQueues"], ["orders", "ordres"], ["dry-run", "dryrun"]]) {
            assert.equal(editDistance(a, b), editDistance(b, a), `${a} ${b}`);
        }
    });

    it("names the nearest candidate within two edits, ignoring case", () => {
        assert.equal(nearest("throtle", ["path", "throttle", "tracing"]), "throttle");
        assert.equal(nearest("prot", ["stack", "port", "json"]), "port");
        assert.equal(nearest("webacl", ["webAcl", "domain"]), "webAcl");
        assert.equal(nearest("stacks", ["stack", "all"]), "stack");
    });

    it("guesses nothing for a word far from every candidate, or too short to tell", () => {
        assert.equal(nearest("rps", ["path", "throttle", "tracing"]), undefined);
        assert.equal(nearest("s", ["stack", "all", "json"]), undefined);
        assert.equal(nearest("ab", ["all", "json"]), undefined);
        assert.equal(nearest("anything", []), undefined);
    });

    it("takes a wider reach when asked, for long names", () => {
        assert.equal(nearest("api-role-sendmsg-only", ["api-role-sendmessage-only"]), undefined);
        assert.equal(nearest("api-role-sendmsg-only", ["api-role-sendmessage-only"], 5), "api-role-sendmessage-only");
    });
});
