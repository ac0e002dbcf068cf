// The API's resource policy: every API has one, made in one function for both endpoint types, so
// that switching between them rewrites it in the update that switches instead of deleting it after
// the new deployment has snapshotted the old one.
import assert from "node:assert/strict";

import { apiResourcePolicy, methodArn } from "../components/resourcePolicy";
import { named, Registered } from "../scripts/offline/mockRuntime";
import { runStack } from "../scripts/offline/runStack";
import { withFiles } from "./support/plan";

const EXECUTION_ARN = "arn:aws:execute-api:eu-west-1:123456789012:orders-api-id";
const ROUTES = `  orders:routes:
    - path: orders
      authorization: AWS_IAM
    - path: stores/{storeId}/orders
    - path: legacy
      authorization: AWS_IAM
      retired: true
  orders:cors: {allowOrigins: [https://shop.example.com]}
`;

async function policyOf(text: string): Promise<{ resources: Registered[]; policy: { Statement: Record<string, unknown>[] } }> {
    const { resources } = await withFiles({ "Pulumi.test-policy.yaml": `config:\n  aws:region: eu-west-1\n${text}` }, () => runStack("test-policy"));
    return { resources, policy: JSON.parse(named({ resources }, "orders-api-policy").inputs.policy) };
}

describe("the API's resource policy", () => {
    it("of a REGIONAL API grants each method no more than its authorization: AWS_IAM ones to the account, the rest to anyone", async () => {
        const { resources, policy } = await policyOf(ROUTES);
        assert.deepEqual(policy.Statement, [
            {
                Effect: "Allow", Principal: "*", Action: "execute-api:Invoke",
                Resource: [`${EXECUTION_ARN}/*/POST/stores/*/orders`, `${EXECUTION_ARN}/*/POST/legacy`,
                    `${EXECUTION_ARN}/*/OPTIONS/orders`, `${EXECUTION_ARN}/*/OPTIONS/stores/*/orders`, `${EXECUTION_ARN}/*/OPTIONS/legacy`],
            },
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "execute-api:Invoke", Resource: [`${EXECUTION_ARN}/*/POST/orders`] },
        ]);
        assert.ok(named({ resources }, "orders-deployment").dependsOn.includes("orders-api-policy"));
    });

    it("of a PRIVATE API lets in its VPC endpoints only, under the same name", async () => {
        const { policy } = await policyOf(`${ROUTES}  orders:endpointType: PRIVATE\n  orders:vpcEndpointIds: [vpce-0123456789abcdef0]\n`);
        assert.deepEqual(policy.Statement, [
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: `${EXECUTION_ARN}/*` },
            { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: `${EXECUTION_ARN}/*`,
                Condition: { StringNotEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } } },
        ]);
    });

    it("is covered by the deployment's trigger, as it reaches callers only through a deployment; the stage's own settings are not", async () => {
        const trigger = async (text: string) => named({ resources: (await policyOf(text)).resources }, "orders-deployment").inputs.triggers.apiShape;
        const regional = await trigger(ROUTES);
        assert.notEqual(await trigger(`${ROUTES}  orders:endpointType: PRIVATE\n  orders:vpcEndpointIds: [vpce-0123456789abcdef0]\n`), regional);
        assert.equal(await trigger(`${ROUTES}  orders:throttle: {rateLimit: 7}\n  orders:tracing: true\n  orders:accessLogs: {retentionInDays: 7}\n`), regional);
    });

    it("names an account of the API's partition, and leaves out a statement no method needs", () => {
        const chinaArn = "arn:aws-cn:execute-api:cn-north-1:123456789012:abc";
        assert.deepEqual(JSON.parse(apiResourcePolicy({ endpointType: "REGIONAL", vpcEndpointIds: [],
            methods: [{ httpMethod: "PUT", path: "a/{id}", authorization: "AWS_IAM" }] }, chinaArn)).Statement, [
            { Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::123456789012:root" }, Action: "execute-api:Invoke", Resource: [`${chinaArn}/*/PUT/a/*`] },
        ]);
        assert.equal(methodArn(EXECUTION_ARN, "PATCH", "{a}/b/{c}"), `${EXECUTION_ARN}/*/PATCH/*/b/*`);
    });
});
