// An API defined both by its OpenAPI body and by separate resources has two writers. In overwrite
// mode (the provider's default) each update of the body replaces the whole API definition, so what
// the separate resources created is deleted and Pulumi, seeing no change of its own, does not write
// it again; in merge mode the body's methods and gateway responses replace the separate ones that
// share their route or type, and a separate resource of a path the body has is a second one. An
// HTTP API's body is reimported whole on each update. A RestApiPut puts its body into a REST API
// in overwrite mode, the only mode the provider gives it: whatever else defines that API is a
// second writer, the API's own body and another RestApiPut included.
import { PolicyResource } from "@pulumi/policy";

import { bodyOwner } from "./bodyResources";
import { apiPart, KnownPart, referencePart, selfPart } from "./keys";
import { resourcePath, routeOf } from "./routes";
import { StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** The separate REST API resources a body import overwrites, with the property that names their API. */
const REST_DEFINITION: readonly (readonly [string, string])[] = [
    [TYPES.apiResource, "restApi"], [TYPES.method, "restApi"], [TYPES.methodResponse, "restApi"], [TYPES.integration, "restApi"],
    [TYPES.integrationResponse, "restApi"], [TYPES.gatewayResponse, "restApiId"], [TYPES.model, "restApi"], [TYPES.authorizer, "restApi"],
    [TYPES.requestValidator, "restApi"],
];
const HTTP_DEFINITION: readonly (readonly [string, string])[] = [[TYPES.httpRoute, "apiId"], [TYPES.httpIntegration, "apiId"]];

/** Separate resources (not defined by a body) of the given types whose API is the one `api` names; those whose API is unknown are noted. */
function separateOn(index: StackIndex, api: KnownPart, types: readonly (readonly [string, string])[], unknowns: Unknowns): PolicyResource[] {
    const found: PolicyResource[] = [];
    for (const [type, prop] of types) {
        for (const resource of index.ofType(type)) {
            if (bodyOwner(resource)) {
                continue;
            }
            const part = type.startsWith("aws:apigatewayv2/") ? referencePart(index, resource, prop, [{ type: TYPES.httpApi, prop: "id" }])
                : apiPart(index, resource, prop);
            if (part && !part.known) {
                unknowns.absorb(part.unknowns);
            } else if (part?.id === api.id) {
                found.push(resource);
            }
        }
    }
    return found;
}

const names = (resources: readonly PolicyResource[]) => resources.map((r) => r.name).join(", ");

/** For each API with a body, what writes its definition beside the body, as a finding on the API. */
export function bodyConflicts(index: StackIndex, unknowns: Unknowns): { api: PolicyResource; message: string }[] {
    const conflicts: { api: PolicyResource; message: string }[] = [];
    for (const { api, rest, body, resources, unknowns: bodyUnknown } of index.bodies) {
        if (!body) {
            // A body not known yet conflicts only with resources on its API.
            if (bodyUnknown && api.type !== TYPES.restApiPut && separateOn(index, selfPart(api), rest ? REST_DEFINITION : HTTP_DEFINITION, unknowns).length > 0) {
                unknowns.absorb(bodyUnknown);
            }
            continue;
        }
        if (api.type === TYPES.restApiPut) {
            continue;
        }
        if (!rest) {
            const separate = separateOn(index, selfPart(api), HTTP_DEFINITION, unknowns);
            if (separate.length > 0) {
                conflicts.push({ api, message: `HTTP API ${api.name} is defined by its OpenAPI body and also by ${names(separate)}: the provider `
                    + "reimports the body whole on every update, which overwrites routes and integrations managed as separate resources. "
                    + "Define them in the body, or drop the body." });
            }
            continue;
        }
        const reading = new Unknowns();
        const mode = reading.peek(() => api.props.putRestApiMode);
        if (reading.any) {
            unknowns.absorb(reading);
            continue;
        }
        if (mode !== "merge") {
            const separate = separateOn(index, selfPart(api), REST_DEFINITION, unknowns);
            if (separate.length > 0) {
                conflicts.push({ api, message: `REST API ${api.name} is defined by its OpenAPI body in overwrite mode (putRestApiMode `
                    + `${mode === undefined || mode === null ? "unset, which the provider takes as overwrite" : JSON.stringify(mode)}) and also by `
                    + `${names(separate)}: every update of the body replaces the whole API definition, deleting what those resources wrote, and `
                    + "Pulumi, seeing no change of theirs, does not write it again. Define them in the body, or set putRestApiMode to merge." });
            }
            continue;
        }
        // Merge: the body's method definitions win over the API's for the same route, its gateway responses for the same type.
        const routes = new Set(resources.filter((r) => r.type === TYPES.method || r.type === TYPES.integration).map((r) => routeOf(index, r, new Unknowns())));
        const types = new Set(resources.filter((r) => r.type === TYPES.gatewayResponse).map((r) => r.props.responseType as string));
        const paths = new Set(resources.filter((r) => r.type === TYPES.apiResource).map((r) => resourcePath(index, r, "id", new Unknowns())));
        const clashing = separateOn(index, selfPart(api), REST_DEFINITION, unknowns).filter((r) => {
            if (r.type === TYPES.gatewayResponse) {
                return types.has(new Unknowns().peek(() => r.props.responseType) as string);
            }
            if (r.type === TYPES.apiResource) {
                // API Gateway keeps one resource per path: the import has made the body's, and a second is refused.
                const reading = new Unknowns();
                const path = resourcePath(index, r, "id", reading);
                unknowns.absorb(reading);
                return path !== undefined && paths.has(path);
            }
            if (![TYPES.method, TYPES.integration, TYPES.integrationResponse, TYPES.methodResponse].includes(r.type as never)) {
                return false;
            }
            const reading = new Unknowns();
            const route = routeOf(index, r, reading);
            unknowns.absorb(reading);
            return route !== undefined && routes.has(route);
        });
        if (clashing.length > 0) {
            conflicts.push({ api, message: `REST API ${api.name} is defined by its OpenAPI body in merge mode and ${names(clashing)} write `
                + "paths, methods or gateway responses the body also defines: API Gateway refuses a second resource of one path, and on every "
                + "update of the body its definitions replace the others. Define each path, method and gateway response once." });
        }
    }
    return [...conflicts, ...putConflicts(index, unknowns)];
}

/**
 * For each RestApiPut, what else writes the definition of the REST API it overwrites: separate
 * resources of that API, the API's own body, other RestApiPuts of it. A put whose API is unknown is noted.
 */
function putConflicts(index: StackIndex, unknowns: Unknowns): { api: PolicyResource; message: string }[] {
    const targets = new Map<PolicyResource, KnownPart>();
    for (const put of index.ofType(TYPES.restApiPut)) {
        const part = apiPart(index, put, "restApiId");
        if (part && !part.known) {
            unknowns.absorb(part.unknowns);
        } else if (part) {
            targets.set(put, part);
        }
    }
    const conflicts: { api: PolicyResource; message: string }[] = [];
    for (const [put, target] of targets) {
        const writers = separateOn(index, target, REST_DEFINITION, unknowns).map((r) => r.name);
        const api = target.resource;
        if (api?.type === TYPES.restApi) {
            const reading = new Unknowns();
            const body = reading.peek(() => api.props.body);
            unknowns.absorb(reading);
            if (typeof body === "string" && body.trim() !== "") {
                writers.push(`the body of REST API ${api.name} itself`);
            }
        }
        writers.push(...[...targets].filter(([other, named]) => other !== put && named.id === target.id).map(([other]) => `RestApiPut ${other.name}`));
        if (writers.length > 0) {
            conflicts.push({ api: put, message: `RestApiPut ${put.name} puts its OpenAPI body into REST API ${target.display} in overwrite mode, the `
                + `provider's only mode for it, and ${writers.join(", ")} also ${writers.length === 1 ? "defines" : "define"} that API: each import `
                + "replaces the whole API definition, deleting what the others wrote, and Pulumi, seeing no change of theirs, does not write it "
                + "again. Define the API in one body, the RestApiPut's, or as separate resources alone." });
        }
    }
    return conflicts;
}
