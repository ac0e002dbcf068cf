// The record a certification run leaves: the product's version, where and when it ran, each check
// with its outcome, and for each line of docs/aws-assumptions.md the checks that exercised it. A run
// against a stack deployed in an AWS account is how a line comes to be "seen on AWS"
// (docs/aws-assumptions.md says how a record fills that column).
import { Check } from "./conformanceSuite";

/** The lines of docs/aws-assumptions.md each check exercises, by the check's name. */
export const CHECK_REGISTER_LINES: Readonly<Record<string, readonly string[]>> = {
    "202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes": ["1", "2", "3", "4", "9", "159"],
    "400: a body the route's schema refuses": ["5", "6"],
    "400: a request without the header the FIFO group comes from": ["5", "6", "13"],
    "413: a body over the queue's maxMessageSize": ["10", "11", "12"],
    "413: a body over API Gateway's 10 MB": ["5", "6"],
    "415: a media type the route does not take": ["21", "132"],
    "403: an unsigned request to an AWS_IAM route": ["5", "21"],
    "FIFO: a retry with the same key in the same group is dropped, by the queue or by its worker (same key and caller); another group keeps its own": ["13", "79"],
    "410: a retired route answers Gone in the API's JSON shape": ["10", "62"],
    "403: an unknown path, in the API's JSON shape": ["5", "21"],
    "429: a burst above the stage's throttling, in the API's JSON shape": ["20", "28"],
    "204: the CORS preflight names each allowed origin and allows the route's method and headers, and names no other origin": ["38", "48", "62"],
    "CORS: the 202 names the caller's allowed origin": ["46", "60", "61"],
    "CORS: an integration error (413 over the queue's maxMessageSize) names it too": ["46", "60", "61"],
    "403: a request without an API key, and one with a key of no usage plan, in the API's JSON shape": ["45", "56"],
    "401: a request without the authorizer's identity sources, in the API's JSON shape": ["58"],
    "CORS: a gateway response (403 for an unknown path) names the caller's allowed origin": ["47", "59"],
    "429: a burst above a client's usage plan throttling, in the API's JSON shape": ["57"],
    "202: each media type the route takes besides JSON arrives byte for byte, with its contentType attribute": ["1", "132"],
    "400: a body holding a character SQS does not take (a NUL) is refused as InvalidMessage, in the API's JSON shape": ["2", "11", "176"],
    "202: a batch's orders arrive each as its own message, in order, with its key: the body is API Gateway's serialisation of the order": ["134", "135", "136"],
    "400: an empty batch, one over its maxEntries and one with an order without its key, in the API's JSON shape": ["5", "6", "132"],
    // The certification workflow's own checks, with the Pulumi CLI, after the suite.
    "no changes right after the deploy (pulumi preview --expect-no-changes)": ["8", "8a", "157", "158"],
    "no drift in AWS (pulumi refresh --expect-no-changes)": ["8b", "157", "158"],
};

export interface RecordedCheck {
    readonly route: string;
    readonly check: string;
    readonly outcome: "passed" | "failed" | "not applicable";
    readonly detail?: string;
    readonly register: readonly string[];
}

export interface RegisterLine {
    readonly line: string;
    /** Passed when every check that exercised it passed, failed when one failed. */
    readonly outcome: "passed" | "failed";
    readonly checks: readonly string[];
    /** What the line's "seen on AWS" column then says. */
    readonly seenOnAws: string;
}

export interface CertificationRecord {
    readonly product: string;
    readonly version: string;
    readonly stack: string;
    readonly region: string;
    /** When the run ended, in ISO 8601. */
    readonly date: string;
    readonly checks: readonly RecordedCheck[];
    readonly register: readonly RegisterLine[];
}

const OUTCOME = { pass: "passed", fail: "failed", skip: "not applicable" } as const;

/** A check as a record lists it. */
export function recordedCheck(check: Check): RecordedCheck {
    return {
        route: check.route,
        check: check.name,
        outcome: OUTCOME[check.outcome],
        ...(check.detail ? { detail: check.detail } : {}),
        register: CHECK_REGISTER_LINES[check.name] ?? [],
    };
}

/** The record of a run: its checks, and the register's lines they exercised, in the register's order. */
export function certificationRecord(run: Omit<CertificationRecord, "register">): CertificationRecord {
    const byLine = new Map<string, RecordedCheck[]>();
    for (const check of run.checks.filter((c) => c.outcome !== "not applicable")) {
        for (const line of check.register) {
            byLine.set(line, [...byLine.get(line) ?? [], check]);
        }
    }
    const order = (line: string) => Number.parseFloat(line) + (/[a-z]$/.test(line) ? line.charCodeAt(line.length - 1) / 1000 : 0);
    const register = [...byLine.entries()].sort(([a], [b]) => order(a) - order(b)).map(([line, checks]): RegisterLine => {
        const failed = checks.some((c) => c.outcome === "failed");
        return {
            line,
            outcome: failed ? "failed" : "passed",
            checks: checks.map((c) => `${c.route}: ${c.check}`),
            seenOnAws: failed ? `no: failed in ${run.region} on ${run.date.slice(0, 10)} (${run.version})`
                : `yes: ${run.version}, ${run.region}, ${run.date.slice(0, 10)}`,
        };
    });
    return { ...run, register };
}
