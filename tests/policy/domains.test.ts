// Class: TLS on custom domains. A domain's security policy sets the oldest TLS version API Gateway
// accepts from clients; TLS 1.0 and 1.1 are deprecated (RFC 8996).
import assert from "node:assert/strict";

import { UNKNOWN_STRING } from "../../offline/policyRunner";
import { bad, checkFixtures, good, Labelled, messagesOf } from "../support/policyFixtures";
import { domainName } from "../support/restApiFixtures";

const POLICY = "domain-tls-policy";
const SET = "Set securityPolicy to TLS_1_2, or to a TLS 1.3 policy such as SecurityPolicy_TLS13_1_3_2025_09 (with endpointAccessMode STRICT).";

const FIXTURES: Labelled[] = [
    bad("a domain with TLS_1_0",
        "the legacy TLS_1_0 policy accepts TLS 1.0 clients", POLICY,
        [domainName({ securityPolicy: "TLS_1_0" })],
        [`domain name api.example.com has securityPolicy "TLS_1_0", which accepts clients older than TLS 1.2. ${SET}`]),
    bad("a domain without a security policy",
        "API Gateway then picks the policy, which the program does not show and the provider does not check for drift", POLICY,
        [domainName()],
        ["domain name api.example.com sets no securityPolicy: API Gateway then chooses one (its documentation gives TLS_1_2 for custom "
            + `domains created now, TLS_1_0 for APIs' default endpoints) and the provider detects no drift from it. ${SET}`]),
    good("a domain with TLS_1_2",
        "TLS_1_2 refuses TLS 1.0 and 1.1 and accepts TLS 1.2 and 1.3", POLICY,
        [domainName({ securityPolicy: "TLS_1_2" })]),
    good("a domain with SecurityPolicy_TLS13_1_3_2025_09",
        "the enhanced policy accepts TLS 1.3 only; API Gateway requires an endpoint access mode with it", POLICY,
        [domainName({ securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09", endpointAccessMode: "STRICT" })]),
    good("an edge-optimized domain with SecurityPolicy_TLS12_PFS_2025_EDGE",
        "edge domains have enhanced policies of their own, from TLS 1.2 with forward secrecy", POLICY,
        [domainName({ securityPolicy: "SecurityPolicy_TLS12_PFS_2025_EDGE", endpointAccessMode: "BASIC", endpointConfiguration: { types: "EDGE" } })]),
];

describe("domain-tls-policy: custom domains refuse TLS older than 1.2", () => {
    checkFixtures(FIXTURES);

    it("leaves a security policy unknown at preview to the SDK", async () => {
        assert.deepEqual(await messagesOf(POLICY, [domainName({ securityPolicy: UNKNOWN_STRING })]),
            ["can't run during preview: string value at .securityPolicy can't be known during preview"]);
    });
});
