// What the policy pack always reports over a QueueApi with its defaults, so that tests of other
// features can compare what it reports beyond that. tests/policy/program.test.ts pins these
// findings for the shipped stacks.
import { Finding } from "../../offline/policyRunner";

/** A route whose authorization is NONE, the component's default: advisory, and open by design. */
const isOpenRoute = (finding: Finding) => finding.policy === "api-methods-authorized" && finding.enforcementLevel === "advisory"
    && / has authorization NONE: anyone who can reach the API can call it\. /.test(finding.message);

/** A REGIONAL API without a web ACL: the component has no WAF setting yet. */
const isUnfiltered = (finding: Finding) => finding.policy === "internet-facing-api-has-waf" && finding.enforcementLevel === "advisory"
    && / is reachable from the internet \(REGIONAL endpoint\) and no AWS WAF web ACL filters /.test(finding.message);

/** The findings beyond those the component's defaults draw. */
export function beyondDefaults(findings: readonly Finding[]): Finding[] {
    return findings.filter((finding) => !isOpenRoute(finding) && !isUnfiltered(finding));
}
