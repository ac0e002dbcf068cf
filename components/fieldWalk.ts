// The generic walk of an object setting: every field its declaration checks by itself (a scalar, or
// a list of strings with a pattern) is checked and given its default, with no line per field, and
// TypeScript reads the result's type from the declarations (`Resolved`). What ties several fields
// together is each feature's resolver's; so are objects, maps and lists of objects.
import { Checker, show } from "./checks";
import { Declaration, Fields, isWalkedWhole, ItemDeclaration, ObjectType, Resolved, ResolvedObjects } from "./declarationKinds";

/** A list of strings, each matching `items.pattern`; `fallback` when absent, [] when not a list. */
export function stringList(check: Checker, value: unknown, key: string, items: { readonly pattern?: RegExp; readonly allowed: string },
    fallback: readonly string[] = []): string[] {
    if (value === undefined) {
        return [...fallback];
    }
    if (!Array.isArray(value)) {
        check.problem(`${check.key(key)} must be a list, each item ${items.allowed}, got ${show(value)}`);
        return [];
    }
    value.forEach((element, i) => {
        if (typeof element !== "string" || (items.pattern && !items.pattern.test(element))) {
            check.problem(`${check.key(`${key}[${i}]`)} must be ${items.allowed}, got ${show(element)}`);
        }
    });
    const repeated = value.find((item, i) => value.indexOf(item) !== i);
    if (repeated !== undefined) {
        check.problem(`${check.key(key)} lists ${show(repeated)} twice`);
    }
    return value.filter((item): item is string => typeof item === "string");
}

/** One field's value checked by its declaration, or its default; undefined for what the walk leaves to a resolver. */
function walkField(check: Checker, value: unknown, key: string, declaration: Declaration | ItemDeclaration): unknown {
    // A field without a default stays absent when it is absent or refused.
    const fallback = "default" in declaration ? declaration.default : undefined;
    switch (declaration.kind) {
        case "integer":
            return check.integer(value, key, declaration, fallback as number);
        case "boolean":
            return check.boolean(value, key, fallback as boolean);
        case "enum":
            return check.oneOf(value, key, declaration.values, fallback as string | number, declaration.why);
        case "string":
            return declaration.pattern ? check.matching(value, key, declaration.pattern, declaration.allowed, fallback as string) : value;
        case "list":
            return declaration.items.kind === "string" && declaration.items.pattern
                ? stringList(check, value, key, declaration.items, declaration.default) : undefined;
        default:
            return undefined;
    }
}

/** The walked fields of values already known to be an object; `at` names a field's key in messages. */
export function walkValues<const F extends Fields>(check: Checker, given: Readonly<Record<string, unknown>>, at: (field: string) => string,
    fields: F): Resolved<F> {
    const values: Record<string, unknown> = {};
    for (const [field, declaration] of Object.entries(fields)) {
        const value = walkField(check, given[field], at(field), declaration);
        if (value !== undefined) {
            values[field] = value;
        }
    }
    return values as Resolved<F>;
}

/**
 * The object settings among `fields` that are there by default and whose every field the walk
 * checks (the stage's throttle), each walked whole: a setting of that kind needs no resolver.
 */
export function walkObjects<const F extends Fields>(check: Checker, given: Readonly<Record<string, unknown>>, at: (field: string) => string,
    fields: F): ResolvedObjects<F> {
    return Object.fromEntries(Object.entries(fields).filter(([, declaration]) => isWalkedWhole(declaration))
        .map(([field, declaration]) => [field, walkObject(check, given[field], at(field), (declaration as { type: ObjectType }).type).values])) as ResolvedObjects<F>;
}

/** What a walk of an object setting returns: the keys given, and the walked fields resolved. */
export interface Walked<F> {
    readonly given: Readonly<Record<string, unknown>>;
    readonly values: Resolved<F>;
}

/**
 * An object setting at `name`: a value that is not an object, or that has a key its type does not
 * declare, is reported; then every field the walk checks is checked, and defaulted.
 */
export function walkObject<const F extends Fields>(check: Checker, value: unknown, name: string, type: { readonly fields: F }): Walked<F> {
    const given = check.record(value, name, Object.keys(type.fields));
    return { given, values: walkValues(check, given, (field) => (name ? `${name}.${field}` : field), type.fields) };
}

/**
 * For a type of which a value gives exactly one of several fields (a message group's source): the
 * one given, or undefined after reporting that the value gives none or several.
 */
export function theOneGiven(check: Checker, value: unknown, given: Readonly<Record<string, unknown>>, name: string, type: ObjectType)
    : string | undefined {
    const choices = type.exactlyOne ?? [];
    const present = choices.filter((field) => given[field] !== undefined);
    if (present.length !== 1) {
        check.problem(`${check.key(name)} must have exactly one of ${choices.join(", ")}, got ${show(value)}`);
        return undefined;
    }
    return present[0];
}
