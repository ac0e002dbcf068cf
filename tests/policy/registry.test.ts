import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { TYPES } from "../../policy/awsTypes";
import { policies } from "../../policy/policies";
import { assertJudged, definePolicy, PolicyDeclaration, registeredDeclarations, sdkPolicy } from "../../policy/registry";
import { runPolicies } from "../../offline/policyRunner";
import { POLICY_TABLE_START, policyTable, prodConfigFile, ruleIndexFile, ruleNames, RULES_FOLDER } from "../../scripts/policyDocs";

const KNOWN_TYPES: readonly string[] = Object.values(TYPES);
/** Props and config that fail the test the moment a validate function reads them. */
const untouchable = (type: string) => new Proxy({}, { get: (_, key) => { throw new Error(`reached for ${type} (read ${String(key)})`); } });
const argsOf = (type: string) => ({
    type, name: "r", urn: `urn:pulumi:test::orders::${type}::r`, props: untouchable(type),
    getConfig: () => { throw new Error(`reached for ${type} (read its config)`); },
}) as unknown as ResourceValidationArgs;

/** Calls a resource policy's validate function on a resource of `type`; says whether it read the resource. */
async function reaches(policy: ResourceValidationPolicy, type: string): Promise<boolean> {
    const reports: string[] = [];
    try {
        await (policy.validateResource as (args: ResourceValidationArgs, report: (m: string) => void) => unknown)(argsOf(type), (m) => reports.push(m));
    } catch (err) {
        return /^reached for /.test((err as Error).message);
    }
    assert.deepEqual(reports, [], `${policy.name} reported on a ${type} it did not read`);
    return false;
}

const declaration = (overrides: Partial<PolicyDeclaration> = {}): PolicyDeclaration => ({
    name: "example-policy", description: "An example.", enforcementLevel: "advisory", judges: [TYPES.queue],
    checks: "an example", rationale: "none", validateStack: () => undefined, ...overrides,
} as PolicyDeclaration);

describe("the policy registry", () => {
    const declarations = registeredDeclarations();

    it("is the pack: each registered policy as the SDK takes it, with its declaration's name, description, level and config schema", () => {
        assert.deepEqual(policies.map((p) => p.name), declarations.map((d) => d.name));
        for (const [i, d] of declarations.entries()) {
            const policy = policies[i];
            assert.deepEqual([policy.description, policy.enforcementLevel, policy.configSchema], [d.description, d.enforcementLevel, d.configSchema]);
            assert.equal("validateStack" in policy, "validateStack" in d, `${d.name} is a ${"validateStack" in d ? "stack" : "resource"} policy`);
        }
    });

    it("holds one rule file per policy, named after it, in the order policy/rules/index.ts imports them", () => {
        const files = fs.readdirSync(RULES_FOLDER).filter((f) => f !== "index.ts").map((f) => f.replace(/\.ts$/, "")).sort();
        assert.deepEqual([...ruleNames()].sort(), files);
        assert.deepEqual(ruleNames(), declarations.map((d) => d.name));
    });

    it("names only type tokens the pack knows, each once, in every policy's judges", () => {
        for (const d of declarations) {
            assert.deepEqual(d.judges.filter((type) => !KNOWN_TYPES.includes(type)), [], `${d.name} judges unknown types`);
            assert.equal(new Set(d.judges).size, d.judges.length, `${d.name} lists a type twice`);
        }
    });

    it("calls each resource policy for the types it judges, and for no other type the pack knows", async () => {
        const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
        assert.deepEqual(resourcePolicies.map((p) => p.name), declarations.filter((d) => "validateResource" in d).map((d) => d.name));
        assert.notEqual(resourcePolicies.length, 0);
        for (const policy of resourcePolicies) {
            const reached: string[] = [];
            for (const type of KNOWN_TYPES) {
                if (await reaches(policy, type)) {
                    reached.push(type);
                }
            }
            assert.deepEqual(reached.sort(), [...declarations.find((d) => d.name === policy.name)!.judges].sort(), policy.name);
        }
    });

    it("refuses a stack policy's finding on a type it does not judge, naming the policy, the type and the fix (the offline runner asks it of every finding)", () => {
        assert.doesNotThrow(() => assertJudged("queue-has-dlq", TYPES.queue));
        assert.throws(() => assertJudged("queue-has-dlq", TYPES.stage), {
            message: "policy queue-has-dlq reported on a aws:apigateway/stage:Stage, which is not among the types it judges "
                + "(aws:sqs/queue:Queue): add it to the policy's judges",
        });
    });

    it("refuses a second policy of one name, one that judges nothing, and a prod level equal to the default", () => {
        assert.throws(() => definePolicy(declaration({ name: "queue-has-dlq" })),
            { message: "policy queue-has-dlq is defined twice: each policy has one file in policy/rules/" });
        assert.throws(() => sdkPolicy(declaration({ judges: [] })),
            { message: "policy example-policy judges no resource type: list the type tokens of what it reports on in judges" });
        assert.throws(() => sdkPolicy(declaration({ prodLevel: "advisory" })),
            { message: "policy example-policy gives prodLevel advisory, its level everywhere: leave prodLevel out" });
        assert.deepEqual(registeredDeclarations().map((d) => d.name), declarations.map((d) => d.name));
    });
});

describe("the files written from the rules (npm run docs)", () => {
    it("list a new rule last and drop a removed one, keeping the others' order", () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), "rules-"));
        try {
            for (const name of ["queue-b", "queue-a", "api-c"]) {
                fs.writeFileSync(path.join(folder, `${name}.ts`), "");
            }
            fs.writeFileSync(path.join(folder, "index.ts"), ruleIndexFile(["queue-b", "gone", "queue-a"]));
            assert.deepEqual(ruleNames(folder), ["queue-b", "queue-a", "api-c"]);
            assert.equal(ruleIndexFile(ruleNames(folder)).split("\n").filter((line) => line.startsWith("import")).join("\n"),
                "import \"./queue-b\";\nimport \"./queue-a\";\nimport \"./api-c\";");
        } finally {
            fs.rmSync(folder, { recursive: true, force: true });
        }
    });

    it("give the README a row per policy, its prod level before what it checks, and prod.json the policies whose prod level differs", () => {
        const example = [declaration(), declaration({ name: "strict-in-prod", prodLevel: "mandatory", checks: "more", rationale: "prod" })];
        assert.equal(policyTable(example), [
            "| policy | level | checks | why |",
            "|---|---|---|---|",
            "| `example-policy` | advisory | an example | none |",
            "| `strict-in-prod` | advisory | (mandatory in prod) more | prod |",
        ].join("\n"));
        assert.equal(prodConfigFile(example), "{\n    \"strict-in-prod\": \"mandatory\"\n}\n");
        assert.ok(fs.readFileSync(path.join(RULES_FOLDER, "..", "README.md"), "utf8").includes(`${POLICY_TABLE_START}\n${policyTable()}\n`));
    });
});

describe("the offline policy runner", () => {
    it("refuses to run a policy the pack does not have, so that a test of one cannot pass on no findings", async () => {
        await assert.rejects(runPolicies([], { only: ["queue-has-dlq", "queue-hsa-dlq"] }), { message: "not a policy of the pack: queue-hsa-dlq" });
    });
});
