// CORS: the headers that let a browser page of an allowed origin read the API's answers. A browser
// shows a page nothing of a response without them, not even the API's JSON error, so they go on
// every response the API can give: the 202, the integration's errors, every gateway response, and
// the preflight that comes before them.
import { CorsSettings } from "./settingsTypes";

export type { CorsSettings };

const ORIGIN = "Access-Control-Allow-Origin";

/** A static header value, as API Gateway's response parameters take it: in single quotes. */
const quoted = (value: string) => `'${value}'`;

/** The origin sent when the request's own cannot be checked: the only one, or `*`, or the first listed. */
export function staticOrigin(cors: CorsSettings): string {
    return cors.allowOrigins[0];
}

/**
 * With several origins, a mapping template names the request's origin when it is one of them
 * (the static first origin stands otherwise, and the browser refuses it). A header's name is
 * case-insensitive and HTTP/2 sends it in lower case, so both spellings are looked up. The
 * directives run together, so that the template adds nothing to the body it precedes.
 */
export function originOverride(cors: CorsSettings): string {
    const others = cors.allowOrigins.slice(1);
    if (others.length === 0) {
        return "";
    }
    return [
        `#set($origin = "$!input.params().header.get('Origin')")`,
        `#if($origin == "")#set($origin = "$!input.params().header.get('origin')")#end`,
        `#if(${others.map((o) => `$origin == "${o}"`).join(" || ")})`,
        `#set($context.responseOverride.header.${ORIGIN} = $origin)`,
        `#end`,
    ].join("");
}

/** The origins an `originOverride` template names back, read from the template as written above. */
export function overriddenOrigins(template: string): string[] {
    return [...template.matchAll(/\$origin == "([^"]+)"/g)].map((match) => match[1]);
}

/** The headers on the routes' responses (202 and errors), as static values. */
export function responseHeaders(cors: CorsSettings): Readonly<Record<string, string>> {
    return {
        [ORIGIN]: quoted(staticOrigin(cors)),
        ...(cors.allowCredentials ? { "Access-Control-Allow-Credentials": quoted("true") } : {}),
        ...(cors.exposeHeaders.length > 0 ? { "Access-Control-Expose-Headers": quoted(cors.exposeHeaders.join(",")) } : {}),
        // The answer depends on the request's origin: a shared cache must not give one origin's to another.
        ...(cors.allowOrigins.length > 1 ? { Vary: quoted("Origin") } : {}),
    };
}

/**
 * The headers on gateway responses, which API Gateway answers without running a template. With
 * one origin (or `*`) they are the routes' own. With several, a gateway response can only send a
 * fixed value or copy a request header unchecked: it copies the request's `Origin` (any origin
 * can then read the error, which holds a message and a request id, nothing a caller's own request
 * would not show), unless credentials are allowed, when copying would let any site read answers
 * to its visitors' credentialed requests: then it sends the first origin, and pages of the other
 * origins see a network error instead of the gateway's JSON.
 */
export function gatewayHeaders(cors: CorsSettings): Readonly<Record<string, string>> {
    const echo = cors.allowOrigins.length > 1 && !cors.allowCredentials;
    return {
        ...responseHeaders(cors),
        ...(echo ? { [ORIGIN]: "method.request.header.Origin" } : {}),
    };
}

/** The preflight's headers: what the browser may send, for how long it may remember the answer. */
export function preflightHeaders(cors: CorsSettings, methods: readonly string[]): Readonly<Record<string, string>> {
    const allowMethods = cors.allowMethods.length > 0 ? cors.allowMethods : [...methods, "OPTIONS"];
    return {
        ...responseHeaders(cors),
        "Access-Control-Allow-Methods": quoted(allowMethods.join(",")),
        "Access-Control-Allow-Headers": quoted(cors.allowHeaders.join(",")),
        "Access-Control-Max-Age": quoted(String(cors.maxAgeSeconds)),
    };
}

/** Header values keyed as a method or integration response declares them. */
export function asResponseParameters(headers: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [`${prefix}.${name}`, value]));
}

/** The method response's declaration of those headers. */
export function declaredHeaders(headers: Readonly<Record<string, string>>): Record<string, boolean> {
    return Object.fromEntries(Object.keys(headers).map((name) => [`method.response.header.${name}`, false]));
}
