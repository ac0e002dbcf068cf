import assert from "node:assert/strict";

import { QueueApi } from "../../components/index";
import { FixtureResource, Finding, fromMockRun, PackConfig, runPolicies } from "../../offline/policyRunner";
import { runMocked } from "../../offline/mockRuntime";
import { beyondDefaults } from "../support/defaultFindings";
import { mutate, programFixtures } from "../support/programFixtures";

const summary = (findings: readonly Finding[]) => findings.map((f) => `${f.policy} (${f.enforcementLevel}) ${f.resource ?? ""}: ${f.message}`);
const policiesHit = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.policy))].sort();
/** What the pack reports beyond what the component's defaults always draw (an open route, no web ACL). */
const findingsOf = async (resources: readonly FixtureResource[]) => beyondDefaults(await runPolicies(resources));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PROD_CONFIG = require("../../policy/prod.json") as PackConfig;
// The program's API is a QueueApi's: the finding names the stack setting, not resources to write.
const NO_WAF = "API orders-api is reachable from the internet (REGIONAL endpoint) and no AWS WAF web ACL filters its stage v1: give the QueueApi "
    + "a web ACL (in the stack file: orders:webAcl: {create: true}, or {arn: <a web ACL of yours>}) "
    + "to block floods and known-bad requests before they are billed and queued, or make the API PRIVATE if only your VPCs call it.";
const OPEN_ORDERS = "POST /orders (method orders-method) has authorization NONE: anyone who can reach the API can call it. "
    + "Require AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizerId, or list \"POST /orders\" in this policy's publicRoutes if it is public by design.";

describe("the policy pack over the real program", () => {
    const fixtures: Record<string, FixtureResource[]> = {};
    before(async () => {
        fixtures.dev = await programFixtures("dev");
        fixtures.prod = await programFixtures("prod");
    });

    it("finds only the open route and the missing web ACL in the dev stack, both advisory, with every resource and stack policy", async () => {
        assert.deepEqual(summary(await runPolicies(fixtures.dev)), [
            `api-methods-authorized (advisory) orders-method: ${OPEN_ORDERS}`,
            `internet-facing-api-has-waf (advisory) orders-api: ${NO_WAF}`,
        ]);
    });

    it("finds nothing in the prod stack under policy/prod.json: its callers sign, and a created web ACL filters its stage", async () => {
        assert.deepEqual(summary(await runPolicies(fixtures.prod, { config: PROD_CONFIG })), []);
    });

    it("stops prod under policy/prod.json when its route is opened, and passes it when the route is listed as public", async () => {
        const open = mutate(fixtures.prod, "orders-method", (props) => ({ ...props, authorization: "NONE" }));
        assert.deepEqual(summary(await runPolicies(open, { config: PROD_CONFIG, only: ["api-methods-authorized"] })),
            [`api-methods-authorized (mandatory) orders-method: ${OPEN_ORDERS}`]);
        const listed = { ...PROD_CONFIG, "api-methods-authorized": { enforcementLevel: "mandatory", publicRoutes: ["POST /orders"] } } as PackConfig;
        assert.deepEqual(summary(await runPolicies(open, { config: listed, only: ["api-methods-authorized"] })), []);
    });

    it("finds nothing wrong with the account's CloudWatch role managed, which is no integration's role", async () => {
        const run = await runMocked(() => new QueueApi("orders", { manageCloudWatchRole: true }));
        assert.deepEqual(summary(await findingsOf(fromMockRun(run.resources))), []);
    });

    it("finds nothing wrong with queues on a customer-managed key, whose use the role is allowed exactly", async () => {
        for (const queue of [{ encryption: "kms" as const }, { encryption: "kms" as const, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc-123" }]) {
            const run = await runMocked(() => new QueueApi("orders", { queue }));
            assert.deepEqual(summary(await findingsOf(fromMockRun(run.resources))), []);
        }
    });

    it("catches a role allowed to use every KMS key", async () => {
        const run = await runMocked(() => new QueueApi("orders", { queue: { encryption: "kms" } }));
        const broken = mutate(fromMockRun(run.resources), "orders-send-message", (props) => {
            const policy = JSON.parse(props.policy);
            policy.Statement[1].Resource = "*";
            return { ...props, policy: JSON.stringify(policy) };
        });
        const findings = await findingsOf(broken);
        assert.deepEqual(policiesHit(findings), ["api-role-policy-document", "api-role-sendmessage-only"]);
        assert.match(findings.find((f) => f.policy === "api-role-sendmessage-only")!.message, /kms:Decrypt, kms:GenerateDataKey on \*/);
    });

    it("catches an extra action on the API's role, at stack level and in the document itself", async () => {
        const broken = mutate(fixtures.prod, "orders-send-message", (props) => {
            const policy = JSON.parse(props.policy);
            policy.Statement[0].Action = ["sqs:SendMessage", "sqs:ReceiveMessage"];
            return { ...props, policy: JSON.stringify(policy) };
        });
        const findings = await findingsOf(broken);
        assert.deepEqual(policiesHit(findings), ["api-role-policy-document", "api-role-sendmessage-only"]);
        const stackLevel = findings.find((f) => f.policy === "api-role-sendmessage-only")!;
        assert.equal(stackLevel.enforcementLevel, "mandatory");
        assert.equal(stackLevel.resource, "orders-role");
        assert.match(stackLevel.message, /allows more than it needs: sqs:ReceiveMessage on arn:aws:sqs:eu-west-1:123456789012:orders-queue/);
    });

    it("catches the console walkthrough's un-encoded template", async () => {
        const broken = mutate(fixtures.prod, "orders-integration", (props) => ({
            ...props, requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" },
        }));
        const findings = await findingsOf(broken);
        assert.deepEqual(policiesHit(findings), ["integration-encodes-body"]);
        assert.equal(findings[0].resource, "orders-integration");
        assert.match(findings[0].message, /outputs values without \$util\.urlEncode: \$input\.body \(line 1, column 32\)/);
    });

    it("catches a public queue policy", async () => {
        const broken = mutate(fixtures.prod, "orders-queue-tls-only", (props) => ({
            ...props,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:123456789012:orders-queue" }],
            }),
        }));
        const findings = await findingsOf(broken);
        // The TLS-only statement it replaced is gone too, which the advisory TLS policy notices.
        assert.deepEqual(policiesHit(findings), ["queue-not-public", "queue-tls-only"]);
        assert.equal(findings.find((f) => f.policy === "queue-not-public")!.enforcementLevel, "mandatory");
    });

    it("catches a role any AWS principal of the account may assume", async () => {
        const broken = mutate(fixtures.prod, "orders-role", (props) => ({
            ...props,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com", AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }],
            }),
        }));
        assert.deepEqual(policiesHit(await findingsOf(broken)), ["api-role-trust"]);
    });

    it("catches an AWS-managed policy attached to the API's role, whose contents cannot be read", async () => {
        const broken: FixtureResource[] = [...fixtures.prod, {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "orders-extra",
            props: { role: "orders-role", policyArn: "arn:aws:iam::aws:policy/AmazonSQSFullAccess" },
        }];
        const findings = await findingsOf(broken);
        assert.deepEqual(policiesHit(findings), ["api-role-sendmessage-only"]);
        assert.match(findings[0].message, /documents are not in the stack and cannot be read: arn:aws:iam::aws:policy\/AmazonSQSFullAccess/);
    });

    it("catches a queue whose encryption is not set, and a queue without a dead-letter queue", async () => {
        const broken = mutate(fixtures.dev, "orders-queue", ({ sqsManagedSseEnabled: _sse, redrivePolicy: _redrive, ...props }) => props);
        const findings = await findingsOf(broken);
        assert.deepEqual(findings.map((f) => [f.policy, f.enforcementLevel, f.resource]), [
            ["queue-encrypted", "mandatory", "orders-queue"],
            // With no redrive policy pointing at it, the DLQ is an ordinary queue without a DLQ of its own.
            ["queue-has-dlq", "advisory", "orders-dlq"],
            ["queue-has-dlq", "advisory", "orders-queue"],
        ]);
    });

    it("catches a stage without throttling or access logs", async () => {
        const broken = mutate(fixtures.dev, "orders-stage", ({ accessLogSettings: _logs, ...props }) => props)
            .filter((f) => f.name !== "orders-method-settings");
        const findings = await findingsOf(broken);
        assert.deepEqual(findings.map((f) => [f.policy, f.message]), [
            ["stage-throttled-and-logged", "stage orders-stage has no throttling (MethodSettings with throttlingRateLimit and throttlingBurstLimit) and no access logs."],
        ]);
    });
});
