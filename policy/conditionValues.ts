// How one value of a request is compared with the values a condition operator lists, as IAM compares
// them: string operators literally or with `*` and `?`, ARN operators component by component, Bool
// on the text `true` or `false`. Shared by the judgement of a role's own requests (conditions.ts)
// and the evaluation of concrete requests (requests.ts).
import { globMatch } from "./globs";

/** The positive form of each negated operator this file compares. */
export const POSITIVE_OPERATOR: Readonly<Record<string, string>> = {
    stringnotequals: "stringequals", stringnotequalsignorecase: "stringequalsignorecase", stringnotlike: "stringlike",
    arnnotequals: "arnequals", arnnotlike: "arnlike", notipaddress: "ipaddress",
};

/** IAM's ARN comparison: six colon-separated components, each matched on its own (the last one takes the rest). */
export function arnMatch(pattern: string, arn: string): boolean {
    const split = (text: string) => {
        const parts = text.split(":");
        return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
    };
    const [p, a] = [split(pattern), split(arn)];
    return p.length === a.length && p.every((part, i) => globMatch(part, a[i]));
}

/** A condition's listed values as text, or undefined when one is not a plain value (an object, a list). */
export function conditionTexts(values: readonly unknown[]): string[] | undefined {
    const texts = values.map((v) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined));
    return texts.some((v) => v === undefined) ? undefined : texts as string[];
}

/**
 * Does `value` match one of `listed` under the positive operator `base` (`stringequals`,
 * `stringlike`, `arnlike`, `bool`, …)? Undefined for an operator this file does not compare
 * (numbers, dates, addresses).
 */
export function matchesListed(base: string, listed: readonly string[], value: string): boolean | undefined {
    switch (base) {
        case "stringequals": return listed.includes(value);
        case "stringequalsignorecase": return listed.some((v) => v.toLowerCase() === value.toLowerCase());
        case "stringlike": return listed.some((v) => globMatch(v, value));
        case "arnequals":
        case "arnlike": return listed.some((v) => arnMatch(v, value));
        case "bool": return listed.some((v) => v.toLowerCase() === value.toLowerCase());
        default: return undefined;
    }
}
