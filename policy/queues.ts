// Queue hygiene: encrypted where the reader can see it, TLS only, and with somewhere for failed
// messages to go. (Who may use a queue is queueAccess.ts.)
import { PolicyResource } from "@pulumi/policy";

import { conditionEntries } from "./conditions";
import { globCovers, globMatch } from "./globs";
import { queueByUrl } from "./identifiers";
import { namesEveryone } from "./principals";
import { parseJsonDocument, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";


export interface ExemptionConfig {
    exemptQueues?: string[];
}

export const exemptionSchema = {
    properties: {
        exemptQueues: {
            type: "array" as const,
            items: { type: "string" as const },
            default: [],
            description: "Pulumi resource names of queues this policy does not apply to",
        },
    },
};

/** The writers of a queue's policy: its own `policy` and every QueuePolicy on its URL. SQS keeps one. */
export function policiesOfQueue(queue: PolicyResource, resources: readonly PolicyResource[], unknowns: Unknowns): { name: string; policy: unknown }[] {
    const own = unknowns.peek(() => queue.props.policy);
    const url = unknowns.peek(() => queue.props.url);
    // A QueuePolicy may spell the queue's URL another way (another SQS endpoint): it is the same queue's policy.
    const index = StackIndex.of(resources);
    const separate = index.ofType(TYPES.queuePolicy).filter((p) => queueByUrl(index, unknowns.peek(() => p.props.queueUrl), unknowns) === queue
        || (url !== undefined && unknowns.peek(() => p.props.queueUrl) === url))
        .map((p) => ({ name: p.name, policy: unknowns.peek(() => p.props.policy) }));
    return own ? [{ name: `${queue.name} (its policy)`, policy: own }, ...separate] : separate;
}

const list = (value: unknown): unknown[] => ([] as unknown[]).concat(value ?? []);

/**
 * Is this statement "deny every SQS action to everyone without TLS" on this queue, with no other
 * condition to weaken it? A deny protects only the resources it names: its Resource has to match
 * the queue's ARN (`*`, or no Resource, is the queue the policy is set on). Undefined when the
 * queue's ARN is needed and not known yet.
 */
export function deniesInsecureTransport(statement: Record<string, unknown>, queueArn: string | undefined): boolean | undefined {
    if (statement.Effect !== "Deny" || statement.NotPrincipal !== undefined || !namesEveryone(statement.Principal)) {
        return false;
    }
    const actions = list(statement.Action).filter((a): a is string => typeof a === "string").map((a) => a.toLowerCase());
    if (!actions.some((a) => globCovers(a, "sqs:*"))) {
        return false;
    }
    const entries = conditionEntries(statement.Condition);
    const onlyInsecureTransport = entries.length === 1 && entries[0].base === "bool" && entries[0].set === undefined
        && entries[0].key === "aws:securetransport" && entries[0].values.length > 0
        && entries[0].values.every((v) => String(v).toLowerCase() === "false");
    if (!onlyInsecureTransport) {
        return false;
    }
    const patterns = list(statement.NotResource ?? statement.Resource).filter((r): r is string => typeof r === "string");
    if (statement.NotResource === undefined && (statement.Resource === undefined || patterns.includes("*"))) {
        return true;
    }
    if (queueArn === undefined) {
        return undefined;
    }
    const named = patterns.some((p) => globMatch(p, queueArn));
    return statement.NotResource === undefined ? named : !named;
}


export function deadLetterTarget(redrivePolicy: unknown): string | undefined {
    try {
        const parsed = parseJsonDocument(redrivePolicy) as { deadLetterTargetArn?: unknown } | undefined;
        return typeof parsed?.deadLetterTargetArn === "string" ? parsed.deadLetterTargetArn : undefined;
    } catch {
        return undefined;
    }
}

