import { apiRoles } from "../apiRole";
import { TYPES } from "../awsTypes";
import { loadIamCatalogue } from "../catalogue";
import { parseDocument, PolicyDocumentError } from "../iam";
import { definePolicy } from "../registry";
import { documentsOfRole } from "../roleDocuments";
import { Unknowns } from "../unknowns";

export const apiRoleUnknownActions = definePolicy({
    name: "api-role-unknown-actions",
    description: "A policy of an API integration role names an action that does not exist in IAM (such as "
        + "sqs:SendMessageBatch, which sqs:SendMessage covers). It grants nothing; remove it or fix its spelling.",
    enforcementLevel: "advisory",
    judges: [TYPES.role],
    checks: "that role's policies name no action that does not exist in IAM (such as `sqs:SendMessageBatch`, "
        + "which `sqs:SendMessage` covers)",
    rationale: "such a name grants nothing and usually hides a typo",
    validateStack: async (args, reportViolation) => {
        const catalogue = await loadIamCatalogue();
        const unknowns = new Unknowns();
        for (const api of apiRoles(args.resources, unknowns)) {
            if (!api.role) {
                continue;
            }
            const names = new Set<string>();
            for (const { document } of documentsOfRole(api.role, api.identity, args.resources, unknowns).documents) {
                try {
                    parseDocument(document, catalogue).unknown.forEach((name) => names.add(name));
                } catch (err) {
                    if (!(err instanceof PolicyDocumentError)) {
                        throw err;
                    }
                }
            }
            if (names.size > 0) {
                reportViolation(`role ${api.arn} names actions that do not exist in IAM: ${[...names].join(", ")}.`, api.role.urn);
            }
        }
        unknowns.rethrow();
    },
});
