import { describeExcess, judgeKms, ResolvedRole, resolveRole } from "../apiRole";
import { TYPES } from "../awsTypes";
import { loadIamCatalogue } from "../catalogue";
import { CONSUMER_CONFIG, CONSUMER_QUEUE_ACTIONS, CONSUMER_REQUIRED_ACTIONS, consumerRoles, IDEMPOTENCY_STORE_ACTIONS, idempotencyTables, LOG_WRITING_ACTIONS } from "../consumers";
import { Allowance, allows, permissionsBeyond, PolicyDocumentError } from "../iam";
import { keysOfQueues } from "../identifiers";
import { definePolicy } from "../registry";
import { identityOfRole } from "../roleDocuments";
import { Unknowns } from "../unknowns";

export const consumerRoleLeastPrivilege = definePolicy({
    name: "consumer-role-least-privilege",
    description: "The role of a Lambda function that an event source mapping feeds from SQS must allow sqs:ReceiveMessage, "
        + "sqs:DeleteMessage and sqs:GetQueueAttributes on the queues its mappings read, and may allow those and "
        + "sqs:ChangeMessageVisibility on exactly those queues (plus kms:Decrypt on their customer-managed keys), log "
        + "writing, and GetItem, PutItem, UpdateItem and DeleteItem on its idempotency store (a DynamoDB table of the stack "
        + "that idempotencyTables lists or its function names in its IDEMPOTENCY_TABLE environment variable), nothing else: never "
        + "sqs:SendMessage, never another queue, never another table. Counts its own policies, resource policies "
        + "that name it and roles that trust it, as for the API's role. Remove the extra actions or resources the violation names.",
    enforcementLevel: "advisory",
    prodLevel: "mandatory",
    configSchema: CONSUMER_CONFIG,
    judges: [TYPES.role],
    checks: "the role of a Lambda function that an event source mapping feeds from SQS allows "
        + "`sqs:ReceiveMessage`, `sqs:DeleteMessage` and `sqs:GetQueueAttributes` on its queues (what AWS "
        + "requires of the mapping's role), and at most those and `sqs:ChangeMessageVisibility` on exactly the "
        + "queues its mappings read (plus `kms:Decrypt` on their customer-managed keys, configurable for queues "
        + "outside the stack: `queueKeys`), log writing (`logs:CreateLogGroup`, `CreateLogStream`, "
        + "`PutLogEvents`, anywhere) and its idempotency store (`dynamodb:GetItem`, `PutItem`, `UpdateItem`, "
        + "`DeleteItem` on a DynamoDB table of the stack that the consumer's function names in its "
        + "`IDEMPOTENCY_TABLE` environment variable, or that `idempotencyTables` lists; configurable: "
        + "`idempotencyTables`), nothing else, "
        + "wherever the grant is written (as for the API's role)",
    rationale: "a consumer that may send can forge orders or put them back, one that reads another queue reads "
        + "another route's orders; without the three, AWS refuses the mapping",
    validateStack: async (args, reportViolation) => {
        const catalogue = await loadIamCatalogue();
        const { queueKeys = {}, idempotencyTables: named = [] } = args.getConfig<{ queueKeys?: Record<string, string>; idempotencyTables?: string[] }>();
        const unknowns = new Unknowns();
        for (const consumer of consumerRoles(args.resources, unknowns)) {
            const subject = `role ${consumer.arn} (of ${consumer.functions.map((fn) => fn.name).join(", ")}, fed from ${consumer.queueArns.join(", ")})`;
            if (!consumer.role) {
                if (!unknowns.any) {
                    reportViolation(`${subject} is not in this stack, so what it allows cannot be checked.`);
                }
                continue;
            }
            let resolved: ResolvedRole;
            try {
                resolved = resolveRole(consumer.role, identityOfRole(consumer.arn, consumer.role), args.resources, catalogue, unknowns);
            } catch (err) {
                if (err instanceof PolicyDocumentError) {
                    reportViolation(`${subject}: a policy document cannot be read: ${err.message}`, consumer.role.urn);
                    continue;
                }
                throw err;
            }
            const { permissions } = resolved;
            const problems = [...resolved.unreadable];
            const keys = keysOfQueues(consumer.queueArns, args.resources, unknowns, queueKeys);
            const tables = idempotencyTables(args.resources, named, consumer.functions, unknowns);
            const allowances: Allowance[] = [
                ...CONSUMER_QUEUE_ACTIONS.map((action) => ({ action, resources: consumer.queueArns })),
                { action: "kms:Decrypt", resources: keys.arns },
                ...IDEMPOTENCY_STORE_ACTIONS.map((action) => ({ action, resources: tables })),
            ];
            // Log writing is allowed wherever it goes; any other logs action is not. A key that cannot be read is not guessed.
            const kms = judgeKms(permissionsBeyond(permissions, allowances).filter((e) => !LOG_WRITING_ACTIONS.includes(e.action)), keys);
            problems.push(...kms.problems);
            const excess = kms.excess;
            if (excess.length > 0) {
                problems.push(`allows more than a consumer needs: ${describeExcess(excess)}`);
            }
            for (const queueArn of resolved.partlyUnknown ? [] : consumer.queueArns) {
                const missing = CONSUMER_REQUIRED_ACTIONS.filter((action) => !allows(permissions, action, queueArn));
                if (missing.length > 0) {
                    problems.push(`does not allow ${missing.join(", ")} on ${queueArn}, which its event source mapping needs`);
                }
            }
            problems.push(...resolved.assumable);
            if (problems.length > 0) {
                reportViolation(`${subject} ${problems.join("; ")}.`, consumer.role.urn);
            }
        }
        unknowns.rethrow();
    },
});
