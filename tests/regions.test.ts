// What AWS refuses only at deploy, halfway through, refused by the plan before anything is created:
// an alarm topic, a Lambda authorizer or a queue's key of another region or partition than the
// stack's, and a base path of several segments on a domain that cannot map one. The stack's region
// is the one its AWS provider deploys to: an explicit provider's too.
import assert from "node:assert/strict";

import { Provider } from "@pulumi/aws/provider";

import { QueueApi } from "../components/queueApi";
import { QueueApiArgs } from "../components/settings";
import { byType, named, runMocked } from "../offline/mockRuntime";
import { runStack } from "../offline/runStack";
import { plan, planning, temporaryStack, withFiles } from "./support/plan";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:oncall";
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:authorizer";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";

/** `npm run plan` of a stack file in eu-west-1 with these settings: its exit code and what it printed to stderr. */
async function planRefusal(config: Record<string, unknown>): Promise<{ code: number; stderr: string }> {
    const cleanup = temporaryStack("test-region", { "aws:region": "eu-west-1", ...config });
    try {
        const { code, stderr } = await plan("--stack", "test-region");
        return { code, stderr: stderr.replace(planning("test-region"), "") };
    } finally {
        cleanup();
    }
}

describe("region rules", () => {
    it("refuse an alarm topic of another region, naming the key, the topic and the fix", async () => {
        assert.deepEqual(await planRefusal({ "orders:alarms": { snsTopicArn: TOPIC } }), {
            code: 2,
            stderr: "Pulumi.test-region.yaml:3:19: orders:alarms.snsTopicArn is a topic in us-east-1, not the stack's eu-west-1: a CloudWatch "
                + "alarm notifies only a topic of its own region and partition, and AWS refuses the alarm at deploy; give a topic in eu-west-1, "
                + `or orders:alarms.subscribers for a topic the stack creates, got "${TOPIC}"\n`,
        });
    });

    it("refuse the dead-letter alarm's topic of another partition", async () => {
        const china = "arn:aws-cn:sns:cn-north-1:123456789012:oncall";
        const { code, stderr } = await planRefusal({ "orders:deadLetterAlarm": { snsTopicArn: china } });
        assert.equal(code, 2);
        assert.match(stderr, /orders:deadLetterAlarm\.snsTopicArn is a topic in the partition aws-cn, not the stack's aws \(region eu-west-1\)/);
    });

    it("refuse a Lambda authorizer of another region", async () => {
        const { code, stderr } = await planRefusal({ "orders:authorization": "CUSTOM", "orders:lambdaAuthorizer": { functionArn: FUNCTION } });
        assert.equal(code, 2);
        assert.equal(stderr, "Pulumi.test-region.yaml:4:29: orders:lambdaAuthorizer.functionArn is a function in us-east-1, not the stack's "
            + "eu-west-1: the permission that lets API Gateway invoke it is added through the stack's region, where Lambda does not reach "
            + `it; deploy the authorizer in eu-west-1, got "${FUNCTION}"\n`);
    });

    it("refuse a queue's key of another region than the queue, a new queue's or an existing one's", async () => {
        const fresh = await planRefusal({ "orders:routes": [{ path: "orders" }, { path: "returns", queue: { encryption: "kms", kmsKeyArn: KEY } }] });
        assert.equal(fresh.code, 2);
        assert.match(fresh.stderr, /orders:routes\[1\]\.queue\.kmsKeyArn is a key in us-east-1, not the stack's eu-west-1, where the queue is: SQS encrypts a queue only with a key of its own region/);
        const existing = await planRefusal({ "orders:routes": [{ path: "orders", existingQueue: { arn: "arn:aws:sqs:eu-west-1:210987654321:fulfilment", kmsKeyArn: KEY } }] });
        assert.equal(existing.code, 2);
        assert.match(existing.stderr, /orders:routes\[0\]\.existingQueue\.kmsKeyArn must be a key of the queue's region eu-west-1 \(orders:routes\[0\]\.existingQueue\.arn\): SQS encrypts a queue only with a key of its own region, got one of us-east-1/);
    });

    it("map a base path of several segments with an API mapping of API Gateway V2, and keep one segment's v1 mapping", async () => {
        const resources = async (basePath: string) => (await withFiles({
            "Pulumi.test-domain.yaml": `config:\n  aws:region: eu-west-1\n  orders:domain: {name: orders.example.com, certificateArn: "${CERTIFICATE}", basePath: ${basePath}}\n`,
        }, () => runStack("test-domain"))).resources;
        const several = await resources("v1/orders");
        assert.deepEqual(byType({ resources: several }, "aws:apigateway/basePathMapping:BasePathMapping"), []);
        const mapping = named({ resources: several }, "orders-api-mapping").inputs;
        assert.deepEqual([mapping.apiId, mapping.domainName, mapping.stage, mapping.apiMappingKey], ["orders-api-id", "orders.example.com", "v1", "v1/orders"]);
        const one = await resources("shop");
        assert.deepEqual(byType({ resources: one }, "aws:apigatewayv2/apiMapping:ApiMapping"), []);
        assert.equal(named({ resources: one }, "orders-base-path").inputs.basePath, "shop");
    });

    it("refuse a base path of several segments on a domain of a TLS 1.3 policy", async () => {
        const { code, stderr } = await planRefusal({ "orders:domain": {
            name: "orders.example.com", certificateArn: CERTIFICATE, basePath: "v1/orders", securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09",
        } });
        assert.equal(code, 2);
        assert.match(stderr, /orders:domain\.basePath "v1\/orders" has several segments, which API Gateway maps only on a domain of the TLS_1_2 security policy/);
    });

    describe("with an explicit provider", () => {
        /** Builds the component with a provider of us-east-1 in a stack whose default provider is eu-west-1's. */
        const build = (args: QueueApiArgs) => runMocked(() => {
            const provider = new Provider("east", { region: "us-east-1" });
            new QueueApi("orders", args, { provider });
            return {};
        }, { config: { "aws:region": "eu-west-1" } });
        /** The resources the engine was asked to create: those that reached the mocks. */
        const created = (run: Awaited<ReturnType<typeof build>>) => run.resources.filter((r) => r.id !== "").map((r) => r.name);

        it("check the provider's region, and create nothing inside the component when a setting does not fit it", async () => {
            const run = await build({ domain: { name: "orders.example.com", certificateArn: CERTIFICATE } });
            assert.equal((run.error as Error).message, `QueueApi "orders": domain.certificateArn must be a certificate of the API's region us-east-1, `
                + `got one of eu-west-1: "${CERTIFICATE}"`);
            assert.equal((run.error as Error).name, "SettingsError");
            assert.deepEqual(created(run), ["east", "orders"]);
        });

        it("build what fits the provider's region, though not the default provider's", async () => {
            const run = await build({ alarms: { snsTopicArn: TOPIC } });
            assert.equal(run.error, undefined);
            assert.equal(named(run, "orders-dlq-alarm").inputs.alarmActions[0], TOPIC);
        });
    });
});
