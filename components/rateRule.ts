// The created web ACL's limit per client IP, as data: its window, how its blocks are answered, and
// how high its limit must be for one caller to reach the stage's rate. WAF cannot verify a
// signature, so the rule cannot tell a signed server from anyone else behind one address; it is
// kept well above what the stage lets one caller send, and the stage's throttling stays the limit a
// caller meets first (429, retryable). Its own blocks are answered 429 too, with Retry-After and the
// API's error shape, while the managed rules' blocks keep WAF's 403 (WAF_FILTERED).
//
// WAF counts an address's requests across the whole web ACL, so across every route of the API,
// while the stage's throttling (its one `*/*` method setting) holds each method to its rate on its
// own: what one caller may send is the stage's rate times the routes.
import { AWS_FIGURES } from "./awsFigures";

/** The window WAF counts each address's requests over (its default; 60, 120, 300 and 600 are allowed). */
export const RATE_RULE_WINDOW_SECONDS = 300;

/**
 * How far above the stage's rate over the window the limit must be, at least. WAF counts
 * approximately and blocks every request of an address while it is over, so a caller at exactly
 * the stage's rate could be blocked; twice leaves room for that and for a burst.
 */
export const RATE_RULE_HEADROOM = 2;

/** Seconds a blocked address is told to wait: WAF re-counts well within a minute, and a caller over twice the stage's rate should slow down. */
export const RATE_RULE_RETRY_AFTER_SECONDS = 60;

/** The key of the custom body in the web ACL's customResponseBodies. */
export const RATE_LIMITED_BODY_KEY = "rate-limited";

/**
 * The body of the rate rule's 429: the API's error shape. WAF's custom bodies are static, so it
 * cannot carry the request id: it is null.
 */
export const RATE_LIMITED_BODY = JSON.stringify({
    error: "IP_RATE_LIMITED",
    message: `Too many requests from this address. Retry after ${RATE_RULE_RETRY_AFTER_SECONDS} seconds.`,
    requestId: null,
});

/** The rule's Block action: a custom 429 that takes precedence over API Gateway's WAF_FILTERED (403). */
export const RATE_RULE_BLOCK = {
    customResponse: {
        responseCode: 429,
        customResponseBodyKey: RATE_LIMITED_BODY_KEY,
        responseHeaders: [{ name: "Retry-After", value: String(RATE_RULE_RETRY_AFTER_SECONDS) }],
    },
};

/** Requests a second one caller may send across the API: the stage's rate on each of its routes. */
export function callerRatePerSecond(routes: number, stageRate: number): number {
    return routes * stageRate;
}

/**
 * The lowest limit per address that lets one caller send `callerRate` requests a second (across
 * every route), and the one this package advises and defaults to: each at most the largest WAF takes.
 */
export function perIpLimits(callerRate: number): { readonly reachable: number; readonly advised: number } {
    const { rateLimitMin, rateLimitMax } = AWS_FIGURES.quotas.waf;
    const within = (limit: number) => Math.min(rateLimitMax, Math.max(rateLimitMin, limit));
    const reachable = callerRate * RATE_RULE_WINDOW_SECONDS;
    return { reachable: within(reachable), advised: within(reachable * RATE_RULE_HEADROOM) };
}
