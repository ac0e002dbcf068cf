// The route of a REST API method, `POST /orders/{id}`: its verb and the path of its resource, read
// up the parentId chain to the API's root.
import { PolicyResource } from "@pulumi/policy";

import { apiResourcePart } from "./keys";
import { StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/**
 * The path of the API resource that `prop` of `resource` names, as a method path names it
 * (`orders/{id}`, no leading slash; the root is empty): the resource's own `path` output, else its
 * parent's path and its path part. An id not known yet (a new resource's, at preview) is followed
 * to the resource it comes from. Undefined when the chain leaves the stack or loops, and when it
 * meets an unknown value, which is then noted in `unknowns`.
 */
export function resourcePath(index: StackIndex, resource: PolicyResource, prop: string, unknowns: Unknowns, seen = new Set<string>()): string | undefined {
    const part = apiResourcePart(index, resource, prop);
    if (part && !part.known) {
        unknowns.absorb(part.unknowns);
        return undefined;
    }
    const target = part?.resource;
    if (!target || seen.has(target.urn)) {
        return undefined;
    }
    if (target.type === TYPES.restApi) {
        return "";
    }
    // A new resource's path output is unknown at preview; its parent and path part still tell it.
    const path = new Unknowns().peek(() => target.props.path);
    if (typeof path === "string") {
        return path.replace(/^\/+/, "");
    }
    const parent = resourcePath(index, target, "parentId", unknowns, new Set(seen).add(target.urn));
    const pathPart = unknowns.peek(() => target.props.pathPart);
    return parent === undefined || typeof pathPart !== "string" ? undefined : parent === "" ? pathPart : `${parent}/${pathPart}`;
}

/**
 * A method's route, `POST /orders/{id}` (the root's is `GET /`). Undefined when its verb or path
 * cannot be read: unknown (noted in `unknowns`), or a resource outside the stack.
 */
export function routeOf(index: StackIndex, method: PolicyResource, unknowns: Unknowns): string | undefined {
    const verb = unknowns.peek(() => method.props.httpMethod);
    const path = resourcePath(index, method, "resourceId", unknowns);
    return typeof verb === "string" && path !== undefined ? `${verb} /${path}` : undefined;
}
