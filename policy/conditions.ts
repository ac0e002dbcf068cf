// What a policy condition does, decided from its operator, key and values as IAM evaluates them:
// whether it narrows a grant to a known source, account, organisation or network (a condition
// narrows only if its values leave someone out), whether one entry holds for a request's values
// (the one reading of an entry, for concrete requests and a role's own alike), and whether a
// condition can ever hold for a given role's own requests.
import { AddressRange, coversAddressFamily, parseCidr } from "./cidr";
import { conditionTexts, matchesListed, POSITIVE_OPERATOR } from "./conditionValues";
import { hasWildcard } from "./globs";
import { RoleIdentity } from "./principals";

/** One operator/key pair of a Condition block, with its operator taken apart. */
export interface ConditionEntry {
    /** `foranyvalue`, `forallvalues` or none. */
    readonly set?: "foranyvalue" | "forallvalues";
    /** The operator in lower case without set prefix and IfExists: `stringequals`, `notipaddress`, `null`… */
    readonly base: string;
    readonly ifExists: boolean;
    /** A negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`…): true when the key is absent. */
    readonly negated: boolean;
    /** The key in lower case (condition keys are case-insensitive). */
    readonly key: string;
    readonly values: readonly unknown[];
}

const NEGATED = new Set(["stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals", "arnnotlike", "notipaddress",
    "numericnotequals", "datenotequals"]);
/** The positive operator a negated one is the complement of. */
const POSITIVE = POSITIVE_OPERATOR;

/** The entries of a Condition block; [] when it is absent or not an object. */
export function conditionEntries(condition: unknown): ConditionEntry[] {
    if (condition === null || typeof condition !== "object" || Array.isArray(condition)) {
        return [];
    }
    const entries: ConditionEntry[] = [];
    for (const [operator, byKey] of Object.entries(condition as Record<string, unknown>)) {
        if (byKey === null || typeof byKey !== "object" || Array.isArray(byKey)) {
            continue;
        }
        const match = /^(?:(foranyvalue|forallvalues):)?(.+?)(ifexists)?$/i.exec(operator);
        if (!match) {
            continue;
        }
        const base = match[2].toLowerCase();
        for (const [key, value] of Object.entries(byKey as Record<string, unknown>)) {
            entries.push({
                set: match[1]?.toLowerCase() as ConditionEntry["set"],
                base,
                ifExists: match[3] !== undefined && base !== "null",
                negated: NEGATED.has(base),
                key: key.toLowerCase(),
                values: ([] as unknown[]).concat(value),
            });
        }
    }
    return entries;
}

/** Does the statement have a condition at all? */
export function hasCondition(condition: unknown): boolean {
    return condition !== undefined && condition !== null && typeof condition === "object" && Object.keys(condition).length > 0;
}

// Keys that tie a request to a source, account, organisation or network, by the shape of their values.
const ACCOUNT_KEYS = new Set(["aws:sourceaccount", "aws:principalaccount", "aws:sourceowner", "aws:vpceaccount"]);
const ARN_KEYS = new Set(["aws:sourcearn", "aws:principalarn", "aws:sourcevpcarn"]);
const ORG_ID_KEYS = new Set(["aws:principalorgid", "aws:sourceorgid", "aws:vpceorgid"]);
/** Multi-valued: a principal's organisation paths, `o-id/r-root/ou-…/`. */
const ORG_PATH_KEYS = new Set(["aws:principalorgpaths", "aws:sourceorgpaths", "aws:vpceorgpaths"]);
const NETWORK_KEYS = new Set(["aws:sourcevpc", "aws:sourcevpce"]);
const IP_KEY = "aws:sourceip";

/** Operators that require the key to be present and to match. */
const LITERAL_OPERATORS = new Set(["stringequals", "stringequalsignorecase"]);
const PATTERN_OPERATORS = new Set(["stringlike", "arnequals", "arnlike"]);

export function isNarrowingKey(key: string): boolean {
    return ACCOUNT_KEYS.has(key) || ARN_KEYS.has(key) || ORG_ID_KEYS.has(key) || ORG_PATH_KEYS.has(key) || NETWORK_KEYS.has(key) || key === IP_KEY;
}

/**
 * Does one value of a positive operator on a narrowing key leave someone out? Anyone can create an
 * account, an organisation, a VPC endpoint or a resource of any name, so a value narrows only when
 * the account (or organisation, or network) it names is fixed: `arn:aws:sns:*:*:*`,
 * `arn:aws:iam::*:role/*`, `o-*` and `vpce-*` narrow nothing. StringEquals compares literally, so
 * its `*` is just a character; StringLike, ArnLike and ArnEquals read `*` and `?` as wildcards.
 */
function valueNarrows(key: string, operator: string, raw: unknown): boolean {
    const value = typeof raw === "number" ? String(raw) : raw;
    // A policy variable takes the requester's own value: it ties the grant to no one in particular.
    if (typeof value !== "string" || value === "" || value.includes("${")) {
        return false;
    }
    if (LITERAL_OPERATORS.has(operator)) {
        return true;
    }
    if (!PATTERN_OPERATORS.has(operator)) {
        return false;
    }
    if (ORG_PATH_KEYS.has(key)) {
        const org = value.split("/")[0];
        return org !== "" && !hasWildcard(org);
    }
    if (ARN_KEYS.has(key)) {
        return arnPatternNarrows(value);
    }
    return !hasWildcard(value);
}

/**
 * An ARN pattern narrows when its account is fixed. IAM matches ARNs component by component (six
 * colon-separated parts), so a wildcard in the region or the name leaves the account fixed. ARNs
 * without an account (S3 buckets) are fixed by their globally unique name.
 */
function arnPatternNarrows(pattern: string): boolean {
    const parts = pattern.split(":");
    if (parts.length < 6) {
        return !hasWildcard(pattern);
    }
    const account = parts[4];
    if (account === "") {
        const name = parts.slice(5).join(":").split(/[/:]/)[0];
        return name !== "" && !hasWildcard(name) && !hasWildcard(parts[2]);
    }
    return !hasWildcard(account);
}

/** Does an IpAddress condition leave addresses out, or do its ranges together cover every IPv4 or every IPv6 address? */
function ipRangesNarrow(values: readonly unknown[]): boolean {
    const ranges = values.map((v) => (typeof v === "string" ? parseCidr(v.trim()) : undefined));
    return ranges.length > 0 && ranges.every((r) => r !== undefined) && !coversAddressFamily(ranges as AddressRange[], 32)
        && !coversAddressFamily(ranges as AddressRange[], 128);
}

/** Does a positive condition entry narrow a grant to a known source, account, organisation or network? */
function entryNarrows(entry: ConditionEntry, all: readonly ConditionEntry[], base = entry.base): boolean {
    if (!isNarrowingKey(entry.key) || entry.values.length === 0) {
        return false;
    }
    if (entry.key === IP_KEY && base === "ipaddress") {
        return ipRangesNarrow(entry.values);
    }
    if (!LITERAL_OPERATORS.has(base) && !PATTERN_OPERATORS.has(base)) {
        return false;
    }
    // ForAllValues holds when the key is absent (a principal in no organisation has no org paths),
    // unless a Null check requires the key.
    if (entry.set === "forallvalues" && !requiresKey(entry.key, all)) {
        return false;
    }
    return entry.values.every((v) => valueNarrows(entry.key, base, v));
}

function requiresKey(key: string, all: readonly ConditionEntry[]): boolean {
    return all.some((e) => e.base === "null" && e.key === key && e.values.length > 0 && e.values.every((v) => String(v).toLowerCase() === "false"));
}

/**
 * Does a condition restrict an Allow to named sources, accounts, organisations or networks? The
 * entries of a condition all have to hold, so one narrowing entry narrows the grant. Negations,
 * `…IfExists` operators (true when the key is absent) and `Null` checks narrow nothing.
 */
export function isNarrowed(condition: unknown): boolean {
    const entries = conditionEntries(condition);
    return entries.some((entry) => !entry.negated && !entry.ifExists && entry.base !== "null" && entryNarrows(entry, entries));
}

/**
 * Does a Deny with this condition apply to everyone outside a known boundary? It does when every
 * entry is a negation of a narrowing test (`StringNotEquals aws:PrincipalOrgID o-…`): a negation
 * holds when the key is absent too, so the deny reaches everyone whose value is not named. With
 * several entries the deny needs them all, so each must be such a negation. On a multi-valued key,
 * only ForAllValues holds for an absent key (ForAnyValue would let principals without one through).
 */
export function denyConfinesToKnown(condition: unknown): boolean {
    const entries = conditionEntries(condition);
    return entries.length > 0 && entries.every((entry) => {
        const positive = POSITIVE[entry.base];
        if (!entry.negated || positive === undefined || entry.set === "foranyvalue") {
            return false;
        }
        if (ORG_PATH_KEYS.has(entry.key) && entry.set !== "forallvalues") {
            return false;
        }
        return entryNarrows({ ...entry, set: undefined }, entries, positive);
    });
}

// What a role's own requests carry. Keys set only when a service acts for a resource (the source
// keys) are absent from them; the principal keys hold the role's own values; others are unknown.
const ABSENT_FOR_ROLES = new Set(["aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
    "aws:principalservicename", "aws:principalservicenameslist"]);

function roleValue(key: string, role: RoleIdentity): string | null | undefined {
    if (ABSENT_FOR_ROLES.has(key)) {
        return null;
    }
    switch (key) {
        case "aws:principalarn": return role.arn;
        case "aws:principalaccount": return role.account;
        case "aws:principaltype": return "AssumedRole";
        case "aws:principalisawsservice": return "false";
        default: return undefined;
    }
}

/** A request's context keys, in lower case, each with its values (several for a multivalued key). */
export type ConditionContext = ReadonlyMap<string, readonly string[]>;

/** A policy variable (`${aws:PrincipalAccount}`) replaced by the request's value; undefined when the request has none. */
function substitute(text: string, context: ConditionContext): string | undefined {
    let missing = false;
    const result = text.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
        const value = context.get(key.toLowerCase());
        missing ||= value === undefined || value.length !== 1;
        return value?.[0] ?? "";
    });
    return missing ? undefined : result;
}

/**
 * Whether one operator/key pair holds for the request's values of its key (undefined or none: the
 * key is absent), as IAM evaluates it; undefined when it cannot be told (an operator on numbers,
 * dates or addresses, a policy variable the context has no value for). The one reading of a
 * condition entry: concrete requests (requests.ts) and a role's own requests (excludesRole) both use it.
 */
export function entryHoldsFor(entry: ConditionEntry, values: readonly string[] | undefined,
    context: ConditionContext = new Map()): boolean | undefined {
    const written = conditionTexts(entry.values);
    const listed = written?.map((text) => substitute(text, context));
    if (listed === undefined || listed.some((text) => text === undefined)) {
        return undefined;
    }
    const present = values !== undefined && values.length > 0;
    if (entry.base === "null") {
        return (listed as string[]).some((v) => v.toLowerCase() === (present ? "false" : "true"));
    }
    if (!present) {
        // ForAllValues holds over no values; ForAnyValue needs one; a negation or IfExists holds when the key is absent.
        return entry.set === "forallvalues" || (entry.set === undefined && (entry.ifExists || entry.negated));
    }
    const base = POSITIVE[entry.base] ?? entry.base;
    const each = values.map((value) => matchesListed(base, listed as string[], value));
    if (each.some((matched) => matched === undefined)) {
        return undefined;
    }
    const holds = (each as boolean[]).map((matched) => (entry.negated ? !matched : matched));
    if (entry.set === "forallvalues") {
        return holds.every(Boolean);
    }
    if (entry.set === "foranyvalue") {
        return holds.some(Boolean);
    }
    // A single-valued operator: a negation holds when no value matches, a positive one when one does.
    return entry.negated ? holds.every(Boolean) : holds.some(Boolean);
}

/**
 * Can this condition never hold for the role's own requests? It cannot when it needs a key those
 * requests never carry (`aws:SourceArn`, `aws:SourceAccount`: set only when a service acts for a
 * resource) or a principal value the role does not have (`aws:PrincipalArn` naming another role).
 * Anything that depends on the request (an IP, a tag, an organisation) may hold.
 */
export function excludesRole(condition: unknown, role: RoleIdentity): boolean {
    return conditionEntries(condition).some((entry) => {
        const value = roleValue(entry.key, role);
        return value !== undefined && entryHoldsFor(entry, value === null ? undefined : [value]) === false;
    });
}
