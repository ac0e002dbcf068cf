// What protects the refs an environment lets deploy, checked beside the environments
// (scripts/environments.ts): "only main may deploy" is worth what main's protection is worth, and
// "only version tags may release" what the tags' rules are worth. From GitHub's answers:
//
// - main: an active ruleset (or branch protection) that requires a pull request with at least one
//   approving review and the code owners' review, and a CODEOWNERS file GitHub reads without error,
//   so that changes to policy/, scripts/, .github/ and the lockfiles need their owners' approval;
// - version tags: an active tag ruleset that restricts creating, moving and deleting them, so that
//   only its bypass list (the release managers) can start a release; GitHub shows that list only
//   to the ruleset's editors, so the check cannot name who is on it.
//
// The answers read need only the repository's metadata, which every job's token may read; what a
// token may not read (classic branch protection's settings) is reported as unchecked, not passed.

/** A GitHub API answer. */
export type Json = Record<string, any>;

export interface Findings {
    readonly errors: string[];
    readonly warnings: string[];
}

const RULESETS = "Settings → Rules → Rulesets";

/**
 * What is wrong with a branch's protection. `rules` is `GET /repos/{repo}/rules/branches/{branch}`
 * (the active rules of every ruleset that applies to it), `branch` is `GET …/branches/{branch}`
 * (`protected` tells whether classic branch protection applies) and `codeowners` is `GET
 * …/codeowners/errors?ref={branch}` (undefined when the branch has no CODEOWNERS file).
 */
export function branchFindings(name: string, rules: readonly Json[], branch: Json | undefined, codeowners: Json | undefined): Findings {
    const errors: string[] = [];
    const warnings: string[] = [];
    const reviews = rules.filter((rule) => rule.type === "pull_request").map((rule) => (rule.parameters ?? {}) as Json);
    const wanted = `a ruleset for ${name} that requires a pull request with at least one approval and review from Code Owners (${RULESETS})`;
    if (reviews.length === 0) {
        if (branch?.protected === true) {
            warnings.push(`${name} has branch protection, whose review settings this job's token cannot read, so they are not checked: `
                + `make sure it requires an approving review and the code owners' review, or replace it by ${wanted}, which this check reads`);
        } else {
            errors.push(`nothing requires a reviewed pull request before code reaches ${name}, which alone may deploy: add ${wanted}`);
        }
    } else {
        if (Math.max(...reviews.map((review) => Number(review.required_approving_review_count ?? 0))) < 1) {
            errors.push(`a pull request to ${name} can be merged without an approving review: set "Required approvals" to 1 or more in its ruleset (${RULESETS})`);
        }
        if (!reviews.some((review) => review.require_code_owner_review === true)) {
            errors.push(`changes to policy/, scripts/, .github/, package.json and the lockfiles can reach ${name} without their code owners' review: `
                + `turn on "Require review from Code Owners" in its ruleset (${RULESETS})`);
        }
    }
    if (codeowners === undefined) {
        errors.push(`${name} has no CODEOWNERS file, so no change needs its code owners' review: keep .github/CODEOWNERS (docs/ci-cd.md)`);
    } else {
        for (const error of (codeowners.errors ?? []) as Json[]) {
            errors.push(`${error.path ?? ".github/CODEOWNERS"} line ${error.line}: ${error.kind}${error.source ? ` (${String(error.source).trim()})` : ""}: `
                + "GitHub ignores that line, so its paths need no owner's review; name a team or user with write access (docs/ci-cd.md)");
        }
    }
    return { errors, warnings };
}

/**
 * Whether a ruleset's `ref_name` condition takes a ref: an `include` pattern matches it (`~ALL`,
 * or fnmatch, where `*` and `?` stop at "/" and `**` does not) and no `exclude` pattern does.
 */
export function refMatches(condition: Json | undefined, ref: string): boolean {
    const literal = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\?/g, "[^/]");
    const pattern = (glob: string) => new RegExp(`^${glob.split("**").map((part) => part.split("*").map(literal).join("[^/]*")).join(".*")}$`);
    const matches = (globs: unknown) => ((globs ?? []) as string[]).some((glob) => glob === "~ALL" || pattern(glob).test(ref));
    return matches(condition?.include) && !matches(condition?.exclude);
}

/** The rule types a release tag's ruleset must have, and what each keeps out. */
const TAG_RULES: Readonly<Record<string, string>> = {
    creation: "anyone with write access can push a new version tag, which runs release.yml of the commit it names",
    update: "anyone with write access can move a version tag to other code, which runs release.yml of that code",
    deletion: "anyone with write access can delete a version tag, and with it what names the release",
};

/**
 * What is wrong with the rules on the tags `pattern` names (such as `v*.*.*`). `rulesets` are the
 * repository's tag rulesets as `GET /repos/{repo}/rulesets/{id}` answers them.
 */
export function tagFindings(pattern: string, rulesets: readonly Json[]): Findings {
    const errors: string[] = [];
    const sample = `refs/tags/${pattern.replace(/\*/g, "0")}`;
    const applying = rulesets.filter((r) => r.target === "tag" && r.enforcement === "active" && refMatches(r.conditions?.ref_name, sample));
    const wanted = `a tag ruleset for refs/tags/${pattern} with "Restrict creations", "Restrict updates" and "Restrict deletions", `
        + `and the release managers as its only bypass actors (${RULESETS})`;
    if (applying.length === 0) {
        errors.push(`no active ruleset restricts the tags ${pattern}, so anyone with write access can start a release: add ${wanted}`);
        return { errors, warnings: [] };
    }
    const types = new Set(applying.flatMap((r) => ((r.rules ?? []) as Json[]).map((rule) => rule.type)));
    for (const [type, risk] of Object.entries(TAG_RULES)) {
        if (!types.has(type)) {
            errors.push(`${risk}: turn on "Restrict ${type === "creation" ? "creations" : `${type}s`}" in ${applying.map((r) => `the ruleset ${r.name}`).join(", ")} (${RULESETS})`);
        }
    }
    // Who may bypass (the release managers) is shown only to the ruleset's editors, and the run
    // itself shows that the tag's pusher could create it.
    return { errors, warnings: [] };
}
