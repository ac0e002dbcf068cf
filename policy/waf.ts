// A web application firewall in front of every REST API the internet can reach: AWS WAF filters
// floods and known-bad requests before API Gateway bills them and the queue takes them.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { DEFAULT_API_COMPONENT_TYPES, insideComponent } from "./apiRole";
import { apiPart } from "./keys";
import { knownItems, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** arn:<partition>:apigateway:<region>::/restapis/<api id>/stages/<stage name>, what WAF associates with. */
const STAGE_ARN = /^arn:[^:]+:apigateway:[^:]*::\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/**
 * A REST API's endpoint types as set: its endpointConfiguration, else, for an API imported from an
 * OpenAPI body, the import's `endpointConfigurationTypes` parameter; none means EDGE, as API Gateway
 * creates it. Undefined while unknown.
 */
function endpointTypes(api: PolicyResource, unknowns: Unknowns): string[] | undefined {
    const reading = new Unknowns();
    const config = reading.peek(() => api.props.endpointConfiguration);
    let types = config !== null && typeof config === "object"
        ? knownItems(() => (config as Record<string, unknown>).types, reading).filter((t): t is string => typeof t === "string")
        : [];
    const parameters = reading.peek(() => api.props.parameters) as Record<string, unknown> | undefined;
    const key = Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {}).find((k) => k.toLowerCase() === "endpointconfigurationtypes");
    const imported = key === undefined ? undefined : reading.peek(() => parameters![key]);
    if (types.length === 0 && typeof imported === "string" && new Unknowns().peek(() => api.props.body) !== undefined) {
        types = imported.split(",").map((t) => t.trim().toUpperCase()).filter((t) => t !== "");
    }
    unknowns.absorb(reading);
    return reading.any ? undefined : types;
}

const known = (read: () => unknown): { value?: unknown; unknown: Unknowns } => {
    const unknown = new Unknowns();
    return { value: unknown.peek(read), unknown };
};

/**
 * Whether a web ACL protects a stage: its own webAclArn (as AWS reports it), or a WebAclAssociation
 * whose resourceArn is the stage's ARN, known or taken from the stage itself. Undefined while an
 * ARN that may be the stage's is unknown (noted in `unknowns`).
 */
function isProtected(stage: PolicyResource, apiId: unknown, index: StackIndex, unknowns: Unknowns): boolean | undefined {
    const own = known(() => stage.props.webAclArn);
    if (typeof own.value === "string" && own.value !== "") {
        return true;
    }
    const arn = known(() => stage.props.arn).value;
    const stageName = known(() => stage.props.stageName).value;
    let unsure = own.unknown.any ? own.unknown : undefined;
    for (const association of index.ofType(TYPES.webAclAssociation)) {
        const target = known(() => association.props.resourceArn);
        if (target.unknown.any) {
            const sources = association.propertyDependencies?.resourceArn ?? [];
            if (sources.includes(stage)) {
                return true;
            }
            unsure ??= sources.length === 0 ? target.unknown : undefined;
            continue;
        }
        const parsed = typeof target.value === "string" ? STAGE_ARN.exec(target.value) : null;
        if ((typeof arn === "string" && target.value === arn) || (parsed && parsed[1] === apiId && parsed[2] === stageName)) {
            return true;
        }
    }
    if (unsure) {
        unknowns.absorb(unsure);
        return undefined;
    }
    return false;
}

export const internetFacingApiHasWaf: StackValidationPolicy = {
    name: "internet-facing-api-has-waf",
    description: "A REST API the internet can reach (endpoint type REGIONAL or EDGE, EDGE when unset) has an AWS WAF web "
        + "ACL on each stage (aws.wafv2.WebAclAssociation with the stage's ARN), to filter floods and known-bad requests "
        + "before they are billed and queued. A PRIVATE API passes. Advisory: whether a web ACL is worth its cost is the "
        + "stack's call.",
    enforcementLevel: "advisory",
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
};
