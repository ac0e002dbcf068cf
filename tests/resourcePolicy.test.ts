// The API's resource policy: every API has one, made in one function for both endpoint types, so
// that switching between them rewrites it in the update that switches instead of deleting it after
// the new deployment has snapshotted the old one.
import assert from "node:assert/strict";

import { apiResourcePolicy } from "../components/resourcePolicy";
import { named, Registered } from "../offline/mockRuntime";
import { runStack } from "../offline/runStack";
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
    it("of a REGIONAL API grants each method no more than its authorization: AWS_IAM ones (a retired one too) to the account, the rest to anyone", async () => {
        const { resources, policy } = await policyOf(ROUTES);
        assert.deepEqual(policy.Statement, [
            {
                Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "execute-api:Invoke",
                Resource: [`${EXECUTION_ARN}/v1/POST/orders`, `${EXECUTION_ARN}/v1/POST/legacy`],
            },
            {
                Effect: "Allow", Principal: "*", Action: "execute-api:Invoke",
                Resource: [`${EXECUTION_ARN}/v1/POST/stores/*/orders`,
                    `${EXECUTION_ARN}/v1/OPTIONS/orders`, `${EXECUTION_ARN}/v1/OPTIONS/stores/*/orders`, `${EXECUTION_ARN}/v1/OPTIONS/legacy`],
            },
        ]);
        assert.ok(named({ resources }, "orders-deployment").dependsOn.includes("orders-api-policy"));
    });

    it("of a PRIVATE API lets in its VPC endpoints only, under the same name", async () => {
        const { policy } = await policyOf(`${ROUTES}  orders:endpointType: PRIVATE\n  orders:vpcEndpointIds: [vpce-0123456789abcdef0]\n`);
        assert.deepEqual(policy.Statement.at(-1), { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: `${EXECUTION_ARN}/*`,
            Condition: { StringNotEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } } });
        assert.deepEqual(policy.Statement[0].Resource, [`${EXECUTION_ARN}/v1/POST/orders`, `${EXECUTION_ARN}/v1/POST/legacy`]);
    });

    it("is covered by the deployment's trigger, as it reaches callers only through a deployment; the stage's own settings are not", async () => {
        const trigger = async (text: string) => named({ resources: (await policyOf(text)).resources }, "orders-deployment").inputs.triggers.apiShape;
        const regional = await trigger(ROUTES);
        assert.notEqual(await trigger(`${ROUTES}  orders:endpointType: PRIVATE\n  orders:vpcEndpointIds: [vpce-0123456789abcdef0]\n`), regional);
        assert.equal(await trigger(`${ROUTES}  orders:throttle: {rateLimit: 7}\n  orders:tracing: true\n  orders:accessLogs: {retentionInDays: 7}\n`), regional);
    });

    it("names an account of the API's partition, and the whole API when all its methods are guarded alike", () => {
        const chinaArn = "arn:aws-cn:execute-api:cn-north-1:123456789012:abc";
        assert.deepEqual(JSON.parse(apiResourcePolicy({ endpointType: "REGIONAL", vpcEndpointIds: [], iamCallers: [],
            methods: [{ invokePath: "v1/PUT/a/*", authorization: "AWS_IAM" }] }, chinaArn)).Statement, [
            { Effect: "Allow", Principal: { AWS: "arn:aws-cn:iam::123456789012:root" }, Action: "execute-api:Invoke", Resource: `${chinaArn}/*` },
        ]);
    });

    it("is written with the execute-api: shorthand on a mocked runtime that gives the API no execution ARN, unless it needs the account", () => {
        const access = { endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"], iamCallers: [],
            methods: [{ invokePath: "v1/POST/orders", authorization: "NONE" }] };
        assert.deepEqual(JSON.parse(apiResourcePolicy(access, undefined)).Statement.map((s: { Resource: string }) => s.Resource), ["execute-api:/*", "execute-api:/*"]);
        assert.throws(() => apiResourcePolicy({ ...access, methods: [{ invokePath: "v1/POST/orders", authorization: "AWS_IAM" }] }, undefined),
            /a mocked runtime must give aws:apigateway\/restApi:RestApi an executionArn/);
    });
});
