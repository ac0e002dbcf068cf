import { isModernTlsPolicy, SET } from "../domains";
import { definePolicy } from "../registry";
import { TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const domainTlsPolicy = definePolicy({
    name: "domain-tls-policy",
    description: "A REST API custom domain name (aws.apigateway.DomainName) sets securityPolicy to TLS_1_2 or a TLS 1.3 "
        + "policy (SecurityPolicy_TLS13_…): TLS_1_0 accepts TLS 1.0 and 1.1, and without a securityPolicy API Gateway "
        + "chooses the policy and the provider does not notice when it differs.",
    enforcementLevel: "mandatory",
    judges: [TYPES.domainName],
    checks: "every REST API custom domain (`aws.apigateway.DomainName`) sets `securityPolicy` to `TLS_1_2` or an "
        + "enhanced policy of TLS 1.2 or 1.3 (`SecurityPolicy_TLS13_1_3_2025_09`, `SecurityPolicy_TLS12_…`); "
        + "`TLS_1_0` fails, and so does no policy at all",
    rationale: "TLS 1.0 and 1.1 are deprecated; without a policy API Gateway chooses one the program does not show, "
        + "and the provider does not check it for drift",
    validateResource: (args, reportViolation) => {
        const unknowns = new Unknowns();
        const policy = unknowns.peek(() => args.props.securityPolicy);
        const name = new Unknowns().peek(() => args.props.domainName);
        const domain = `domain name ${typeof name === "string" ? name : args.name}`;
        if (unknowns.any) {
            unknowns.rethrow();
        } else if (policy === undefined || policy === null || policy === "") {
            reportViolation(`${domain} sets no securityPolicy: API Gateway then chooses one (its documentation gives TLS_1_2 for `
                + "custom domains created now, TLS_1_0 for APIs' default endpoints) and the provider detects no drift from it. "
                + `${SET}.`);
        } else if (typeof policy !== "string" || !isModernTlsPolicy(policy)) {
            reportViolation(`${domain} has securityPolicy ${JSON.stringify(policy)}, which accepts clients older than TLS 1.2. ${SET}.`);
        }
    },
});
