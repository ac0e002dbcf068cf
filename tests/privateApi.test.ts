// A PRIVATE API's resource policy, from stack files planned as the CLI plans them: AWS_IAM routes
// name who may call them (the account, which defers to each caller's own policies, or the roles
// given), the other routes keep `*`, and every request must come through the VPC endpoints. Then
// concrete requests decided by the policy pack's IAM evaluator against the policy, written under the
// API's execution ARN as AWS stores it.
import assert from "node:assert/strict";

import { globMatchesRoute, globsIntersect } from "../components/globs";
import { iamCatalogue } from "../policy/catalogue";
import { AwsRequest, decide } from "../policy/requests";
import { ACCOUNT_ID, named, one, Registered } from "../offline/mockRuntime";
import { ProgramRefused } from "../offline/runStack";
import { plannedResources } from "./support/plan";

const catalogue = iamCatalogue();
const REGION = "eu-west-1";
const ENDPOINTS = ["vpce-0123456789abcdef0", "vpce-0fedcba9876543210"];
const POOL = `arn:aws:cognito-idp:${REGION}:${ACCOUNT_ID}:userpool/${REGION}_AbCdEf123`;
/** The API's execution ARN, as the mocked runtime gives it. */
const API = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:orders-api-id`;
const ROOT = `arn:aws:iam::${ACCOUNT_ID}:root`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const PRIVATE = { "orders:endpointType": "PRIVATE", "orders:vpcEndpointIds": ENDPOINTS };
const ONLY_THROUGH_ENDPOINTS = {
    Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: `${API}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": ENDPOINTS } },
};

const planned = (name: string, config: Record<string, unknown>) => plannedResources(name, config, REGION);

const refusal = (name: string, config: Record<string, unknown>) => planned(name, config).then(() => [], (err: unknown) => {
    assert.ok(err instanceof ProgramRefused, String(err));
    return err.lines;
});

const policyOf = (resources: Registered[]) => JSON.parse(named({ resources }, "orders-api-policy").inputs.policy);
const executionArn = (resources: Registered[]) => named({ resources }, "orders-api").state.executionArn as string;

/** A call of a method through an endpoint, by a role of the account (or, without a role, by a caller IAM does not know). */
function call(api: string, method: string, path: string, by?: string, endpoint = ENDPOINTS[0]): AwsRequest {
    return { caller: by ? { arn: by } : {}, action: "execute-api:Invoke", resource: `${api}/v1/${method}/${path}`, context: { "aws:SourceVpce": endpoint } };
}

const invokeAllowed = (resource: string) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: resource }] });

describe("a PRIVATE API's resource policy", () => {
    describe("with AWS_IAM routes only", () => {
        let resources: Registered[];
        before(async () => {
            resources = await planned("private-signed", { ...PRIVATE, "orders:authorization": "AWS_IAM" });
        });

        it("lets the account call, which leaves it to each caller's own policies, and only through the VPC endpoints", () => {
            assert.deepEqual(policyOf(resources), {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: ROOT }, Action: "execute-api:Invoke", Resource: `${API}/*` }, ONLY_THROUGH_ENDPOINTS],
            });
            assert.ok(one({ resources }, "aws:apigateway/deployment:Deployment").dependsOn.includes("orders-api-policy"));
        });

        it("refuses a role of the account that reaches the endpoint without execute-api:Invoke of its own", () => {
            const api = executionArn(resources);
            const resource = policyOf(resources);
            const reporting = role("reporting");
            assert.equal(decide(call(api, "POST", "orders", reporting), { resource }, catalogue), "implicitly denied");
            assert.equal(decide(call(api, "POST", "orders", reporting), { resource, identity: [invokeAllowed(`${api}/v1/POST/orders`)] }, catalogue), "allowed");
            assert.equal(decide(call(api, "POST", "orders", reporting, "vpce-0aaaaaaaaaaaaaaaa"), { resource, identity: [invokeAllowed(`${api}/*`)] }, catalogue),
                "explicitly denied");
            // What the policy was before: `*` lets any role of the account in on its own.
            const everyone = { Version: "2012-10-17", Statement: [{ ...policyOf(resources).Statement[0], Principal: "*" }, ONLY_THROUGH_ENDPOINTS] };
            assert.equal(decide(call(api, "POST", "orders", reporting), { resource: everyone }, catalogue), "allowed");
        });
    });

    describe("with AWS_IAM and other routes", () => {
        let resources: Registered[];
        before(async () => {
            resources = await planned("private-mixed", {
                ...PRIVATE,
                "orders:routes": [{ path: "orders", authorization: "AWS_IAM" }, { path: "returns/{id}", authorization: "COGNITO_USER_POOLS" }],
                "orders:cognitoAuthorizer": { userPoolArns: [POOL] },
                "orders:cors": { allowOrigins: ["https://shop.example.com"] },
            });
        });

        it("names each method: the AWS_IAM ones for the account, the others and the preflights for everyone, a path parameter as *", () => {
            assert.deepEqual(policyOf(resources).Statement, [
                { Effect: "Allow", Principal: { AWS: ROOT }, Action: "execute-api:Invoke", Resource: `${API}/v1/POST/orders` },
                { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke",
                    Resource: [`${API}/v1/POST/returns/*`, `${API}/v1/OPTIONS/orders`, `${API}/v1/OPTIONS/returns/*`] },
                ONLY_THROUGH_ENDPOINTS,
            ]);
        });

        it("lets a token's bearer call the Cognito route and a browser its preflight, and no role of the account the AWS_IAM route on its own", () => {
            const api = executionArn(resources);
            const resource = policyOf(resources);
            assert.equal(decide(call(api, "POST", "returns/r-1"), { resource }, catalogue), "allowed");
            assert.equal(decide(call(api, "OPTIONS", "orders"), { resource }, catalogue), "allowed");
            assert.equal(decide(call(api, "POST", "orders", role("reporting")), { resource }, catalogue), "implicitly denied");
            assert.equal(decide(call(api, "POST", "orders"), { resource }, catalogue), "implicitly denied");
        });
    });

    describe("with privateIamCallers", () => {
        it("lets the roles named call the AWS_IAM routes without a policy of their own, and leaves the account's other roles to theirs", async () => {
            const resources = await planned("private-callers", { ...PRIVATE, "orders:authorization": "AWS_IAM", "orders:privateIamCallers": [role("checkout")] });
            assert.deepEqual(policyOf(resources).Statement[0],
                { Effect: "Allow", Principal: { AWS: role("checkout") }, Action: "execute-api:Invoke", Resource: `${API}/*` });
            const api = executionArn(resources);
            const resource = policyOf(resources);
            assert.equal(decide(call(api, "POST", "orders", role("checkout")), { resource }, catalogue), "allowed");
            assert.equal(decide(call(api, "POST", "orders", role("reporting")), { resource }, catalogue), "implicitly denied");
        });

        it("redeploys the stage when the callers change: a resource policy takes effect through a deployment", async () => {
            const trigger = async (name: string, callers: string[]) => one({ resources: await planned(name, {
                ...PRIVATE, "orders:authorization": "AWS_IAM", "orders:privateIamCallers": callers,
            }) }, "aws:apigateway/deployment:Deployment").inputs.triggers.apiShape;
            assert.notEqual(await trigger("private-one", [role("checkout")]), await trigger("private-two", [role("checkout"), role("billing")]));
        });

        it("is refused without PRIVATE, without an AWS_IAM route, or naming anything but a role or an account", async () => {
            assert.deepEqual(await refusal("private-regional", { "orders:authorization": "AWS_IAM", "orders:privateIamCallers": [ROOT] }), [
                "Pulumi.private-regional.yaml:4:3: orders:privateIamCallers is for orders:endpointType PRIVATE, got endpointType \"REGIONAL\"",
            ]);
            assert.deepEqual(await refusal("private-open", { ...PRIVATE, "orders:privateIamCallers": [ROOT] }), [
                "Pulumi.private-open.yaml:5:3: orders:privateIamCallers is given, but no route's authorization is AWS_IAM: set it, or remove the callers",
            ]);
            assert.deepEqual(await refusal("private-user", { ...PRIVATE, "orders:authorization": "AWS_IAM", "orders:privateIamCallers": [`arn:aws:iam::${ACCOUNT_ID}:user/ci`] }), [
                "Pulumi.private-user.yaml:6:30: orders:privateIamCallers[0] must be an IAM role ARN (arn:aws:iam::<account>:role/<name>) or an account's root "
                + `(arn:aws:iam::<account>:root), got "arn:aws:iam::${ACCOUNT_ID}:user/ci"`,
            ]);
        });
    });

    it("refuses a route whose parameter, named *, would let everyone into an AWS_IAM route of the same method", async () => {
        assert.deepEqual(await refusal("private-overlap", {
            ...PRIVATE,
            "orders:routes": [{ path: "stores/{id}", authorization: "CUSTOM" }, { path: "stores/{id}/orders", authorization: "AWS_IAM" }],
            "orders:lambdaAuthorizer": { functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:orders-authorizer` },
        }), ["Pulumi.private-overlap.yaml:5:3: orders:routes: POST /stores/{id} (CUSTOM) would let everyone call POST /stores/{id}/orders (AWS_IAM) on a "
            + "PRIVATE API: its resource policy names stores/{id}'s parameters as *, which also matches stores/{id}/orders; give one of them another path or method"]);
        // The other way round, a signed route's parameter is one segment: stores/*/orders never matches stores/{id}.
        const resources = await planned("private-apart", {
            ...PRIVATE,
            "orders:routes": [{ path: "stores/{id}", authorization: "AWS_IAM" }, { path: "stores/{id}/orders", authorization: "CUSTOM" }],
            "orders:lambdaAuthorizer": { functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:orders-authorizer` },
        });
        assert.deepEqual(policyOf(resources).Statement.map((s: { Resource: string }) => s.Resource),
            [`${API}/v1/POST/stores/*`, `${API}/v1/POST/stores/*/orders`, `${API}/*`]);
    });
});

describe("whether a policy pattern meets a route's requests", () => {
    it("reads * as any run of characters, / included, and a route's parameter as one segment", () => {
        const cases: [string, string, boolean][] = [["stores/*", "stores/{id}/orders", true], ["stores/*/orders", "stores/{id}", false],
            ["stores/*/orders", "stores/{id}/orders", true], ["stores/*", "returns/{id}", false], ["a/*/c", "a/{x}/{y}/c", true],
            ["a/b", "a/{x}", true], ["a/b/c", "a/{x}", false]];
        assert.deepEqual(cases.map(([pattern, route]) => globMatchesRoute(pattern, route)), cases.map(([, , meets]) => meets));
    });

    it("finds a text two * patterns share, or none", () => {
        const cases: [string, string, boolean][] = [["arn:*:queue-*", "arn:aws:*", true], ["a*b", "c*", false], ["*x", "y*", true],
            ["ab", "ab", true], ["ab", "abc", false]];
        assert.deepEqual(cases.map(([a, b]) => globsIntersect(a, b)), cases.map(([, , shared]) => shared));
    });
});
