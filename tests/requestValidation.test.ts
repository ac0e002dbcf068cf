import assert from "node:assert/strict";

import Ajv from "ajv";

import { QueueApi, QueueApiArgs, resolveSettings, SettingsError } from "../components/index";
import { schemaProblems } from "../components/requestSchema";
import { PROGRAM_DEFAULTS } from "../programDefaults";
import { byType, named, one, runMocked } from "../offline/mockRuntime";
import { fromMockRun, runPolicies } from "../offline/policyRunner";
import { runProgram } from "../offline/programRun";
import { stackConfig } from "../offline/stacks";
import { beyondDefaults } from "./support/defaultFindings";

const ORDER = PROGRAM_DEFAULTS.requestSchema;

/** Validates as API Gateway does: JSON Schema draft 4. */
function validator(schema: object) {
    // Draft 4 alone: the default draft-07 meta-schema names itself with $id, which draft 4 does not know.
    const ajv = new Ajv({ schemaId: "id", allErrors: true, meta: false });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
    return ajv.compile(schema);
}

describe("request validation", () => {
    describe("the program's order schema", () => {
        const valid = validator(ORDER);
        const README_ORDER = { orderId: "A-1001", items: [{ sku: "fish&chips", qty: 2 }], note: "100% on time" };
        const item = (n: number) => ({ sku: `S${String(n).padStart(63, "0")}`, qty: 1000 });
        /** Every field at its bound: the largest order the schema lets through. */
        const LARGEST = { orderId: "A".repeat(64), customerId: "C".repeat(64), items: Array.from({ length: 500 }, (_, n) => item(n)), note: "n".repeat(1000) };

        it("is a draft-4 schema that accepts the README's example order, and one with every field at its bound", () => {
            assert.deepEqual(schemaProblems(ORDER), []);
            assert.equal(valid(README_ORDER), true);
            assert.equal(valid(LARGEST), true);
            assert.equal(valid({ ...README_ORDER, customerId: "C-7", note: "" }), true);
        });

        it("bounds every string, number and list it takes, and refuses any property it does not name", () => {
            const bounded: string[] = [];
            const walk = (schema: Record<string, any>, at: string) => {
                if (schema.type === "object") {
                    assert.equal(schema.additionalProperties, false, at);
                    Object.entries(schema.properties as Record<string, any>).forEach(([key, inner]) => walk(inner, `${at}.${key}`));
                } else if (schema.type === "array") {
                    assert.ok(Number.isInteger(schema.minItems) && Number.isInteger(schema.maxItems), at);
                    walk(schema.items, `${at}[]`);
                } else if (schema.type === "string") {
                    assert.ok(Number.isInteger(schema.minLength) && Number.isInteger(schema.maxLength), at);
                } else {
                    assert.ok(["integer", "number"].includes(schema.type) && Number.isFinite(schema.minimum) && Number.isFinite(schema.maximum), at);
                }
                bounded.push(at);
            };
            walk(ORDER, "order");
            assert.deepEqual(bounded, ["order.orderId", "order.customerId", "order.items[].sku", "order.items[].qty", "order.items[]", "order.items", "order.note", "order"]);
        });

        it("keeps the largest order it accepts, written compactly, well under the queue's default message size", () => {
            assert.ok(Buffer.byteLength(JSON.stringify(LARGEST)) < 262144 / 4, String(Buffer.byteLength(JSON.stringify(LARGEST))));
        });

        const hostile: [string, unknown][] = [
            ["an order without orderId", { items: [{ sku: "a", qty: 1 }] }],
            ["an order without items", { orderId: "A-1" }],
            ["an empty orderId", { ...README_ORDER, orderId: "" }],
            ["an orderId of 65 characters", { ...README_ORDER, orderId: "A".repeat(65) }],
            ["an empty customerId", { ...README_ORDER, customerId: "" }],
            ["an empty list of items", { ...README_ORDER, items: [] }],
            ["501 items", { ...README_ORDER, items: Array.from({ length: 501 }, (_, n) => item(n)) }],
            ["an item with quantity 0", { orderId: "A-1", items: [{ sku: "a", qty: 0 }] }],
            ["an item with quantity 1001", { orderId: "A-1", items: [{ sku: "a", qty: 1001 }] }],
            ["a quantity of 1e308", { orderId: "A-1", items: [{ sku: "a", qty: 1e308 }] }],
            ["a fractional quantity", { orderId: "A-1", items: [{ sku: "a", qty: 1.5 }] }],
            ["a quantity written as text", { orderId: "A-1", items: [{ sku: "a", qty: "2" }] }],
            ["an empty sku", { orderId: "A-1", items: [{ sku: "", qty: 1 }] }],
            ["a sku of 65 characters", { orderId: "A-1", items: [{ sku: "s".repeat(65), qty: 1 }] }],
            ["a note of 1001 characters", { ...README_ORDER, note: "n".repeat(1001) }],
            ["an unknown property: up to the queue's message size of padding", { ...README_ORDER, pad: "x".repeat(262144) }],
            ["an unknown property on an item", { orderId: "A-1", items: [{ sku: "a", qty: 1, price: -5 }] }],
            ["a property that only looks like a known one", { ...README_ORDER, OrderId: "A-1" }],
            ["a note that is an object", { ...README_ORDER, note: { text: "x" } }],
            ["a body that is not an object", ["A-1"]],
            ["null", null],
        ];
        for (const [what, body] of hostile) {
            it(`refuses ${what}`, () => {
                assert.equal(valid(body), false);
            });
        }
    });

    describe("settings", () => {
        const problems = (schema: unknown) => {
            try {
                resolveSettings({ requestSchema: schema } as QueueApiArgs);
                return [];
            } catch (err) {
                assert.ok(err instanceof SettingsError);
                return err.problems;
            }
        };

        it("refuse a schema API Gateway cannot use, saying where it is wrong", () => {
            assert.deepEqual(problems("order"), ["requestSchema is not a JSON Schema API Gateway can use: the schema must be a JSON Schema object"]);
            assert.deepEqual(problems({ type: "map" }),
                ["requestSchema is not a JSON Schema API Gateway can use: type must be one of object, array, string, number, integer, boolean, null (or a list of them), got \"map\""]);
            assert.deepEqual(problems({ type: "object", required: "orderId" }),
                ["requestSchema is not a JSON Schema API Gateway can use: required must be a list of property names, got \"orderId\""]);
            assert.deepEqual(problems({ $schema: "http://json-schema.org/draft-07/schema#" }),
                ["requestSchema is not a JSON Schema API Gateway can use: $schema must be draft 4 (http://json-schema.org/draft-04/schema#), which API Gateway uses, got \"http://json-schema.org/draft-07/schema#\""]);
            assert.deepEqual(problems({ properties: { items: { type: "array", items: { type: "thing" } } } }),
                ["requestSchema is not a JSON Schema API Gateway can use: properties.items.items.type must be one of object, array, string, number, integer, boolean, null (or a list of them), got \"thing\""]);
        });
    });

    describe("component", () => {
        it("turns the schema into a model that API Gateway checks the body against, before SQS", async () => {
            const run = await runMocked(() => new QueueApi("orders", { requestSchema: ORDER }));
            const model = one(run, "aws:apigateway/model:Model").inputs;
            assert.deepEqual({ ...model, schema: JSON.parse(model.schema) },
                { restApi: "orders-api-id", name: "PostOrdersBody", contentType: "application/json", schema: ORDER });
            const method = named(run, "orders-method");
            assert.deepEqual(method.inputs.requestModels, { "application/json": "PostOrdersBody" });
            assert.equal(method.inputs.requestValidatorId, "orders-request-validator-id");
            assert.deepEqual(method.dependsOn, ["orders-model"]);
            assert.equal(named(run, "orders-request-validator").inputs.validateRequestBody, true);
            assert.deepEqual(beyondDefaults(await runPolicies(fromMockRun(run.resources))), []);
        });

        it("redeploys when the schema changes", async () => {
            const hash = async (schema: Record<string, unknown>) => one(await runMocked(() => new QueueApi("orders", { requestSchema: schema })),
                "aws:apigateway/deployment:Deployment").inputs.triggers.apiShape;
            assert.notEqual(await hash(ORDER), await hash({ ...ORDER, required: ["orderId"] }));
        });

        it("validates per route, leaving routes without a schema unchecked", async () => {
            const run = await runMocked(() => new QueueApi("shop", { routes: [{ path: "orders", requestSchema: ORDER }, { path: "returns" }] }));
            assert.deepEqual(byType(run, "aws:apigateway/model:Model").map((m) => m.inputs.name), ["PostOrdersBody"]);
            assert.equal(named(run, "shop-post-returns-method").inputs.requestValidatorId, undefined);
        });
    });

    it("is on for the program's order route in both stacks", async () => {
        for (const stack of ["dev", "prod"]) {
            const run = await runProgram({ stack, config: stackConfig(stack) });
            assert.deepEqual(JSON.parse(one(run, "aws:apigateway/model:Model").inputs.schema), ORDER, stack);
        }
    });
});
