// The deploy role of docs/iam.md and the guards of docs/account-isolation.md on concrete requests,
// decided by the policy pack's IAM evaluator: it creates each kind of role only with its kind's
// boundary and never assumes one; it changes the API's record and no other; prod's guard refuses a
// method without authorization and lets every method of the shipped prod stack through; the tag
// guard keeps it off another environment's resources; the organisation's resource control policy
// keeps other accounts out of the stacks' roles. And each document fits where it is meant to go.
import assert from "node:assert/strict";

import { AWS_FIGURES } from "../components/awsFigures";
import { apiGatewayTrustPolicy } from "../components/iam";
import { iamCatalogue } from "../policy/catalogue";
import { AwsRequest, decide, RequestPolicies } from "../policy/requests";
import { ACCOUNT_ID, byType } from "../scripts/offline/mockRuntime";
import { runStack } from "../scripts/offline/runStack";
import { iamDocuments, Json } from "./support/iamDocuments";
import { plannedResources } from "./support/plan";

const catalogue = iamCatalogue();
const documents = iamDocuments();
const REGION = "eu-west-1";
const DEPLOY = `arn:aws:iam::${ACCOUNT_ID}:role/github-orders-deploy`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
const boundary = (kind: string) => `arn:aws:iam::${ACCOUNT_ID}:policy/orders-${kind}-boundary`;
const api = (path: string) => `arn:aws:apigateway:${REGION}::${path}`;
const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
const deploy = { identity: [documents["deploy-permissions"]] };
const prodDeploy = { identity: [documents["deploy-permissions"], documents["prod-deploy-guards"]] };
const taggedDeploy = { identity: [documents["deploy-permissions"], documents["deploy-tag-guard"]] };

const by = (caller: string, action: string, resource: string, context: AwsRequest["context"] = {}): AwsRequest =>
    ({ caller: { arn: caller }, action, resource, context });
const asDeploy = (action: string, resource: string, context: AwsRequest["context"] = {}) => by(DEPLOY, action, resource, context);
const without = (document: Json, sid: string): Json => ({ ...document, Statement: document.Statement.filter((s: Json) => s.Sid !== sid) });
const decision = (request: AwsRequest, policies: RequestPolicies) => decide(request, policies, catalogue);

const planned = (name: string, config: Record<string, unknown>) => plannedResources(name, config, REGION);

describe("the deploy role", () => {
    describe("and the roles it creates", () => {
        it("cannot assume a role it created, whatever trust policy it wrote into it", () => {
            const trustsTheDeployRole = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: DEPLOY }, Action: "sts:AssumeRole" }] };
            for (const created of ["orders-role-a1b2c3d", "orders-post-orders-consumer-role-a1b2c3d", "orders-cloudwatch-role-a1b2c3d"]) {
                const assume = asDeploy("sts:AssumeRole", role(created));
                assert.equal(decision(assume, { ...deploy, resource: trustsTheDeployRole }), "explicitly denied", created);
                // Within one account a trust policy that names the deploy role is enough: the deny is what closes it.
                assert.equal(decision(assume, { identity: [without(documents["deploy-permissions"], "NoAssumingTheStacksRoles")], resource: trustsTheDeployRole }),
                    "allowed", created);
            }
        });

        it("creates each kind of role only with its kind's boundary, and never without one", () => {
            const create = (name: string, kind?: string) => decision(asDeploy("iam:CreateRole", role(name),
                kind ? { "iam:PermissionsBoundary": boundary(kind) } : {}), deploy);
            assert.deepEqual([create("orders-role-a1b2c3d", "api"), create("orders-role-a1b2c3d", "consumer"), create("orders-role-a1b2c3d")],
                ["allowed", "implicitly denied", "explicitly denied"]);
            assert.deepEqual([create("orders-post-orders-consumer-role-a1b2c3d", "consumer"), create("orders-post-orders-consumer-role-a1b2c3d", "api")],
                ["allowed", "implicitly denied"]);
            assert.deepEqual([create("orders-cloudwatch-role-a1b2c3d", "cloudwatch"), create("orders-cloudwatch-role-a1b2c3d", "consumer")],
                ["allowed", "implicitly denied"]);
            assert.equal(create("admin", "api"), "implicitly denied");
        });

        it("cannot widen a role: no other kind's boundary, no boundary removed, no boundary policy changed, no managed policy but the CloudWatch role's", () => {
            assert.equal(decision(asDeploy("iam:PutRolePermissionsBoundary", role("orders-role-a1b2c3d"), { "iam:PermissionsBoundary": boundary("consumer") }), deploy),
                "implicitly denied");
            assert.equal(decision(asDeploy("iam:DeleteRolePermissionsBoundary", role("orders-role-a1b2c3d")), deploy), "explicitly denied");
            assert.equal(decision(asDeploy("iam:CreatePolicyVersion", boundary("consumer")), deploy), "explicitly denied");
            const attach = (policy: string) => decision(asDeploy("iam:AttachRolePolicy", role("orders-cloudwatch-role-a1b2c3d"),
                { "iam:PermissionsBoundary": boundary("cloudwatch"), "iam:PolicyARN": policy }), deploy);
            assert.equal(attach("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"), "allowed");
            assert.equal(attach("arn:aws:iam::aws:policy/AdministratorAccess"), "implicitly denied");
        });
    });

    describe("and the domain's hosted zone", () => {
        const change = (names: string[], types: string[], zone = ZONE) => decision(asDeploy("route53:ChangeResourceRecordSets", zone, {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": names, "route53:ChangeResourceRecordSetsRecordTypes": types,
            "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
        }), deploy);

        it("changes the record the stack plans for its domain", async () => {
            const resources = await planned("deploy-domain", {
                "orders:domain": {
                    name: "api.orders.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ",
                    certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/1234abcd-12ab-34cd-56ef-1234567890ab`,
                },
            });
            const [record] = byType({ resources }, "aws:route53/record:Record");
            assert.equal(change([record.inputs.name], [record.inputs.type], `arn:aws:route53:::hostedzone/${record.inputs.zoneId}`), "allowed");
        });

        it("changes no other record of the zone: not _acme-challenge, not CAA, not another name, not another zone", () => {
            assert.equal(change(["_acme-challenge.api.orders.example.com"], ["TXT"]), "implicitly denied");
            assert.equal(change(["api.orders.example.com"], ["CAA"]), "implicitly denied");
            assert.equal(change(["orders.example.com"], ["A"]), "implicitly denied");
            assert.equal(change(["api.orders.example.com", "www.orders.example.com"], ["A"]), "implicitly denied");
            assert.equal(change(["api.orders.example.com"], ["A"], "arn:aws:route53:::hostedzone/ZOTHERZONE0000000000"), "implicitly denied");
        });
    });

    describe("in prod, with prod's guard", () => {
        const putMethod = (httpMethod: string, authorization: string[], action = "apigateway:PUT") => decision(asDeploy(action,
            api(`/restapis/a1b2c3d4e5/resources/r1/methods/${httpMethod}`), { "apigateway:Request/RouteAuthorizationType": authorization }), prodDeploy);

        it("creates every method of the shipped prod stack, and a CORS preflight", async () => {
            const prod = (await runStack("prod")).resources;
            const preflights = await planned("deploy-preflights", { "orders:authorization": "AWS_IAM", "orders:cors": { allowOrigins: ["https://shop.example.com"] } });
            const methods = [...byType({ resources: prod }, "aws:apigateway/method:Method"), ...byType({ resources: preflights }, "aws:apigateway/method:Method")];
            assert.deepEqual(methods.map((m) => `${m.inputs.httpMethod} ${m.inputs.authorization}`), ["POST AWS_IAM", "OPTIONS NONE", "POST AWS_IAM"]);
            for (const method of methods) {
                assert.equal(putMethod(method.inputs.httpMethod, [method.inputs.authorization]), "allowed", method.name);
            }
        });

        it("refuses a method without authorization however it comes: put, changed, created with the API, imported", async () => {
            const dev = (await runStack("dev")).resources;
            const [open] = byType({ resources: dev }, "aws:apigateway/method:Method");
            assert.equal(putMethod(open.inputs.httpMethod, [open.inputs.authorization]), "explicitly denied", "dev's open route");
            assert.equal(putMethod("POST", ["none"], "apigateway:PATCH"), "explicitly denied");
            assert.equal(decision(asDeploy("apigateway:PUT", api("/restapis/a1b2c3d4e5"), { "apigateway:Request/RouteAuthorizationType": ["AWS_IAM", "NONE"] }),
                prodDeploy), "explicitly denied");
            assert.equal(decision(asDeploy("apigateway:POST", api("/restapis"), { "apigateway:Request/RouteAuthorizationType": ["NONE"] }), prodDeploy),
                "explicitly denied");
            // The same requests without the guard: dev's deploy role may.
            assert.equal(decision(asDeploy("apigateway:PUT", api("/restapis/a1b2c3d4e5/resources/r1/methods/POST"),
                { "apigateway:Request/RouteAuthorizationType": ["NONE"] }), deploy), "allowed");
        });
    });

    describe("with the tag guard", () => {
        const queue = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;

        it("keeps off what is tagged for another environment: dev's queue beside prod's, another team's API", () => {
            const setAttributes = (tags: Record<string, string>) => decision(asDeploy("sqs:SetQueueAttributes", queue("orders-queue-a1b2c3d"),
                Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]))), taggedDeploy);
            assert.equal(setAttributes({ environment: "dev" }), "explicitly denied");
            assert.equal(setAttributes({ environment: "prod" }), "allowed");
            assert.equal(setAttributes({}), "allowed", "an untagged resource is not protected by tags");
            assert.equal(decision(asDeploy("apigateway:DELETE", api("/restapis/z9y8x7w6v5"), { "aws:ResourceTag/environment": "payments" }), taggedDeploy),
                "explicitly denied");
            assert.equal(decision(asDeploy("apigateway:DELETE", api("/restapis/z9y8x7w6v5"), { "aws:ResourceTag/environment": "payments" }), deploy), "allowed");
        });

        it("creates only what is tagged for its environment, which every taggable resource of the shipped prod stack is", async () => {
            const prod = (await runStack("prod")).resources;
            // A role is created with its kind's boundary (prod has the API's role only).
            const creates: Record<string, (name: string) => [string, string, Record<string, string>?]> = {
                "aws:sqs/queue:Queue": (name) => ["sqs:CreateQueue", queue(`${name}-a1b2c3d`)],
                "aws:iam/role:Role": (name) => ["iam:CreateRole", role(`${name}-a1b2c3d`), { "iam:PermissionsBoundary": boundary("api") }],
                "aws:cloudwatch/logGroup:LogGroup": (name) => ["logs:CreateLogGroup", `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}-a1b2c3d`],
                "aws:sns/topic:Topic": (name) => ["sns:CreateTopic", `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${name}-a1b2c3d`],
                "aws:wafv2/webAcl:WebAcl": (name) => ["wafv2:CreateWebACL", `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/${name}-a1b2c3d/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`],
                "aws:apigateway/restApi:RestApi": () => ["apigateway:POST", api("/restapis")],
            };
            const created = prod.filter((r) => creates[r.type]);
            assert.deepEqual([...new Set(created.map((r) => r.type))].sort(), Object.keys(creates).sort());
            for (const resource of created) {
                const [action, arn, context = {}] = creates[resource.type](resource.name);
                const tagged = (environment?: string) => decision(asDeploy(action, arn,
                    { ...context, ...(environment ? { "aws:RequestTag/environment": environment } : {}) }), taggedDeploy);
                assert.equal(tagged(resource.inputs.tags.environment), "allowed", resource.name);
                assert.deepEqual([tagged("dev"), tagged()], ["explicitly denied", "explicitly denied"], resource.name);
            }
        });
    });
});

describe("the organisation's resource control policy", () => {
    const rcp = documents["organization-rcp"];
    const consumerRole = role("orders-post-orders-consumer-role-a1b2c3d");
    const OUTSIDER = "arn:aws:iam::210987654321:role/outsider";
    const assumes = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] };

    it("refuses another account a role the deploy role created to trust it, which nothing inside the account can", () => {
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" }] };
        const request: AwsRequest = { ...by(OUTSIDER, "sts:AssumeRole", consumerRole), resourceAccount: ACCOUNT_ID };
        assert.equal(decision(request, { identity: [assumes], resource: trust }), "allowed");
        assert.equal(decision(request, { identity: [assumes], resource: trust, guardrails: [rcp] }), "explicitly denied");
    });

    it("lets in API Gateway for the API's role, and a role of the organisation that the trust names", () => {
        const apiRole = role("orders-role-a1b2c3d");
        assert.equal(decision({ caller: { service: "apigateway.amazonaws.com" }, action: "sts:AssumeRole", resource: apiRole },
            { resource: apiGatewayTrustPolicy(), guardrails: [rcp] }), "allowed");
        const colleague = "arn:aws:iam::345678901234:role/support";
        const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: colleague }, Action: "sts:AssumeRole" }] };
        assert.equal(decision({ caller: { arn: colleague, orgId: "o-a1b2c3d4e5" }, action: "sts:AssumeRole", resource: consumerRole, resourceAccount: ACCOUNT_ID },
            { identity: [assumes], resource: trust, guardrails: [rcp] }), "allowed");
    });
});

describe("each IAM document of the docs", () => {
    // IAM and Organizations count a policy's characters without white space.
    const size = (name: string) => JSON.stringify(documents[name]).replace(/\s/g, "").length;
    const { iam, organizations } = AWS_FIGURES.quotas;
    const where: Record<string, number> = {
        "preview-trust": iam.trustPolicyCharacters, "dev-trust": iam.trustPolicyCharacters, "prod-trust": iam.trustPolicyCharacters,
        "preview-permissions": iam.managedPolicyCharacters, "api-boundary": iam.managedPolicyCharacters, "consumer-boundary": iam.managedPolicyCharacters,
        "cloudwatch-boundary": iam.managedPolicyCharacters, "deploy-permissions": iam.rolePolicyCharacters, "prod-deploy-guards": iam.managedPolicyCharacters,
        "deploy-tag-guard": iam.managedPolicyCharacters, "organization-rcp": organizations.controlPolicyCharacters,
        "preview-state": iam.managedPolicyCharacters, "deploy-state": iam.managedPolicyCharacters,
    };

    it("fits where it goes: a trust policy, a managed policy, the deploy role's inline policies, a resource control policy", () => {
        assert.deepEqual(Object.keys(documents).filter((name) => name !== "state-bucket-policy"), Object.keys(where));
        for (const [name, limit] of Object.entries(where)) {
            assert.ok(size(name) <= limit, `${name}: ${size(name)} characters, over ${limit}`);
        }
    });
});
