// The check that runs before a job enters a GitHub environment: what it reads from GitHub's answers.
import assert from "node:assert/strict";

import { checkEnvironments, ENVIRONMENT_RULES, GetJson, protectionFindings } from "../scripts/environments";

/** An environment as `GET /repos/{repo}/environments/{name}` answers, protected as docs/ci-cd.md sets it up. */
function environment(name: string, changes: Record<string, unknown> = {}): Record<string, any> {
    return {
        name,
        can_admins_bypass: false,
        protection_rules: [
            ...(ENVIRONMENT_RULES[name].reviewers ? [{ type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "Team", reviewer: { id: 42 } }] }] : []),
            { type: "branch_policy" },
        ],
        deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        ...changes,
    };
}
const onlyMain = { total_count: 1, branch_policies: [{ name: "main", type: "branch" }] };
const onlyVersionTags = { total_count: 1, branch_policies: [{ name: "v*.*.*", type: "tag" }] };

describe("environment protection", () => {
    it("accepts dev, prod and release set up as the docs say: main (or version tags) only, and for prod and release a reviewer who did not start the run", () => {
        for (const name of ["dev", "prod"]) {
            assert.deepEqual(protectionFindings(name, environment(name), onlyMain, ENVIRONMENT_RULES[name]), { errors: [], warnings: [] });
        }
        assert.deepEqual(protectionFindings("release", environment("release"), onlyVersionTags, ENVIRONMENT_RULES.release), { errors: [], warnings: [] });
    });

    it("refuses an environment that does not exist, since GitHub would create it unprotected", () => {
        assert.deepEqual(protectionFindings("prod", undefined, undefined, ENVIRONMENT_RULES.prod).errors, [
            "the environment prod does not exist, and GitHub would create it unprotected for the first job that names it: create it in "
            + "Settings → Environments with deployments limited to branch main and required reviewers (docs/ci-cd.md)",
        ]);
    });

    it("refuses deploys from any branch, from every protected branch, or from branches besides main", () => {
        const prod = ENVIRONMENT_RULES.prod;
        assert.match(protectionFindings("prod", environment("prod", { deployment_branch_policy: null }), undefined, prod).errors.join(), /^any branch can deploy to prod/);
        assert.match(protectionFindings("prod", environment("prod", { deployment_branch_policy: { protected_branches: true, custom_branch_policies: false } }),
            undefined, prod).errors.join(), /^every protected branch can deploy to prod/);
        assert.deepEqual(protectionFindings("dev", environment("dev"), { branch_policies: [{ name: "main", type: "branch" }, { name: "feature/*", type: "branch" }] },
            ENVIRONMENT_RULES.dev).errors, ["branch feature/* can deploy to dev, which only branch main should: remove it (Settings → Environments)"]);
        assert.deepEqual(protectionFindings("dev", environment("dev"), { branch_policies: [{ name: "main", type: "tag" }] }, ENVIRONMENT_RULES.dev).errors, [
            "tag main can deploy to dev, which only branch main should: remove it (Settings → Environments)",
            "branch main cannot deploy to dev: add it to its deployment branches and tags (Settings → Environments)",
        ]);
    });

    it("refuses prod without reviewers or with self-review, unless ALLOW_UNREVIEWED_PROD makes it a warning", () => {
        const prod = ENVIRONMENT_RULES.prod;
        const unreviewed = environment("prod", { protection_rules: [{ type: "branch_policy" }] });
        assert.deepEqual(protectionFindings("prod", unreviewed, onlyMain, prod).errors,
            ["no reviewer approves deploys to prod: add required reviewers, with \"Prevent self-review\" (Settings → Environments)"]);
        const selfReview = environment("prod", { protection_rules: [{ type: "required_reviewers", prevent_self_review: false, reviewers: [{ type: "User" }] }] });
        assert.deepEqual(protectionFindings("prod", selfReview, onlyMain, prod).errors,
            ["whoever starts a deploy to prod may approve it: turn on \"Prevent self-review\" (Settings → Environments)"]);
        assert.deepEqual(protectionFindings("prod", unreviewed, onlyMain, prod, { allowUnreviewed: true }), {
            errors: [],
            warnings: ["no reviewer approves deploys to prod: add required reviewers, with \"Prevent self-review\" (Settings → Environments); allowed by ALLOW_UNREVIEWED_PROD"],
        });
    });

    it("warns when administrators can bypass dev's rules, and refuses it where a reviewer's approval is the rule: prod and release", () => {
        const bypass = (name: string) => `repository administrators can bypass ${name}'s protection rules: `
            + "turn off \"Allow administrators to bypass configured protection rules\" (Settings → Environments)";
        assert.deepEqual(protectionFindings("dev", environment("dev", { can_admins_bypass: true }), onlyMain, ENVIRONMENT_RULES.dev),
            { errors: [], warnings: [bypass("dev")] });
        assert.deepEqual(protectionFindings("prod", environment("prod", { can_admins_bypass: true }), onlyMain, ENVIRONMENT_RULES.prod, { allowUnreviewed: true }),
            { errors: [bypass("prod")], warnings: [] });
        assert.deepEqual(protectionFindings("release", environment("release", { can_admins_bypass: true }), onlyVersionTags, ENVIRONMENT_RULES.release).errors,
            [bypass("release")]);
    });

    it("refuses a release environment without a reviewer who did not push the tag", () => {
        assert.deepEqual(protectionFindings("release", environment("release", { protection_rules: [{ type: "branch_policy" }] }), onlyVersionTags,
            ENVIRONMENT_RULES.release).errors,
        ["no reviewer approves deploys to release: add required reviewers, with \"Prevent self-review\" (Settings → Environments)"]);
    });

    it("reads each environment, its branch rules only when it has custom ones, then main's protection once, from the repository's API", async () => {
        const asked: string[] = [];
        const repo = "https://api.github.com/repos/shop/orders";
        const answers: Record<string, unknown> = {
            [`${repo}/environments/dev`]: environment("dev"),
            [`${repo}/environments/dev/deployment-branch-policies?per_page=100`]: onlyMain,
            [`${repo}/environments/prod`]: environment("prod", { deployment_branch_policy: null }),
            [`${repo}/rules/branches/main?per_page=100`]: [{ type: "pull_request", parameters: { required_approving_review_count: 1, require_code_owner_review: true } }],
            [`${repo}/branches/main`]: { name: "main", protected: true },
            [`${repo}/codeowners/errors?ref=main`]: { errors: [] },
        };
        const get: GetJson = async (url, token) => {
            asked.push(url);
            assert.equal(token, "t");
            return answers[url] as Record<string, any> | undefined;
        };
        const found = await checkEnvironments(["dev", "prod", "staging"], { GITHUB_REPOSITORY: "shop/orders", GITHUB_TOKEN: "t" }, get);
        assert.deepEqual(asked, Object.keys(answers));
        assert.deepEqual(found.errors.map((e) => e.split(":")[0]), ["any branch can deploy to prod",
            "no protection rule is known for the environment staging (known"]);
        assert.deepEqual((await checkEnvironments(["dev"], {}, get)).errors, ["GITHUB_REPOSITORY and GITHUB_TOKEN must be set (a token with actions: read)"]);
    });

    it("reads the release environment, then the tag rulesets and each one's rules", async () => {
        const repo = "https://api.github.com/repos/shop/orders";
        const tags = { id: 7, name: "releases", target: "tag", enforcement: "active", conditions: { ref_name: { include: ["refs/tags/v*"], exclude: [] } },
            rules: [{ type: "creation" }, { type: "update" }, { type: "deletion" }] };
        const answers: Record<string, unknown> = {
            [`${repo}/environments/release`]: environment("release"),
            [`${repo}/environments/release/deployment-branch-policies?per_page=100`]: onlyVersionTags,
            [`${repo}/rulesets?includes_parents=true&targets=tag&per_page=100`]: [{ id: 3, target: "branch" }, { id: 7, target: "tag" }],
            [`${repo}/rulesets/7?includes_parents=true`]: tags,
        };
        const asked: string[] = [];
        const get: GetJson = async (url) => {
            asked.push(url);
            return answers[url] as Record<string, any> | undefined;
        };
        assert.deepEqual(await checkEnvironments(["release"], { GITHUB_REPOSITORY: "shop/orders", GITHUB_TOKEN: "t" }, get), { errors: [], warnings: [] });
        assert.deepEqual(asked, Object.keys(answers));
        answers[`${repo}/rulesets/7?includes_parents=true`] = { ...tags, enforcement: "evaluate" };
        assert.match((await checkEnvironments(["release"], { GITHUB_REPOSITORY: "shop/orders", GITHUB_TOKEN: "t" }, get)).errors.join(),
            /^no active ruleset restricts the tags v\*\.\*\.\*, so anyone with write access can start a release/);
        // ALLOW_UNREVIEWED_PROD waives prod's reviewers only: a release always waits for one.
        answers[`${repo}/rulesets/7?includes_parents=true`] = tags;
        answers[`${repo}/environments/release`] = environment("release", { protection_rules: [{ type: "branch_policy" }] });
        assert.deepEqual((await checkEnvironments(["release"], { GITHUB_REPOSITORY: "shop/orders", GITHUB_TOKEN: "t", ALLOW_UNREVIEWED_PROD: "true" }, get)),
            { errors: ["no reviewer approves deploys to release: add required reviewers, with \"Prevent self-review\" (Settings → Environments)"], warnings: [] });
    });
});
