// Custom domain names of REST APIs: the TLS versions their clients may connect with.

/**
 * TLS 1.2 or later: the legacy TLS_1_2, and the enhanced policies, whose names give their oldest
 * TLS version (SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_2_2021_06,
 * SecurityPolicy_TLS12_2018_EDGE…).
 */
export function isModernTlsPolicy(policy: string): boolean {
    return /TLS(_1_|1)[23]/i.test(policy);
}

export const SET = "Set securityPolicy to TLS_1_2, or to a TLS 1.3 policy such as SecurityPolicy_TLS13_1_3_2025_09 (with endpointAccessMode STRICT)";

