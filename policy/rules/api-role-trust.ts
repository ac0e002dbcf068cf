import { apiRoles, trustProblems } from "../apiRole";
import { TYPES } from "../awsTypes";
import { definePolicy } from "../registry";
import { Unknowns } from "../unknowns";

export const apiRoleTrust = definePolicy({
    name: "api-role-trust",
    description: "The role an API Gateway integration uses may be assumed only by the service apigateway.amazonaws.com, "
        + "with sts:AssumeRole only: no AWS principal, no NotPrincipal, no other service. Fix the role's "
        + "assumeRolePolicy. (An aws:SourceAccount condition is not required: API Gateway does not set it here.)",
    enforcementLevel: "mandatory",
    judges: [TYPES.role],
    checks: "that role's trust policy (for REST and HTTP API integrations alike) allows only `Service: "
        + "apigateway.amazonaws.com` with `sts:AssumeRole`: no AWS principal, no `NotPrincipal`, no other "
        + "service",
    rationale: "nothing but API Gateway should act as the API. No `aws:SourceAccount` condition is required: API "
        + "Gateway does not set it when it assumes an integration's role",
    validateStack: (args, reportViolation) => {
        const unknowns = new Unknowns();
        for (const api of apiRoles(args.resources, unknowns)) {
            const role = api.role;
            const trust = role ? unknowns.peek(() => role.props.assumeRolePolicy) : undefined;
            if (role && trust !== undefined) {
                const problems = trustProblems(trust);
                if (problems.length > 0) {
                    reportViolation(`role ${api.arn} trust policy: ${problems.join("; ")}.`, role.urn);
                }
            }
        }
        unknowns.rethrow();
    },
});
