// Who may use a queue: no one outside the account, organisation or sources the policy names.
import { denyConfinesToKnown, hasCondition, isNarrowed } from "./conditions";
import { globCovers } from "./globs";
import { accountOfPrincipal, awsPrincipals, namesEveryone, servicePrincipals } from "./principals";
import { parseJsonDocument, statementsOf } from "./stackModel";

const strings = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).filter((v): v is string => typeof v === "string");

/** A statement's actions as patterns over SQS actions: `*` in a queue policy is every SQS action. */
function sqsActionPatterns(statement: Record<string, unknown>): string[] {
    return statement.NotAction !== undefined ? ["sqs:*"] : strings(statement.Action).map((a) => (a === "*" ? "sqs:*" : a.toLowerCase()));
}

/**
 * Does this Deny take away, from everyone outside a known boundary, all that `allow` grants? It
 * must name everyone, cover the allow's actions and resources, and apply to whoever its
 * condition's values leave out (`StringNotEquals aws:PrincipalOrgID o-…`).
 */
function confines(deny: Record<string, unknown>, allow: Record<string, unknown>, queueArn: string | undefined): boolean {
    if (deny.Effect !== "Deny" || deny.NotPrincipal !== undefined || !namesEveryone(deny.Principal) || deny.NotAction !== undefined
        || deny.NotResource !== undefined || !denyConfinesToKnown(deny.Condition)) {
        return false;
    }
    const denied = sqsActionPatterns(deny);
    if (!sqsActionPatterns(allow).every((a) => denied.some((d) => globCovers(d, a)))) {
        return false;
    }
    const deniedOn = deny.Resource === undefined ? ["*"] : strings(deny.Resource);
    const allowedOn = allow.NotResource !== undefined ? ["*"]
        : allow.Resource === undefined || strings(allow.Resource).includes("*") ? [queueArn ?? "*"] : strings(allow.Resource);
    return allowedOn.every((a) => deniedOn.some((d) => d === "*" || globCovers(d, a)));
}

/** What makes a queue policy public or cross-account; empty when nothing does. */
export function publicGrants(policy: unknown, ownerAccount: string | undefined, queueArn?: string): string[] {
    let parsed: unknown;
    try {
        parsed = parseJsonDocument(policy);
    } catch {
        return ["the queue policy is not valid JSON"];
    }
    if (parsed === null || typeof parsed !== "object") {
        return ["the queue policy is not a JSON object"];
    }
    const statements = statementsOf(parsed);
    const problems: string[] = [];
    for (const statement of statements) {
        if (statement.Effect !== "Allow" || isNarrowed(statement.Condition) || statements.some((d) => confines(d, statement, queueArn))) {
            continue;
        }
        const unnarrowed = hasCondition(statement.Condition) ? "under a condition that narrows nothing" : "without a condition on source or account";
        if (statement.NotPrincipal !== undefined) {
            problems.push("an Allow with NotPrincipal grants everyone else");
            continue;
        }
        const principal = statement.Principal;
        const resourceAccount = strings(statement.Resource).map((r) => /^arn:aws[a-z-]*:sqs:[^:]*:(\d{12}):/.exec(r)?.[1]).find((a) => a !== undefined);
        const owner = ownerAccount ?? resourceAccount;
        if (namesEveryone(principal)) {
            problems.push(`an Allow statement grants everyone (Principal *) ${unnarrowed}`);
        }
        for (const p of awsPrincipals(principal).filter((a) => !a.includes("*"))) {
            const account = accountOfPrincipal(p);
            // With the owner unknown, any account named may be another one.
            if (account && account !== owner) {
                problems.push(owner
                    ? `an Allow statement grants account ${account} ${unnarrowed}`
                    : `an Allow statement grants account ${account}, and the queue's own account cannot be told from the policy`);
            }
        }
        // A service acts for whichever account's resource calls it: only its source tells them apart.
        for (const service of servicePrincipals(principal)) {
            problems.push(`an Allow statement grants the service ${service} ${hasCondition(statement.Condition) ? "under a condition that narrows nothing"
                : "without a condition on its source"}, so ${service} acting for any account's resource may use the queue: `
                + "add aws:SourceArn or aws:SourceAccount");
        }
    }
    return problems;
}

