// Every config example of the docs is a stack: each ```yaml block that holds a `config:` map, in
// the README and in docs/, is planned the way the Pulumi CLI runs the program (Pulumi.yaml's
// declared defaults applied, every value handed over as text, objects and lists as JSON), then
// checked by the policy pack. An example that does not plan, or that a mandatory policy refuses,
// fails here before a reader copies it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

import { byType, runMocked } from "../scripts/offline/mockRuntime";
import { fromMockRun, runPolicies } from "../scripts/offline/policyRunner";
import { declaredDefaults, loadProgram, PROJECT_ROOT } from "../scripts/offline/stacks";

export interface ConfigExample {
    /** Where it is: `docs/examples.md:11`. */
    readonly where: string;
    readonly text: string;
    /** The stack's policy pack config, from a ```json policy-config block that follows the example. */
    readonly policyConfig?: Record<string, unknown>;
}

/** The Markdown files of the docs: the README and every file under docs/. */
function docFiles(): string[] {
    const docs = path.join(PROJECT_ROOT, "docs");
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name.endsWith(".md") ? [path.join(dir, entry.name)] : []));
    return [path.join(PROJECT_ROOT, "README.md"), ...(fs.existsSync(docs) ? walk(docs) : [])];
}

/**
 * Every YAML block of the docs whose top level has a `config:` map, with the policy config that a
 * following ```json policy-config block gives its stack (as `--policy-pack-config` would).
 */
export function configExamples(): ConfigExample[] {
    const examples: ConfigExample[] = [];
    for (const file of docFiles()) {
        const lines = fs.readFileSync(file, "utf8").split("\n");
        let last: { where: string; text: string } | undefined;
        for (let i = 0; i < lines.length; i++) {
            const fence = /^```(\S*)(?: (\S+))?\s*$/.exec(lines[i]);
            if (!fence) {
                continue;
            }
            const end = lines.indexOf("```", i + 1);
            const text = lines.slice(i + 1, end).join("\n");
            if (/^ya?ml$/.test(fence[1]) && /^config:/m.test(text)) {
                last = { where: `${path.relative(PROJECT_ROOT, file)}:${i + 2}`, text };
                examples.push(last);
            } else if (fence[1] === "json" && fence[2] === "policy-config" && last) {
                examples[examples.length - 1] = { ...last, policyConfig: JSON.parse(text) };
            }
            i = end;
        }
    }
    return examples;
}

/** A stack file's config as the CLI hands it to the program. */
function asTheCliPasses(text: string): Record<string, string> {
    const config = (load(text) as { config: Record<string, unknown> }).config;
    return {
        ...declaredDefaults(),
        ...Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])),
    };
}

describe("config examples of the docs", () => {
    const examples = configExamples();

    it("include the README's feature examples and the stack with every feature", () => {
        assert.ok(examples.filter((e) => e.where.startsWith("README.md")).length >= 8, examples.map((e) => e.where).join(", "));
        assert.equal(examples.filter((e) => e.where.startsWith("docs/examples.md")).length, 1);
    });

    for (const example of examples) {
        it(`${example.where} plans as a stack and passes every mandatory policy`, async () => {
            const run = await runMocked(loadProgram, { stack: "docs", config: asTheCliPasses(example.text) });
            assert.equal(run.error === undefined ? undefined : String((run.error as Error).message), undefined);
            const findings = await runPolicies(fromMockRun(run.resources), { config: example.policyConfig as never });
            assert.deepEqual(findings.filter((f) => f.enforcementLevel === "mandatory"), []);
        });
    }

    it("the stack with every feature creates what each feature needs", async () => {
        const [tour] = examples.filter((e) => e.where.startsWith("docs/examples.md"));
        const run = await runMocked(loadProgram, { stack: "docs", config: asTheCliPasses(tour.text) });
        assert.equal(run.error, undefined);
        const names = (type: string) => byType(run, type).map((r) => r.name);
        assert.deepEqual(names("aws:sqs/queue:Queue"), [
            "orders-post-orders-dlq", "orders-post-orders-queue",
            "orders-put-stores-storeid-orders-dlq", "orders-put-stores-storeid-orders-queue",
            "orders-patch-customers-customerid-returns-dlq", "orders-patch-customers-customerid-returns-queue",
        ]);
        assert.deepEqual(names("aws:kms/key:Key"), ["orders-post-orders-key"]);
        assert.deepEqual(names("aws:apigateway/model:Model"), ["orders-post-orders-model", "orders-patch-customers-customerid-returns-model"]);
        assert.deepEqual(names("aws:sns/topicSubscription:TopicSubscription").length, 2);
        assert.deepEqual(names("aws:cloudwatch/metricAlarm:MetricAlarm").length, 3);
        assert.deepEqual(byType(run, "aws:apigateway/integration:Integration").map((i) => i.inputs.uri), [
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-post-orders-queue",
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-put-stores-storeid-orders-queue.fifo",
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-patch-customers-customerid-returns-queue.fifo",
            "arn:aws:apigateway:us-east-1:sqs:path/210987654321/fulfilment",
        ]);
    });
});
