// What an update replaces rather than changes, as the offline plan counts it (scripts/changes/model.ts):
// the inputs the provider marks ForceNew, one resource of each API Gateway type the program makes.
import assert from "node:assert/strict";

import { changesBetween, Snapshot } from "../scripts/changes/model";

const URN = "urn:pulumi:shop::orders::queue-load-leveling:index:QueueApi$";

function snapshot(type: string, name: string, inputs: Record<string, unknown>): Snapshot {
    return { urn: `${URN}${type}::${name}`, type, name, id: name, inputs, outputs: {}, retainOnDelete: false, protect: false, propertyDependencies: {} };
}

/** The op and reasons of one resource whose inputs go from `was` to `is`. */
function judged(type: string, was: Record<string, unknown>, is: Record<string, unknown>) {
    const [change] = changesBetween([snapshot(type, "it", was)], [snapshot(type, "it", is)]);
    return [change.op, change.replaceReasons ?? []];
}

describe("the offline plan's replacements", () => {
    it("replaces a Deployment on new triggers, and updates it on a new description", () => {
        const type = "aws:apigateway/deployment:Deployment";
        assert.deepEqual(judged(type, { restApi: "a1", triggers: { api: "x" } }, { restApi: "a1", triggers: { api: "y" } }), ["replace", ["triggers"]]);
        assert.deepEqual(judged(type, { restApi: "a1", description: "x" }, { restApi: "a1", description: "y" }), ["update", []]);
    });

    it("replaces a Stage on a new stageName, and updates it on a new deployment", () => {
        const type = "aws:apigateway/stage:Stage";
        assert.deepEqual(judged(type, { restApi: "a1", stageName: "v1", deployment: "d1" }, { restApi: "a1", stageName: "v2", deployment: "d1" }),
            ["replace", ["stageName"]]);
        assert.deepEqual(judged(type, { restApi: "a1", stageName: "v1", deployment: "d1" }, { restApi: "a1", stageName: "v1", deployment: "d2" }),
            ["update", []]);
    });

    it("replaces a Model on a new name, and updates it on a new schema", () => {
        const type = "aws:apigateway/model:Model";
        const model = { restApi: "a1", name: "PostOrdersBody", contentType: "application/json", schema: "{}" };
        assert.deepEqual(judged(type, model, { ...model, name: "PostOrders" }), ["replace", ["name"]]);
        assert.deepEqual(judged(type, model, { ...model, schema: "{\"type\":\"object\"}" }), ["update", []]);
    });

    it("replaces integration and method responses on a new method or status code, and updates them on new templates", () => {
        for (const type of ["aws:apigateway/integrationResponse:IntegrationResponse", "aws:apigateway/methodResponse:MethodResponse"]) {
            const response = { restApi: "a1", resourceId: "r1", httpMethod: "POST", statusCode: "200", responseTemplates: {} };
            assert.deepEqual(judged(type, response, { ...response, httpMethod: "PUT", statusCode: "202" }), ["replace", ["httpMethod", "statusCode"]]);
            assert.deepEqual(judged(type, response, { ...response, responseTemplates: { "application/json": "{}" } }), ["update", []]);
        }
    });
});
