// IAM's wildcards: `*` matches any run of characters (also none), `?` exactly one. Action names
// match case-insensitively, ARNs case-sensitively.

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
    const key = `${ignoreCase ? "i" : "s"}${pattern}`;
    let regex = cache.get(key);
    if (!regex) {
        const body = pattern.split("").map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
        regex = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
        cache.set(key, regex);
    }
    return regex;
}

export function hasWildcard(pattern: string): boolean {
    return pattern.includes("*") || pattern.includes("?");
}

/** Does `pattern` match the literal string `value`? */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
    return toRegExp(pattern, ignoreCase).test(value);
}

/**
 * Does `outer` match every string that `inner` matches? Decided on the patterns themselves:
 * inner's `*` can only be matched by outer's `*`, inner's `?` by outer's `?` or `*`.
 */
export function globCovers(outer: string, inner: string): boolean {
    const memo = new Map<string, boolean>();
    const covers = (i: number, j: number): boolean => {
        const key = `${i},${j}`;
        const known = memo.get(key);
        if (known !== undefined) {
            return known;
        }
        let result: boolean;
        if (i === outer.length) {
            result = j === inner.length;
        } else if (outer[i] === "*") {
            // Outer's * takes nothing, or takes one more token of inner (whatever it is).
            result = covers(i + 1, j) || (j < inner.length && covers(i, j + 1));
        } else if (j === inner.length || inner[j] === "*") {
            result = false;
        } else if (outer[i] === "?") {
            result = covers(i + 1, j + 1);
        } else {
            result = inner[j] !== "?" && outer[i] === inner[j] && covers(i + 1, j + 1);
        }
        memo.set(key, result);
        return result;
    };
    return covers(0, 0);
}
