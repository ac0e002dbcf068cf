// A route's message attributes: request values sent beside the body, checked against what SQS
// takes (names, count, data types) before anything is created.
import { AttributeSource } from "./args";
import { Checker, isPlainObject, show } from "./checks";
import { theOneGiven, walkObject } from "./fieldWalk";
import { ATTRIBUTE_TYPE } from "./routeDeclarations";

/** Attributes every message carries; they count towards SQS's limit of 10 per message. */
export const RESERVED_ATTRIBUTES = ["requestId", "idempotencyKey"];
export const MAX_ATTRIBUTES = 10;

// SQS's rules for attribute names: letters, digits, '_', '-', '.'; no leading, trailing or double
// period; not starting with AWS. or Amazon.; up to 256 characters.
const ATTRIBUTE_NAME = /^(?![Aa][Ww][Ss]\.|[Aa][Mm][Aa][Zz][Oo][Nn]\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;

/** A route's extra message attributes, in the order given, each with its data type. */
export function resolveAttributes(check: Checker, value: unknown, name: string, path: string): Readonly<Record<string, AttributeSource>> {
    if (value === undefined) {
        return {};
    }
    if (!isPlainObject(value)) {
        check.problem(`${check.key(name)} must be an object of attributes by name, got ${show(value)}`);
        return {};
    }
    const entries = Object.entries(value);
    const room = MAX_ATTRIBUTES - RESERVED_ATTRIBUTES.length;
    if (entries.length > room) {
        check.problem(`${check.key(name)} has ${entries.length} attributes; SQS takes at most ${MAX_ATTRIBUTES} per message, `
            + `and ${RESERVED_ATTRIBUTES.join(" and ")} are always among them, so at most ${room} here`);
    }
    return Object.fromEntries(entries.map(([attribute, spec]) => {
        const at = `${name}.${attribute}`;
        if (!ATTRIBUTE_NAME.test(attribute) || RESERVED_ATTRIBUTES.includes(attribute)) {
            check.problem(`${check.key(at)}: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start `
                + `with AWS. or Amazon., have no leading, trailing or double '.', and not be ${RESERVED_ATTRIBUTES.join(" or ")}`);
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
