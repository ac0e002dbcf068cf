// A request model's JSON Schema, as API Gateway takes it (draft 4), in the dialect of OpenAPI 3.1
// (JSON Schema 2020-12), where the two differ: a boolean exclusiveMinimum or exclusiveMaximum
// qualifies minimum or maximum and becomes the bound itself; `id` names a base URI (dropped: the
// schema is inside the document); `definitions` are `$defs`, and a `$ref` to them is rewritten to
// where the schema sits in the document; a list of `items` is `prefixItems`, and `additionalItems`
// then `items`; `dependencies` split into `dependentRequired` and `dependentSchemas`. `$schema` goes:
// the document's dialect applies.

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema => typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords whose value is a map of schemas, each converted. */
const SCHEMA_MAPS = ["properties", "patternProperties", "definitions"];
/** Keywords whose value is one schema. */
const SCHEMA_VALUES = ["additionalProperties", "not", "additionalItems"];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf"];

function mapValues(value: unknown, convert: (schema: unknown) => unknown): unknown {
    return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, sub]) => [key, convert(sub)])) : value;
}

/**
 * `schema` (draft 4) as a 2020-12 schema placed at `pointer` in the document (`#/components/schemas/X`),
 * which a `$ref` to its own `definitions` is rewritten to.
 */
export function toJsonSchema2020(schema: unknown, pointer: string): unknown {
    const convert = (node: unknown): unknown => {
        if (!isObject(node)) {
            return node;
        }
        const out: Schema = {};
        for (const [key, value] of Object.entries(node)) {
            if (key === "$schema" || key === "id") {
                continue;
            } else if (key === "$ref" && typeof value === "string" && value.startsWith("#/definitions/")) {
                out.$ref = `${pointer}/$defs/${value.slice("#/definitions/".length)}`;
            } else if (key === "$ref" && typeof value === "string" && value === "#") {
                out.$ref = pointer;
            } else if (key === "exclusiveMinimum" || key === "exclusiveMaximum") {
                const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
                if (value === true && typeof node[bound] === "number") {
                    out[key] = node[bound];
                } else if (typeof value === "number") {
                    out[key] = value;
                }
            } else if ((key === "minimum" && node.exclusiveMinimum === true) || (key === "maximum" && node.exclusiveMaximum === true)) {
                continue;
            } else if (SCHEMA_MAPS.includes(key)) {
                out[key === "definitions" ? "$defs" : key] = mapValues(value, convert);
            } else if (key === "items") {
                if (Array.isArray(value)) {
                    out.prefixItems = value.map(convert);
                    if (node.additionalItems !== undefined) {
                        out.items = convert(node.additionalItems);
                    }
                } else {
                    out.items = convert(value);
                }
            } else if (key === "additionalItems") {
                // Only meaningful beside a list of items, where it became `items`.
                continue;
            } else if (key === "dependencies" && isObject(value)) {
                const required = Object.entries(value).filter(([, sub]) => Array.isArray(sub));
                const schemas = Object.entries(value).filter(([, sub]) => !Array.isArray(sub));
                if (required.length > 0) {
                    out.dependentRequired = Object.fromEntries(required);
                }
                if (schemas.length > 0) {
                    out.dependentSchemas = Object.fromEntries(schemas.map(([name, sub]) => [name, convert(sub)]));
                }
            } else if (SCHEMA_VALUES.includes(key)) {
                out[key] = convert(value);
            } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
                out[key] = value.map(convert);
            } else {
                out[key] = value;
            }
        }
        return out;
    };
    return convert(schema);
}
