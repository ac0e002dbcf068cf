// The two kinds of limit API Gateway applies to requests: a token bucket (the stage's throttling,
// and each usage plan's for its key) and a quota per calendar period (each usage plan's). Both
// are kept in memory: a restart of the local API starts them afresh.

/** A token bucket: `burst` requests at once, refilled at `rate` a second. */
export class TokenBucket {
    private tokens: number;
    private last: number;
    constructor(private readonly rate: number, private readonly burst: number, now: number) {
        this.tokens = burst;
        this.last = now;
    }

    /** Takes a token for a request at `now` (milliseconds); false when there is none. */
    take(now: number): boolean {
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens < 1) {
            return false;
        }
        this.tokens -= 1;
        return true;
    }
}

export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";

/**
 * When the calendar period holding `now` began, in UTC: the day, the week from Monday, the month.
 * AWS does not document where its periods begin; these are the plain calendar ones.
 */
export function periodStart(period: QuotaPeriod, now: number): number {
    const date = new Date(now);
    const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    switch (period) {
        case "DAY":
            return day;
        case "WEEK":
            return day - ((date.getUTCDay() + 6) % 7) * 86_400_000;
        case "MONTH":
            return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    }
}

/** At most `limit` requests in each calendar period. */
export class Quota {
    private start = Number.NEGATIVE_INFINITY;
    private used = 0;
    constructor(private readonly limit: number, private readonly period: QuotaPeriod) {}

    /** Counts a request at `now` (milliseconds); false when the period's requests are used up. */
    take(now: number): boolean {
        const start = periodStart(this.period, now);
        if (start !== this.start) {
            this.start = start;
            this.used = 0;
        }
        if (this.used >= this.limit) {
            return false;
        }
        this.used += 1;
        return true;
    }
}
