// How a resource names the AWS object it writes. AWS keys many objects by their parent and a field
// (an integration response by API, resource, method and status code); each part of such a key is
// read here as a known value, as the one resource it came from, or as unknown.
import { PolicyResource } from "@pulumi/policy";

import { queueArnOfUrl, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

export type Part = KnownPart | UnknownPart;

export interface KnownPart {
    readonly known: true;
    /** Equal for two parts that name the same thing: `r:<urn>` for a resource of the stack, `v:<value>` otherwise. */
    readonly id: string;
    /** How a user recognises it: the resource's Pulumi name, or the value. */
    readonly display: string;
    /** The resource of the stack the part names, if any. */
    readonly resource?: PolicyResource;
}

export interface UnknownPart {
    readonly known: false;
    /** The unknown value met, for the SDK to report if it matters. */
    readonly unknowns: Unknowns;
}

/** A string, or a number as text; anything else (absent, empty, a list, an object) names nothing. */
export function text(value: unknown): string | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return String(value);
    }
    return typeof value === "string" && value !== "" ? value : undefined;
}

const fold = (value: string, ignoreCase: boolean) => (ignoreCase ? value.toLowerCase() : value);

function read(resource: PolicyResource, prop: string): { value: unknown; unknowns?: Unknowns } {
    const unknowns = new Unknowns();
    const value = unknowns.peek(() => resource.props[prop]);
    return unknowns.any ? { value: undefined, unknowns } : { value };
}

/**
 * A plain value (a status code, a path part, a name). Undefined when absent or not a string: such a
 * resource names no object (the provider would refuse it, or generates a name).
 */
export function valuePart(resource: PolicyResource, prop: string, ignoreCase = false): Part | undefined {
    const { value, unknowns } = read(resource, prop);
    if (unknowns) {
        return { known: false, unknowns };
    }
    const known = text(value);
    return known === undefined ? undefined : { known: true, id: `v:${fold(known, ignoreCase)}`, display: known };
}

/**
 * A physical name. A name still unknown while `namePrefix` is set will be the prefix and a unique
 * suffix, so it names nothing another resource could name.
 */
export function namePart(resource: PolicyResource, prop: string, ignoreCase = false): Part | undefined {
    const part = valuePart(resource, prop, ignoreCase);
    if (part && !part.known && text(new Unknowns().peek(() => resource.props.namePrefix)) !== undefined) {
        return undefined;
    }
    return part;
}

/** The resource itself, as the parent of what it writes through its own properties. */
export function selfPart(resource: PolicyResource): KnownPart {
    return { known: true, id: `r:${resource.urn}`, display: resource.name, resource };
}

/**
 * The region a resource is managed in: its own `region` (every resource has one in @pulumi/aws v7),
 * else its provider's; with neither, the stack's default provider, which all such resources share.
 * Undefined when a region is set but is not text.
 */
export function regionPart(resource: PolicyResource): Part | undefined {
    const unknowns = new Unknowns();
    let region = unknowns.peek(() => resource.props.region);
    if (!unknowns.any && (region === undefined || region === null)) {
        region = unknowns.peek(() => resource.provider?.props?.region);
    }
    if (unknowns.any) {
        return { known: false, unknowns };
    }
    if (region === undefined || region === null) {
        return { known: true, id: "v:", display: "of the default provider" };
    }
    const known = text(region);
    return known === undefined ? undefined : { known: true, id: `v:${known}`, display: known };
}

/** Where a reference may point: resources of `type` whose `prop` holds the value. */
interface Target {
    readonly type: string;
    readonly prop: string;
    readonly ignoreCase?: boolean;
    /** How to name the resource found, when not by its Pulumi name. */
    readonly display?: (resource: PolicyResource) => string;
}

function resourcesByValue(index: StackIndex, target: Target): Map<string, PolicyResource> {
    return index.derived(`keys: ${target.type} by ${target.prop}${target.ignoreCase ? ", any case" : ""}`, (met) => {
        const byValue = new Map<string, PolicyResource>();
        for (const resource of index.ofType(target.type)) {
            const value = text(met.peek(() => resource.props[target.prop]));
            if (value !== undefined && !byValue.has(fold(value, target.ignoreCase ?? false))) {
                byValue.set(fold(value, target.ignoreCase ?? false), resource);
            }
        }
        return byValue;
    }, new Unknowns());
}

function targetPart(resource: PolicyResource, targets: readonly Target[]): KnownPart {
    const target = targets.find((t) => t.type === resource.type);
    return { known: true, id: `r:${resource.urn}`, display: target?.display?.(resource) ?? resource.name, resource };
}

/**
 * A reference to another object (an API, a resource, a queue, a role): the resource of the stack it
 * names when one holds that value, else the value. An unknown value is a new object's id, and the
 * one resource it came from (its property dependency) stands for that object, so two resources on
 * one new API are still compared. With no single source, the part is unknown.
 */
export function referencePart(index: StackIndex, resource: PolicyResource, prop: string, targets: readonly Target[], ignoreCase = false): Part | undefined {
    const { value, unknowns } = read(resource, prop);
    if (unknowns) {
        const sources = resource.propertyDependencies?.[prop] ?? [];
        return sources.length === 1 ? targetPart(sources[0], targets) : { known: false, unknowns };
    }
    const known = text(value);
    if (known === undefined) {
        return undefined;
    }
    for (const target of targets) {
        const found = resourcesByValue(index, target).get(fold(known, target.ignoreCase ?? false));
        if (found) {
            return targetPart(found, targets);
        }
    }
    return { known: true, id: `v:${fold(known, ignoreCase)}`, display: known };
}

export const apiPart = (index: StackIndex, resource: PolicyResource, prop = "restApi") =>
    referencePart(index, resource, prop, [{ type: TYPES.restApi, prop: "id" }]);

/** A resource of an API: one of its Resources, or its root, which the RestApi names. */
export const apiResourcePart = (index: StackIndex, resource: PolicyResource, prop: string) =>
    referencePart(index, resource, prop, [
        { type: TYPES.apiResource, prop: "id" },
        { type: TYPES.restApi, prop: "rootResourceId", display: (api) => `/ (the root of ${api.name})` },
    ]);

/** A queue named by its URL: the queue of the stack with that URL, or with the ARN the URL spells (another SQS endpoint's spelling). */
export function queuePart(index: StackIndex, resource: PolicyResource): Part | undefined {
    const part = referencePart(index, resource, "queueUrl", [{ type: TYPES.queue, prop: "url" }]);
    if (!part?.known || part.resource) {
        return part;
    }
    const arn = queueArnOfUrl(part.display);
    const [queue] = arn === undefined ? [] : index.find(TYPES.queue, "arn", arn, new Unknowns());
    return queue ? { known: true, id: `r:${queue.urn}`, display: queue.name, resource: queue } : arn ? { known: true, id: `v:${arn}`, display: part.display } : part;
}

/** A role named by its name (in any case, as IAM compares them), id or ARN. */
export const rolePart = (index: StackIndex, resource: PolicyResource) =>
    referencePart(index, resource, "role", [
        { type: TYPES.role, prop: "name", ignoreCase: true },
        { type: TYPES.role, prop: "id", ignoreCase: true },
        { type: TYPES.role, prop: "arn" },
    ], true);
