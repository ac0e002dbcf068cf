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
 * What a #foreach sets on each pass, and what it holds: Velocity 1.7's `$foreach` scope (`count` from 1,
 * `index` from 0, the booleans `hasNext`, `first` and `last`) and its older `$velocityCount` and
 * `$velocityHasNext`. Printed, each is digits or true/false; a Velocity without them prints the
 * reference's own text, which holds no form delimiter either.
 */
const LOOP_NUMBERS: Readonly<Record<string, readonly string[]>> = { foreach: ["count", "index"], velocityCount: [] };
const LOOP_BOOLEANS: Readonly<Record<string, readonly string[]>> = { foreach: ["hasNext", "first", "last"], velocityHasNext: [] };

/**
 * Has the template itself written what a reference reads? `assigned` holds each variable a #set or
 * #foreach writes (`x`) and each property a #set writes (`x.name`, from `#set($x.name.more = …)`):
 * `#set($context = $input.path('$'))` would make `$context.status` the client's, as
 * `#set($foreach.count = …)` might make the loop's count. `#set($context.requestOverride.header.x = …)`
 * leaves `$context.status` alone.
 */
function isReassigned(node: Node, assigned: ReadonlySet<string>): boolean {
    const first = node.path?.[0];
    return node.id === undefined || assigned.has(node.id) || (first !== undefined && assigned.has(`${node.id}.${first.id}`));
}

/** Is a reference one of the loop's own values in `members`? */
function isLoopValue(node: Node, members: Readonly<Record<string, readonly string[]>>): boolean {
    const path = node.path ?? [];
    const allowed = node.id === undefined ? undefined : members[node.id];
    if (node.type !== "references" || allowed === undefined) {
        return false;
    }
    return allowed.length === 0 ? path.length === 0 : path.length === 1 && path[0].type === "property" && allowed.includes(path[0].id);
}

/** A loop's count or index, under a name the template does not write. */
const isLoopNumber = (node: Node, assigned: ReadonlySet<string>) => isLoopValue(node, LOOP_NUMBERS) && !isReassigned(node, assigned);

/**
 * A reference that can carry nothing of the client's: a stage variable (set by the stack's owner, as
 * a constant is), a $context value AWS documents as always numeric, or a loop's count or flag, each
 * only while the template does not write it itself.
 */
function isSafeReference(node: Node, assigned: ReadonlySet<string>): boolean {
    if (node.type !== "references" || isReassigned(node, assigned)) {
        return false;
    }
    if (isLoopValue(node, LOOP_NUMBERS) || isLoopValue(node, LOOP_BOOLEANS)) {
        return true;
    }
    const path = node.path ?? [];
    if (path.length !== 1 || path[0].type !== "property") {
        return false;
    }
    return node.id === "stageVariables" || (node.id === "context" && ALWAYS_NUMERIC_CONTEXT.includes(path[0].id));
}

function isUrlEncodeCall(node: Node): boolean {
    return node.type === "references" && node.id === "util" && node.path?.length === 1
        && node.path[0].type === "method" && node.path[0].id === "urlEncode";
}

/**
 * Visits every node of a parse tree, in blocks, arguments, conditions and literals alike, and the
 * nodes of every evaluated (double-quoted) string literal, whose text Velocity parses and renders as
 * a template when it holds `$` or `#`; `inString` tells the visitor it is inside one. A string that
 * does not parse is handed to `unparsable`.
 */
function walkEvaluated(node: unknown, inString: boolean, visit: (node: Node, inString: boolean) => void, unparsable: (literal: string) => void): void {
    if (Array.isArray(node)) {
        node.forEach((child) => walkEvaluated(child, inString, visit, unparsable));
        return;
    }
    if (node === null || typeof node !== "object") {
        return;
    }
    const n = node as Node;
    if (n.type === "string") {
        if (n.isEval && typeof n.value === "string" && /[$#]/.test(n.value)) {
            let inner: unknown;
            try {
                inner = parse(n.value);
            } catch {
                unparsable(n.value);
                return;
            }
            walkEvaluated(inner, true, visit, unparsable);
        }
        return;
    }
    visit(n, inString);
    Object.values(n).forEach((child) => walkEvaluated(child, inString, visit, unparsable));
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

    // Pass 1: what each variable may hold, wherever it is assigned: Velocity renders a double-quoted
    // string that holds `$` or `#` as a template of its own, with the template's variables, so a #set
    // inside such a string (`#set($y = "#set($x = $input.body)")`) assigns $x as surely as one outside.
    const assignments = new Map<string, Node[]>();
    const loopVariables = new Set<string>();
    /** Every name a #set or #foreach writes, a property of it included (`#set($foreach.count = …)`). */
    const assigned = new Set<string>();
    /** What the walk cannot follow inside string literals: directives whose effect is unknown, text that does not parse. */
    const unfollowed: string[] = [];
    walkEvaluated(ast, false, (n, inString) => {
        if (n.type === "set" && n.equal?.[0].id) {
            const [target] = n.equal;
            const first = target.path?.[0];
            // An index (`#set($x["k"] = …)`) names no property that can be read back by name: the whole variable counts as written.
            assigned.add(first === undefined || first.type === "index" ? target.id! : `${target.id}.${first.id}`);
            if (!target.path?.length) {
                assignments.set(n.equal[0].id, [...(assignments.get(n.equal[0].id) ?? []), n.equal[1]]);
            }
        } else if (n.type === "foreach" && n.to) {
            loopVariables.add(n.to);
            assigned.add(n.to);
        } else if (inString && n.type !== undefined && OPAQUE.has(n.type)) {
            unfollowed.push(`#${n.type === "macro_call" ? n.id : n.type} in a string literal cannot be checked: what it does is not followed`);
        }
    }, (literal) => unfollowed.push(`the string literal ${JSON.stringify(literal)} cannot be checked: Velocity parses it as a template, and it does not parse`));

    // A variable is encoded when every value assigned to it is, a value that reads the variable itself
    // included (`#set($form = "${form}&DelaySeconds=60")` appends a constant to what it held). Decided as
    // the greatest fixed point: every assigned variable starts encoded and loses it while one of its
    // values is not, so a raw $input value taints every variable it travels through.
    const encodedVariable = new Map<string, boolean>([...assignments.keys()].filter((id) => !loopVariables.has(id)).map((id) => [id, true]));
    const isEncodedValue = (value: Node): boolean => {
        if (isUrlEncodeCall(value) || isSafeReference(value, assigned)) {
            return true;
        }
        if (value.type === "references") {
            return !value.path?.length && value.id !== undefined && encodedVariable.get(value.id) === true;
        }
        if (value.type === "string") {
            return !value.isEval || !/[$#]/.test(value.value ?? "") || unencodedIn(parseOrNull(value.value!)).length === 0;
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
        if (value.type === "integer" || value.type === "decimal" || isLoopNumber(value, assigned)) {
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
        if (n.type !== "references" || isUrlEncodeCall(n) || isSafeReference(n, assigned)) {
            return [];
        }
        if (!n.path?.length && n.id !== undefined && encodedVariable.get(n.id) === true) {
            return [];
        }
        return [`${text(n)}${where(n)}`];
    }
    return [...new Set([...unencodedIn(ast), ...unfollowed])];
}
