// The files a user writes for the plan (Pulumi.yaml, Pulumi.<stack>.yaml, policy/<stack>.json),
// read with source positions, so that every problem with them names the file, line and column.
import * as fs from "node:fs";
import * as path from "node:path";

import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from "yaml";

import { jsonSyntaxError } from "./jsonSyntax";

/**
 * Input a user can fix (flags, a stack file, its config, a policy config): the plan reports its
 * lines, one per problem, each naming the file, and exits 2. Anything else thrown is a bug.
 */
export class BadInput extends Error {
    constructor(readonly lines: readonly string[]) {
        super(lines.join("\n"));
        this.name = "BadInput";
    }
}

/** A key or index on the way from a document's top to one of its values. */
export type Step = string | number;

/** A parsed file and where each of its nodes is. */
export class SourceFile {
    constructor(
        /** The file's path from the project root, as messages name it. */
        readonly name: string,
        /** The parsed document, or undefined when positions are not known. */
        readonly document: Document | undefined,
        private readonly lineCounter: LineCounter,
    ) {}

    /** `<file>:<line>:<column>` of a node (of an offset), or `<file>` when there is none. */
    at(where?: Node | number | null): string {
        const offset = typeof where === "number" ? where : where?.range?.[0];
        if (offset === undefined) {
            return this.name;
        }
        const { line, col } = this.lineCounter.linePos(offset);
        return `${this.name}:${line}:${col}`;
    }

    /** The key (in a map) or item (in a list) that `steps` lead to from the top, or the deepest one found. */
    find(steps: readonly Step[]): Node | undefined {
        let node: unknown = this.document?.contents;
        let found: Node | undefined;
        for (const step of steps) {
            const child = childOf(node, step);
            if (!child) {
                break;
            }
            found = child.at;
            node = child.value;
        }
        return found;
    }
}

/** A map entry's key node and value, or a list's item, by key or index. */
export function childOf(node: unknown, step: Step): { at: Node; value: unknown } | undefined {
    if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(step));
        return pair && { at: pair.key as Node, value: pair.value };
    }
    if (isSeq(node) && typeof step === "number") {
        const item = node.items[step];
        return isNodeLike(item) ? { at: item, value: item } : undefined;
    }
    return undefined;
}

/** The text of a map key, as the key the CLI reads. */
export function keyText(key: unknown): string | undefined {
    return isScalar(key) ? String(key.value) : undefined;
}

function isNodeLike(value: unknown): value is Node {
    return typeof value === "object" && value !== null && "range" in value;
}

/** What a value is, in a message: a map, a list, a string... */
export function kindOf(value: unknown): string {
    if (Array.isArray(value)) {
        return "a list";
    }
    if (value === null || value === undefined) {
        return "nothing";
    }
    return typeof value === "object" ? "a map" : `a ${typeof value}`;
}

/** A file's text; one that cannot be read (a folder, no permission) is bad input too. */
function readText(root: string, name: string): string {
    try {
        // A name may be a path of its own, relative to `root` or absolute.
        return fs.readFileSync(path.resolve(root, name), "utf8");
    } catch (err) {
        throw new BadInput([`${name}: cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
    }
}

const FRIENDLIER: Readonly<Record<string, string>> = {
    MULTIPLE_DOCS: "a second YAML document (---); the file must hold one",
};

/**
 * Reads a YAML file as the CLI does (YAML 1.2, merge keys, unique keys). Throws a BadInput naming
 * the first syntax error with its line and column.
 */
export function readYamlFile(root: string, name: string): { file: SourceFile; value: unknown } {
    const text = readText(root, name);
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, prettyErrors: false, merge: true });
    const file = new SourceFile(name, document, lineCounter);
    const [error] = document.errors;
    if (error) {
        const key = /^(.*?):(?:\s|$)/.exec(text.slice(error.pos[0]).split("\n")[0])?.[1];
        const message = error.code === "DUPLICATE_KEY" && key ? `${key} is set twice in one map; keys must be unique`
            : FRIENDLIER[error.code] ?? error.message;
        throw new BadInput([`${file.at(error.pos[0])}: ${message}`]);
    }
    try {
        return { file, value: document.toJS({ maxAliasCount: 100 }) };
    } catch (err) {
        // An alias to an anchor defined later, or aliases that multiply beyond reason.
        throw new BadInput([`${file.at(firstAlias(document))}: ${(err as Error).message}`]);
    }
}

function firstAlias(document: Document): Node | undefined {
    let alias: Node | undefined;
    visit(document, {
        Alias: (_, node) => {
            alias = node;
            return visit.BREAK;
        },
    });
    return alias;
}

/** Reads a JSON file. Throws a BadInput naming the first syntax error with its line and column. */
export function readJsonFile(root: string, name: string): { file: SourceFile; value: unknown } {
    const text = readText(root, name);
    const lineCounter = new LineCounter();
    // JSON is YAML 1.2: the YAML parser gives the positions that JSON.parse does not keep.
    const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
    const file = new SourceFile(name, document.errors.length === 0 ? document : undefined, lineCounter);
    try {
        return { file, value: JSON.parse(text) };
    } catch (err) {
        const syntax = jsonSyntaxError(text);
        const where = positionIn(text, syntax?.offset ?? text.length);
        throw new BadInput([`${name}:${where}: not valid JSON: ${syntax?.message ?? (err as Error).message.split("\n")[0]}`]);
    }
}

/** `line:column` of an offset into a text, both from 1. */
export function positionIn(text: string, offset: number): string {
    const before = text.slice(0, offset).split("\n");
    return `${before.length}:${before[before.length - 1].length + 1}`;
}
