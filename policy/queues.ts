// Queue hygiene: private, encrypted where the reader can see it, TLS only, and with somewhere for
// failed messages to go.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { ofType, parseJsonDocument, parseQueueUrl, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** Condition keys that tie a grant to a known source, account, organisation or network. */
const NARROWING_KEYS = [
    "aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
    "aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths",
    "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip",
];

function isNarrowed(condition: unknown): boolean {
    if (condition === null || typeof condition !== "object") {
        return false;
    }
    return Object.values(condition as Record<string, unknown>).some((byKey) =>
        byKey !== null && typeof byKey === "object"
        && Object.keys(byKey).some((key) => NARROWING_KEYS.includes(key.toLowerCase())));
}

function accountOf(principal: string): string | undefined {
    return /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];
}

/** What makes a queue policy public or cross-account; empty when nothing does. */
export function publicGrants(policy: unknown, ownerAccount: string | undefined): string[] {
    let document: { Statement?: unknown };
    try {
        document = parseJsonDocument(policy) as { Statement?: unknown };
    } catch {
        return ["the queue policy is not valid JSON"];
    }
    const problems: string[] = [];
    for (const statement of ([] as Record<string, unknown>[]).concat((document?.Statement ?? []) as Record<string, unknown>[])) {
        if (statement.Effect !== "Allow" || isNarrowed(statement.Condition)) {
            continue;
        }
        if (statement.NotPrincipal !== undefined) {
            problems.push("an Allow with NotPrincipal grants everyone else");
            continue;
        }
        const principal = statement.Principal;
        const aws = principal !== null && typeof principal === "object" ? (principal as Record<string, unknown>).AWS : undefined;
        const awsPrincipals = ([] as unknown[]).concat(aws ?? []).filter((p): p is string => typeof p === "string");
        const resourceAccount = ([] as unknown[]).concat(statement.Resource ?? [])
            .map((r) => (typeof r === "string" ? /^arn:aws[a-z-]*:sqs:[^:]*:(\d{12}):/.exec(r)?.[1] : undefined))
            .find((a) => a !== undefined);
        const owner = ownerAccount ?? resourceAccount;
        if (principal === "*" || awsPrincipals.includes("*")) {
            problems.push("an Allow statement grants everyone (Principal *) without a condition on source or account");
        }
        for (const p of awsPrincipals) {
            const account = accountOf(p);
            if (account && owner && account !== owner) {
                problems.push(`an Allow statement grants account ${account} without a condition on source or account`);
            }
        }
    }
    return problems;
}

export const queueNotPublic: ResourceValidationPolicy = {
    name: "queue-not-public",
    description: "A queue policy may not allow everyone (Principal *) or another account unless a condition narrows it "
        + "to a known source (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, a VPC endpoint…). Narrow the "
        + "principal or add such a condition.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        let policy: unknown;
        let owner: string | undefined;
        if (args.type === TYPES.queuePolicy) {
            policy = args.props.policy;
            owner = parseQueueUrl(args.props.queueUrl)?.accountId;
        } else if (args.type === TYPES.queue) {
            policy = args.props.policy;
        }
        if (policy === undefined || policy === "") {
            return;
        }
        const problems = publicGrants(policy, owner);
        if (problems.length > 0) {
            reportViolation(`${[...new Set(problems)].join("; ")}.`);
        }
    },
};

export const queueEncrypted: ResourceValidationPolicy = {
    name: "queue-encrypted",
    description: "Every SQS queue sets its encryption explicitly: sqsManagedSseEnabled: true, or kmsMasterKeyId for a "
        + "KMS key. Leaving it unset fails even though AWS may encrypt by default, because a reader of the program "
        + "cannot see it.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.queue) {
            return;
        }
        const kms = args.props.kmsMasterKeyId;
        if (args.props.sqsManagedSseEnabled !== true && (typeof kms !== "string" || kms === "")) {
            reportViolation(args.props.sqsManagedSseEnabled === false
                ? "the queue turns SQS-managed encryption off and names no KMS key."
                : "the queue does not set its encryption: set sqsManagedSseEnabled: true or kmsMasterKeyId.");
        }
    },
};

interface ExemptionConfig {
    exemptQueues?: string[];
}

const exemptionSchema = {
    properties: {
        exemptQueues: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Pulumi resource names of queues this policy does not apply to",
        },
    },
};

/** Queue policies (inline and separate) that apply to a queue. */
function policiesOfQueue(queue: PolicyResource, resources: readonly PolicyResource[]): unknown[] {
    const separate = ofType(resources, TYPES.queuePolicy).filter((p) => p.props.queueUrl === queue.props.url).map((p) => p.props.policy);
    return queue.props.policy ? [queue.props.policy, ...separate] : separate;
}

function deniesInsecureTransport(policy: unknown): boolean {
    let document: { Statement?: unknown };
    try {
        document = parseJsonDocument(policy) as { Statement?: unknown };
    } catch {
        return false;
    }
    return ([] as Record<string, any>[]).concat((document?.Statement ?? []) as Record<string, any>[]).some((s) => {
        const actions = ([] as unknown[]).concat(s.Action ?? []).map((a) => String(a).toLowerCase());
        const principal = s.Principal === "*" || (s.Principal?.AWS === "*");
        const secure = Object.entries(s.Condition?.Bool ?? {}).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && String(v) === "false");
        return s.Effect === "Deny" && principal && secure && (actions.includes("sqs:*") || actions.includes("*"));
    });
}

export const queueTlsOnly: StackValidationPolicy = {
    name: "queue-tls-only",
    description: "Every queue has a queue policy that denies sqs:* to everyone when aws:SecureTransport is false, so "
        + "no request reaches it without TLS. Add such a statement (the QueueApi component does).",
    enforcementLevel: "advisory",
    configSchema: exemptionSchema,
    validateStack: async (args, reportViolation) => {
        const { exemptQueues = [] } = args.getConfig<ExemptionConfig>();
        const unknowns = new Unknowns();
        for (const queue of ofType(args.resources, TYPES.queue)) {
            await unknowns.guard(() => {
                if (!exemptQueues.includes(queue.name) && !policiesOfQueue(queue, args.resources).some(deniesInsecureTransport)) {
                    reportViolation(`queue ${queue.name} accepts requests without TLS: no policy denies aws:SecureTransport false.`, queue.urn);
                }
            });
        }
        unknowns.rethrow();
    },
};

function deadLetterTarget(redrivePolicy: unknown): string | undefined {
    try {
        const parsed = parseJsonDocument(redrivePolicy) as { deadLetterTargetArn?: unknown } | undefined;
        return typeof parsed?.deadLetterTargetArn === "string" ? parsed.deadLetterTargetArn : undefined;
    } catch {
        return undefined;
    }
}

export const queueHasDlq: StackValidationPolicy = {
    name: "queue-has-dlq",
    description: "Every queue sends messages that keep failing to a dead-letter queue (a redrive policy), so a poison "
        + "message neither blocks workers nor vanishes when its retention ends. A queue that is itself another "
        + "queue's dead-letter queue is exempt.",
    enforcementLevel: "advisory",
    configSchema: exemptionSchema,
    validateStack: async (args, reportViolation) => {
        const { exemptQueues = [] } = args.getConfig<ExemptionConfig>();
        const queues = ofType(args.resources, TYPES.queue);
        const redrives = ofType(args.resources, TYPES.redrivePolicy);
        const unknowns = new Unknowns();
        const targets = new Set<string>();
        for (const source of [...queues, ...redrives]) {
            await unknowns.guard(() => {
                const target = deadLetterTarget(source.props.redrivePolicy);
                if (target) {
                    targets.add(target);
                }
            });
        }
        for (const queue of queues) {
            await unknowns.guard(() => {
                if (exemptQueues.includes(queue.name) || targets.has(queue.props.arn)) {
                    return;
                }
                const separate = redrives.some((r) => r.props.queueUrl === queue.props.url && deadLetterTarget(r.props.redrivePolicy));
                if (!deadLetterTarget(queue.props.redrivePolicy) && !separate) {
                    reportViolation(`queue ${queue.name} has no dead-letter queue: set a redrivePolicy with a deadLetterTargetArn.`, queue.urn);
                }
            });
        }
        unknowns.rethrow();
    },
};
