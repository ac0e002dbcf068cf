// What an SQS integration sends beside the form its template prints. SQS's query API reads the
// parameters of a POST from its query string as well as from its form body, so a request value
// mapped into the integration's query string (the classic `MessageBody = method.request.body`) is
// an SQS parameter the client chooses, encoded or not; a path or a header the client fills changes
// the request SQS receives just as surely. A template changes the same three through
// `$context.requestOverride`. The pack cannot judge what such a value does to SQS, so an SQS
// integration that sends one fails closed; the component sends only its static Content-Type and
// Accept headers.
import { parse } from "velocityjs";

import { ALWAYS_NUMERIC_CONTEXT } from "./contextVariables";
import { Unknowns } from "./unknowns";

/** The headers an SQS integration may set, each to a static value (the form's Content-Type is checked on its own). */
const STATIC_HEADERS = ["content-type", "accept"];
const TARGET = /^integration\.request\.(querystring|multivaluequerystring|path|header|multivalueheader)\.(.+)$/i;

/**
 * Is a mapping value one the client cannot choose? A value in single quotes is static, a stage
 * variable is the stack's own, an always-numeric `$context` value is digits API Gateway writes.
 */
function isOwnerValue(value: string): boolean {
    const source = value.trim();
    return /^'.*'$/s.test(source) || /^stageVariables\.[A-Za-z0-9_]+$/.test(source)
        || ALWAYS_NUMERIC_CONTEXT.some((name) => source === `context.${name}`);
}

/** Why a mapping value is not the owner's: it is the client's request, or something the pack does not judge. */
function sourceOf(value: string): string {
    return /^method\.request\./i.test(value.trim()) ? `the client's ${value.trim()}` : `${JSON.stringify(value)} (a value the pack cannot judge)`;
}

/**
 * What an SQS integration's `requestParameters` send beside the form: every query-string or path
 * parameter whose value the client can choose, and every header but a static Content-Type or Accept.
 * Unknown values are added to `unknowns` and judged once known.
 */
export function requestParameterProblems(parameters: unknown, unknowns: Unknowns): string[] {
    const mapped = parameters !== null && typeof parameters === "object" && !Array.isArray(parameters) ? parameters as Record<string, unknown> : {};
    const problems: string[] = [];
    for (const name of Object.keys(mapped)) {
        const reading = new Unknowns();
        const value = reading.peek(() => mapped[name]);
        unknowns.absorb(reading);
        if (reading.any) {
            continue;
        }
        const target = TARGET.exec(name);
        if (!target) {
            if (/^integration\.request\./i.test(name)) {
                problems.push(`its requestParameters set ${name}, a part of the request to SQS the pack cannot judge`);
            }
            continue;
        }
        const [, location, key] = target;
        const text = typeof value === "string" ? value : JSON.stringify(value);
        if (/header$/i.test(location)) {
            const allowed = location.toLowerCase() === "header" && STATIC_HEADERS.includes(key.toLowerCase());
            if (!allowed) {
                problems.push(`its requestParameters send the header ${key} to SQS (from ${JSON.stringify(text)}): only a static Content-Type and Accept may be sent`);
            } else if (key.toLowerCase() === "accept" && !/^'.*'$/s.test(text.trim())) {
                problems.push(`its requestParameters set the Accept header from ${sourceOf(text)}: it must be a static value in single quotes`);
            }
            continue;
        }
        if (!isOwnerValue(text)) {
            problems.push(`its requestParameters map ${sourceOf(text)} into ${name}: SQS reads a POST's ${location.toLowerCase() === "path" ? "path" : "query-string"} `
                + "parameters beside its form, so the client would choose what SQS is sent");
        }
    }
    return problems;
}

interface Node {
    readonly type?: string;
    readonly id?: unknown;
    readonly value?: unknown;
    readonly path?: readonly { readonly type: string; readonly id: unknown }[];
    readonly pos?: { readonly first_line: number; readonly first_column: number };
}

const OVERRIDE = /requestoverride/i;

function where(pos: Node["pos"]): string {
    return pos ? ` (line ${pos.first_line}, column ${pos.first_column + 1})` : "";
}

function referenceText(node: Node): string {
    return `$${String(node.id)}${(node.path ?? []).map((p) => (p.type === "property" ? `.${String(p.id)}` : p.type === "method" ? `.${String(p.id)}(…)` : "[…]")).join("")}`;
}

type Position = Node["pos"];

/**
 * Where a template may change the request API Gateway sends beside its form: a reference through
 * `requestOverride` (`#set($context.requestOverride.querystring.DelaySeconds = …)`, `.header.put(…)`),
 * a string literal naming it (`$context.get("requestOverride")`), and `$context` read other than by
 * a property's name (copied whole, or read by a computed key), whose override then cannot be followed.
 * A #set of `$context` itself only replaces the template's variable. `at` is the nearest position
 * the parse tree gives (velocityjs places a directive, not the references inside it).
 */
function overrideUses(node: unknown, at: Position, found: string[]): void {
    if (Array.isArray(node)) {
        node.forEach((child) => overrideUses(child, at, found));
        return;
    }
    if (node === null || typeof node !== "object") {
        return;
    }
    const n = node as Node & { readonly equal?: readonly [Node, Node] };
    const here = n.pos ?? at;
    if (n.type === "comment") {
        return;
    }
    if (n.type === "set" && n.equal) {
        const [target, value] = n.equal;
        if (target.path?.length) {
            overrideUses(target, here, found);
        }
        overrideUses(value, here, found);
        return;
    }
    if (n.type === "references") {
        const path = n.path ?? [];
        const throughOverride = path.some((p) => p.type === "property" && typeof p.id === "string" && OVERRIDE.test(p.id));
        const first = path[0];
        const wholeContext = n.id === "context" && (first === undefined || first.type === "method"
            || (first.type === "index" && (first.id as Node | undefined)?.type !== "string"));
        if (throughOverride || wholeContext) {
            found.push(`${referenceText(n)}${where(here)}`);
        }
    } else if (n.type === "string" && typeof n.value === "string" && OVERRIDE.test(n.value)) {
        found.push(`the string ${JSON.stringify(n.value)}${where(here)}`);
    }
    Object.values(n).forEach((child) => overrideUses(child, here, found));
}

/** The places a template may set `$context.requestOverride`'s header, query string or path; empty when it cannot. */
export function requestOverrides(template: string): string[] {
    let ast: unknown;
    try {
        ast = parse(template);
    } catch {
        // A template that does not parse is reported as such by the encoding check.
        return [];
    }
    const found: string[] = [];
    overrideUses(ast, undefined, found);
    return [...new Set(found)];
}
