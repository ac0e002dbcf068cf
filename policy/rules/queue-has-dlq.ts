import { queueByUrl } from "../identifiers";
import { integrationTargets } from "../integrations";
import { deadLetterTarget, ExemptionConfig, exemptionSchema } from "../queues";
import { definePolicy } from "../registry";
import { ofType, StackIndex, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const queueHasDlq = definePolicy({
    name: "queue-has-dlq",
    description: "Every queue sends messages that keep failing to a dead-letter queue (a redrive policy), so a poison "
        + "message neither blocks workers nor vanishes when its retention ends. A queue that is itself another "
        + "queue's dead-letter queue is exempt, unless an API integration writes to it: then it is a working queue.",
    enforcementLevel: "advisory",
    prodLevel: "mandatory",
    configSchema: exemptionSchema,
    judges: [TYPES.queue],
    checks: "every queue has a redrive policy; a queue that is another queue's dead-letter queue is exempt unless "
        + "an integration writes to it (configurable: `exemptQueues`)",
    rationale: "a poison message otherwise blocks workers or vanishes when its retention ends",
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
});
