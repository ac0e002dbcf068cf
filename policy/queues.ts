// Queue hygiene: encrypted where the reader can see it, TLS only, and with somewhere for failed
// messages to go. (Who may use a queue is queueAccess.ts.)
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { conditionEntries } from "./conditions";
import { globCovers, globMatch } from "./globs";
import { queueByUrl } from "./identifiers";
import { integrationTargets } from "./integrations";
import { namesEveryone } from "./principals";
import { ofType, parseJsonDocument, StackIndex, statementsOf, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

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

/** The writers of a queue's policy: its own `policy` and every QueuePolicy on its URL. SQS keeps one. */
function policiesOfQueue(queue: PolicyResource, resources: readonly PolicyResource[], unknowns: Unknowns): { name: string; policy: unknown }[] {
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
function deniesInsecureTransport(statement: Record<string, unknown>, queueArn: string | undefined): boolean | undefined {
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

export const queueTlsOnly: StackValidationPolicy = {
    name: "queue-tls-only",
    description: "Every queue has a queue policy that denies sqs:* to everyone when aws:SecureTransport is false, on a "
        + "Resource that matches the queue's ARN, so no request reaches it without TLS. A queue has one policy: with "
        + "two resources writing it, each must deny. Add such a statement (the QueueApi component does).",
    enforcementLevel: "advisory",
    configSchema: exemptionSchema,
    validateStack: async (args, reportViolation) => {
        const { exemptQueues = [] } = args.getConfig<ExemptionConfig>();
        const unknowns = new Unknowns();
        for (const queue of ofType(args.resources, TYPES.queue)) {
            if (exemptQueues.includes(queue.name)) {
                continue;
            }
            await unknowns.guard(() => {
                // A queue policy whose queue is unknown may be this queue's: then nothing can be said.
                const reading = new Unknowns();
                const writers = policiesOfQueue(queue, args.resources, reading);
                const arn = reading.peek(() => queue.props.arn);
                const verdicts = writers.map((w) => {
                    const found = statementsOf(w.policy).map((s) => deniesInsecureTransport(s, typeof arn === "string" ? arn : undefined));
                    return found.includes(true) ? true : found.includes(undefined) ? undefined : false;
                });
                unknowns.absorb(reading);
                if (reading.any || verdicts.includes(undefined)) {
                    unknowns.peek(() => reading.rethrow());
                    return;
                }
                const protecting = verdicts.filter((v) => v).length;
                if (protecting === 0) {
                    const elsewhere = writers.some((w) => statementsOf(w.policy).some((s) => deniesInsecureTransport({ ...s, Resource: "*", NotResource: undefined }, undefined)));
                    reportViolation(elsewhere
                        ? `queue ${queue.name} accepts requests without TLS: its policy denies aws:SecureTransport false only on resources that are not its ARN ${String(arn)}.`
                        : `queue ${queue.name} accepts requests without TLS: no policy denies aws:SecureTransport false.`, queue.urn);
                } else if (protecting < writers.length) {
                    reportViolation(`queue ${queue.name} may accept requests without TLS: ${writers.map((w) => w.name).join(", ")} each set its one `
                        + "queue policy, and not all of them deny aws:SecureTransport false, so which one holds decides.", queue.urn);
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
        + "queue's dead-letter queue is exempt, unless an API integration writes to it: then it is a working queue.",
    enforcementLevel: "advisory",
    configSchema: exemptionSchema,
    validateStack: async (args, reportViolation) => {
        const { exemptQueues = [] } = args.getConfig<ExemptionConfig>();
        const queues = ofType(args.resources, TYPES.queue);
        const redrives = ofType(args.resources, TYPES.redrivePolicy);
        const unknowns = new Unknowns();
        /** Dead-letter queue ARN → the queues (or RedrivePolicy resources) that name it. */
        const targets = new Map<string, string[]>();
        let targetsComplete = true;
        for (const source of [...queues, ...redrives]) {
            const reading = new Unknowns();
            const target = deadLetterTarget(reading.peek(() => source.props.redrivePolicy));
            if (target) {
                targets.set(target, [...(targets.get(target) ?? []), source.name]);
            }
            if (reading.any) {
                targetsComplete = false;
                unknowns.peek(() => reading.rethrow());
            }
        }
        const written = integrationTargets(args.resources, unknowns);
        for (const queue of queues) {
            await unknowns.guard(() => {
                if (exemptQueues.includes(queue.name)) {
                    return;
                }
                const reading = new Unknowns();
                // A RedrivePolicy may spell the queue's URL another way (another SQS endpoint): it is the same queue's.
                const index = StackIndex.of(args.resources);
                const separate = index.ofType(TYPES.redrivePolicy)
                    .filter((r) => queueByUrl(index, reading.peek(() => r.props.queueUrl), reading) === queue)
                    .some((r) => deadLetterTarget(r.props.redrivePolicy));
                unknowns.absorb(reading);
                targetsComplete &&= !reading.any;
                if (deadLetterTarget(queue.props.redrivePolicy) || separate) {
                    return;
                }
                const arn = queue.props.arn;
                const feeders = targets.get(arn);
                const writtenTo = written.queues.has(queue) || written.arns.has(arn);
                // A dead-letter queue needs none of its own, but a queue the API writes to does, whoever names it
                // as their dead-letter queue. While an integration's queue is unknown, this may be it.
                // (integrationTargets noted the unknown value then.)
                if (feeders && !writtenTo) {
                    return;
                }
                // While some queue's redrive target is unknown, this queue may be that target.
                if (!targetsComplete) {
                    return;
                }
                reportViolation(feeders
                    ? `queue ${queue.name} has no dead-letter queue: ${feeders.join(", ")} name${feeders.length === 1 ? "s" : ""} it as their `
                        + "dead-letter queue, but an API integration writes to it, so it is a working queue and needs a redrivePolicy of its own."
                    : `queue ${queue.name} has no dead-letter queue: set a redrivePolicy with a deadLetterTargetArn.`, queue.urn);
            });
        }
        unknowns.rethrow();
    },
};
