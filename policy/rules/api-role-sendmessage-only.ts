import { apiRoles, CALLER_CREDENTIALS, describeExcess, drainingQueues, judgeKms, KMS_ACTIONS, QUEUE_KEYS_CONFIG, ResolvedRole, resolveRole, SEND_MESSAGE } from "../apiRole";
import { TYPES } from "../awsTypes";
import { reportedUrn } from "../bodyResources";
import { loadIamCatalogue } from "../catalogue";
import { Allowance, allows, permissionsBeyond, PolicyDocumentError } from "../iam";
import { keysOfQueues } from "../identifiers";
import { sqsIntegrations } from "../integrations";
import { definePolicy } from "../registry";
import { Unknowns } from "../unknowns";

export const apiRoleSendMessageOnly = definePolicy({
    name: "api-role-sendmessage-only",
    description: "The role an API Gateway integration (REST, or HTTP API subtype SQS-*) uses to write to SQS may allow "
        + "sqs:SendMessage on exactly the queues its integrations target and the queues of its component's retired routes, "
        + "until they are removed (plus kms:GenerateDataKey and kms:Decrypt on their customer-managed keys) and nothing else, counting its own policies (by its name or ARN in any case), "
        + "resource policies that name it and roles that trust it. Remove the extra actions or resources the violation "
        + "names, and attach no policy whose document is not in the stack.",
    enforcementLevel: "mandatory",
    configSchema: QUEUE_KEYS_CONFIG,
    judges: [TYPES.role, TYPES.integration, TYPES.httpIntegration, TYPES.restApi, TYPES.httpApi, TYPES.restApiPut],
    checks: "the role an SQS integration uses as `credentials` (REST) or `credentialsArn` (HTTP API, subtype "
        + "`SQS-*`) allows `sqs:SendMessage` on exactly the queues its integrations target and the queues of "
        + "its component's retired routes (tagged `queue-load-leveling:retired-route`, granted until the route "
        + "is removed) (plus `kms:GenerateDataKey`/`kms:Decrypt` on their customer-managed keys) and nothing "
        + "else, wherever the grant is written: its own policies by its name or ARN in any case (`RolePolicy`, "
        + "`Policy` + `RolePolicyAttachment`, `PolicyAttachment`, `inlinePolicies`, `managedPolicyArns`, "
        + "exclusive attachments), within its permissions boundary; resource policies that name it (queue, key, "
        + "bucket, topic, secret and other resource policies, Lambda permissions, KMS grants); roles whose "
        + "trust policy lets it assume them. A policy attached by ARN whose document is not in the stack (any "
        + "AWS-managed policy) fails: it cannot be read. It also fails when the role cannot send to its queue, "
        + "or when an integration names no queue the pack can read",
    rationale: "a public endpoint writes with this role: it must not read, delete or purge orders",
    validateStack: async (args, reportViolation) => {
        const catalogue = await loadIamCatalogue();
        const { queueKeys = {} } = args.getConfig<{ queueKeys?: Record<string, string> }>();
        const unknowns = new Unknowns();
        for (const integration of sqsIntegrations(args.resources, unknowns).filter((i) => i.unresolvedCredentials)) {
            reportViolation(`integration ${integration.resource.name} writes to SQS with credentials that cannot be resolved offline `
                + `(${integration.unresolvedCredentials}), so what they allow cannot be checked.`, reportedUrn(integration.resource));
        }
        for (const api of apiRoles(args.resources, unknowns)) {
            const subject = `role ${api.arn} (credentials of ${api.integrations.join(", ")})`;
            if (!api.role) {
                if (!unknowns.any) {
                    reportViolation(CALLER_CREDENTIALS.test(api.arn)
                        ? `${subject} passes each caller's own credentials to SQS: what callers may do there is decided by their own IAM `
                            + "policies, which the pack cannot see, so it cannot be checked. Give the integration a role of this stack."
                        : `${subject} is not in this stack, so what it allows cannot be checked.`);
                }
                continue;
            }
            let resolved: ResolvedRole;
            try {
                resolved = resolveRole(api.role, api.identity, args.resources, catalogue, unknowns);
            } catch (err) {
                if (err instanceof PolicyDocumentError) {
                    reportViolation(`${subject}: a policy document cannot be read: ${err.message}`, api.role.urn);
                    continue;
                }
                throw err;
            }
            const { permissions, boundary } = resolved;
            const problems = [...resolved.unreadable];
            problems.push(...api.unnamedQueues.map((why) => `is used by an integration that names no queue the pack can read (${why})`));
            problems.push(...api.unresolvedQueues.map((why) => `is used by an integration whose queue cannot be resolved offline (${why}), so where it `
                + "may send is not judged"));
            const granted = [...api.queueArns, ...drainingQueues(api.role, args.resources).filter((arn) => !api.queueArns.includes(arn))];
            const keys = keysOfQueues(granted, args.resources, unknowns, queueKeys);
            const allowances: Allowance[] = [
                { action: SEND_MESSAGE, resources: granted },
                ...KMS_ACTIONS.map((action) => ({ action, resources: keys.arns })),
            ];
            // A queue that cannot be resolved is said once above, not guessed: the grants it would decide are left out.
            const unjudged = new Set(api.unresolvedQueues.length > 0 ? [SEND_MESSAGE, ...KMS_ACTIONS] : []);
            const kms = judgeKms(permissionsBeyond(permissions, allowances).filter((e) => !unjudged.has(e.action)), keys);
            problems.push(...kms.problems);
            const excess = kms.excess;
            if (excess.length > 0) {
                problems.push(`allows more than it needs: ${describeExcess(excess)}`);
            }
            for (const queueArn of resolved.partlyUnknown ? [] : api.queueArns) {
                if (!allows(permissions, SEND_MESSAGE, queueArn)) {
                    problems.push(`does not allow ${SEND_MESSAGE} on ${queueArn}, so every request to it would fail`);
                }
            }
            problems.push(...resolved.assumable);
            if (excess.length > 0 && boundary && "unreadable" in boundary) {
                problems.push(`its permissions boundary ${boundary.unreadable} is not in the stack, so what it caps cannot be read`);
            }
            if (problems.length > 0 && permissions.unknownActions.length > 0) {
                problems.push(`names actions that do not exist in IAM: ${permissions.unknownActions.join(", ")}`);
            }
            if (problems.length > 0) {
                reportViolation(`${subject} ${problems.join("; ")}.`, api.role.urn);
            }
        }
        unknowns.rethrow();
    },
});
