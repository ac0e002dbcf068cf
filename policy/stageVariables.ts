// Stage variables, resolved as API Gateway resolves them: a value that names `${stageVariables.x}`
// takes, on each stage that deploys its API, that stage's `x`. So an integration whose URI names a
// stage variable writes to one queue per stage, and the pack judges each; with no stage of the stack
// deploying the API, or a stage that does not set the variable, the value cannot be resolved offline.
import { PolicyResource } from "@pulumi/policy";

import { apiPart, Part, referencePart } from "./keys";
import { StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** `${stageVariables.name}` in a URI, credentials or an HTTP API parameter; `stageVariables.name` as a whole REST mapping value. */
const IN_TEXT = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;
const AS_MAPPING = /^stageVariables\.([A-Za-z0-9_]+)$/;

export type Resolved = { readonly values: readonly string[] } | { readonly unresolved: string };

/** A value with each `${stageVariables.x}` standing for some value: what it is on any stage, as far as its shape goes. */
export function anyStage(value: string): string {
    return value.replace(IN_TEXT, "x");
}

/** Does a value name a stage variable (in either form)? */
export function namesStageVariable(value: string): boolean {
    return value.search(IN_TEXT) >= 0 || AS_MAPPING.test(value.trim());
}

interface Stage {
    readonly name: string;
    readonly variables: Readonly<Record<string, unknown>>;
}

const apiOf = (index: StackIndex, resource: PolicyResource, http: boolean): Part | undefined => (http
    ? referencePart(index, resource, "apiId", [{ type: TYPES.httpApi, prop: "id" }])
    : apiPart(index, resource, resource.type === TYPES.gatewayResponse ? "restApiId" : "restApi"));

/** The stages of the stack that deploy the API `resource` belongs to (REST `Stage`s, or HTTP API `Stage`s); unknowns noted. */
function stagesOf(index: StackIndex, resource: PolicyResource, http: boolean, unknowns: Unknowns): Stage[] | undefined {
    const api = apiOf(index, resource, http);
    if (!api || !api.known) {
        if (api) {
            unknowns.absorb(api.unknowns);
        }
        return undefined;
    }
    return index.derived(`stages of ${api.id} (${http ? "HTTP" : "REST"})`, (met) => index.ofType(http ? TYPES.httpStage : TYPES.stage).flatMap((stage) => {
        const own = apiOf(index, stage, http);
        if (own && !own.known) {
            met.absorb(own.unknowns);
        }
        if (!own?.known || own.id !== api.id) {
            return [];
        }
        const variables = met.peek(() => stage.props[http ? "stageVariables" : "variables"]);
        const name = met.peek(() => stage.props[http ? "name" : "stageName"]);
        return [{ name: typeof name === "string" ? name : stage.name, variables: variables !== null && typeof variables === "object" ? variables as Record<string, unknown> : {} }];
    }), unknowns);
}

/**
 * A value of `resource` (an integration's URI, its credentials, a QueueUrl) as each stage deploying
 * its API resolves it; `what` names the field for a user (`its uri`). A value without stage
 * variables is itself. Unknown values (a stage's variables at preview) are noted in `unknowns`.
 */
export function resolveStageVariables(index: StackIndex, resource: PolicyResource, value: string, what: string, unknowns: Unknowns): Resolved {
    const mapping = AS_MAPPING.exec(value.trim());
    const text = mapping ? `\${stageVariables.${mapping[1]}}` : value;
    const names = [...text.matchAll(IN_TEXT)].map((m) => m[1]);
    if (names.length === 0) {
        return { values: [value] };
    }
    const http = resource.type.startsWith("aws:apigatewayv2/");
    const reading = new Unknowns();
    const stages = stagesOf(index, resource, http, reading);
    unknowns.absorb(reading);
    if (stages === undefined || stages.length === 0) {
        return { unresolved: `${what} ${value} names a stage variable, and ${stages === undefined ? "its API is not in this stack" : "no stage of this stack deploys its API"}`
            + ", so it cannot be resolved offline" };
    }
    const values: string[] = [];
    for (const stage of stages) {
        const missing = names.find((name) => typeof stage.variables[name] !== "string");
        if (missing !== undefined) {
            return { unresolved: `${what} ${value} names stage variable ${missing}, which stage ${stage.name} does not set` };
        }
        values.push(text.replace(IN_TEXT, (_, name: string) => stage.variables[name] as string));
    }
    return { values: [...new Set(values)] };
}
