// Custom domain names of REST APIs: the TLS versions their clients may connect with.
import { ResourceValidationPolicy } from "@pulumi/policy";

import { TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/**
 * TLS 1.2 or later: the legacy TLS_1_2, and the enhanced policies, whose names give their oldest
 * TLS version (SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_2_2021_06,
 * SecurityPolicy_TLS12_2018_EDGE…).
 */
export function isModernTlsPolicy(policy: string): boolean {
    return /TLS(_1_|1)[23]/i.test(policy);
}

const SET = "Set securityPolicy to TLS_1_2, or to a TLS 1.3 policy such as SecurityPolicy_TLS13_1_3_2025_09 (with endpointAccessMode STRICT)";

export const domainTlsPolicy: ResourceValidationPolicy = {
    name: "domain-tls-policy",
    description: "A REST API custom domain name (aws.apigateway.DomainName) sets securityPolicy to TLS_1_2 or a TLS 1.3 "
        + "policy (SecurityPolicy_TLS13_…): TLS_1_0 accepts TLS 1.0 and 1.1, and without a securityPolicy API Gateway "
        + "chooses the policy and the provider does not notice when it differs.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPES.domainName) {
            return;
        }
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
};
