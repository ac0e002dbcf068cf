// The check that runs before a job enters a GitHub environment: what it reads from GitHub's answers.
import assert from "node:assert/strict";

import { checkEnvironments, ENVIRONMENT_RULES, GetJson, protectionFindings } from "../scripts/environments";

/** An environment as `GET /repos/{repo}/environments/{name}` answers, protected as docs/ci-cd.md sets it up. */
function environment(name: string, changes: Record<string, unknown> = {}): Record<string, any> {
    return {
        name,
        can_admins_bypass: false,
        protection_rules: [
            ...(name === "prod" ? [{ type: "required_reviewers", prevent_self_review: true, reviewers: [{ type: "Team", reviewer: { id: 42 } }] }] : []),
            { type: "branch_policy" },
        ],
        deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        ...changes,
    };
}
const onlyMain = { total_count: 1, branch_policies: [{ name: "main", type: "branch" }] };

describe("environment protection", () => {
    it("accepts dev and prod set up as the docs say: main only, and for prod a reviewer who did not start the run", () => {
        for (const name of ["dev", "prod"]) {
            assert.deepEqual(protectionFindings(name, environment(name), onlyMain, ENVIRONMENT_RULES[name]), { errors: [], warnings: [] });
        }
        assert.deepEqual(protectionFindings("release", environment("release"), { branch_policies: [{ name: "v*.*.*", type: "tag" }] },
            ENVIRONMENT_RULES.release), { errors: [], warnings: [] });
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

    it("warns when administrators can bypass the rules", () => {
        assert.deepEqual(protectionFindings("dev", environment("dev", { can_admins_bypass: true }), onlyMain, ENVIRONMENT_RULES.dev).warnings,
            ["repository administrators can bypass dev's protection rules: turn off \"Allow administrators to bypass configured protection rules\" (Settings → Environments)"]);
    });

    it("reads each environment, and its branch rules only when it has custom ones, from the repository's API", async () => {
        const asked: string[] = [];
        const answers: Record<string, unknown> = {
            "https://api.github.com/repos/shop/orders/environments/dev": environment("dev"),
            "https://api.github.com/repos/shop/orders/environments/dev/deployment-branch-policies?per_page=100": onlyMain,
            "https://api.github.com/repos/shop/orders/environments/prod": environment("prod", { deployment_branch_policy: null }),
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
});
