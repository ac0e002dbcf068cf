// Small stacks for the policy pack's labelled fixtures: a queue, the API's role allowed only
// sqs:SendMessage on it, and an SQS integration that uses the role. Each fixture file adds what its
// class is about and states, per fixture, why AWS makes it good or bad.
import assert from "node:assert/strict";

import { FixtureResource, runPolicies } from "../../offline/policyRunner";

export const ACCOUNT = "123456789012";
export const OTHER_ACCOUNT = "999988887777";
export const REGION = "eu-west-1";
export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`;
export const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/api-role`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:orders-events`;

export const json = (value: unknown) => JSON.stringify(value);
export const doc = (...Statement: object[]) => json({ Version: "2012-10-17", Statement });
export const TRUST_API_GATEWAY = doc({ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" });

export const queue = (props: Record<string, any> = {}, name = "orders"): FixtureResource => ({
    type: "aws:sqs/queue:Queue", name,
    props: { name, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`, sqsManagedSseEnabled: true, ...props },
});
export const role = (props: Record<string, any> = {}, name = "api-role"): FixtureResource => ({
    type: "aws:iam/role:Role", name,
    props: { name, id: name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assumeRolePolicy: TRUST_API_GATEWAY, ...props },
});
export const rolePolicy = (policy: unknown, roleName = "api-role", name = "api-send"): FixtureResource => ({
    type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: roleName, policy: typeof policy === "string" ? policy : json(policy) },
});
export const managedPolicy = (name: string, policy: string): FixtureResource => ({
    type: "aws:iam/policy:Policy", name, props: { name, arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, policy },
});
export const queuePolicy = (policy: string, name = "orders-policy", queueUrl = QUEUE_URL): FixtureResource => ({
    type: "aws:sqs/queuePolicy:QueuePolicy", name, props: { queueUrl, policy },
});
export const integration = (props: Record<string, any> = {}, name = "orders-integration"): FixtureResource => ({
    type: "aws:apigateway/integration:Integration", name,
    props: {
        type: "AWS",
        uri: `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/orders`,
        credentials: ROLE_ARN,
        requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" },
        requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)" },
        passthroughBehavior: "NEVER",
        ...props,
    },
});
export const sendOnly = (resource: unknown = QUEUE_ARN) => doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: resource });

/** A compliant API: the queue, the role allowed SendMessage on it and nothing else, the integration. */
export const api = (...extra: FixtureResource[]): FixtureResource[] => [queue(), role(), rolePolicy(sendOnly()), integration(), ...extra];

/** A fixture with its verdict and the AWS behaviour that decides it. */
export interface Labelled {
    readonly verdict: "bad" | "good";
    readonly name: string;
    /** One line: why AWS makes the stack good or bad. */
    readonly reason: string;
    readonly stack: readonly FixtureResource[];
    /** The policy the fixture is about. */
    readonly policy: string;
    /** For a bad fixture, exactly the messages the policy reports (a good one must report none). */
    readonly messages?: readonly string[];
    /** The policy's settings, as a stack's policy config gives them. */
    readonly config?: Readonly<Record<string, unknown>>;
}

export const bad = (name: string, reason: string, policy: string, stack: readonly FixtureResource[], messages: readonly string[]): Labelled =>
    ({ verdict: "bad", name, reason, policy, stack, messages });
export const good = (name: string, reason: string, policy: string, stack: readonly FixtureResource[]): Labelled =>
    ({ verdict: "good", name, reason, policy, stack });

/** The messages one policy reports over a stack, as `pulumi preview` would run it. */
export async function messagesOf(policy: string, stack: readonly FixtureResource[], config?: Readonly<Record<string, unknown>>): Promise<string[]> {
    return (await runPolicies(stack, { only: [policy], config: config && { [policy]: config } })).map((f) => f.message);
}

/** One `it` per fixture: a bad one gets exactly its messages, a good one none. */
export function checkFixtures(fixtures: readonly Labelled[]): void {
    it(`has bad and good fixtures (${fixtures.filter((f) => f.verdict === "bad").length} bad, ${fixtures.filter((f) => f.verdict === "good").length} good)`, () => {
        assert.ok(fixtures.some((f) => f.verdict === "bad") && fixtures.some((f) => f.verdict === "good"));
        assert.equal(new Set(fixtures.map((f) => f.name)).size, fixtures.length, "fixture names are unique");
    });
    for (const fixture of fixtures) {
        it(`${fixture.verdict}: ${fixture.name} (${fixture.reason})`, async () => {
            assert.deepEqual(await messagesOf(fixture.policy, fixture.stack, fixture.config), fixture.verdict === "bad" ? fixture.messages : []);
        });
    }
}
