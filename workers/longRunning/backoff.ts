// How long the long-running worker waits before it polls again after receives failed in a row:
// doubling from `baseMs` up to `capMs`, each wait drawn between its half and its whole (jitter),
// so that a queue or an endpoint that is down is not asked in a tight loop, and workers that
// failed together do not all come back at the same instant.

export interface Backoff {
    /** The wait after the first failure. */
    readonly baseMs: number;
    /** The longest wait, however many failures in a row. */
    readonly capMs: number;
}

export const RECEIVE_BACKOFF: Backoff = { baseMs: 1000, capMs: 30_000 };

/** The wait after `failures` failed receives in a row (1 or more); `random` is in [0, 1). */
export function backoffDelay(failures: number, backoff: Backoff = RECEIVE_BACKOFF, random: () => number = Math.random): number {
    const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(failures - 1, 30));
    return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
