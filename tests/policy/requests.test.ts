// The pack's evaluation of one concrete request: IAM's order of evaluation (an explicit deny wins,
// the boundary caps identity grants, a resource policy that names the caller allows within its
// account, one that names the account defers to the caller's own policies) and IAM's condition
// operators over present, absent and multivalued keys.
import assert from "node:assert/strict";

import { iamCatalogue } from "../../policy/catalogue";
import { conditionEntries, entryHoldsFor, excludesRole } from "../../policy/conditions";
import { roleIdentity } from "../../policy/principals";
import { AwsRequest, decide, RequestPolicies } from "../../policy/requests";

const catalogue = iamCatalogue();
const ACCOUNT = "123456789012";
const OTHER = "210987654321";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/worker`;
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-queue`;

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });
const send = (context: AwsRequest["context"] = {}, caller: AwsRequest["caller"] = { arn: ROLE }): AwsRequest =>
    ({ caller, action: "sqs:SendMessage", resource: QUEUE, context });
const decision = (policies: RequestPolicies, request: AwsRequest = send()) => decide(request, policies, catalogue);
const allowSend = (extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE, ...extra });

/** Whether a one-entry condition holds for the key's values (undefined: absent). */
const holds = (condition: Record<string, unknown>, values?: string[]) => entryHoldsFor(conditionEntries(condition)[0], values);

describe("a concrete request", () => {
    describe("against identity policies and a boundary", () => {
        it("is allowed by an identity policy that names its action and resource, and implicitly denied without one", () => {
            assert.equal(decision({ identity: [doc(allowSend())] }), "allowed");
            assert.equal(decision({ identity: [] }), "implicitly denied");
            assert.equal(decision({ identity: [doc(allowSend({ Resource: `${QUEUE}-other` }))] }), "implicitly denied");
            assert.equal(decision({ identity: [doc(allowSend({ Action: "sqs:Send*" }))] }), "allowed");
        });

        it("is explicitly denied by a deny anywhere, whatever allows it", () => {
            const deny = doc({ Effect: "Deny", Action: "sqs:*", Resource: "*" });
            assert.equal(decision({ identity: [doc(allowSend()), deny] }), "explicitly denied");
            assert.equal(decision({ identity: [doc(allowSend())], boundary: deny }), "explicitly denied");
            assert.equal(decision({ identity: [doc(allowSend())], guardrails: [deny] }), "explicitly denied");
            // A deny of everything except some resources (NotResource) leaves those resources alone.
            const allBut = doc({ Effect: "Deny", Action: "sqs:SendMessage", NotResource: QUEUE });
            assert.equal(decision({ identity: [doc(allowSend()), allBut] }), "allowed");
        });

        it("is capped by the boundary: allowed only where the boundary allows too", () => {
            const identity = [doc(allowSend({ Resource: "*" }))];
            assert.equal(decision({ identity, boundary: doc(allowSend()) }), "allowed");
            assert.equal(decision({ identity, boundary: doc(allowSend({ Resource: `${QUEUE}-other` })) }), "implicitly denied");
            assert.equal(decision({ identity: [], boundary: doc(allowSend()) }), "implicitly denied", "a boundary grants nothing");
        });

        it("grants nothing through a guardrail's allow: guardrails only take away", () => {
            assert.equal(decision({ identity: [], guardrails: [doc(allowSend())] }), "implicitly denied");
        });

        it("names an action that exists, or the evaluation refuses to answer", () => {
            assert.throws(() => decide({ ...send(), action: "sqs:SendMessages" }, {}, catalogue), /sqs:SendMessages is not an IAM action/);
        });
    });

    describe("against a resource's own policy", () => {
        it("is allowed within the account by a policy that names the caller's ARN or everyone, with no identity policy", () => {
            assert.equal(decision({ resource: doc(allowSend({ Principal: { AWS: ROLE } })) }), "allowed");
            assert.equal(decision({ resource: doc(allowSend({ Principal: "*" })) }), "allowed");
            assert.equal(decision({ resource: doc(allowSend({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` } })) }), "implicitly denied");
        });

        it("defers to the caller's identity policies when it names the caller's account", () => {
            for (const principal of [`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT]) {
                const resource = doc(allowSend({ Principal: { AWS: principal } }));
                assert.equal(decision({ resource }), "implicitly denied", principal);
                assert.equal(decision({ resource, identity: [doc(allowSend())] }), "allowed", principal);
            }
        });

        it("caps a grant to the caller's ARN by the caller's boundary", () => {
            const resource = doc(allowSend({ Principal: { AWS: ROLE } }));
            assert.equal(decision({ resource, boundary: doc({ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }) }), "implicitly denied");
        });

        it("needs both sides across accounts: the resource's policy and the caller's own", () => {
            const caller = { arn: `arn:aws:iam::${OTHER}:role/partner` };
            const request = { ...send({}, caller), resourceAccount: ACCOUNT };
            const resource = doc(allowSend({ Principal: { AWS: caller.arn } }));
            assert.equal(decision({ resource }, request), "implicitly denied");
            assert.equal(decision({ resource, identity: [doc(allowSend())] }, request), "allowed");
            assert.equal(decision({ identity: [doc(allowSend())] }, request), "implicitly denied");
        });

        it("lets a service principal in by name, and applies a deny only to the principals it names", () => {
            const request: AwsRequest = { caller: { service: "apigateway.amazonaws.com" }, action: "sts:AssumeRole", resource: ROLE };
            const trust = doc({ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" });
            assert.equal(decision({ resource: trust }, request), "allowed");
            assert.equal(decision({ resource: trust }, { ...request, caller: { service: "lambda.amazonaws.com" } }), "implicitly denied");
            const denyOthers = doc({ Effect: "Deny", Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: "sts:AssumeRole" });
            assert.equal(decision({ resource: { ...trust, Statement: [...trust.Statement, ...denyOthers.Statement] } }, request), "allowed");
        });

        it("lets the holder of a web identity in through a trust that names its provider and claims, and only a guardrail keeps it out", () => {
            const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
            const claims = { "token.actions.githubusercontent.com:sub": "repo:my-org/orders:environment:dev" };
            const request: AwsRequest = { caller: { federated: provider }, action: "sts:AssumeRoleWithWebIdentity", resource: ROLE, resourceAccount: ACCOUNT, context: claims };
            const trust = doc({ Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: claims } });
            assert.equal(decision({ resource: trust }, request), "allowed");
            assert.equal(decision({ resource: trust }, { ...request, context: { "token.actions.githubusercontent.com:sub": "repo:my-org/orders:pull_request" } }),
                "implicitly denied");
            assert.equal(decision({ resource: trust }, { ...request, caller: { federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/other.example.com` } }), "implicitly denied");
            assert.equal(decision({ resource: doc({ Effect: "Allow", Principal: { AWS: ROLE }, Action: "sts:AssumeRoleWithWebIdentity" }) }, request), "implicitly denied");
            const refuse = doc({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRoleWithWebIdentity", Resource: "*" });
            assert.equal(decision({ resource: trust, guardrails: [refuse] }, request), "explicitly denied");
        });
    });

    describe("conditions", () => {
        it("compare strings literally, ignoring case, or with * and ?", () => {
            assert.equal(holds({ StringEquals: { k: ["a", "b"] } }, ["b"]), true);
            assert.equal(holds({ StringEquals: { k: "a*" } }, ["abc"]), false);
            assert.equal(holds({ StringLike: { k: "a*" } }, ["abc"]), true);
            assert.equal(holds({ StringEqualsIgnoreCase: { k: "NONE" } }, ["none"]), true);
            assert.equal(holds({ StringNotEquals: { k: "a" } }, ["b"]), true);
            assert.equal(holds({ StringNotEquals: { k: "a" } }, ["a"]), false);
        });

        it("compare ARNs component by component, and booleans as text", () => {
            assert.equal(holds({ ArnLike: { k: "arn:aws:sqs:*:123456789012:orders-*" } }, [QUEUE]), true);
            assert.equal(holds({ ArnLike: { k: "arn:aws:sqs:*:123456789012:orders-*" } }, [`arn:aws:sqs:eu-west-1:${OTHER}:orders-queue`]), false);
            assert.equal(holds({ Bool: { k: "false" } }, ["false"]), true);
        });

        it("treat an absent key as IAM does: positive tests fail, negations and IfExists hold, Null tells which", () => {
            assert.equal(holds({ StringEquals: { k: "a" } }), false);
            assert.equal(holds({ StringNotEquals: { k: "a" } }), true);
            assert.equal(holds({ StringEqualsIfExists: { k: "a" } }), true);
            assert.equal(holds({ StringEqualsIfExists: { k: "a" } }, ["b"]), false);
            assert.equal(holds({ Null: { k: "true" } }), true);
            assert.equal(holds({ Null: { k: "false" } }), false);
            assert.equal(holds({ Null: { k: "false" } }, ["a"]), true);
        });

        it("read multivalued keys with ForAnyValue (one value, none when absent) and ForAllValues (every value, true when absent)", () => {
            assert.equal(holds({ "ForAnyValue:StringEqualsIgnoreCase": { k: "NONE" } }, ["AWS_IAM", "NONE"]), true);
            assert.equal(holds({ "ForAnyValue:StringEqualsIgnoreCase": { k: "NONE" } }, ["AWS_IAM"]), false);
            assert.equal(holds({ "ForAnyValue:StringEqualsIgnoreCase": { k: "NONE" } }), false);
            assert.equal(holds({ "ForAllValues:StringEquals": { k: ["a.example.com"] } }, ["a.example.com"]), true);
            assert.equal(holds({ "ForAllValues:StringEquals": { k: ["a.example.com"] } }, ["a.example.com", "b.example.com"]), false);
            assert.equal(holds({ "ForAllValues:StringEquals": { k: ["a.example.com"] } }), true);
        });

        it("are read alike for a role's own requests: a key those never carry fails ForAnyValue, negated or not, and passes ForAllValues", () => {
            const role = roleIdentity(ROLE);
            const absentSource = (operator: string) => ({ [operator]: { "aws:SourceAccount": OTHER } });
            assert.deepEqual(["ForAnyValue:StringEquals", "ForAnyValue:StringNotEquals", "ForAllValues:StringNotEquals", "StringNotEquals"]
                .map((operator) => [holds(absentSource(operator)), excludesRole(absentSource(operator), role)]),
            [[false, true], [false, true], [true, false], [true, false]]);
        });

        it("fill policy variables from the request, and cannot tell an operator it does not compare", () => {
            const context = new Map([["aws:principalaccount", [ACCOUNT]]]);
            const [entry] = conditionEntries({ StringEquals: { k: "${aws:PrincipalAccount}" } });
            assert.equal(entryHoldsFor(entry, [ACCOUNT], context), true);
            assert.equal(entryHoldsFor(entry, [OTHER], context), false);
            assert.equal(entryHoldsFor(entry, [ACCOUNT]), undefined, "the request has no value for the variable");
            assert.equal(holds({ NumericLessThan: { k: "5" } }, ["3"]), undefined);
        });

        it("decide a statement: every entry must hold; one that cannot be told keeps an allow out and a deny in", () => {
            const when = (Condition: Record<string, unknown>, context: AwsRequest["context"]) =>
                decision({ identity: [doc(allowSend({ Condition }))] }, send(context));
            assert.equal(when({ StringEquals: { "aws:SourceVpce": "vpce-1" }, Bool: { "aws:SecureTransport": "true" } },
                { "aws:SourceVpce": "vpce-1", "aws:SecureTransport": "true" }), "allowed");
            assert.equal(when({ StringEquals: { "aws:SourceVpce": "vpce-1" }, Bool: { "aws:SecureTransport": "true" } },
                { "aws:SourceVpce": "vpce-1" }), "implicitly denied");
            assert.equal(when({ NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } }, {}), "implicitly denied");
            const unknownDeny = doc({ Effect: "Deny", Action: "sqs:SendMessage", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } });
            assert.equal(decision({ identity: [doc(allowSend()), unknownDeny] }, send({ "aws:SourceIp": "192.0.2.1" })), "explicitly denied");
        });

        it("give the caller's global keys: its ARN, account, organisation and whether it is a service", () => {
            const guard = (Condition: Record<string, unknown>) => doc({ Effect: "Deny", Action: "sqs:SendMessage", Resource: "*", Condition });
            const identity = [doc(allowSend())];
            assert.equal(decision({ identity, guardrails: [guard({ StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })] },
                send({}, { arn: ROLE, orgId: "o-a1b2c3d4e5" })), "allowed");
            assert.equal(decision({ identity, guardrails: [guard({ StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })] }), "explicitly denied");
            assert.equal(decision({ identity, guardrails: [guard({ StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } })] }), "allowed");
            assert.equal(decision({ identity, guardrails: [guard({ ArnNotEquals: { "aws:PrincipalArn": ROLE } })] }), "allowed");
            assert.equal(decision({ identity, guardrails: [guard({ Bool: { "aws:PrincipalIsAWSService": "false" } })] }), "explicitly denied");
        });
    });
});
