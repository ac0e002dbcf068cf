// Queue hygiene: encrypted where the reader can see it, TLS only, and with somewhere for failed
// messages to go. (Who may use a queue is queueAccess.ts.)
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

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

/** Queue policies (inline and separate) that apply to a queue. */
function policiesOfQueue(queue: PolicyResource, resources: readonly PolicyResource[], unknowns: Unknowns): unknown[] {
    const separate = StackIndex.of(resources).find(TYPES.queuePolicy, "queueUrl", queue.props.url, unknowns).map((p) => p.props.policy);
    return queue.props.policy ? [queue.props.policy, ...separate] : separate;
}

/** Is this statement "deny everything to everyone without TLS", with no other condition to weaken it? */
function deniesInsecureTransport(statement: Record<string, any>): boolean {
    const actions = ([] as unknown[]).concat(statement.Action ?? []).map((a) => String(a).toLowerCase());
    const everyone = statement.Principal === "*" || ([] as unknown[]).concat(statement.Principal?.AWS ?? []).includes("*");
    const condition = statement.Condition ?? {};
    const onlySecureTransport = Object.keys(condition).length === 1 && Object.keys(condition.Bool ?? {}).length === 1
        && Object.entries(condition.Bool).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && String(v) === "false");
    return statement.Effect === "Deny" && everyone && onlySecureTransport && (actions.includes("sqs:*") || actions.includes("*"));
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
                // A queue policy whose queue is unknown may be this queue's: then nothing can be said.
                const reading = new Unknowns();
                const policies = policiesOfQueue(queue, args.resources, reading);
                unknowns.absorb(reading);
                if (!exemptQueues.includes(queue.name) && !reading.any
                    && !policies.some((policy) => statementsOf(policy).some(deniesInsecureTransport))) {
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
        let targetsComplete = true;
        for (const source of [...queues, ...redrives]) {
            const reading = new Unknowns();
            const target = deadLetterTarget(reading.peek(() => source.props.redrivePolicy));
            if (target) {
                targets.add(target);
            }
            if (reading.any) {
                targetsComplete = false;
                unknowns.peek(() => reading.rethrow());
            }
        }
        for (const queue of queues) {
            await unknowns.guard(() => {
                if (exemptQueues.includes(queue.name) || targets.has(queue.props.arn)) {
                    return;
                }
                const reading = new Unknowns();
                const separate = StackIndex.of(args.resources).find(TYPES.redrivePolicy, "queueUrl", queue.props.url, reading)
                    .some((r) => deadLetterTarget(r.props.redrivePolicy));
                unknowns.absorb(reading);
                targetsComplete &&= !reading.any;
                // While some queue's redrive target is unknown, this queue may be that target.
                if (!deadLetterTarget(queue.props.redrivePolicy) && !separate && targetsComplete) {
                    reportViolation(`queue ${queue.name} has no dead-letter queue: set a redrivePolicy with a deadLetterTargetArn.`, queue.urn);
                }
            });
        }
        unknowns.rethrow();
    },
};
