import assert from "node:assert/strict";

import { IamCatalogue, loadIamCatalogue } from "../../policy/catalogue";
import { globCovers } from "../../policy/globs";
import { allows, effectivePermissions, Excess, PolicyDocumentError, permissionsBeyond } from "../../policy/iam";

const QUEUE = "arn:aws:sqs:eu-west-1:123456789012:orders-queue";
const OTHER_QUEUE = "arn:aws:sqs:eu-west-1:123456789012:payments-queue";
const ONLY_SEND = [{ action: "sqs:SendMessage", resources: [QUEUE] }];

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const allow = (Action: unknown, Resource: unknown = QUEUE, extra: object = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
const deny = (Action: unknown, Resource: unknown = "*", extra: object = {}) => ({ Effect: "Deny", Action, Resource, ...extra });

interface Case {
    readonly documents: readonly unknown[];
    /** True when the documents allow sqs:SendMessage on QUEUE and nothing else. */
    readonly onlySendMessage: boolean;
    /** For the others: the first excess action the evaluator must name. */
    readonly firstExcess?: Partial<Excess>;
}

const CASES: Record<string, Case> = {
    "SendMessage on the queue": { documents: [doc(allow("sqs:SendMessage"))], onlySendMessage: true },
    "SendMessage as a one-item list": { documents: [doc(allow(["sqs:SendMessage"], [QUEUE]))], onlySendMessage: true },
    "SendMessage in upper case": { documents: [doc(allow("SQS:SENDMESSAGE"))], onlySendMessage: true },
    "sqs:Send*, which only SendMessage matches": { documents: [doc(allow("sqs:Send*"))], onlySendMessage: true },
    "sqs:Send?essage": { documents: [doc(allow("sqs:Send?essage"))], onlySendMessage: true },
    "the same grant twice": { documents: [doc(allow("sqs:SendMessage")), doc(allow("sqs:SendMessage"))], onlySendMessage: true },
    "a JSON string document": { documents: [JSON.stringify(doc(allow("sqs:SendMessage")))], onlySendMessage: true },
    "an empty document": { documents: [{}], onlySendMessage: true },
    "an empty statement list": { documents: [doc()], onlySendMessage: true },
    "SendMessage plus the unknown SendMessageBatch": {
        documents: [doc(allow(["sqs:SendMessage", "sqs:SendMessageBatch"]))], onlySendMessage: true,
    },
    "a conditional SendMessage": {
        documents: [doc(allow("sqs:SendMessage", QUEUE, { Condition: { Bool: { "aws:SecureTransport": "true" } } }))],
        onlySendMessage: true,
    },
    "sqs:* narrowed back by a Deny NotAction SendMessage": {
        documents: [doc(allow("sqs:*"), { Effect: "Deny", NotAction: "sqs:SendMessage", Resource: "*" })],
        onlySendMessage: true,
    },
    "sqs:* on every queue narrowed to SendMessage on the queue by two denies": {
        documents: [doc(
            allow("sqs:*", "*"),
            { Effect: "Deny", NotAction: "sqs:SendMessage", Resource: "*" },
            { Effect: "Deny", Action: "sqs:SendMessage", NotResource: QUEUE },
        )],
        onlySendMessage: true,
    },
    "SendMessage on the account's queues narrowed by NotResource deny": {
        documents: [doc(allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:*"),
            { Effect: "Deny", Action: "sqs:*", NotResource: [QUEUE] })],
        onlySendMessage: true,
    },
    "ReceiveMessage denied on every resource": {
        documents: [doc(allow(["sqs:SendMessage", "sqs:ReceiveMessage"]), deny("sqs:ReceiveMessage"))],
        onlySendMessage: true,
    },
    "SendMessage plus ReceiveMessage": {
        documents: [doc(allow(["sqs:SendMessage", "sqs:ReceiveMessage"]))],
        onlySendMessage: false, firstExcess: { action: "sqs:ReceiveMessage", resources: [QUEUE] },
    },
    "sqs:*": { documents: [doc(allow("sqs:*"))], onlySendMessage: false, firstExcess: { action: "sqs:AddPermission" } },
    "sqs:Send* on every resource": {
        documents: [doc(allow("sqs:Send*", "*"))], onlySendMessage: false,
        firstExcess: { action: "sqs:SendMessage", resources: ["*"] },
    },
    "SendMessage on Resource *": {
        documents: [doc(allow("sqs:SendMessage", "*"))], onlySendMessage: false,
        firstExcess: { action: "sqs:SendMessage", resources: ["*"] },
    },
    "SendMessage on every queue of the account": {
        documents: [doc(allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:*"))], onlySendMessage: false,
        firstExcess: { resources: ["arn:aws:sqs:eu-west-1:123456789012:*"] },
    },
    "SendMessage on a queue of the same name in another region": {
        documents: [doc(allow("sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:orders-queue"))], onlySendMessage: false,
        firstExcess: { resources: ["arn:aws:sqs:us-east-1:123456789012:orders-queue"] },
    },
    "SendMessage on a second queue": {
        documents: [doc(allow("sqs:SendMessage", [QUEUE, OTHER_QUEUE]))], onlySendMessage: false,
        firstExcess: { action: "sqs:SendMessage", resources: [OTHER_QUEUE] },
    },
    "NotAction ReceiveMessage on every resource": {
        documents: [doc({ Effect: "Allow", NotAction: "sqs:ReceiveMessage", Resource: "*" })], onlySendMessage: false,
    },
    "NotAction ReceiveMessage on the queue": {
        documents: [doc({ Effect: "Allow", NotAction: "sqs:ReceiveMessage", Resource: QUEUE })], onlySendMessage: false,
        firstExcess: { resources: [QUEUE] },
    },
    "SendMessage on NotResource of another queue": {
        documents: [doc({ Effect: "Allow", Action: "sqs:SendMessage", NotResource: OTHER_QUEUE })], onlySendMessage: false,
        firstExcess: { action: "sqs:SendMessage", resources: [`* except ${OTHER_QUEUE}`] },
    },
    "*:*": { documents: [doc(allow("*:*", "*"))], onlySendMessage: false },
    "Action *": { documents: [doc(allow("*", "*"))], onlySendMessage: false },
    "s*:*": { documents: [doc(allow("s*:*"))], onlySendMessage: false, firstExcess: { action: "s3-object-lambda:AbortMultipartUpload" } },
    "a Deny that narrows too little": {
        documents: [doc(allow("sqs:*"), deny("sqs:ReceiveMessage"))], onlySendMessage: false,
        firstExcess: { action: "sqs:AddPermission" },
    },
    "a Deny that only covers some resources": {
        documents: [doc(allow("sqs:SendMessage", "*"), deny("sqs:SendMessage", "arn:aws:sqs:*:*:payments-*"))],
        onlySendMessage: false, firstExcess: { resources: ["*"] },
    },
    "a conditional Deny, which may not apply": {
        documents: [doc(allow(["sqs:SendMessage", "sqs:DeleteMessage"]),
            deny("sqs:DeleteMessage", "*", { Condition: { StringEquals: { "aws:PrincipalTag/team": "x" } } }))],
        onlySendMessage: false, firstExcess: { action: "sqs:DeleteMessage" },
    },
    "a conditional grant of sqs:*": {
        documents: [doc(allow("sqs:*", QUEUE, { Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }))],
        onlySendMessage: false, firstExcess: { action: "sqs:AddPermission", resources: [`${QUEUE} (conditional)`] },
    },
    "SendMessage plus logs permissions": {
        documents: [doc(allow("sqs:SendMessage"), allow(["logs:CreateLogStream", "logs:PutLogEvents"], "*"))],
        onlySendMessage: false, firstExcess: { action: "logs:CreateLogStream", resources: ["*"] },
    },
    "an extra permission in a second document": {
        documents: [doc(allow("sqs:SendMessage")), JSON.stringify(doc(allow("sqs:PurgeQueue")))],
        onlySendMessage: false, firstExcess: { action: "sqs:PurgeQueue" },
    },
    "KMS use, not asked for here": {
        documents: [doc(allow("sqs:SendMessage"), allow(["kms:GenerateDataKey", "kms:Decrypt"], "arn:aws:kms:eu-west-1:123456789012:key/1"))],
        onlySendMessage: false, firstExcess: { action: "kms:Decrypt" },
    },
};

describe("IAM semantics", () => {
    let catalogue: IamCatalogue;
    before(async () => {
        catalogue = await loadIamCatalogue();
    });

    it("has a real catalogue of IAM actions to expand wildcards against", () => {
        assert.ok(catalogue.serviceKeys().length > 400);
        assert.ok(catalogue.serviceKeys().includes("sqs"));
        assert.ok(catalogue.actions("sqs").includes("SendMessage"));
        assert.ok(!catalogue.actions("sqs").includes("SendMessageBatch"));
    });

    it(`decides ${Object.keys(CASES).length} documents by what they allow`, () => {
        assert.ok(Object.keys(CASES).length >= 30);
    });

    for (const [name, { documents, onlySendMessage, firstExcess }] of Object.entries(CASES)) {
        const verdict = onlySendMessage ? "allows only SendMessage on the queue" : "allows more than SendMessage on the queue";
        it(`${verdict}: ${name}`, () => {
            const excess = permissionsBeyond(effectivePermissions(documents, catalogue), ONLY_SEND);
            assert.equal(excess.length === 0, onlySendMessage, JSON.stringify(excess.slice(0, 3)));
            if (firstExcess) {
                assert.deepEqual({ ...excess[0], ...firstExcess }, excess[0]);
            }
        });
    }

    it("reports action names that are not IAM actions, and grants nothing for them", () => {
        const permissions = effectivePermissions([doc(allow(["sqs:SendMessageBatch", "sqs:sendmessage"]))], catalogue);
        assert.deepEqual(permissions.unknownActions, ["sqs:SendMessageBatch"]);
        assert.deepEqual([...permissions.allowed.keys()], ["sqs:SendMessage"]);
    });

    it("answers whether one action is allowed on one ARN", () => {
        const permissions = effectivePermissions([doc(allow("sqs:Send*", "arn:aws:sqs:*:123456789012:orders-*"))], catalogue);
        assert.equal(allows(permissions, "sqs:SendMessage", QUEUE), true);
        assert.equal(allows(permissions, "sqs:SendMessage", OTHER_QUEUE), false);
        assert.equal(allows(permissions, "sqs:ReceiveMessage", QUEUE), false);
    });

    const malformed: [string, unknown, string][] = [
        ["text that is not JSON", "{\"Statement\": [", "the policy document is not valid JSON: "],
        ["a list instead of an object", [], "a policy document must be a JSON object, got []"],
        ["a statement without Effect", doc({ Action: "sqs:SendMessage", Resource: "*" }),
            "Statement 0: Effect must be \"Allow\" or \"Deny\", got undefined"],
        ["a statement with Action and NotAction", doc({ Effect: "Allow", Action: "a:b", NotAction: "c:d" }),
            "Statement 0 must have exactly one of Action and NotAction"],
        ["an action without a service", doc(allow("SendMessage")), "Action \"SendMessage\" is not of the form service:action"],
        ["a numeric resource", doc(allow("sqs:SendMessage", 42)), "Statement 0: Resource must be a string or a list of strings, got 42"],
    ];
    for (const [what, document, message] of malformed) {
        it(`rejects ${what} with a clear error`, () => {
            assert.throws(() => effectivePermissions([document], catalogue),
                (err: Error) => err instanceof PolicyDocumentError && err.message.startsWith(message));
        });
    }
});

describe("wildcard containment", () => {
    const cases: [string, string, boolean][] = [
        ["*", "arn:aws:sqs:*:1:q", true],
        ["arn:aws:sqs:*", "arn:aws:sqs:eu-west-1:1:q", true],
        ["arn:aws:sqs:*:1:*", "arn:aws:sqs:eu-west-1:1:q?", true],
        ["arn:aws:sqs:eu-west-1:1:q", "arn:aws:sqs:*:1:q", false],
        ["arn:aws:sqs:??-west-1:1:q", "arn:aws:sqs:eu-west-1:1:q", true],
        ["arn:aws:sqs:?-west-1:1:q", "arn:aws:sqs:eu-west-1:1:q", false],
        ["a?c", "a*c", false],
    ];
    for (const [outer, inner, expected] of cases) {
        it(`${outer} ${expected ? "covers" : "does not cover"} ${inner}`, () => {
            assert.equal(globCovers(outer, inner), expected);
        });
    }
});
