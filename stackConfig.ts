// Turns a stack's config (the `<project>:<key>` strings the Pulumi CLI hands the program) into the
// QueueApi's arguments, and checks them all before the program registers any resource.
import { QueueApiArgs, QueueApiSettings, resolveSettings, SettingsError, show } from "./components/settings";

/** Scalar keys, declared with their types in Pulumi.yaml. */
const STRING_KEYS = ["path", "authorization", "stageName"] as const;
const BOOLEAN_KEYS = ["manageCloudWatchRole", "protectQueues"] as const;
/** Structured keys: Pulumi.yaml has no object type, so these are parsed and checked here. */
const OBJECT_KEYS = ["queue", "throttle", "accessLogs", "tags"] as const;

export const CONFIG_KEYS: readonly string[] = [...STRING_KEYS, ...BOOLEAN_KEYS, ...OBJECT_KEYS];

/**
 * Reads the keys of `namespace` (the project name) from a stack's raw config and returns the
 * component's arguments with defaults applied. Throws a SettingsError naming every bad key, its
 * value and what is allowed; keys of other namespaces (`aws:region`) are left alone.
 */
export function readStackConfig(namespace: string, raw: Readonly<Record<string, string>>): QueueApiSettings {
    const problems: string[] = [];
    const args: Record<string, unknown> = {};
    const prefix = `${namespace}:`;

    for (const [fullKey, value] of Object.entries(raw)) {
        if (!fullKey.startsWith(prefix)) {
            continue;
        }
        const key = fullKey.slice(prefix.length);
        if ((STRING_KEYS as readonly string[]).includes(key)) {
            args[key] = value;
        } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
            if (value === "true" || value === "false") {
                args[key] = value === "true";
            } else {
                problems.push(`${fullKey} must be true or false, got ${show(value)}`);
            }
        } else if ((OBJECT_KEYS as readonly string[]).includes(key)) {
            args[key] = parseObject(fullKey, value, problems);
        } else {
            problems.push(`${fullKey} is not a known setting; known: ${CONFIG_KEYS.join(", ")}`);
        }
    }

    let settings: QueueApiSettings | undefined;
    try {
        settings = resolveSettings(args as QueueApiArgs, prefix);
    } catch (err) {
        if (!(err instanceof SettingsError)) {
            throw err;
        }
        problems.push(...err.problems);
    }
    if (problems.length > 0 || settings === undefined) {
        throw new SettingsError(problems);
    }
    return settings;
}

function parseObject(fullKey: string, value: string, problems: string[]): unknown {
    try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
            return parsed;
        }
    } catch {
        // reported below, with the value as written
    }
    problems.push(`${fullKey} must be an object of settings, got ${show(value)}`);
    return undefined;
}
