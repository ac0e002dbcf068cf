// Whether two patterns match some text in common. IAM's `*` matches any run of characters, `/`
// included, so a private API's resource policy that names a route's path parameter as `*` can also
// match the requests of another route; a path parameter itself takes one segment (no `/`).

/** A literal character, IAM's `*`, or a segment's parts: exactly one character other than `/`, then any number of them. */
type Token = string | "ANY" | "ONE" | "SEGMENT";

const WILD: ReadonlySet<Token> = new Set(["ANY", "ONE", "SEGMENT"]);
const literal = (token: Token) => !WILD.has(token);

function intersect(a: readonly Token[], b: readonly Token[]): boolean {
    const memo = new Map<number, boolean>();
    // Can token `t` (a literal or ONE) stand for one character of a segment?
    const inSegment = (t: Token) => t === "ONE" || (literal(t) && t !== "/");
    const from = (i: number, j: number): boolean => {
        const key = i * (b.length + 1) + j;
        const known = memo.get(key);
        if (known !== undefined) {
            return known;
        }
        const [x, y] = [a[i], b[j]];
        let result: boolean;
        if (i === a.length && j === b.length) {
            result = true;
        } else if (x === "ANY") {
            // `*` matches nothing more, or takes the other side's next token whole.
            result = from(i + 1, j) || (j < b.length && from(i, j + 1));
        } else if (y === "ANY") {
            result = from(i, j + 1) || (i < a.length && from(i + 1, j));
        } else if (x === "SEGMENT") {
            result = from(i + 1, j) || (j < b.length && (inSegment(y) || y === "SEGMENT") && from(i, j + 1));
        } else if (y === "SEGMENT") {
            result = from(i, j + 1) || (i < a.length && inSegment(x) && from(i + 1, j));
        } else if (i === a.length || j === b.length) {
            result = false;
        } else if (x === "ONE" || y === "ONE") {
            result = inSegment(x) && inSegment(y) && from(i + 1, j + 1);
        } else {
            result = x === y && from(i + 1, j + 1);
        }
        memo.set(key, result);
        return result;
    };
    return from(0, 0);
}

const globTokens = (pattern: string): Token[] => [...pattern].map((c) => (c === "*" ? "ANY" : c));

/** Whether two patterns whose only wildcard is `*` match at least one string in common. */
export function globsIntersect(a: string, b: string): boolean {
    return intersect(globTokens(a), globTokens(b));
}

/**
 * Whether a policy pattern (`orders/*`) matches a request of a route path (`orders/{id}`, each
 * parameter one segment of at least one character other than `/`).
 */
export function globMatchesRoute(pattern: string, routePath: string): boolean {
    const route = routePath.split(/(\{[^}]+\})/).filter(Boolean)
        .flatMap((part): Token[] => (/^\{.+\}$/.test(part) ? ["ONE", "SEGMENT"] : [...part]));
    return intersect(globTokens(pattern), route);
}
