import { publicGrants } from "../queueAccess";
import { definePolicy } from "../registry";
import { parseQueueUrl, queueArnOfUrl, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const queueNotPublic = definePolicy({
    name: "queue-not-public",
    description: "A queue policy may not allow everyone (Principal *), another account or a service unless a condition narrows "
        + "it to a known source (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, a VPC endpoint…) with values that "
        + "leave someone out, or a Deny takes it away from everyone outside such a boundary. Narrow the principal or add "
        + "such a condition.",
    enforcementLevel: "mandatory",
    judges: [TYPES.queuePolicy, TYPES.queue],
    checks: "no queue policy allows `*`, another account or a service principal unless a condition narrows it to "
        + "a known source, account, organisation or network with values that leave someone out, or a `Deny` "
        + "takes the grant away from everyone outside such a boundary",
    rationale: "anyone could read or flood the queue",
    validateResource: (args, reportViolation) => {
        let policy: unknown;
        let owner: string | undefined;
        let queueArn: string | undefined;
        if (args.type === TYPES.queuePolicy) {
            policy = args.props.policy;
            owner = parseQueueUrl(args.props.queueUrl)?.accountId;
            queueArn = queueArnOfUrl(args.props.queueUrl);
        } else if (args.type === TYPES.queue) {
            policy = args.props.policy;
            // A queue's ARN and URL are outputs: known once it exists, unknown at its first preview.
            const unknowns = new Unknowns();
            const arn = unknowns.peek(() => args.props.arn);
            queueArn = typeof arn === "string" ? arn : undefined;
            owner = parseQueueUrl(unknowns.peek(() => args.props.url))?.accountId ?? /:(\d{12}):[^:]+$/.exec(queueArn ?? "")?.[1];
        }
        if (policy === undefined || policy === "") {
            return;
        }
        const problems = publicGrants(policy, owner, queueArn);
        if (problems.length > 0) {
            reportViolation(`${[...new Set(problems)].join("; ")}.`);
        }
    },
});
