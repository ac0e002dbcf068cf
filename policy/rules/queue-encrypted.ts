import { definePolicy } from "../registry";
import { TYPES } from "../stackModel";

export const queueEncrypted = definePolicy({
    name: "queue-encrypted",
    description: "Every SQS queue sets its encryption explicitly: sqsManagedSseEnabled: true, or kmsMasterKeyId for a "
        + "KMS key. Leaving it unset fails even though AWS may encrypt by default, because a reader of the program "
        + "cannot see it.",
    enforcementLevel: "mandatory",
    judges: [TYPES.queue],
    checks: "every queue sets `sqsManagedSseEnabled: true` or a `kmsMasterKeyId`; unset fails",
    rationale: "AWS may encrypt by default, but a reader of the program cannot see it",
    validateResource: (args, reportViolation) => {
        const kms = args.props.kmsMasterKeyId;
        if (args.props.sqsManagedSseEnabled !== true && (typeof kms !== "string" || kms === "")) {
            reportViolation(args.props.sqsManagedSseEnabled === false
                ? "the queue turns SQS-managed encryption off and names no KMS key."
                : "the queue does not set its encryption: set sqsManagedSseEnabled: true or kmsMasterKeyId.");
        }
    },
});
