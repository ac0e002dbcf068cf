// Reads an API's OpenAPI `body` (JSON or YAML text) the way API Gateway imports it: local `$ref`s
// followed, every `x-amazon-apigateway-*` extension accounted for. What cannot be read is kept as a
// problem naming where it is, so that the pack fails closed on it instead of passing it unread.

/** Something in a body that the pack cannot judge, and where it is (`paths["/orders"].post`). */
export interface BodyProblem {
    readonly where: string;
    readonly what: string;
}

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === "object" && !Array.isArray(value);

/** A location one step below `base`: `base.key`, or `base["key"]` when the key is not a plain name. */
export function at(base: string, key: string | number): string {
    if (typeof key === "number") {
        return `${base}[${key}]`;
    }
    const plain = /^[A-Za-z_][\w-]*$/.test(key);
    return base === "" ? (plain ? key : `[${JSON.stringify(key)}]`) : plain ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

const EXTENSION = "x-amazon-apigateway-";

/** Is a key one of API Gateway's OpenAPI extensions? */
export const isApiGatewayExtension = (key: string) => key.toLowerCase().startsWith(EXTENSION);

/**
 * Where a body holds the key `<<`: YAML 1.1's merge key, which YAML 1.2 (and JSON) reads as a plain
 * key. Whether API Gateway's importer merges it is not documented, so each is a problem.
 */
function mergeKeys(root: unknown): string[] {
    const found: string[] = [];
    const walk = (node: unknown, where: string, seen: Set<object>): void => {
        if (node === null || typeof node !== "object" || seen.has(node)) {
            return;
        }
        seen.add(node);
        for (const [key, value] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
            if (key === "<<") {
                found.push(where === "" ? "the top" : where);
            }
            walk(value, at(where, key), seen);
        }
    };
    walk(root, "", new Set());
    return found;
}

/**
 * Parses a body. YAML 1.2 is a superset of JSON, so one parser reads both; it refuses a key written
 * twice in one object, where which copy API Gateway keeps is not documented, and reports tags it does
 * not know (CloudFormation's `!Ref`), which nothing resolves before API Gateway reads the text. A
 * merge key (`<<: *defaults`) is read as YAML 1.2 reads it, as a plain key, and refused: whether
 * API Gateway merges it (YAML 1.1) or keeps it as a key is not documented.
 */
export function parseBody(text: string): { root?: JsonObject; problem?: string } {
    // Loaded on first use: most stacks define their APIs as resources and never need it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require("yaml") as typeof import("yaml");
    const document = yaml.parseDocument(text, { merge: false });
    const issue = document.errors[0] ?? document.warnings[0];
    if (issue) {
        return { problem: `it does not parse as JSON or YAML: ${issue.message.split("\n")[0].replace(/:$/, "")}` };
    }
    let root: unknown;
    try {
        root = document.toJS({ maxAliasCount: 1000 });
    } catch (err) {
        return { problem: `it does not parse as JSON or YAML: ${(err as Error).message.split("\n")[0]}` };
    }
    if (!isObject(root)) {
        return { problem: "it is not an OpenAPI document (an object)" };
    }
    const merged = mergeKeys(root);
    if (merged.length > 0) {
        return { problem: `it has a YAML merge key (<<) at ${merged.join(", ")}: whether API Gateway's importer merges it, as YAML 1.1 does, `
            + "or reads it as a key named <<, as YAML 1.2 does, is not documented; write the merged properties out" };
    }
    const version = String(root.openapi ?? root.swagger ?? "");
    // API Gateway imports OpenAPI 2.0 and 3.0; another version may be read otherwise, or refused.
    if (!/^(2\.0|3\.0(\.\d+)?)$/.test(version)) {
        return { problem: `it is not an OpenAPI 2.0 or 3.0 document, which API Gateway imports (swagger or openapi is ${JSON.stringify(root.openapi ?? root.swagger)})` };
    }
    return { root };
}

/**
 * A parsed body with its problems. Nodes are read through `deref`, which follows `$ref`s inside the
 * document; every API Gateway extension the readers consume is marked, and `unread` lists the rest.
 */
export class BodyDocument {
    readonly problems: BodyProblem[] = [];
    private readonly consumed = new WeakMap<object, Set<string>>();

    constructor(readonly root: JsonObject) {}

    problem(where: string, what: string): void {
        if (!this.problems.some((p) => p.where === where && p.what === what)) {
            this.problems.push({ where, what });
        }
    }

    /** Marks extensions of `node` as read, so `unread` does not report them. */
    consume(node: JsonObject, ...keys: string[]): void {
        const set = this.consumed.get(node) ?? new Set<string>();
        keys.forEach((k) => set.add(k));
        this.consumed.set(node, set);
    }

    /**
     * The node a value stands for: itself, or what its `$ref` points to within the document. A
     * reference to another file or URL, one that points nowhere, and a loop are problems (undefined).
     */
    deref(value: unknown, where: string): { node: unknown; where: string } | undefined {
        let node = value;
        let location = where;
        const seen = new Set<string>();
        while (isObject(node) && typeof node.$ref === "string") {
            const ref = node.$ref;
            if (!ref.startsWith("#")) {
                this.problem(location, `its $ref ${JSON.stringify(ref)} points outside the body, which cannot be read offline`);
                return undefined;
            }
            if (seen.has(ref) || seen.size > 32) {
                this.problem(location, `its $ref ${JSON.stringify(ref)} refers back to itself`);
                return undefined;
            }
            seen.add(ref);
            const target = this.pointer(ref);
            if (target === undefined) {
                this.problem(location, `its $ref ${JSON.stringify(ref)} points to nothing in the body`);
                return undefined;
            }
            node = target;
            location = ref;
        }
        return { node, where: location };
    }

    /** An object (after `$ref`), or undefined with a problem when it is something else. */
    object(value: unknown, where: string, what: string): { node: JsonObject; where: string } | undefined {
        const found = this.deref(value, where);
        if (!found) {
            return undefined;
        }
        if (!isObject(found.node)) {
            this.problem(found.where, `${what} must be an object, got ${JSON.stringify(found.node)}`);
            return undefined;
        }
        return { node: found.node, where: found.where };
    }

    /** A map of strings (request templates, parameter mappings); entries of another type are problems. */
    strings(value: unknown, where: string, what: string): Record<string, string> | undefined {
        if (value === undefined || value === null) {
            return undefined;
        }
        const found = this.object(value, where, what);
        if (!found) {
            return undefined;
        }
        const result: Record<string, string> = {};
        for (const [key, item] of Object.entries(found.node)) {
            if (typeof item === "string") {
                result[key] = item;
            } else {
                this.problem(at(found.where, key), `${what} must map to text, got ${JSON.stringify(item)}`);
            }
        }
        return result;
    }

    /** Problems for properties of an API Gateway object that its documentation does not list. */
    onlyKnown(node: JsonObject, where: string, known: readonly string[], what: string): void {
        for (const key of Object.keys(node)) {
            if (!known.includes(key) && key !== "$ref") {
                this.problem(at(where, key), `${what} has no documented property ${JSON.stringify(key)}, so what API Gateway makes of it cannot be judged`);
            }
        }
        this.consume(node, ...Object.keys(node));
    }

    /**
     * Every API Gateway extension the readers did not consume, wherever it is in the document: an
     * extension in a place API Gateway does not read it, or one this pack does not know.
     */
    unread(): void {
        const walk = (node: unknown, where: string, seen: Set<object>): void => {
            if (node === null || typeof node !== "object" || seen.has(node)) {
                return;
            }
            seen.add(node);
            if (Array.isArray(node)) {
                node.forEach((item, i) => walk(item, at(where, i), seen));
                return;
            }
            const consumed = this.consumed.get(node);
            for (const [key, value] of Object.entries(node)) {
                if (isApiGatewayExtension(key) && !consumed?.has(key)) {
                    this.problem(at(where, key), "the pack does not read this API Gateway extension here, so what it does cannot be judged");
                }
                walk(value, at(where, key), seen);
            }
        };
        walk(this.root, "", new Set());
    }

    private pointer(ref: string): unknown {
        let node: unknown = this.root;
        for (const raw of ref.slice(1).split("/").slice(1)) {
            let key: string;
            try {
                key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
            } catch {
                return undefined;
            }
            if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) {
                return undefined;
            }
            node = (node as JsonObject)[key];
        }
        return node;
    }
}
