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

// A ruleset's ref_name patterns are fnmatch globs: `*` and `?` stop at "/", `**` does not, `~ALL` is
// every ref. Each glob is read as a small automaton whose states are positions in its tokens, so that
// the check can reason on the patterns (does one set of globs take every ref another glob names?)
// rather than on a few sample refs. A glob with what this reading leaves out (`[…]`, `{…}`, `\`)
// is taken as narrowly as it could be read where it includes refs, as widely where it excludes them.

type Token = { readonly kind: "char"; readonly char: string } | { readonly kind: "one" | "star" | "globstar" };

interface Glob {
    readonly tokens: readonly Token[];
}

/** What fnmatch reads in a pattern beyond `*`, `**` and `?`: character classes, alternatives, escapes. */
const UNREAD = /[[\]{}\\]/;

/** A glob that takes every ref, and one that takes none. */
const EVERY: Glob = { tokens: [{ kind: "globstar" }] };
const NONE: Glob = { tokens: [{ kind: "char", char: "" }] };

/** A pattern read as a glob; `~ALL` is every ref, and an unreadable one is `unreadable` (EVERY or NONE). */
function globOf(pattern: string, unreadable: Glob): Glob {
    if (pattern === "~ALL") {
        return EVERY;
    }
    if (UNREAD.test(pattern)) {
        return unreadable;
    }
    const tokens: Token[] = [];
    for (let i = 0; i < pattern.length; i++) {
        if (pattern.startsWith("**", i)) {
            tokens.push({ kind: "globstar" });
            i++;
        } else {
            tokens.push(pattern[i] === "*" ? { kind: "star" } : pattern[i] === "?" ? { kind: "one" } : { kind: "char", char: pattern[i] });
        }
    }
    return { tokens };
}

/** The positions a glob may be at once it has also skipped what its stars may match with nothing. */
function closure(glob: Glob, states: Iterable<number>): Set<number> {
    const result = new Set<number>();
    for (let state of states) {
        result.add(state);
        while (state < glob.tokens.length && (glob.tokens[state].kind === "star" || glob.tokens[state].kind === "globstar")) {
            result.add(++state);
        }
    }
    return result;
}

/** The positions after reading one character. */
function step(glob: Glob, states: ReadonlySet<number>, char: string): Set<number> {
    const next: number[] = [];
    for (const state of states) {
        const token = glob.tokens[state];
        if (token === undefined) {
            continue;
        }
        if (token.kind === "char" ? token.char === char : token.kind === "globstar" || char !== "/") {
            next.push(token.kind === "star" || token.kind === "globstar" ? state : state + 1);
        }
    }
    return closure(glob, next);
}

const accepts = (glob: Glob, states: ReadonlySet<number>) => states.has(glob.tokens.length);

/** The positions a glob is at after reading `text`. */
const run = (glob: Glob, text: string) => [...text].reduce((states, char) => step(glob, states, char), closure(glob, [0]));

/** A ruleset's ref_name condition read as globs: it takes a ref an include takes and no exclude does. */
interface Condition {
    readonly include: readonly Glob[];
    readonly exclude: readonly Glob[];
    /** Its patterns this reading leaves out. */
    readonly unreadable: readonly string[];
}

function conditionOf(condition: Json | undefined): Condition {
    const patterns = (list: unknown) => (Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : []);
    const all = [...patterns(condition?.include), ...patterns(condition?.exclude)];
    return { include: patterns(condition?.include).map((p) => globOf(p, NONE)), exclude: patterns(condition?.exclude).map((p) => globOf(p, EVERY)),
        unreadable: all.filter((p) => p !== "~ALL" && UNREAD.test(p)) };
}

/**
 * Whether a ruleset's `ref_name` condition takes a ref: an `include` pattern matches it (`~ALL`,
 * or fnmatch, where `*` and `?` stop at "/" and `**` does not) and no `exclude` pattern does.
 */
export function refMatches(condition: Json | undefined, ref: string): boolean {
    const { include, exclude } = conditionOf(condition);
    const matches = (glob: Glob) => accepts(glob, run(glob, ref));
    return include.some(matches) && !exclude.some(matches);
}

/**
 * Refs that `refs` names and a condition leaves out, and refs it takes, each as one example (the first
 * of `samples` that shows it, else the shortest the patterns allow); undefined when there is none. Decided
 * on the patterns: every combination of positions the globs can reach together is visited once.
 */
function coverage(refs: Glob, condition: Condition, samples: readonly string[]): { leftOut?: string; taken?: string } {
    const globs = [refs, ...condition.include, ...condition.exclude];
    const literal = new Set(globs.flatMap((g) => g.tokens.flatMap((t) => (t.kind === "char" ? [t.char] : []))));
    // Characters no pattern names all behave alike: one of them stands for the rest.
    const other = [..."0123456789abcdefghijklmnopqrstuvwxyz-_"].find((c) => !literal.has(c)) ?? "\u00e9";
    const alphabet = [...new Set([...literal, "/", other])].filter((c) => c !== "");
    const takes = (states: readonly Set<number>[]) => condition.include.some((g, i) => accepts(g, states[1 + i]))
        && !condition.exclude.some((g, i) => accepts(g, states[1 + condition.include.length + i]));
    const found: { leftOut?: string; taken?: string } = {};
    for (const sample of samples) {
        const states = globs.map((g) => run(g, sample));
        if (accepts(refs, states[0])) {
            found[takes(states) ? "taken" : "leftOut"] ??= sample;
        }
    }
    const start = globs.map((g) => run(g, ""));
    const key = (states: readonly Set<number>[]) => states.map((st) => [...st].sort((x, y) => x - y).join(",")).join("|");
    const seen = new Set([key(start)]);
    for (let queue: [Set<number>[], string][] = [[start, ""]]; queue.length > 0 && (!found.leftOut || !found.taken);) {
        const next: [Set<number>[], string][] = [];
        for (const [states, text] of queue) {
            if (accepts(refs, states[0])) {
                found[takes(states) ? "taken" : "leftOut"] ??= text;
            }
            for (const char of alphabet) {
                const after = globs.map((g, i) => step(g, states[i], char));
                if (after[0].size > 0 && !seen.has(key(after))) {
                    seen.add(key(after));
                    next.push([after, text + char]);
                }
            }
        }
        queue = next;
    }
    return found;
}

/** The rule types a release tag's ruleset must have, and what each keeps out. */
const TAG_RULES: Readonly<Record<string, string>> = {
    creation: "anyone with write access can push a new version tag, which runs release.yml of the commit it names",
    update: "anyone with write access can move a version tag to other code, which runs release.yml of that code",
    deletion: "anyone with write access can delete a version tag, and with it what names the release",
};

/** Version tags as releases name them, tried first so that a finding names a tag a release could have. */
const SAMPLE_TAGS = ["v0.0.0", "v0.1.0", "v1.0.0", "v1.2.3", "v2.0.0-rc.1", "v9.9.9", "v10.0.0", "v1.2.3+build.7"].map((tag) => `refs/tags/${tag}`);

/** A tag the pattern names (`v*.*.*`) that a ruleset's `ref_name` condition leaves out; undefined when it takes them all. */
export function tagLeftOut(pattern: string, condition: Json | undefined): string | undefined {
    return coverage(globOf(`refs/tags/${pattern}`, NONE), conditionOf(condition), SAMPLE_TAGS).leftOut;
}

/**
 * What is wrong with the rules on the tags `pattern` names (such as `v*.*.*`). `rulesets` are the
 * repository's tag rulesets as `GET /repos/{repo}/rulesets/{id}` answers them. A ruleset counts only
 * if it takes every such tag: its includes cover them all (`refs/tags/v*`, `~ALL`) and no exclude
 * matches one, as decided on the patterns themselves; one that leaves a tag out lets anyone with
 * write access push that tag and start a release.
 */
export function tagFindings(pattern: string, rulesets: readonly Json[]): Findings {
    const errors: string[] = [];
    const tags = globOf(`refs/tags/${pattern}`, NONE);
    const active = rulesets.filter((r) => r.target === "tag" && r.enforcement === "active")
        .map((ruleset) => {
            const condition = conditionOf(ruleset.conditions?.ref_name);
            return { ruleset, unreadable: condition.unreadable, ...coverage(tags, condition, SAMPLE_TAGS) };
        });
    const covering = active.filter((r) => r.leftOut === undefined).map((r) => r.ruleset);
    const wanted = `a tag ruleset for refs/tags/${pattern} with "Restrict creations", "Restrict updates" and "Restrict deletions", `
        + `and the release managers as its only bypass actors (${RULESETS})`;
    if (covering.length === 0) {
        const partial = active.filter((r) => r.taken !== undefined && r.unreadable.length === 0);
        const unread = active.filter((r) => r.unreadable.length > 0);
        if (partial.length === 0 && unread.length === 0) {
            errors.push(`no active ruleset restricts the tags ${pattern}, so anyone with write access can start a release: add ${wanted}`);
        }
        for (const { ruleset, unreadable } of unread) {
            errors.push(`the ruleset ${ruleset.name} names refs with ${unreadable.map((p) => JSON.stringify(p)).join(", ")}, whose [ ], { } or \\ this check `
                + `does not read, so it cannot tell that every tag ${pattern} is restricted: write its patterns with *, ** and ? alone, such as `
                + `refs/tags/v* (${RULESETS})`);
        }
        for (const { ruleset, leftOut } of partial) {
            const { include = [], exclude = [] } = (ruleset.conditions?.ref_name ?? {}) as Json;
            errors.push(`the ruleset ${ruleset.name} restricts only some of the tags ${pattern} (it includes ${JSON.stringify(include)}`
                + `${(exclude as unknown[]).length > 0 ? ` and excludes ${JSON.stringify(exclude)}` : ""}): ${leftOut} is left out, so anyone with write `
                + `access can push it and start a release. Include every version tag (refs/tags/v* or ~ALL) and exclude none (${RULESETS})`);
        }
        return { errors, warnings: [] };
    }
    const types = new Set(covering.flatMap((r) => ((r.rules ?? []) as Json[]).map((rule) => rule.type)));
    for (const [type, risk] of Object.entries(TAG_RULES)) {
        if (!types.has(type)) {
            errors.push(`${risk}: turn on "Restrict ${type === "creation" ? "creations" : `${type}s`}" in ${covering.map((r) => `the ruleset ${r.name}`).join(", ")} (${RULESETS})`);
        }
    }
    // Who may bypass (the release managers) is shown only to the ruleset's editors, and the run
    // itself shows that the tag's pusher could create it.
    return { errors, warnings: [] };
}
