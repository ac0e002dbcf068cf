// A route's message attributes: request values sent beside the body, checked against what SQS
// takes (names, count, data types) before anything is created.
import { AttributeSource, ContextValue } from "./args";
import { carriesContentType } from "./bodyRules";
import { CALLER_ATTRIBUTE } from "./caller";
import { Checker, isPlainObject, show } from "./checks";
import { CONTENT_TYPE_ATTRIBUTE } from "./integration";
import { theOneGiven, walkObject } from "./fieldWalk";
import { ATTRIBUTE_TYPE } from "./routeDeclarations";

/** Attributes every message carries; they count towards SQS's limit of 10 per message. */
export const RESERVED_ATTRIBUTES = ["requestId", "idempotencyKey"];
export const MAX_ATTRIBUTES = 10;

// SQS's rules for attribute names: letters, digits, '_', '-', '.'; no leading, trailing or double
// period; not starting with AWS. or Amazon.; up to 256 characters.
const ATTRIBUTE_NAME = /^(?![Aa][Ww][Ss]\.|[Aa][Mm][Aa][Zz][Oo][Nn]\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;

/** `a, b and c`. */
const listed = (names: readonly string[], last: string) => `${names.slice(0, -1).join(", ")} ${last} ${names.at(-1)}`;

/** An attribute the API sends on a route besides the route's own, and why, when it is not on every route. */
export interface CarriedAttribute {
    readonly name: string;
    readonly why?: string;
}

/**
 * What a route's messages carry besides its own attributes: the request id and idempotency key,
 * the media type on a route that takes more than JSON, and the caller on a route with one.
 */
export function carriedAttributes(caller: ContextValue | undefined, contentTypes: readonly string[]): CarriedAttribute[] {
    return [
        ...RESERVED_ATTRIBUTES.map((name) => ({ name })),
        ...(carriesContentType(contentTypes) ? [{ name: CONTENT_TYPE_ATTRIBUTE, why: "the body's media type, on a route that takes more than JSON" }] : []),
        ...(caller ? [{ name: CALLER_ATTRIBUTE, why: `the route's authenticated caller, ${caller}` }] : []),
    ];
}

/**
 * A route's extra message attributes, in the order given, each with its data type. `carried` are
 * the attributes the API sends on this route besides them, which take some of SQS's 10 places.
 */
export function resolveAttributes(check: Checker, value: unknown, name: string, path: string, carried: readonly CarriedAttribute[])
    : Readonly<Record<string, AttributeSource>> {
    if (value === undefined) {
        return {};
    }
    if (!isPlainObject(value)) {
        check.problem(`${check.key(name)} must be an object of attributes by name, got ${show(value)}`);
        return {};
    }
    const entries = Object.entries(value);
    const room = MAX_ATTRIBUTES - carried.length;
    const whys = carried.filter((attribute) => attribute.why).map((attribute) => `${attribute.name}: ${attribute.why}`);
    if (entries.length > room) {
        check.problem(`${check.key(name)} has ${entries.length} attributes; SQS takes at most ${MAX_ATTRIBUTES} per message, `
            + `and ${listed(carried.map((attribute) => attribute.name), "and")} are always among them${whys.length > 0 ? ` (${whys.join("; ")})` : ""}, `
            + `so at most ${room} here`);
    }
    // The caller's name is the API's on every route, so that a worker can trust it wherever it finds it;
    // the media type's only where the API sends it, so that a route of JSON alone keeps any name it had.
    const reserved = [...new Set([...RESERVED_ATTRIBUTES, CALLER_ATTRIBUTE, ...carried.map((attribute) => attribute.name)])];
    return Object.fromEntries(entries.map(([attribute, spec]) => {
        const at = `${name}.${attribute}`;
        if (!ATTRIBUTE_NAME.test(attribute) || reserved.includes(attribute)) {
            check.problem(`${check.key(at)}: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start `
                + `with AWS. or Amazon., have no leading, trailing or double '.', and not be ${listed(reserved, "or")}`);
        }
        const { given, values: source } = walkObject(check, spec, at, ATTRIBUTE_TYPE);
        if (isPlainObject(spec)) {
            theOneGiven(check, spec, given, at, ATTRIBUTE_TYPE);
        }
        if (source.pathParameter !== undefined && !path.split("/").includes(`{${source.pathParameter}}`)) {
            check.problem(`${check.key(`${at}.pathParameter`)} must name a parameter of the path ${show(path)}, got ${show(source.pathParameter)}`);
        }
        // A context value (an IP address, an ARN) is never a number: SQS would refuse every message.
        if (source.context !== undefined && source.dataType === "Number") {
            check.problem(`${check.key(`${at}.dataType`)} must be String for a context value, got "Number"`);
        }
        return [attribute, source];
    }));
}
