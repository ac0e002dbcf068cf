// The JSON Schema a route's request body must match. API Gateway checks bodies against it
// (JSON Schema draft 4) before calling SQS, so an invalid order is answered 400 and never queued.
// This module checks that a schema is one API Gateway can use: its shape first, with messages that
// say where, then a draft-4 compile (bad patterns, keyword values, unresolved $refs).
import Ajv from "ajv";
import draft04 from "ajv/lib/refs/json-schema-draft-04.json";

const TYPES = ["object", "array", "string", "number", "integer", "boolean", "null"];
const SCHEMA_KEYWORDS_WITH_SCHEMAS = ["properties", "patternProperties", "definitions"];

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What makes `schema` unusable as a draft-4 JSON Schema for a request body; empty when nothing. */
export function schemaProblems(schema: unknown, at = ""): string[] {
    if (!isObject(schema)) {
        return [`${at || "the schema"} must be a JSON Schema object`];
    }
    const problems: string[] = [];
    const where = (key: string) => (at ? `${at}.${key}` : key);
    const type = schema.type;
    if (type !== undefined && !([] as unknown[]).concat(type).every((t) => typeof t === "string" && TYPES.includes(t))) {
        problems.push(`${where("type")} must be one of ${TYPES.join(", ")} (or a list of them), got ${JSON.stringify(type)}`);
    }
    if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === "string"))) {
        problems.push(`${where("required")} must be a list of property names, got ${JSON.stringify(schema.required)}`);
    }
    if (schema.$schema !== undefined && !/draft-04/.test(String(schema.$schema))) {
        problems.push(`${where("$schema")} must be draft 4 (http://json-schema.org/draft-04/schema#), which API Gateway uses, got ${JSON.stringify(schema.$schema)}`);
    }
    for (const keyword of SCHEMA_KEYWORDS_WITH_SCHEMAS) {
        const value = schema[keyword];
        if (value === undefined) {
            continue;
        }
        if (!isObject(value)) {
            problems.push(`${where(keyword)} must be an object of schemas, got ${JSON.stringify(value)}`);
            continue;
        }
        for (const [name, sub] of Object.entries(value)) {
            problems.push(...schemaProblems(sub, where(`${keyword}.${name}`)));
        }
    }
    if (schema.items !== undefined) {
        for (const [i, sub] of ([] as unknown[]).concat(schema.items).entries()) {
            problems.push(...schemaProblems(sub, where(Array.isArray(schema.items) ? `items[${i}]` : "items")));
        }
    }
    if (problems.length === 0 && !at) {
        problems.push(...compileProblems(schema));
    }
    return problems;
}

/** What a draft-4 validator says of the schema as a whole. */
function compileProblems(schema: Record<string, unknown>): string[] {
    const ajv = new Ajv({ schemaId: "id", meta: false, logger: false });
    ajv.addMetaSchema(draft04);
    try {
        ajv.compile({ $schema: "http://json-schema.org/draft-04/schema#", ...schema });
        return [];
    } catch (err) {
        return [(err as Error).message];
    }
}
