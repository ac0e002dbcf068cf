// Turns a stack's config (the `<project>:<key>` strings the Pulumi CLI hands the program) into the
// QueueApi's arguments, and checks them all before the program registers any resource.
//
// The whole config is read at once (pulumi.runtime.allConfig) rather than key by key with
// Config.get/getObject, so that a misspelt key is reported instead of silently ignored. Each value
// is read according to what its setting is (declarations.ts): the CLI hands every value over as
// text, objects and lists as JSON.
import { QueueApiArgs, resolveSettings, SettingsError, show } from "./settings";
import { allowedWords, Declaration, SETTINGS, SettingKey } from "./declarations";
import { SINGLE_ROUTE_KEYS } from "./rules";
import { editDistance } from "./nearMiss";

/** The program's keys: the component's settings, one for one. */
export const CONFIG_KEYS: readonly string[] = Object.keys(SETTINGS);

/**
 * The keys Pulumi.yaml declares, with their defaults: the project's scalar settings. The Pulumi CLI
 * passes a declared default to the program as if the stack had set it, so the program cannot tell
 * the two apart.
 */
export function projectDeclaredKeys(): Record<string, { type: "string" | "integer" | "boolean"; description: string; default: string | number | boolean }> {
    const declared: ReturnType<typeof projectDeclaredKeys> = {};
    for (const [key, declaration] of Object.entries(SETTINGS) as [SettingKey, Declaration][]) {
        const kind = declaration.kind;
        if ((kind === "string" || kind === "enum" || kind === "integer" || kind === "boolean") && declaration.default !== undefined) {
            declared[key] = {
                type: kind === "enum" ? "string" : kind,
                description: declaration.description,
                default: declaration.default,
            };
        }
    }
    return declared;
}

/** Reads one value as its setting's kind: booleans and integers from their text, objects and lists from JSON. */
function parseValue(fullKey: string, value: string, declaration: Declaration, problems: string[]): unknown {
    switch (declaration.kind) {
        case "boolean":
            if (value === "true" || value === "false") {
                return value === "true";
            }
            problems.push(`${fullKey} must be true or false, got ${show(value)}`);
            return undefined;
        case "integer":
            // A value that is not a whole number stays text, and the setting's own check words the error.
            return /^-?\d+$/.test(value.trim()) ? Number(value) : value;
        case "string":
        case "enum":
            return value;
        case "object":
        case "structured": {
            const list = declaration.kind === "structured" && declaration.shape === "list";
            try {
                const parsed: unknown = JSON.parse(value);
                if (list ? Array.isArray(parsed) : typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
                    return parsed;
                }
            } catch {
                // reported below, with the value as written
            }
            problems.push(`${fullKey} must be ${allowedWords(declaration)}, got ${show(value)}`);
            return undefined;
        }
    }
}

/**
 * Reads the keys of `namespace` (the project name) from a stack's raw config, over the program's
 * own defaults, and returns the component's arguments. Throws a SettingsError naming every bad
 * key, its value and what is allowed; keys of other namespaces (`aws:region`) are left alone,
 * unless the namespace looks like a misspelling of the project's.
 *
 * The program's defaults and Pulumi.yaml's declared defaults describe the single route: with
 * `routes`, they are left out (a declared default arrives as if the stack had set it).
 */
export function readStackConfig(
    namespace: string,
    raw: Readonly<Record<string, string>>,
    programDefaults: Readonly<QueueApiArgs> = {},
): QueueApiArgs {
    const problems: string[] = [];
    const given: Record<string, unknown> = {};
    const prefix = `${namespace}:`;

    for (const [fullKey, value] of Object.entries(raw)) {
        const separator = fullKey.indexOf(":");
        const keyNamespace = fullKey.slice(0, separator);
        if (keyNamespace !== namespace) {
            if (separator > 0 && keyNamespace.length >= 3 && editDistance(keyNamespace.toLowerCase(), namespace.toLowerCase()) <= 2) {
                problems.push(`${fullKey} is in the namespace ${show(keyNamespace)}, not this project's ${show(namespace)}: `
                    + `did you mean ${prefix}${fullKey.slice(separator + 1)}?`);
            }
            continue;
        }
        const key = fullKey.slice(prefix.length);
        const declaration = (SETTINGS as Record<string, Declaration>)[key];
        const root = key.split(/[.[]/)[0];
        if (!declaration && root !== key && root in SETTINGS) {
            problems.push(`${fullKey}: a key's dots are not a path; nest the value under ${prefix}${root} in the stack file `
                + `(or set it with pulumi config set --path '${key}' <value>)`);
            continue;
        }
        // Unknown keys pass through as they are, and resolveSettings names them.
        given[key] = declaration ? parseValue(fullKey, value, declaration, problems) : value;
    }

    let args: Record<string, unknown>;
    if (given.routes !== undefined) {
        const declared = projectDeclaredKeys();
        args = Object.fromEntries(Object.entries(given).filter(([key, value]) =>
            !(SINGLE_ROUTE_KEYS.includes(key) && declared[key] !== undefined && value === declared[key].default)));
    } else {
        args = { ...programDefaults, ...given };
    }

    try {
        resolveSettings(args as QueueApiArgs, { keyPrefix: prefix, componentName: namespace, region: raw["aws:region"] });
    } catch (err) {
        if (!(err instanceof SettingsError)) {
            throw err;
        }
        problems.push(...err.problems);
    }
    if (problems.length > 0) {
        throw new SettingsError(problems);
    }
    return args as QueueApiArgs;
}
