// Near misses: the known name a mistyped one was most likely meant to be, so that a message can ask
// "did you mean …?" (config keys and their namespace, policy names, a command's flags).

/**
 * The fewest edits from one text to another: inserting, deleting or replacing a character, or
 * swapping two neighbours (`prot` → `port` is one edit, as a slip of the fingers is one).
 */
export function editDistance(a: string, b: string): number {
    const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const replace = rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, replace);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
            }
        }
    }
    return rows[a.length][b.length];
}

/**
 * The candidate `given` was most likely meant to be, ignoring case: the nearest within `maxEdits`
 * edits, and fewer edits than half of `given`'s length, so that a short word is not "corrected"
 * into an unrelated one. Undefined when none is that near.
 */
export function nearest(given: string, candidates: readonly string[], maxEdits = 2): string | undefined {
    const word = given.toLowerCase();
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(word, candidate.toLowerCase());
        if (distance <= maxEdits && distance * 2 < word.length && (!best || distance < best.distance)) {
            best = { candidate, distance };
        }
    }
    return best?.candidate;
}
