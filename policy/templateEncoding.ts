// Decides from a mapping template's parse tree whether every value that reaches its output has
// gone through $util.urlEncode. SQS reads the integration request as a form, so an unencoded value
// holding `&`, `=`, `+` or `%` corrupts the message or adds parameters of the client's choosing.
import { parse } from "velocityjs";

import { ALWAYS_NUMERIC_CONTEXT } from "./contextVariables";

interface Node {
    readonly type?: string;
    readonly id?: string;
    readonly path?: readonly { readonly type: string; readonly id: string }[];
    readonly equal?: readonly [Node, Node];
    readonly value?: string;
    readonly isEval?: boolean;
    readonly to?: string;
    readonly pos?: { readonly first_line: number; readonly first_column: number };
}

/** Directives whose effect on the output cannot be followed statically. */
const OPAQUE = new Set(["macro", "macro_call", "define", "parse", "include", "evaluate"]);

function text(node: Node): string {
    const path = (node.path ?? []).map((p) => `.${p.id}${p.type === "method" ? "()" : ""}`).join("");
    return `$${node.id}${path}`;
}

function where(node: Node): string {
    return node.pos ? ` (line ${node.pos.first_line}, column ${node.pos.first_column + 1})` : "";
}

/**
 * A reference that can carry nothing of the client's: a stage variable (set by the stack's owner, as
 * a constant is) or a $context value AWS documents as always numeric.
 */
function isSafeReference(node: Node): boolean {
    const path = node.path ?? [];
    if (node.type !== "references" || path.length !== 1 || path[0].type !== "property") {
        return false;
    }
    return node.id === "stageVariables" || (node.id === "context" && ALWAYS_NUMERIC_CONTEXT.includes(path[0].id));
}

function isUrlEncodeCall(node: Node): boolean {
    return node.type === "references" && node.id === "util" && node.path?.length === 1
        && node.path[0].type === "method" && node.path[0].id === "urlEncode";
}

/**
 * Lists the references whose value reaches the output without $util.urlEncode; empty when the
 * template is safe. A variable counts as encoded only if every #set of it assigns an encoded value:
 * an encoded call, a constant, a stage variable, an always-numeric $context value, or text built
 * only from those.
 */
export function unencodedOutputs(template: string): string[] {
    let found = decided.get(template);
    if (!found) {
        found = decide(template);
        // The routes of one API usually share their template: each distinct one is parsed once.
        if (decided.size >= 1000) {
            decided.clear();
        }
        decided.set(template, found);
    }
    return [...found];
}

const decided = new Map<string, readonly string[]>();

function decide(template: string): string[] {
    let ast: unknown;
    try {
        ast = parse(template);
    } catch (err) {
        return [`the template does not parse: ${(err as Error).message.split("\n")[0]}`];
    }

    // Pass 1: what each variable may hold.
    const assignments = new Map<string, Node[]>();
    const loopVariables = new Set<string>();
    const collect = (node: unknown): void => {
        if (Array.isArray(node)) {
            node.forEach(collect);
            return;
        }
        const n = node as Node;
        if (n?.type === "set" && n.equal && !n.equal[0].path?.length && n.equal[0].id) {
            assignments.set(n.equal[0].id, [...(assignments.get(n.equal[0].id) ?? []), n.equal[1]]);
        } else if (n?.type === "foreach" && n.to) {
            loopVariables.add(n.to);
        }
    };
    collect(ast);

    // A variable is encoded when every value assigned to it is, a value that reads the variable itself
    // included (`#set($form = "${form}&DelaySeconds=60")` appends a constant to what it held). Decided as
    // the greatest fixed point: every assigned variable starts encoded and loses it while one of its
    // values is not, so a raw $input value taints every variable it travels through.
    const encodedVariable = new Map<string, boolean>([...assignments.keys()].filter((id) => !loopVariables.has(id)).map((id) => [id, true]));
    const isEncodedValue = (value: Node): boolean => {
        if (isUrlEncodeCall(value) || isSafeReference(value)) {
            return true;
        }
        if (value.type === "references") {
            return !value.path?.length && value.id !== undefined && encodedVariable.get(value.id) === true;
        }
        if (value.type === "string") {
            return !value.isEval || !value.value?.includes("$") || unencodedIn(parseOrNull(value.value)).length === 0;
        }
        if (value.type === "math") {
            return isNumericValue(value, new Set());
        }
        // Numbers and booleans cannot carry form delimiters; lists, maps and ranges print as text.
        return value.type === "integer" || value.type === "decimal" || value.type === "bool";
    };
    // Arithmetic on numbers yields a number (a counter such as `#set($n = $n + 1)`); a string
    // operand could make it text, so only number literals and numeric variables count.
    const isNumericValue = (value: Node, seen: Set<string>): boolean => {
        if (value.type === "integer" || value.type === "decimal") {
            return true;
        }
        if (value.type === "math") {
            return ((value as { expression?: Node[] }).expression ?? []).every((operand) => isNumericValue(operand, seen));
        }
        if (value.type === "references" && !value.path?.length && value.id !== undefined) {
            const id = value.id;
            // A variable met again while deciding it is assumed numeric; its other assignments still decide.
            return seen.has(id) || (!loopVariables.has(id) && assignments.has(id)
                && assignments.get(id)!.every((v) => isNumericValue(v, new Set(seen).add(id))));
        }
        return false;
    };

    // A string that does not parse is not trusted: it yields a node that is never encoded.
    const parseOrNull = (text: string): unknown => {
        try {
            return parse(text);
        } catch {
            return { type: "references", id: "unparsable", path: [] };
        }
    };

    for (let changed = true; changed;) {
        changed = false;
        for (const [id, values] of assignments) {
            if (encodedVariable.get(id) === true && !values.every(isEncodedValue)) {
                encodedVariable.set(id, false);
                changed = true;
            }
        }
    }

    // Pass 2: what reaches the output. Conditions and #set right-hand sides print nothing.
    function unencodedIn(node: unknown): string[] {
        if (Array.isArray(node)) {
            return node.flatMap((child) => unencodedIn(child));
        }
        const n = node as Node;
        if (typeof node === "string" || !n?.type) {
            return [];
        }
        if (OPAQUE.has(n.type)) {
            return [`#${n.type === "macro_call" ? n.id : n.type}${where(n)} cannot be checked: its output is not followed`];
        }
        if (n.type !== "references" || isUrlEncodeCall(n) || isSafeReference(n)) {
            return [];
        }
        if (!n.path?.length && n.id !== undefined && encodedVariable.get(n.id) === true) {
            return [];
        }
        return [`${text(n)}${where(n)}`];
    }
    return [...new Set(unencodedIn(ast))];
}
