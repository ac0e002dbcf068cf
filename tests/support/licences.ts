// Which licences a package in the lockfile may have. A company that bans copyleft tooling bans it
// in dev dependencies too, since they run on its machines and in its CI; so every package of the
// lockfile counts, runtime or dev.

/** GPL and AGPL of any version, with or without "-only", "-or-later", "+" or an exception. */
const BANNED = /^A?GPL-/i;

type Expression = { readonly id: string } | { readonly op: "AND" | "OR"; readonly left: Expression; readonly right: Expression };

/** Parses an SPDX licence expression: identifiers, `WITH` exceptions, `AND`, `OR` and parentheses. */
export function parseSpdx(text: string): Expression {
    const tokens = text.replace(/[()]/g, " $& ").trim().split(/\s+/);
    let at = 0;
    const fail = (what: string): never => {
        throw new Error(`not an SPDX expression (${what}): ${JSON.stringify(text)}`);
    };
    const primary = (): Expression => {
        const token = tokens[at++];
        if (token === "(") {
            const inner = or();
            if (tokens[at++] !== ")") {
                fail("unclosed parenthesis");
            }
            return inner;
        }
        if (token === undefined || /^(AND|OR|WITH|\))$/i.test(token)) {
            fail(`expected a licence, found ${token ?? "the end"}`);
        }
        // An exception (GPL-2.0-only WITH Classpath-exception-2.0) leaves the licence what it is.
        if (tokens[at]?.toUpperCase() === "WITH") {
            at += 2;
        }
        return { id: token };
    };
    const and = (): Expression => {
        let left = primary();
        while (tokens[at]?.toUpperCase() === "AND") {
            at++;
            left = { op: "AND", left, right: primary() };
        }
        return left;
    };
    const or = (): Expression => {
        let left = and();
        while (tokens[at]?.toUpperCase() === "OR") {
            at++;
            left = { op: "OR", left, right: and() };
        }
        return left;
    };
    const expression = or();
    if (at !== tokens.length) {
        fail(`unexpected ${tokens[at]}`);
    }
    return expression;
}

/** Whether a package under this expression can be used without accepting a GPL or AGPL licence (OR: one choice suffices). */
export function avoidsGpl(expression: Expression): boolean {
    if ("id" in expression) {
        return !BANNED.test(expression.id);
    }
    return expression.op === "OR"
        ? avoidsGpl(expression.left) || avoidsGpl(expression.right)
        : avoidsGpl(expression.left) && avoidsGpl(expression.right);
}

export interface LockPackage {
    readonly license?: string;
    readonly link?: boolean;
    readonly dev?: boolean;
}

/**
 * The packages of a lockfile whose licence is GPL or AGPL, or cannot be read, with the reason.
 * `readElsewhere` gives the licence of packages whose lockfile entry points to a file instead
 * ("SEE LICENSE IN LICENSE"), as read from that file.
 */
export function licenceProblems(packages: Readonly<Record<string, LockPackage>>, readElsewhere: Readonly<Record<string, string>>): string[] {
    const problems: string[] = [];
    for (const [where, entry] of Object.entries(packages)) {
        // The project itself and its workspaces (links): their licence is in their own package.json.
        if (where === "" || entry.link || !where.includes("node_modules/")) {
            continue;
        }
        const name = where.slice(where.lastIndexOf("node_modules/") + "node_modules/".length);
        const declared = entry.license?.startsWith("SEE LICENSE IN") ? readElsewhere[name] : entry.license;
        if (declared === undefined) {
            problems.push(`${where}: no licence ${entry.license ? `(${entry.license}) ` : ""}this test can read`);
            continue;
        }
        try {
            if (!avoidsGpl(parseSpdx(declared))) {
                problems.push(`${where}: ${declared}${entry.dev ? " (dev)" : ""}`);
            }
        } catch (err) {
            problems.push(`${where}: ${(err as Error).message}`);
        }
    }
    return problems;
}
