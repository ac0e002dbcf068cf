// What the policy pack always reports over a QueueApi with its defaults, so that tests of other
// features can compare what it reports beyond that. tests/policy/program.test.ts pins these
// findings for the shipped stacks.
import { Finding } from "../../scripts/offline/policyRunner";

/** A route whose authorization is NONE, the component's default: advisory, and open by design. */
const isOpenRoute = (finding: Finding) => finding.policy === "api-methods-authorized" && finding.enforcementLevel === "advisory"
    && / has authorization NONE: anyone who can reach the API can call it\. /.test(finding.message);

/** The findings beyond those the component's defaults draw. */
export function beyondDefaults(findings: readonly Finding[]): Finding[] {
    return findings.filter((finding) => !isOpenRoute(finding));
}
