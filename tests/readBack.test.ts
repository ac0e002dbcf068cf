// Inputs written as AWS reads them back, over every shipped stack and every config example of the
// docs: a value AWS stores in another form makes every later preview show a change that is none.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { configExamples } from "../offline/docExamples";
import { readBackProblems, READ_BACK_RULES } from "../offline/readBack";
import { runStack } from "../offline/runStack";
import { listStacks, PROJECT_ROOT } from "../offline/stacks";
import { Registered } from "../offline/mockRuntime";
import { withFiles } from "./support/plan";

const planned = async (stack: string, text?: string): Promise<Registered[]> => (text === undefined
    ? await runStack(stack) : await withFiles({ [`Pulumi.${stack}.yaml`]: text }, () => runStack(stack))).resources;

describe("inputs written as AWS reads them back", () => {
    for (const stack of listStacks()) {
        it(`hold in the shipped stack ${stack}`, async () => {
            assert.deepEqual(readBackProblems(await planned(stack)), []);
        });
    }

    for (const example of configExamples()) {
        it(`hold in the docs example ${example.where}`, async () => {
            assert.deepEqual(readBackProblems(await planned("test-doc", example.text)), []);
        });
    }

    it("are each cited by their line of the assumptions register, which names this test", () => {
        const register = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "aws-assumptions.md"), "utf8").split("\n");
        for (const rule of READ_BACK_RULES) {
            const line = register.find((l) => l.startsWith(`| ${rule.register} |`));
            assert.ok(line?.includes("`tests/readBack.test.ts`"), `register line ${rule.register} does not name tests/readBack.test.ts`);
        }
    });

    it("catch the shorthand execute-api:/* and a function named without its ARN", () => {
        const resources = [
            { type: "aws:apigateway/restApi:RestApi", name: "api", id: "api-id", inputs: {}, state: { executionArn: "arn:aws:execute-api:eu-west-1:123456789012:api-id" } },
            { type: "aws:apigateway/restApiPolicy:RestApiPolicy", name: "api-policy", id: "p", state: {},
                inputs: { restApiId: "api-id", policy: JSON.stringify({ Statement: [{ Resource: "execute-api:/*" }] }) } },
            { type: "aws:lambda/function:Function", name: "fn", id: "fn", inputs: {}, state: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:fn" } },
            { type: "aws:lambda/eventSourceMapping:EventSourceMapping", name: "trigger", id: "t", state: {}, inputs: { functionName: "fn" } },
        ] as unknown as Registered[];
        assert.deepEqual(readBackProblems(resources), [
            "api-policy: \"execute-api:/*\" is not under the API's execution ARN arn:aws:execute-api:eu-west-1:123456789012:api-id",
            "trigger: functionName \"fn\" is not a function's ARN",
        ]);
    });
});
