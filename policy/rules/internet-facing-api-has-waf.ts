import { PolicyResource } from "@pulumi/policy";

import { DEFAULT_API_COMPONENT_TYPES, insideComponent } from "../apiRole";
import { apiPart } from "../keys";
import { definePolicy } from "../registry";
import { StackIndex, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";
import { endpointTypes, isProtected, known } from "../waf";

export const internetFacingApiHasWaf = definePolicy({
    name: "internet-facing-api-has-waf",
    description: "A REST API the internet can reach (endpoint type REGIONAL or EDGE, EDGE when unset) has an AWS WAF web "
        + "ACL on each stage (aws.wafv2.WebAclAssociation with the stage's ARN), to filter floods and known-bad requests "
        + "before they are billed and queued. A PRIVATE API passes. Advisory: whether a web ACL is worth its cost is the "
        + "stack's call.",
    enforcementLevel: "advisory",
    judges: [TYPES.restApi],
    checks: "a REST API that the internet can reach (endpoint type `REGIONAL` or `EDGE`; `EDGE` when unset) has "
        + "an AWS WAF web ACL on each stage: an `aws.wafv2.WebAclAssociation` whose `resourceArn` is the "
        + "stage's ARN (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`), or a `webAclArn` that "
        + "AWS reports on the stage. A `PRIVATE` API passes. Advisory, in `prod.json` too",
    rationale: "a web ACL filters floods and known-bad requests before they are billed and queued; whether one is "
        + "worth its cost is the stack's call",
    validateStack: (args, reportViolation) => {
        const index = StackIndex.of(args.resources);
        const unknowns = new Unknowns();
        const stagesByApi = new Map<PolicyResource, PolicyResource[]>();
        for (const stage of index.ofType(TYPES.stage)) {
            const api = apiPart(index, stage);
            if (api?.known && api.resource?.type === TYPES.restApi) {
                stagesByApi.set(api.resource, [...(stagesByApi.get(api.resource) ?? []), stage]);
            }
        }
        for (const [api, stages] of stagesByApi) {
            const types = endpointTypes(api, unknowns);
            if (!types || types.includes("PRIVATE")) {
                continue;
            }
            const apiId = known(() => api.props.id).value;
            const open = stages.filter((stage) => isProtected(stage, apiId, index, unknowns) === false)
                .map((stage) => known(() => stage.props.stageName).value)
                .map((name) => (typeof name === "string" ? name : "(unnamed)"));
            if (open.length > 0) {
                const endpoint = types.length > 0 ? `${types.join(", ")} endpoint` : "EDGE endpoint, the default";
                // The QueueApi's own setting, in a stack file of the project, rather than resources to write.
                const project = api.urn.split("::")[1];
                const remedy = insideComponent(api.urn, DEFAULT_API_COMPONENT_TYPES)
                    ? `give the QueueApi a web ACL (in the stack file: ${project}:webAcl: {create: true}, or {arn: <a web ACL of yours>})`
                    : "associate one with each stage (aws.wafv2.WebAclAssociation whose resourceArn is the stage's arn, "
                        + "arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>)";
                reportViolation(`API ${api.name} is reachable from the internet (${endpoint}) and no AWS WAF web ACL filters its `
                    + `stage${open.length === 1 ? "" : "s"} ${open.join(", ")}: ${remedy} to block `
                    + "floods and known-bad requests before they are billed and queued, or make the API PRIVATE if only your VPCs call it.",
                api.urn);
            }
        }
        unknowns.rethrow();
    },
});
