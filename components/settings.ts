// The QueueApi component's settings: its arguments with defaults applied, checked as a whole, the
// routes normalised into one list. Nothing here creates a resource, so every rule can be tested
// directly and reused by the program to check stack config before a single resource is registered.
import { createHash } from "node:crypto";

import { resolveAlarms } from "./alarmRules";
import { QueueApiArgs } from "./args";
import { checkCeilings } from "./ceilings";
import { Checker, isPlainObject, show } from "./checks";
import { withRouteHeaders } from "./corsRules";
import { Defaults, defaultsOf, SETTING_KEYS, SETTINGS } from "./declarations";
import { walkObjects, walkValues } from "./fieldWalk";
import { checkAuthorizers, checkPrivateCallers, resolveFrontDoor } from "./frontDoor";
import { FRONT_DOOR } from "./frontDoorDeclarations";
import { checkNameLengths } from "./nameLengths";
import { callerRatePerSecond } from "./rateRule";
import { checkRegions } from "./regionRules";
import { resolveRoutes, routeInputs } from "./routeRules";
import { ApiWide, QueueApiSettings } from "./settingsTypes";

export * from "./args";
export * from "./settingsTypes";
export { CALLER_IDENTITY, CONTEXT_VALUES } from "./requestValues";
export { MAX_ATTRIBUTES, RESERVED_ATTRIBUTES } from "./attributeRules";
export { SettingsError, show } from "./checks";
export { SETTING_KEYS } from "./declarations";

/** The defaults of the arguments, as declared (declarations.ts), nested as the arguments are; typed from the declarations too. */
export const DEFAULTS = defaultsOf(SETTINGS) as Defaults<typeof SETTINGS>;

/** The API-wide settings outside the front door: the single route's are its route's, the front door's are frontDoor.ts's. */
const API_WIDE = Object.fromEntries(Object.entries(SETTINGS)
    .filter(([key, declaration]) => declaration.scope === "api" && !(key in FRONT_DOOR))) as ApiWide<typeof SETTINGS>;

export interface ResolveOptions {
    /** Put in front of each key in the messages: `orders:` for stack config, `""` for component arguments. */
    readonly keyPrefix?: string;
    /** The component's name, when known: resource names are made from it, and SQS limits a queue's name. */
    readonly componentName?: string;
    /** The stack's region, when known: what must be in it is regionRules.ts's; AWS's quotas differ by region. */
    readonly region?: string;
    /** Where a consumer's relative `code` folder is found: the program's folder. Defaults to the working directory. */
    readonly root?: string;
}

/**
 * Applies defaults and checks every argument. Throws a SettingsError naming each bad key, its
 * value and what is allowed.
 */
export function resolveSettings(args: QueueApiArgs, options: ResolveOptions = {}): QueueApiSettings {
    const check = new Checker(options.keyPrefix ?? "");
    const top = check.record(args, "", SETTING_KEYS);
    const api = walkValues(check, top, (key) => key, API_WIDE);
    const frontDoor = resolveFrontDoor(check, top, { idempotencyHeader: api.idempotencyHeader, callerRate: callerRate(top) });
    const inputs = routeInputs(check, top);
    const routes = resolveRoutes(check, inputs, {
        authorization: api.authorization, apiClients: frontDoor.apiClients, region: options.region, root: options.root ?? process.cwd(),
    });
    checkAuthorizers(check, routes, frontDoor);
    checkPrivateCallers(check, routes, frontDoor, top);
    const door = withRouteHeaders(check, frontDoor, routes, isPlainObject(top.cors) && top.cors.allowHeaders !== undefined);
    if (options.componentName !== undefined) {
        checkNameLengths(check, options.componentName, routes, inputs.map((input) => input.name));
    }
    const objects = walkObjects(check, top, (key) => key, API_WIDE);
    const settings: QueueApiSettings = {
        routes,
        ...api,
        ...objects,
        permissionsBoundaries: roleBoundaries(objects.permissionsBoundaries, api.permissionsBoundary),
        alarms: resolveAlarms(check, top, routes, (i, key) => inputs[i].at(key)),
        frontDoor: door,
        tags: resolveTags(check, top.tags),
    };
    if (options.region !== undefined) {
        checkRegions(check, settings, options.region);
    }
    checkCeilings(check, settings, { componentName: options.componentName, region: options.region });
    check.finish();
    return settings;
}

/**
 * What one caller may send across the routes, which a created web ACL's default limit follows: read
 * before the front door is resolved, on a checker of its own, so that the throttle's and the
 * routes' problems are reported once, in their place.
 */
function callerRate(top: Readonly<Record<string, unknown>>): number {
    const aside = new Checker("");
    return callerRatePerSecond(Math.max(1, routeInputs(aside, top).length), walkObjects(aside, top, (key) => key, API_WIDE).throttle.rateLimit);
}

/**
 * Each kind of role's boundary: its own, or else `permissionsBoundary`, which stacks written before
 * there was a boundary per kind set for every role (and keep working).
 */
function roleBoundaries(given: QueueApiSettings["permissionsBoundaries"], every: string | undefined): QueueApiSettings["permissionsBoundaries"] {
    const boundaries = { api: given.api ?? every, consumers: given.consumers ?? every, cloudWatchRole: given.cloudWatchRole ?? every };
    return Object.fromEntries(Object.entries(boundaries).filter(([, arn]) => arn !== undefined));
}

// AWS's tag rules, common to the services here: keys of 1 to 128 characters and values of up to
// 256, from letters, digits, spaces and _ . : / = + - @; the aws: prefix is AWS's own; at most 50.
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

function resolveTags(check: Checker, value: unknown): Readonly<Record<string, string>> {
    if (value === undefined) {
        return {};
    }
    if (!isPlainObject(value)) {
        check.problem(`${check.key("tags")} must be an object of string values, got ${show(value)}`);
        return {};
    }
    const entries = Object.entries(value);
    if (entries.length > MAX_TAGS) {
        check.problem(`${check.key("tags")} has ${entries.length} tags; AWS takes at most ${MAX_TAGS} per resource`);
    }
    for (const [key, tagValue] of entries) {
        const length = [...key].length;
        if (length === 0 || length > 128 || !TAG_CHARACTERS.test(key) || /^aws:/i.test(key)) {
            check.problem(`${check.key("tags")} has the key ${show(key)}; a tag key must be 1 to 128 letters, digits, spaces `
                + "or _ . : / = + - @, and not start with aws: (AWS's own prefix)");
        }
        if (typeof tagValue !== "string") {
            check.problem(`${check.key(`tags.${key}`)} must be a string, got ${show(tagValue)}`);
        } else if ([...tagValue].length > 256 || !TAG_CHARACTERS.test(tagValue)) {
            check.problem(`${check.key(`tags.${key}`)} must be up to 256 letters, digits, spaces or _ . : / = + - @, got ${show(tagValue)}`);
        }
    }
    return value as Record<string, string>;
}

/** An endpoint's SNS protocol, from its shape. */
export function subscriberProtocol(endpoint: string): "email" | "https" {
    return endpoint.startsWith("https://") ? "https" : "email";
}

/** A short, stable name fragment for a subscriber, so that reordering the list replaces nothing. */
export function subscriberId(endpoint: string): string {
    return createHash("sha256").update(endpoint).digest("hex").slice(0, 8);
}
