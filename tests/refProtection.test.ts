// What protects the refs the environments let deploy: main's required reviews and code owners, the
// version tags' ruleset, read from GitHub's answers.
import assert from "node:assert/strict";

import { branchFindings, refMatches, tagFindings, tagLeftOut } from "../scripts/refProtection";

/** `GET /repos/{repo}/rules/branches/main` for a ruleset that requires a reviewed pull request. */
const reviewed = (parameters: Record<string, unknown> = {}) => [
    { type: "deletion", ruleset_id: 1 },
    { type: "pull_request", ruleset_id: 1, parameters: { required_approving_review_count: 1, require_code_owner_review: true, ...parameters } },
];
const noCodeownersErrors = { errors: [] };
const FIX = "Include every version tag (refs/tags/v* or ~ALL) and exclude none (Settings → Rules → Rulesets)";

/** A tag ruleset as `GET /repos/{repo}/rulesets/{id}` answers it. */
const tagRuleset = (changes: Record<string, unknown> = {}) => ({
    id: 7, name: "releases", target: "tag", enforcement: "active",
    conditions: { ref_name: { include: ["refs/tags/v*"], exclude: [] } },
    rules: [{ type: "creation" }, { type: "update" }, { type: "deletion" }],
    ...changes,
});

describe("protection of the refs that may deploy", () => {
    describe("main", () => {
        it("accepts a ruleset that requires an approving review and the code owners', with a CODEOWNERS file GitHub reads", () => {
            assert.deepEqual(branchFindings("main", reviewed(), { protected: false }, noCodeownersErrors), { errors: [], warnings: [] });
            // Of several rulesets, the strictest applies.
            assert.deepEqual(branchFindings("main", [...reviewed({ required_approving_review_count: 0, require_code_owner_review: false }), ...reviewed()],
                undefined, noCodeownersErrors), { errors: [], warnings: [] });
        });

        it("refuses a main that nothing protects, since only main may deploy", () => {
            assert.deepEqual(branchFindings("main", [{ type: "deletion" }], { protected: false }, noCodeownersErrors).errors, [
                "nothing requires a reviewed pull request before code reaches main, which alone may deploy: add a ruleset for main that requires "
                + "a pull request with at least one approval and review from Code Owners (Settings → Rules → Rulesets)",
            ]);
        });

        it("refuses a ruleset without an approval or without the code owners' review", () => {
            assert.deepEqual(branchFindings("main", reviewed({ required_approving_review_count: 0, require_code_owner_review: false }), undefined, noCodeownersErrors).errors, [
                "a pull request to main can be merged without an approving review: set \"Required approvals\" to 1 or more in its ruleset (Settings → Rules → Rulesets)",
                "changes to policy/, scripts/, .github/, package.json and the lockfiles can reach main without their code owners' review: "
                + "turn on \"Require review from Code Owners\" in its ruleset (Settings → Rules → Rulesets)",
            ]);
        });

        it("says that classic branch protection's reviews are not checked, since the job's token cannot read them", () => {
            assert.deepEqual(branchFindings("main", [], { protected: true }, noCodeownersErrors), {
                errors: [],
                warnings: ["main has branch protection, whose review settings this job's token cannot read, so they are not checked: make sure it "
                    + "requires an approving review and the code owners' review, or replace it by a ruleset for main that requires a pull request with "
                    + "at least one approval and review from Code Owners (Settings → Rules → Rulesets), which this check reads"],
            });
        });

        it("refuses a main without CODEOWNERS, or with a line GitHub ignores, such as an owner it does not know", () => {
            assert.deepEqual(branchFindings("main", reviewed(), undefined, undefined).errors,
                ["main has no CODEOWNERS file, so no change needs its code owners' review: keep .github/CODEOWNERS (docs/ci-cd.md)"]);
            const unknown = { errors: [{ line: 5, column: 11, kind: "Unknown owner", source: "/policy/   @your-org/orders-maintainers\n", path: ".github/CODEOWNERS" }] };
            assert.deepEqual(branchFindings("main", reviewed(), undefined, unknown).errors, [
                ".github/CODEOWNERS line 5: Unknown owner (/policy/   @your-org/orders-maintainers): GitHub ignores that line, so its paths need no "
                + "owner's review; name a team or user with write access (docs/ci-cd.md)",
            ]);
        });
    });

    describe("version tags", () => {
        it("match a ruleset's ref_name patterns as GitHub does: ~ALL, * within a segment, ** across, excludes last", () => {
            const tag = "refs/tags/v1.2.3";
            assert.equal(refMatches({ include: ["~ALL"] }, tag), true);
            assert.equal(refMatches({ include: ["refs/tags/v*"] }, tag), true);
            assert.equal(refMatches({ include: ["refs/tags/v*.*.*"] }, tag), true);
            assert.equal(refMatches({ include: ["refs/tags/*"] }, "refs/tags/release/v1"), false);
            assert.equal(refMatches({ include: ["refs/tags/**"] }, "refs/tags/release/v1"), true);
            assert.equal(refMatches({ include: ["refs/tags/v*"], exclude: ["refs/tags/v1.*"] }, tag), false);
            assert.equal(refMatches({ include: ["refs/heads/v*"] }, tag), false);
            assert.equal(refMatches({ include: ["refs/tags/v?.2.3"] }, tag), true);
            assert.equal(refMatches({ include: ["refs/tags/v1.2.3?"] }, tag), false);
            assert.equal(refMatches({ include: ["refs/tags/v1+2.3"] }, "refs/tags/v11.2.3"), false, "other characters are themselves");
            assert.equal(refMatches(undefined, tag), false);
        });

        it("accept an active ruleset that restricts creating, moving and deleting them", () => {
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset()]), { errors: [], warnings: [] });
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ conditions: { ref_name: { include: ["~ALL"] } } })]), { errors: [], warnings: [] });
        });

        it("refuse tags that no active ruleset restricts: anyone with write access could start a release", () => {
            const none = ["no active ruleset restricts the tags v*.*.*, so anyone with write access can start a release: add a tag ruleset for "
                + "refs/tags/v*.*.* with \"Restrict creations\", \"Restrict updates\" and \"Restrict deletions\", and the release managers as its "
                + "only bypass actors (Settings → Rules → Rulesets)"];
            assert.deepEqual(tagFindings("v*.*.*", []).errors, none);
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ enforcement: "evaluate" })]).errors, none);
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ conditions: { ref_name: { include: ["refs/tags/release-*"] } } })]).errors, none);
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ target: "branch" })]).errors, none);
        });

        it("accept includes that take every version tag, and excludes that take none", () => {
            for (const ref_name of [{ include: ["refs/tags/v*.*.*"] }, { include: ["refs/tags/**"] }, { include: ["refs/tags/*"] },
                { include: ["refs/tags/v0*", "refs/tags/v*"] }, { include: ["~ALL"], exclude: ["refs/tags/w*", "refs/tags/v*/x", "refs/heads/**"] }]) {
                assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ conditions: { ref_name } })]), { errors: [], warnings: [] }, JSON.stringify(ref_name));
            }
        });

        it("refuse a ruleset that leaves some version tags out, naming one it leaves out", () => {
            const partly = (ref_name: Record<string, unknown>) => tagFindings("v*.*.*", [tagRuleset({ conditions: { ref_name } })]).errors;
            assert.deepEqual(partly({ include: ["~ALL"], exclude: ["refs/tags/v9*"] }), ["the ruleset releases restricts only some of the tags v*.*.* (it "
                + "includes [\"~ALL\"] and excludes [\"refs/tags/v9*\"]): refs/tags/v9.9.9 is left out, so anyone with write access can push it and start "
                + `a release. ${FIX}`]);
            assert.deepEqual(partly({ include: ["refs/tags/v0.*"] }), ["the ruleset releases restricts only some of the tags v*.*.* (it includes "
                + `["refs/tags/v0.*"]): refs/tags/v1.0.0 is left out, so anyone with write access can push it and start a release. ${FIX}`]);
            assert.deepEqual(partly({ include: ["refs/tags/v*"], exclude: ["refs/tags/*-rc*"] }), ["the ruleset releases restricts only some of the tags "
                + "v*.*.* (it includes [\"refs/tags/v*\"] and excludes [\"refs/tags/*-rc*\"]): refs/tags/v2.0.0-rc.1 is left out, so anyone with write "
                + `access can push it and start a release. ${FIX}`]);
            // No sample release tag shows it: the patterns do.
            assert.deepEqual(partly({ include: ["refs/tags/v*"], exclude: ["refs/tags/v*_*"] }), ["the ruleset releases restricts only some of the tags "
                + "v*.*.* (it includes [\"refs/tags/v*\"] and excludes [\"refs/tags/v*_*\"]): refs/tags/v.._ is left out, so anyone with write access "
                + `can push it and start a release. ${FIX}`]);
        });

        it("refuse patterns whose [ ], { } or \\ the check does not read, where they could leave a version tag out", () => {
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ conditions: { ref_name: { include: ["refs/tags/v[0-9]*"] } } })]).errors, [
                "the ruleset releases names refs with \"refs/tags/v[0-9]*\", whose [ ], { } or \\ this check does not read, so it cannot tell that every "
                + "tag v*.*.* is restricted: write its patterns with *, ** and ? alone, such as refs/tags/v* (Settings → Rules → Rulesets)"]);
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ conditions: { ref_name: { include: ["~ALL", "refs/tags/{a,b}"] } } })]).errors, []);
        });

        it("take the rules of the rulesets that cover every version tag, not of one that covers some", () => {
            const some = tagRuleset({ id: 8, name: "early", conditions: { ref_name: { include: ["refs/tags/v0.*"] } }, rules: [{ type: "creation" }] });
            assert.deepEqual(tagFindings("v*.*.*", [some, tagRuleset({ rules: [{ type: "update" }, { type: "deletion" }] })]).errors, [
                "anyone with write access can push a new version tag, which runs release.yml of the commit it names: turn on \"Restrict creations\" "
                + "in the ruleset releases (Settings → Rules → Rulesets)",
            ]);
            assert.deepEqual(tagFindings("v*.*.*", [some, tagRuleset()]).errors, []);
        });

        it("decide on the patterns what every short tag shows: a tag left out is one the workflow takes and the ruleset does not", () => {
            // Every tag of up to six characters from the patterns' own characters, "/" and one other.
            const tags: string[] = [];
            const grow = (tag: string) => {
                tags.push(`refs/tags/${tag}`);
                if (tag.length < 6) {
                    [..."v09.-/_"].forEach((c) => grow(tag + c));
                }
            };
            grow("v");
            const versions = tags.filter((tag) => refMatches({ include: ["refs/tags/v*.*.*"] }, tag));
            const patterns = ["~ALL", "refs/tags/v*", "refs/tags/v*.*.*", "refs/tags/v0*", "refs/tags/v?.*", "refs/tags/*", "refs/tags/**", "refs/tags/v*-*",
                "refs/tags/v*/**", "refs/tags/v*.*.*.*", "refs/tags/v.*"];
            for (const include of patterns) {
                for (const exclude of [[], ...patterns.map((p) => [p])]) {
                    const condition = { include: [include], exclude };
                    const leftOut = tagLeftOut("v*.*.*", condition);
                    const shortest = versions.find((tag) => !refMatches(condition, tag));
                    if (leftOut === undefined) {
                        assert.equal(shortest, undefined, `${JSON.stringify(condition)} leaves ${shortest} out`);
                    } else {
                        assert.ok(refMatches({ include: ["refs/tags/v*.*.*"] }, leftOut) && !refMatches(condition, leftOut), `${JSON.stringify(condition)}: ${leftOut}`);
                    }
                }
            }
        });

        it("refuse a ruleset that lets tags be moved or deleted", () => {
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ rules: [{ type: "creation" }] })]).errors, [
                "anyone with write access can move a version tag to other code, which runs release.yml of that code: turn on \"Restrict updates\" "
                + "in the ruleset releases (Settings → Rules → Rulesets)",
                "anyone with write access can delete a version tag, and with it what names the release: turn on \"Restrict deletions\" "
                + "in the ruleset releases (Settings → Rules → Rulesets)",
            ]);
            assert.deepEqual(tagFindings("v*.*.*", [tagRuleset({ rules: [{ type: "update" }, { type: "deletion" }] })]).errors, [
                "anyone with write access can push a new version tag, which runs release.yml of the commit it names: turn on \"Restrict creations\" "
                + "in the ruleset releases (Settings → Rules → Rulesets)",
            ]);
        });
    });
});
