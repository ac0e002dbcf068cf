import { DEFAULT_API_COMPONENT_TYPES, DEFAULT_CONSUMER_COMPONENT_TYPES, insideComponent, KMS_ACTIONS, KMS_KEY_ARN, SEND_MESSAGE, SQS_QUEUE_ARN } from "../apiRole";
import { loadIamCatalogue } from "../catalogue";
import { globMatch, hasWildcard } from "../globs";
import { effectivePermissions, PolicyDocumentError } from "../iam";
import { definePolicy } from "../registry";
import { TYPES } from "../stackModel";

export const apiRolePolicyDocument = definePolicy({
    name: "api-role-policy-document",
    description: "An IAM policy inside an API-to-SQS component (and not inside one of its consumers) may allow only "
        + "sqs:SendMessage on named queues and kms:GenerateDataKey/kms:Decrypt on named keys: no other action, no "
        + "wildcard resource. Checked on the document alone, so it stops a change at preview whenever the document is known then.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            componentTypes: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_API_COMPONENT_TYPES,
                description: "Component types whose IAM policies are API integration policies",
            },
            consumerComponentTypes: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_CONSUMER_COMPONENT_TYPES,
                description: "Component types, inside those, whose IAM policies are a consumer's and not the API's",
            },
        },
    },
    judges: [TYPES.policy, TYPES.rolePolicy],
    checks: "an IAM policy inside a `QueueApi` component (configurable: `componentTypes`) allows only "
        + "`sqs:SendMessage` on named queues and KMS use on named keys",
    rationale: "the same check on the document alone, so a pull request is stopped at preview whenever the document "
        + "is known then",
    validateResource: async (args, reportViolation) => {
        const { componentTypes = DEFAULT_API_COMPONENT_TYPES, consumerComponentTypes = DEFAULT_CONSUMER_COMPONENT_TYPES } =
            args.getConfig<{ componentTypes?: string[]; consumerComponentTypes?: string[] }>();
        if (!insideComponent(args.urn, componentTypes) || insideComponent(args.urn, consumerComponentTypes)) {
            return;
        }
        let permissions;
        try {
            permissions = effectivePermissions([args.props.policy], await loadIamCatalogue());
        } catch (err) {
            if (err instanceof PolicyDocumentError) {
                reportViolation(`the policy document cannot be read: ${err.message}`);
                return;
            }
            throw err;
        }
        const problems: string[] = [];
        for (const [action, scopes] of permissions.allowed) {
            const pattern = action === SEND_MESSAGE ? SQS_QUEUE_ARN
                : (KMS_ACTIONS as readonly string[]).includes(action) ? KMS_KEY_ARN : undefined;
            const wide = scopes.filter((s) => !pattern || s.except.length > 0 || hasWildcard(s.pattern) || !globMatch(pattern, s.pattern));
            if (wide.length > 0) {
                problems.push(`${action} on ${wide.map((s) => s.pattern).join(", ")}`);
            }
        }
        if (problems.length > 0) {
            reportViolation(`this API integration policy allows more than sqs:SendMessage on named queues: ${problems.sort().join("; ")}.`);
        }
    },
});
