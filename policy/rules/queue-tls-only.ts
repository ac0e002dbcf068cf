import { deniesInsecureTransport, ExemptionConfig, exemptionSchema, policiesOfQueue } from "../queues";
import { definePolicy } from "../registry";
import { ofType, statementsOf, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const queueTlsOnly = definePolicy({
    name: "queue-tls-only",
    description: "Every queue has a queue policy that denies sqs:* to everyone when aws:SecureTransport is false, on a "
        + "Resource that matches the queue's ARN, so no request reaches it without TLS. A queue has one policy: with "
        + "two resources writing it, each must deny. Add such a statement (the QueueApi component does).",
    enforcementLevel: "advisory",
    prodLevel: "mandatory",
    configSchema: exemptionSchema,
    judges: [TYPES.queue],
    checks: "every queue has a policy denying `sqs:*` to everyone when `aws:SecureTransport` is false, on a "
        + "`Resource` that matches the queue's ARN; with two resources writing the queue's one policy, each "
        + "must deny (configurable: `exemptQueues`)",
    rationale: "orders carry personal data",
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
});
