// Renders API Gateway mapping templates with a real Velocity engine (velocityjs), shimming the
// parts of API Gateway's environment the templates use, as AWS documents them:
// - $input.body: the raw request body; $input.path('$.a[0].b'): a value from the JSON body, and
//   $input.json('$[0]') the same serialised as JSON;
//   $input.params(): the request's header, querystring and path parameters, as maps;
// - $util.urlEncode: Java's URLEncoder.encode(s, "UTF-8") (space as '+', only A-Z a-z 0-9 . - * _ kept);
// - $context.requestId and $context.error.*, and $context.responseOverride.status and
//   $context.responseOverride.header.<Name>, which a template may set, each once: API Gateway
//   answers 5XX to a template that overrides one value twice;
// - strings are Java strings in API Gateway: only Java's String methods are allowed here, and a
//   JavaScript-only method (includes, slice) or property (length) fails the render instead of
//   working here and failing in AWS.
import { Compile, parse } from "velocityjs";

export interface RenderInput {
    readonly body?: string;
    /** Request headers, as $input.params().header holds them (a map from name to value). */
    readonly headers?: Readonly<Record<string, string>>;
    /** Path parameters, as $input.params().path holds them. */
    readonly pathParameters?: Readonly<Record<string, string>>;
    /** Query string parameters, as $input.params().querystring holds them. */
    readonly query?: Readonly<Record<string, string>>;
    /** More of $context: identity.sourceIp, identity.userAgent, stage and so on. */
    readonly context?: Readonly<Record<string, unknown>>;
    readonly requestId?: string;
    readonly error?: { readonly responseType: string; readonly message: string; readonly validationErrorString?: string };
}

export interface Rendered {
    readonly output: string;
    /** What the template set in $context.responseOverride.status, if anything. */
    readonly statusOverride?: number;
    /** What the template set in $context.responseOverride.header.<Name>, by name as the template spells it. */
    readonly headerOverrides: Readonly<Record<string, string>>;
}

/** A template that overrides one value twice, which API Gateway answers with a 5XX. */
export class OverrideTwice extends Error {}

/**
 * An object a template may set each property of once, as API Gateway's overrides are final.
 * Velocity leaves a `#set` to null alone, so a null value is not an override.
 */
function setOnce(what: string): Record<string, unknown> {
    return new Proxy<Record<string, unknown>>({}, {
        set(target, property, value) {
            if (value === null || value === undefined) {
                return true;
            }
            if (Object.prototype.hasOwnProperty.call(target, property)) {
                throw new OverrideTwice(`${what}.${String(property)} is overridden twice; API Gateway answers 5XX to that template`);
            }
            target[property as string] = value;
            return true;
        },
    });
}

/** Java's URLEncoder.encode(value, "UTF-8"). */
export function javaUrlEncode(value: string): string {
    return encodeURIComponent(value)
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, "+");
}

/** Java's String methods the templates may call, implemented on JavaScript strings. */
const JAVA_STRING_METHODS: Record<string, (s: string, ...args: any[]) => unknown> = {
    contains: (s, part: string) => s.includes(String(part)),
    equals: (s, other: unknown) => s === other,
    equalsIgnoreCase: (s, other: unknown) => typeof other === "string" && s.toLowerCase() === other.toLowerCase(),
    startsWith: (s, prefix: string) => s.startsWith(prefix),
    endsWith: (s, suffix: string) => s.endsWith(suffix),
    isEmpty: (s) => s.length === 0,
    length: (s) => s.length,
    trim: (s) => s.trim(),
    toLowerCase: (s) => s.toLowerCase(),
    toUpperCase: (s) => s.toUpperCase(),
    matches: (s, regex: string) => new RegExp(`^(?:${regex})$`).test(s),
    // Java's replaceAll takes a regex; the templates use no group references in the replacement.
    replaceAll: (s, regex: string, replacement: string) => s.replace(new RegExp(regex, "g"), () => replacement),
};

const ALLOWED_MEMBERS: Record<string, ReadonlySet<string> | "any"> = {
    input: new Set(["body", "path", "json", "params"]),
    util: new Set(["urlEncode", "escapeJavaScript"]),
    context: "any",
};

interface AstNode {
    type?: string;
    id?: string;
    path?: { type: string; id: string; args?: AstNode[] }[];
    value?: string;
    isEval?: boolean;
    [key: string]: unknown;
}

/** Fails on members API Gateway would not have: JavaScript-only string members above all. */
function checkMembers(node: unknown): void {
    if (Array.isArray(node)) {
        node.forEach(checkMembers);
        return;
    }
    if (node === null || typeof node !== "object") {
        return;
    }
    const n = node as AstNode;
    if (n.type === "string" && n.isEval && typeof n.value === "string" && n.value.includes("$")) {
        checkMembers(parse(n.value));
    }
    if (n.type === "references" && n.id && n.path) {
        const allowed = ALLOWED_MEMBERS[n.id];
        const first = n.path[0];
        if (allowed === undefined) {
            for (const member of n.path) {
                if (member.type !== "method" || !(member.id in JAVA_STRING_METHODS)) {
                    throw new Error(`$${n.id}.${member.id} is not a Java String method, so API Gateway would not run it`);
                }
            }
        } else if (allowed !== "any" && first && !allowed.has(first.id)) {
            throw new Error(`$${n.id}.${first.id} is not part of API Gateway's $${n.id}`);
        }
    }
    for (const value of Object.values(n)) {
        checkMembers(value);
    }
}

/** A JSONPath of names and array indexes, `$.a.b[2].c`, as the templates write them. */
const JSON_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;

function jsonPath(body: string, path: string): unknown {
    if (!JSON_PATH.test(path)) {
        throw new Error(`the shim supports only JSON paths of names and indexes ($.a[0].b), got ${path}`);
    }
    let value: unknown = JSON.parse(body);
    for (const [, key, index] of path.slice(1).matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)) {
        const step = key ?? Number(index);
        const holds = index === undefined ? value !== null && typeof value === "object" && !Array.isArray(value) : Array.isArray(value);
        value = holds ? (value as Record<string | number, unknown>)[step] : undefined;
    }
    return value;
}

/** Java's String.replace("\\", "\\\\") etc. as $util.escapeJavaScript does it. */
function escapeJavaScript(value: string): string {
    return value.replace(/[\\"'\n\r\t\b\f/]/g, (c) => ({
        "\\": "\\\\", "\"": "\\\"", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "/": "\\/",
    })[c] as string);
}

export function renderTemplate(template: string, input: RenderInput = {}): Rendered {
    const ast = parse(template);
    checkMembers(ast);
    const body = input.body ?? "";
    const header = setOnce("$context.responseOverride.header");
    const responseOverride = setOnce("$context.responseOverride");
    // A template reads the header map and sets its entries; only status and header are API Gateway's.
    Object.defineProperty(responseOverride, "header", { value: header, enumerable: true });
    const given = (input.context ?? {}) as Record<string, any>;
    const context = {
        ...given,
        // API Gateway's $context always has these maps, on every route: a value a request lacks
        // (the caller of an open route) renders empty, as a quiet reference does in Velocity.
        identity: { ...given.identity },
        authorizer: { ...given.authorizer, claims: { ...given.authorizer?.claims } },
        requestId: input.requestId ?? "c0ffee00-0000-4000-8000-000000000001",
        responseOverride,
        error: input.error
            ? {
                responseType: input.error.responseType,
                message: input.error.message,
                messageString: JSON.stringify(input.error.message),
                validationErrorString: input.error.validationErrorString ?? "",
            }
            : undefined,
    };
    const compiled = new Compile(ast, {
        env: "development",
        customMethodHandlers: [{
            uid: "java-string",
            match: ({ context: target }) => typeof target === "string",
            resolve: ({ context: target, property, params }) => {
                const method = JAVA_STRING_METHODS[property];
                if (!method) {
                    throw new Error(`${property}() is not a Java String method`);
                }
                return method(target as string, ...params);
            },
        }],
    });
    const output = compiled.render({
        input: {
            body,
            path: (path: string) => jsonPath(body, path),
            json: (path: string) => JSON.stringify(jsonPath(body, path)),
            params: () => ({ header: { ...input.headers }, querystring: { ...input.query }, path: { ...input.pathParameters } }),
        },
        util: { urlEncode: (value: unknown) => javaUrlEncode(String(value)), escapeJavaScript },
        context,
    });
    const status = responseOverride.status;
    return {
        output,
        ...(status !== undefined ? { statusOverride: Number(status) } : {}),
        headerOverrides: Object.fromEntries(Object.entries(header).map(([name, value]) => [name, String(value)])),
    };
}
