// Every config example of the docs is a stack: each ```yaml block that holds a `config:` map, in
// the README and in docs/, is written as a stack file (with the policy config a following
// ```json policy-config block gives it) and planned by `npm run plan`'s own code, which hands the
// program its config the way the Pulumi CLI does (Pulumi.yaml's declared defaults applied, every
// value as text, objects and lists as JSON), then runs the policy pack. An example that does not
// plan, or that a mandatory policy refuses, fails here before a reader copies it.
import assert from "node:assert/strict";

import { ConfigExample, configExamples } from "../offline/docExamples";
import { byType } from "../offline/mockRuntime";
import { planOneStack, PlannedStack } from "../scripts/plan";
import { withFiles } from "./support/plan";

/** Plans an example as the stack `test-doc`, with its policy config, as `npm run plan -- --stack test-doc` would. */
function planExample(example: ConfigExample): Promise<PlannedStack> {
    return withFiles({
        "Pulumi.test-doc.yaml": example.text,
        ...(example.policyConfig ? { "policy/test-doc.json": JSON.stringify(example.policyConfig) } : {}),
    }, () => planOneStack("test-doc"));
}

describe("config examples of the docs", () => {
    const examples = configExamples();

    it("include every feature guide's examples and the stack with every feature", () => {
        const files = [...new Set(examples.map((e) => e.where.split(":")[0]))].sort();
        assert.deepEqual(files, ["README.md", "docs/alarms.md", "docs/attributes.md", "docs/bodies.md", "docs/cost-and-capacity.md", "docs/dead-letters.md", "docs/examples.md",
            "docs/existing-queues-and-kms.md", "docs/fifo-and-idempotency.md", "docs/front-door.md", "docs/iam.md", "docs/routes.md", "docs/workers.md"]);
        assert.equal(examples.filter((e) => e.where.startsWith("docs/examples.md")).length, 1);
        assert.equal(examples.filter((e) => e.policyConfig !== undefined).length, 2);
    });

    for (const example of examples) {
        it(`${example.where} plans as a stack, passes every mandatory policy and draws no capacity warning`, async () => {
            const planned = await planExample(example);
            assert.deepEqual(planned.errors, undefined);
            assert.deepEqual(planned.plan!.policies.filter((p) => p.enforcementLevel === "mandatory" && p.violations.length > 0), []);
            assert.equal(planned.plan!.verdict, "pass");
            assert.deepEqual(planned.plan!.warnings, []);
            if (example.where.startsWith("README.md") && /orders:consumer:/.test(example.text)) {
                consumerExample(planned);
            }
        });
    }

    /** The README's consumer example: the function, its mapping, its role and the alarms. */
    function consumerExample(planned: PlannedStack): void {
        const run = { resources: planned.resources! };
        assert.deepEqual(byType(run, "aws:lambda/function:Function").map((f) => [f.name, f.inputs.timeout, f.inputs.runtime]),
            [["orders-consumer-function", 10, "nodejs24.x"]]);
        const [mapping] = byType(run, "aws:lambda/eventSourceMapping:EventSourceMapping");
        assert.deepEqual([mapping.inputs.functionResponseTypes, mapping.inputs.scalingConfig], [["ReportBatchItemFailures"], { maximumConcurrency: 5 }]);
        assert.deepEqual(byType(run, "aws:iam/role:Role").map((r) => r.name), ["orders-consumer-role", "orders-role"]);
        assert.deepEqual(byType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name), ["orders-dlq-alarm", "orders-age-alarm",
            "orders-consumer-errors-alarm", "orders-consumer-throttles-alarm", "orders-5xx-alarm", "orders-latency-alarm"]);
    }

    it("include the README's consumer example", () => {
        assert.equal(examples.filter((e) => e.where.startsWith("README.md") && /orders:consumer:/.test(e.text)).length, 1);
    });

    it("the stack with every feature creates what each feature needs", async () => {
        const [tour] = examples.filter((e) => e.where.startsWith("docs/examples.md"));
        const run = { resources: (await planExample(tour)).resources! };
        const names = (type: string) => byType(run, type).map((r) => r.name);
        assert.deepEqual(names("aws:sqs/queue:Queue"), [
            "orders-post-orders-dlq", "orders-post-orders-queue",
            "orders-put-stores-storeid-orders-dlq", "orders-put-stores-storeid-orders-queue",
            "orders-patch-customers-customerid-returns-dlq", "orders-patch-customers-customerid-returns-queue",
            "orders-post-members-orders-dlq", "orders-post-members-orders-queue", "orders-post-partners-orders-dlq", "orders-post-partners-orders-queue",
        ]);
        assert.deepEqual(names("aws:kms/key:Key"), ["orders-post-orders-key"]);
        assert.deepEqual(names("aws:apigateway/model:Model"), ["orders-post-orders-model", "orders-patch-customers-customerid-returns-model"]);
        assert.deepEqual(names("aws:sns/topicSubscription:TopicSubscription").length, 2);
        // Per route with a queue of its own: dead letters and age (5); per route: 5XX and latency (6); the consumer's errors and throttles.
        assert.deepEqual(names("aws:cloudwatch/metricAlarm:MetricAlarm").length, 24);
        assert.deepEqual(names("aws:lambda/eventSourceMapping:EventSourceMapping"), ["orders-post-orders-consumer-trigger"]);
        assert.deepEqual(byType(run, "aws:apigateway/integration:Integration").map((i) => i.inputs.uri ?? i.inputs.type).sort(), [
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-post-orders-queue",
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-put-stores-storeid-orders-queue.fifo",
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-patch-customers-customerid-returns-queue.fifo",
            "arn:aws:apigateway:us-east-1:sqs:path/210987654321/fulfilment",
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-post-members-orders-queue.fifo",
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-post-partners-orders-queue",
            "MOCK", "MOCK", "MOCK", "MOCK", "MOCK", "MOCK",
        ].sort());
        // The front door: both authorizers, the Lambda's permission, the client's key, CORS preflights, the domain and its record, WAF, X-Ray.
        assert.deepEqual(names("aws:apigateway/authorizer:Authorizer"), ["orders-cognito-authorizer", "orders-lambda-authorizer"]);
        assert.deepEqual(names("aws:lambda/permission:Permission"), ["orders-lambda-authorizer-invoke"]);
        assert.deepEqual(names("aws:apigateway/apiKey:ApiKey"), ["orders-client-partner-key"]);
        assert.deepEqual([...names("aws:apigateway/domainName:DomainName"), ...names("aws:route53/record:Record")], ["orders-domain", "orders-domain-alias"]);
        assert.deepEqual(names("aws:wafv2/webAclAssociation:WebAclAssociation"), ["orders-web-acl-association"]);
        assert.deepEqual(byType(run, "aws:apigateway/stage:Stage").map((stage) => stage.inputs.xrayTracingEnabled), [true]);
        const routes = byType(run, "aws:apigateway/method:Method").filter((m) => m.inputs.httpMethod !== "OPTIONS")
            .map((m) => [m.name, m.inputs.authorization, m.inputs.apiKeyRequired]);
        assert.deepEqual(routes, [
            ["orders-post-orders-method", "AWS_IAM", true], ["orders-put-stores-storeid-orders-method", "AWS_IAM", true],
            ["orders-patch-customers-customerid-returns-method", "NONE", true], ["orders-post-fulfilment-method", "AWS_IAM", true],
            ["orders-post-members-orders-method", "COGNITO_USER_POOLS", undefined], ["orders-post-partners-orders-method", "CUSTOM", true],
        ]);
        assert.equal(byType(run, "aws:apigateway/method:Method").filter((m) => m.inputs.httpMethod === "OPTIONS").length, 6);
    });

    it("the front door's examples create what each choice needs", async () => {
        const doors = examples.filter((e) => e.where.startsWith("docs/front-door.md"));
        // One at a time: each is planned as the same stack file.
        const created: ((type: string) => string[])[] = [];
        for (const example of doors) {
            const run = { resources: (await planExample(example)).resources! };
            created.push((type: string) => byType(run, type).map((r) => r.name));
        }
        const [keys, cognito, lambda, cors, domain, privateApi, privateCallers, waf] = created;
        assert.equal(created.length, 8);
        assert.deepEqual(keys("aws:apigateway/apiKey:ApiKey"), ["orders-client-web-shop-key", "orders-client-point-of-sale-key"]);
        assert.deepEqual(keys("aws:apigateway/usagePlan:UsagePlan"), ["orders-client-web-shop-plan", "orders-client-point-of-sale-plan"]);
        assert.deepEqual(keys("aws:apigateway/usagePlanKey:UsagePlanKey"), ["orders-client-web-shop-plan-key", "orders-client-point-of-sale-plan-key"]);
        assert.deepEqual(cognito("aws:apigateway/authorizer:Authorizer"), ["orders-cognito-authorizer"]);
        assert.deepEqual(cognito("aws:apigateway/method:Method"), ["orders-preflight-orders-method", "orders-method"]);
        assert.deepEqual(lambda("aws:apigateway/authorizer:Authorizer"), ["orders-lambda-authorizer"]);
        assert.deepEqual(lambda("aws:lambda/permission:Permission"), ["orders-lambda-authorizer-invoke"]);
        assert.deepEqual(cors("aws:apigateway/method:Method"), ["orders-preflight-orders-method", "orders-method"]);
        assert.deepEqual(cors("aws:apigateway/integration:Integration"), ["orders-preflight-orders-integration", "orders-integration"]);
        assert.deepEqual(domain("aws:apigateway/domainName:DomainName"), ["orders-domain"]);
        assert.deepEqual(domain("aws:apigateway/basePathMapping:BasePathMapping"), ["orders-base-path"]);
        assert.deepEqual(domain("aws:route53/record:Record"), ["orders-domain-alias"]);
        assert.deepEqual(privateApi("aws:apigateway/restApiPolicy:RestApiPolicy"), ["orders-api-policy"]);
        assert.deepEqual(privateCallers("aws:apigateway/restApiPolicy:RestApiPolicy"), ["orders-api-policy"]);
        assert.deepEqual(waf("aws:wafv2/webAcl:WebAcl"), ["orders-web-acl"]);
        assert.deepEqual(waf("aws:wafv2/webAclAssociation:WebAclAssociation"), ["orders-web-acl-association"]);
        for (const names of [keys, cognito, lambda, cors, domain, privateApi, privateCallers]) {
            assert.deepEqual(names("aws:wafv2/webAcl:WebAcl"), []);
        }
    });
});
