// Stages of REST and HTTP APIs: every method (or route) throttled, and JSON access logs.
import { PolicyResource } from "@pulumi/policy";

import { ALWAYS_NUMERIC_CONTEXT } from "./contextVariables";
import { resourcePath } from "./routes";
import { knownItems, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

const NUMERIC = new RegExp(`\\$context\\.(?:${ALWAYS_NUMERIC_CONTEXT.join("|")})(?![A-Za-z.])`, "g");

/**
 * Is an access log format a JSON object once API Gateway fills in its variables? A value is written
 * as it is, so it stands in quotes unless it is always a number; `…String` variables are quoted JSON
 * strings already.
 */
export function isJsonLogFormat(format: unknown): boolean {
    if (typeof format !== "string") {
        return false;
    }
    try {
        const sample = format
            .replace(/\$context\.[A-Za-z.]*String\b/g, "\"x\"")
            .replace(NUMERIC, "0")
            .replace(/\$context\.[A-Za-z.]+/g, "x");
        const parsed: unknown = JSON.parse(sample);
        return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
    } catch {
        return false;
    }
}

interface Limits {
    readonly rate?: unknown;
    readonly burst?: unknown;
}

/** Both limits set and positive: API Gateway's -1 (or nothing) means "not throttled". */
const limited = (limits: Limits | undefined) => limits !== undefined && Number(limits.rate) > 0 && Number(limits.burst) > 0;

export const object = (value: unknown): Record<string, unknown> | undefined =>
    (value !== null && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : undefined);

/**
 * The methods of a REST API stage that no MethodSettings throttles. A setting for `*\/*` covers every
 * method; one for `{path}/{METHOD}` overrides it for that method, with its own limits (a per-method
 * setting without limits leaves that method unthrottled). Undefined when it cannot be told yet.
 */
export function unthrottledRestMethods(stage: PolicyResource, index: StackIndex, unknowns: Unknowns): string[] | undefined {
    const reading = new Unknowns();
    const restApi = reading.peek(() => stage.props.restApi);
    const stageName = reading.peek(() => stage.props.stageName);
    const settings = index.find(TYPES.methodSettings, "restApi", restApi, reading)
        .filter((m) => reading.peek(() => m.props.stageName) === stageName);
    const byPath = new Map<string, Limits>();
    for (const setting of settings) {
        const path = reading.peek(() => setting.props.methodPath);
        const values = object(reading.peek(() => setting.props.settings));
        if (typeof path === "string") {
            byPath.set(path.toLowerCase(), { rate: values?.throttlingRateLimit, burst: values?.throttlingBurstLimit });
        }
    }
    const everyMethod = byPath.get("*/*");
    const open: string[] = [];
    if (byPath.size === 0 || (byPath.size === 1 && everyMethod)) {
        // No per-method override: every method has the stage-wide setting, or none.
        if (!limited(everyMethod)) {
            open.push("any method");
        }
    } else {
        const methods = index.find(TYPES.method, "restApi", restApi, reading);
        for (const method of methods) {
            const path = resourcePath(index, method, "resourceId", reading);
            const verb = reading.peek(() => method.props.httpMethod);
            if (path === undefined || typeof verb !== "string") {
                continue;
            }
            if (!limited(byPath.get(`${path}/${verb}`.toLowerCase()) ?? everyMethod)) {
                open.push(`${verb} /${path}`);
            }
        }
        if (methods.length === 0 && !limited(everyMethod)) {
            open.push("any method");
        }
    }
    unknowns.absorb(reading);
    return reading.any ? undefined : open;
}

/**
 * The routes of an HTTP (or WebSocket) API stage that are not throttled: each route takes its
 * `routeSettings` limits where they are set, the stage's `defaultRouteSettings` otherwise.
 */
export function unthrottledHttpRoutes(stage: PolicyResource, index: StackIndex, unknowns: Unknowns): string[] | undefined {
    const reading = new Unknowns();
    const defaults = object(reading.peek(() => stage.props.defaultRouteSettings));
    const byRoute = new Map<string, Record<string, unknown>>();
    for (const setting of knownItems(() => stage.props.routeSettings, reading).map(object)) {
        const key = setting?.routeKey;
        if (setting && typeof key === "string") {
            byRoute.set(key, setting);
        }
    }
    const routes = index.find(TYPES.httpRoute, "apiId", reading.peek(() => stage.props.apiId), reading);
    const keys = routes.map((r) => reading.peek(() => r.props.routeKey)).filter((k): k is string => typeof k === "string");
    const open = (keys.length > 0 ? keys : ["$default"]).filter((key) => {
        const own = byRoute.get(key);
        return !limited({ rate: own?.throttlingRateLimit ?? defaults?.throttlingRateLimit, burst: own?.throttlingBurstLimit ?? defaults?.throttlingBurstLimit });
    });
    unknowns.absorb(reading);
    return reading.any ? undefined : open;
}

export const REST_HINT = "MethodSettings for */*, or one per method, with throttlingRateLimit and throttlingBurstLimit";
export const HTTP_HINT = "defaultRouteSettings, or routeSettings for each route, with throttlingRateLimit and throttlingBurstLimit";

export function throttlingProblem(open: readonly string[] | undefined, hint: string): string | undefined {
    if (open === undefined || open.length === 0) {
        return undefined;
    }
    return open.includes("any method") ? "no throttling (MethodSettings with throttlingRateLimit and throttlingBurstLimit)"
        : `no throttling for ${open.join(", ")} (${hint})`;
}

