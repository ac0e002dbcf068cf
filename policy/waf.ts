// A web application firewall in front of every REST API the internet can reach: AWS WAF filters
// floods and known-bad requests before API Gateway bills them and the queue takes them.
import { PolicyResource } from "@pulumi/policy";

import { knownItems, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** arn:<partition>:apigateway:<region>::/restapis/<api id>/stages/<stage name>, what WAF associates with. */
const STAGE_ARN = /^arn:[^:]+:apigateway:[^:]*::\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/**
 * A REST API's endpoint types as set: its endpointConfiguration, else, for an API imported from an
 * OpenAPI body, the import's `endpointConfigurationTypes` parameter; none means EDGE, as API Gateway
 * creates it. Undefined while unknown.
 */
export function endpointTypes(api: PolicyResource, unknowns: Unknowns): string[] | undefined {
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

export const known = (read: () => unknown): { value?: unknown; unknown: Unknowns } => {
    const unknown = new Unknowns();
    return { value: unknown.peek(read), unknown };
};

/**
 * Whether a web ACL protects a stage: its own webAclArn (as AWS reports it), or a WebAclAssociation
 * whose resourceArn is the stage's ARN, known or taken from the stage itself. Undefined while an
 * ARN that may be the stage's is unknown (noted in `unknowns`).
 */
export function isProtected(stage: PolicyResource, apiId: unknown, index: StackIndex, unknowns: Unknowns): boolean | undefined {
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

