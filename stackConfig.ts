// Turns a stack's config (the `<project>:<key>` strings the Pulumi CLI hands the program) into the
// QueueApi's settings, and checks them all before the program registers any resource.
//
// The whole config is read at once (pulumi.runtime.allConfig) rather than key by key with
// Config.get/getObject, so that a misspelt key is reported instead of silently ignored. Structured
// values arrive as JSON text, exactly what getObject would parse.
import { DEFAULTS, QueueApiSettings, resolveSettings, SETTING_KEYS, SettingsError, show } from "./components/settings";

/** The program's keys: the component's settings, one for one. */
export const CONFIG_KEYS: readonly string[] = SETTING_KEYS;

/**
 * Reads the keys of `namespace` (the project name) from a stack's raw config, over the program's
 * own defaults, and returns the component's settings with defaults applied. Throws a SettingsError naming every bad key, its
 * value and what is allowed; keys of other namespaces (`aws:region`) are left alone.
 */
export function readStackConfig(
    namespace: string,
    raw: Readonly<Record<string, string>>,
    programDefaults: Readonly<Record<string, unknown>> = {},
): QueueApiSettings {
    const problems: string[] = [];
    const args: Record<string, unknown> = { ...programDefaults };
    const prefix = `${namespace}:`;

    for (const [fullKey, value] of Object.entries(raw)) {
        if (!fullKey.startsWith(prefix)) {
            continue;
        }
        const key = fullKey.slice(prefix.length);
        // Unknown keys pass through as they are, and resolveSettings names them.
        const kind = typeof (DEFAULTS as unknown as Record<string, unknown>)[key];
        if (kind === "boolean") {
            if (value === "true" || value === "false") {
                args[key] = value === "true";
            } else {
                problems.push(`${fullKey} must be true or false, got ${show(value)}`);
            }
        } else if (kind === "object" || key === "routes") {
            args[key] = parseJson(fullKey, value, key === "routes" ? "list" : "object", problems);
        } else {
            args[key] = value;
        }
    }

    try {
        const settings = resolveSettings(args, prefix);
        if (problems.length === 0) {
            return settings;
        }
    } catch (err) {
        if (!(err instanceof SettingsError)) {
            throw err;
        }
        problems.push(...err.problems);
    }
    throw new SettingsError(problems);
}

function parseJson(fullKey: string, value: string, kind: "object" | "list", problems: string[]): unknown {
    try {
        const parsed: unknown = JSON.parse(value);
        if (kind === "list" ? Array.isArray(parsed) : typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
            return parsed;
        }
    } catch {
        // reported below, with the value as written
    }
    problems.push(`${fullKey} must be ${kind === "list" ? "a list of routes" : "an object of settings"}, got ${show(value)}`);
    return undefined;
}
