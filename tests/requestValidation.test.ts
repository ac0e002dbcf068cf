import assert from "node:assert/strict";

import Ajv from "ajv";

import { QueueApi, QueueApiArgs, resolveSettings, SettingsError } from "../components/index";
import { schemaProblems } from "../components/requestSchema";
import { PROGRAM_DEFAULTS } from "../programDefaults";
import { byType, named, one, runMocked } from "../scripts/offline/mockRuntime";
import { fromMockRun, runPolicies } from "../scripts/offline/policyRunner";
import { loadProgram, stackConfig } from "../scripts/offline/stacks";
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

        it("is a draft-4 schema that accepts the README's example order", () => {
            assert.deepEqual(schemaProblems(ORDER), []);
            assert.equal(valid({ orderId: "A-1001", items: [{ sku: "fish&chips", qty: 2 }], note: "100% on time" }), true);
        });

        const invalid: [string, unknown][] = [
            ["an order without orderId", { items: [{ sku: "a", qty: 1 }] }],
            ["an order without items", { orderId: "A-1" }],
            ["an item with quantity 0", { orderId: "A-1", items: [{ sku: "a", qty: 0 }] }],
            ["a quantity written as text", { orderId: "A-1", items: [{ sku: "a", qty: "2" }] }],
            ["a body that is not an object", ["A-1"]],
        ];
        for (const [what, body] of invalid) {
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
            const run = await runMocked(loadProgram, { stack, config: stackConfig(stack) });
            assert.deepEqual(JSON.parse(one(run, "aws:apigateway/model:Model").inputs.schema), ORDER, stack);
        }
    });
});
