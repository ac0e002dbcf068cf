// node -r esbuild-register scripts/environments.ts <environment>...
//
// Before a workflow lets a job into a GitHub environment that holds credentials, checks that the
// environment is protected as docs/ci-cd.md sets it up: it exists (GitHub creates a missing one,
// unprotected, the first time a job names it), only the refs that should deploy may use it, prod
// and release wait for a reviewer who is not the person who triggered the run, and no
// administrator may bypass them. GitHub issues the OIDC subject
// `repo:<owner>/<repo>:environment:<name>` to any job that names the environment, so these rules
// are what keeps a branch's own workflow from assuming the deploy roles. The refs themselves are
// checked too (scripts/refProtection.ts): main's required reviews, the version tags' rules.
//
// Reads GITHUB_REPOSITORY, GITHUB_API_URL and GITHUB_TOKEN (a token with `actions: read`), and
// ALLOW_UNREVIEWED_PROD ("true" turns a missing prod reviewer into a warning, for repositories
// whose plan offers no required reviewers). Prints GitHub annotations; exits 1 on any error.
import { branchFindings, Findings, Json, tagFindings } from "./refProtection";

export type { Findings } from "./refProtection";

/** How one environment must be protected. */
export interface EnvironmentRule {
    /** The branches (by name) or the tags (by pattern) that may deploy to it, and nothing else. */
    readonly refs: { readonly type: "branch" | "tag"; readonly names: readonly string[] };
    /** Whether a reviewer other than the run's initiator must approve each job, with no administrator's bypass. */
    readonly reviewers: boolean;
}

export const ENVIRONMENT_RULES: Readonly<Record<string, EnvironmentRule>> = {
    dev: { refs: { type: "branch", names: ["main"] }, reviewers: false },
    prod: { refs: { type: "branch", names: ["main"] }, reviewers: true },
    conformance: { refs: { type: "branch", names: ["main"] }, reviewers: false },
    release: { refs: { type: "tag", names: ["v*.*.*"] }, reviewers: true },
};

const SETTINGS = "Settings → Environments";

/**
 * What is wrong with an environment, from GitHub's answers: `environment` is `GET
 * /repos/{repo}/environments/{name}` (undefined when it answered 404) and `branchPolicies` is `GET
 * …/deployment-branch-policies` (read only when the environment has custom rules).
 */
export function protectionFindings(name: string, environment: Json | undefined, branchPolicies: Json | undefined,
    rule: EnvironmentRule, options: { readonly allowUnreviewed?: boolean } = {}): Findings {
    const errors: string[] = [];
    const warnings: string[] = [];
    const refs = rule.refs.names.map((n) => `${rule.refs.type} ${n}`).join(", ");
    if (environment === undefined) {
        errors.push(`the environment ${name} does not exist, and GitHub would create it unprotected for the first job that names it: `
            + `create it in ${SETTINGS} with deployments limited to ${refs}${rule.reviewers ? " and required reviewers" : ""} (docs/ci-cd.md)`);
        return { errors, warnings };
    }
    const policy = environment.deployment_branch_policy as Json | null | undefined;
    if (!policy) {
        errors.push(`any branch can deploy to ${name}: set its deployment branches and tags to "Selected" with only ${refs} (${SETTINGS})`);
    } else if (policy.protected_branches) {
        errors.push(`every protected branch can deploy to ${name}: select only ${refs} instead of "Protected branches only" (${SETTINGS})`);
    } else if (policy.custom_branch_policies) {
        const listed = ((branchPolicies?.branch_policies ?? []) as Json[]).map((p) => `${p.type ?? "branch"} ${p.name}`);
        const wanted = rule.refs.names.map((n) => `${rule.refs.type} ${n}`);
        const extra = listed.filter((r) => !wanted.includes(r));
        const missing = wanted.filter((r) => !listed.includes(r));
        if (extra.length > 0) {
            errors.push(`${extra.join(", ")} can deploy to ${name}, which only ${refs} should: remove ${extra.length === 1 ? "it" : "them"} (${SETTINGS})`);
        }
        if (missing.length > 0) {
            errors.push(`${missing.join(", ")} cannot deploy to ${name}: add ${missing.length === 1 ? "it" : "them"} to its deployment branches and tags (${SETTINGS})`);
        }
    }
    if (rule.reviewers) {
        const review = ((environment.protection_rules ?? []) as Json[]).find((r) => r.type === "required_reviewers");
        const problem = !review || !Array.isArray(review.reviewers) || review.reviewers.length === 0
            ? `no reviewer approves deploys to ${name}: add required reviewers, with "Prevent self-review" (${SETTINGS})`
            : review.prevent_self_review !== true
                ? `whoever starts a deploy to ${name} may approve it: turn on "Prevent self-review" (${SETTINGS})`
                : undefined;
        if (problem) {
            (options.allowUnreviewed ? warnings : errors).push(options.allowUnreviewed ? `${problem}; allowed by ALLOW_UNREVIEWED_PROD` : problem);
        }
    }
    if (environment.can_admins_bypass === true) {
        // Where a reviewer's approval is the rule, an administrator who skips it is the open door.
        (rule.reviewers ? errors : warnings).push(`repository administrators can bypass ${name}'s protection rules: `
            + `turn off "Allow administrators to bypass configured protection rules" (${SETTINGS})`);
    }
    return { errors, warnings };
}

/** GitHub's answer to a GET: its JSON, or undefined for 404. */
export type GetJson = (url: string, token: string) => Promise<Json | undefined>;

async function getJson(url: string, token: string): Promise<Json | undefined> {
    const response = await fetch(url, {
        headers: { Accept: "application/vnd.github+json", Authorization: `Bearer ${token}`, "X-GitHub-Api-Version": "2022-11-28" },
    });
    if (response.status === 404) {
        return undefined;
    }
    if (!response.ok) {
        throw new Error(`GitHub answered ${response.status} to GET ${url}: the job needs the permission actions: read`);
    }
    return (await response.json()) as Json;
}

/** What protects the refs these rules let deploy: each branch's reviews and code owners, each tag pattern's ruleset. */
async function refFindings(rules: readonly EnvironmentRule[], base: string, token: string, get: GetJson): Promise<Findings> {
    const errors: string[] = [];
    const warnings: string[] = [];
    const add = (found: Findings) => {
        errors.push(...found.errors);
        warnings.push(...found.warnings);
    };
    const names = (type: "branch" | "tag") => [...new Set(rules.filter((r) => r.refs.type === type).flatMap((r) => r.refs.names))];
    for (const branch of names("branch")) {
        const ref = encodeURIComponent(branch);
        add(branchFindings(branch, ((await get(`${base}/rules/branches/${ref}?per_page=100`, token)) ?? []) as Json[],
            await get(`${base}/branches/${ref}`, token), await get(`${base}/codeowners/errors?ref=${ref}`, token)));
    }
    const patterns = names("tag");
    if (patterns.length > 0) {
        const listed = ((await get(`${base}/rulesets?includes_parents=true&targets=tag&per_page=100`, token)) ?? []) as Json[];
        const rulesets: Json[] = [];
        for (const { id } of listed.filter((r) => r.target === "tag")) {
            rulesets.push((await get(`${base}/rulesets/${id}?includes_parents=true`, token)) ?? {});
        }
        patterns.forEach((pattern) => add(tagFindings(pattern, rulesets)));
    }
    return { errors, warnings };
}

/** Reads each environment's protection from GitHub and reports what is missing. */
export async function checkEnvironments(names: readonly string[], env: NodeJS.ProcessEnv = process.env, get: GetJson = getJson): Promise<Findings> {
    const api = env.GITHUB_API_URL ?? "https://api.github.com";
    const repository = env.GITHUB_REPOSITORY;
    const token = env.GITHUB_TOKEN;
    if (!repository || !token) {
        return { errors: ["GITHUB_REPOSITORY and GITHUB_TOKEN must be set (a token with actions: read)"], warnings: [] };
    }
    const errors: string[] = [];
    const warnings: string[] = [];
    const checked: EnvironmentRule[] = [];
    for (const name of names) {
        const rule = ENVIRONMENT_RULES[name];
        if (!rule) {
            errors.push(`no protection rule is known for the environment ${name} (known: ${Object.keys(ENVIRONMENT_RULES).join(", ")})`);
            continue;
        }
        checked.push(rule);
        const base = `${api}/repos/${repository}/environments/${encodeURIComponent(name)}`;
        const environment = await get(base, token);
        const branchPolicies = environment?.deployment_branch_policy?.custom_branch_policies
            ? await get(`${base}/deployment-branch-policies?per_page=100`, token) : undefined;
        // Only prod's reviewers may be waived, where the plan offers none; a release's never are.
        const found = protectionFindings(name, environment, branchPolicies, rule, { allowUnreviewed: name === "prod" && env.ALLOW_UNREVIEWED_PROD === "true" });
        errors.push(...found.errors);
        warnings.push(...found.warnings);
    }
    const refs = await refFindings(checked, `${api}/repos/${repository}`, token, get);
    return { errors: [...errors, ...refs.errors], warnings: [...warnings, ...refs.warnings] };
}

if (require.main === module) {
    const names = process.argv.slice(2);
    checkEnvironments(names).then(({ errors, warnings }) => {
        warnings.forEach((w) => process.stdout.write(`::warning title=Environment protection::${w}\n`));
        errors.forEach((e) => process.stdout.write(`::error title=Not protected::${e}\n`));
        if (errors.length === 0) {
            process.stdout.write(`protected as required: ${names.join(", ")}\n`);
        }
        process.exitCode = errors.length === 0 ? 0 : 1;
    }, (err: Error) => {
        process.stdout.write(`::error title=Environment protection::${err.message}\n`);
        process.exitCode = 1;
    });
}
