// Turns a stack's config (the `<project>:<key>` strings the Pulumi CLI hands the program) into the
// QueueApi's arguments and resolves them, once, before the program registers any resource: the
// program hands the resolved settings to the component (QueueApi.fromSettings).
//
// The whole config is read at once (pulumi.runtime.allConfig) rather than key by key with
// Config.get/getObject, so that a misspelt key is reported instead of silently ignored. Each value
// is read according to what its setting is (declarations.ts): the CLI hands every value over as
// text, objects and lists as JSON.
import { QueueApiArgs, QueueApiSettings, resolveSettings, SettingsError, show } from "./settings";
import { allowedWords, Declaration, isScalar, SETTINGS, SettingKey, SINGLE_ROUTE_KEYS } from "./declarations";
import { isPlainObject } from "./checks";
import { editDistance } from "./nearMiss";
import { JSON_MEDIA_TYPE } from "./routeDeclarations";

/** The program's keys: the component's settings, one for one. */
export const CONFIG_KEYS: readonly string[] = Object.keys(SETTINGS);

/**
 * The keys Pulumi.yaml declares, with their defaults: the API-wide scalar settings that have one.
 * The Pulumi CLI passes a declared default to the program as if the stack had set it, and refuses a
 * stack that leaves out a key declared without one; so a key is declared only with its default, and
 * the single route's keys (`path`) are not declared at all, as a stack with `routes` must not set them.
 */
export function projectDeclaredKeys(): Record<string, { type: "string" | "integer" | "boolean"; description: string; default: string | number | boolean }> {
    const declared: ReturnType<typeof projectDeclaredKeys> = {};
    for (const [key, declaration] of Object.entries(SETTINGS) as [SettingKey, Declaration & { scope: string }][]) {
        if (declaration.scope === "api" && isScalar(declaration) && declaration.default !== undefined) {
            declared[key] = {
                type: declaration.kind === "enum" ? "string" : declaration.kind,
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
        case "map":
        case "json":
        case "list": {
            const list = declaration.kind === "list";
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

/** The stack's region as the AWS provider reads it: its config, else the environment. */
export function providerRegion(configured: string | undefined): string | undefined {
    return configured ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
}

/** A stack's config: the component's arguments as the stack gives them, and its settings, resolved. */
export interface StackSettings {
    readonly args: QueueApiArgs;
    readonly settings: QueueApiSettings;
}

/**
 * The program's defaults that can apply to a route of the given settings: its request schema
 * describes JSON bodies, and is left out for a route whose contentTypes hold no JSON.
 */
function applicableDefaults(route: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const { requestSchema: _schema, ...others } = defaults;
    const takesJson = !Array.isArray(route.contentTypes) || route.contentTypes.includes(JSON_MEDIA_TYPE);
    return takesJson ? { ...defaults } : others;
}

/** The routes as given, the one that takes the single route's names with the program's single-route defaults beneath its own. */
function withSingleRouteDefaults(routes: unknown, programDefaults: Readonly<QueueApiArgs>): unknown {
    const defaults = Object.fromEntries(Object.entries(programDefaults).filter(([key]) => SINGLE_ROUTE_KEYS.includes(key)));
    return Array.isArray(routes)
        ? routes.map((route) => (isPlainObject(route) && route.singleRouteNames === true ? { ...applicableDefaults(route, defaults), ...route } : route))
        : routes;
}

/**
 * Reads the keys of `namespace` (the project name) from a stack's raw config, over the program's
 * own defaults, and resolves the component's settings from them, for a component named after the
 * project in the stack's region. Throws a SettingsError naming every bad key, its value and what is
 * allowed; keys of other namespaces (`aws:region`) are left alone, unless the namespace looks like
 * a misspelling of the project's.
 *
 * The program's defaults describe the single route: with `routes`, they go to the route that takes
 * the single route's names (`singleRouteNames`), where it does not set them, and to no other.
 */
export function resolveStackConfig(
    namespace: string,
    raw: Readonly<Record<string, string>>,
    programDefaults: Readonly<QueueApiArgs> = {},
): StackSettings {
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

    const args = (given.routes !== undefined ? { ...given, routes: withSingleRouteDefaults(given.routes, programDefaults) }
        : { ...applicableDefaults(given, programDefaults as Record<string, unknown>), ...given }) as QueueApiArgs;
    let settings: QueueApiSettings | undefined;
    try {
        settings = resolveSettings(args, { keyPrefix: prefix, componentName: namespace, region: providerRegion(raw["aws:region"]) });
    } catch (err) {
        if (!(err instanceof SettingsError)) {
            throw err;
        }
        problems.push(...err.problems);
    }
    if (problems.length > 0 || !settings) {
        throw new SettingsError(problems);
    }
    return { args, settings };
}

/** The component's arguments from a stack's config, checked as resolveStackConfig checks them. */
export function readStackConfig(namespace: string, raw: Readonly<Record<string, string>>, programDefaults: Readonly<QueueApiArgs> = {}): QueueApiArgs {
    return resolveStackConfig(namespace, raw, programDefaults).args;
}
