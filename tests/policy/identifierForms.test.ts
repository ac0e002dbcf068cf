// Class: every form AWS accepts for a field is resolved before it is judged. A stage variable in an
// integration's URI, credentials or QueueUrl takes each deploying stage's value; a queue's KMS key
// may be a key id (in the queue's account and region), a key ARN, or an alias the stack holds; a
// Lambda function may be named by partial ARN; a queue URL may use any SQS endpoint's spelling. A
// form that cannot be resolved offline is said once, naming the resource and field, never guessed.
import { FixtureResource } from "../../offline/policyRunner";
import {
    ACCOUNT, bad, checkFixtures, doc, good, integration, KEY_ARN, Labelled, QUEUE_ARN, queue, queuePolicy, REGION, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

const API = "a1b2c3d4e5";
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const SUBJECT = `role ${ROLE_ARN} (credentials of orders-integration)`;
const stage = (name: string, variables?: Record<string, string>): FixtureResource =>
    ({ type: "aws:apigateway/stage:Stage", name, props: { restApi: API, stageName: name, variables } });
const byStage = (props: Record<string, unknown>) => integration({ restApi: API, ...props });
const STAGE_QUEUE_URI = `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/\${stageVariables.queue}`;
const ARCHIVE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:archive`;
const FULFILMENT_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:fulfilment`;

const STAGE_VARIABLES: Labelled[] = [
    good("a queue named by a stage variable every stage sets", "API Gateway fills ${stageVariables.queue} from the stage that serves the request",
        "api-role-sendmessage-only", [queue(), role(), rolePolicy(sendOnly()), byStage({ uri: STAGE_QUEUE_URI }), stage("v1", { queue: "orders" })]),
    good("two stages writing to two queues the role may send to", "each stage's queue is a queue the integration writes to", "api-role-sendmessage-only",
        [queue(), queue({}, "archive"), role(), rolePolicy(sendOnly([QUEUE_ARN, ARCHIVE_ARN])), byStage({ uri: STAGE_QUEUE_URI }),
            stage("v1", { queue: "orders" }), stage("v2", { queue: "archive" })]),
    bad("a stage writing to a queue the role may not send to", "the stage's requests fail: its queue is not in the role's grant", "api-role-sendmessage-only",
        [queue(), queue({}, "archive"), role(), rolePolicy(sendOnly()), byStage({ uri: STAGE_QUEUE_URI }), stage("v1", { queue: "orders" }), stage("v2", { queue: "archive" })],
        [`${SUBJECT} does not allow sqs:SendMessage on ${ARCHIVE_ARN}, so every request to it would fail.`]),
    bad("a stage variable no stage of the stack resolves", "another stack's stage may set it to any queue", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(sendOnly()), byStage({ uri: STAGE_QUEUE_URI })],
        [`${SUBJECT} is used by an integration whose queue cannot be resolved offline (orders-integration: its uri ${STAGE_QUEUE_URI} names a stage `
            + "variable, and no stage of this stack deploys its API, so it cannot be resolved offline), so where it may send is not judged."]),
    bad("a stage that does not set the variable", "API Gateway fills an unset stage variable with nothing, so that stage's URI names no queue",
        "api-role-sendmessage-only", [queue(), role(), rolePolicy(sendOnly()), byStage({ uri: STAGE_QUEUE_URI }), stage("v1", { queue: "orders" }), stage("v2", {})],
        [`${SUBJECT} is used by an integration whose queue cannot be resolved offline (orders-integration: its uri ${STAGE_QUEUE_URI} names stage `
            + "variable queue, which stage v2 does not set), so where it may send is not judged."]),
    good("a QueueUrl mapped from a stage variable", "stageVariables.queueUrl in a request parameter is the stage's value, not the client's",
        "api-role-sendmessage-only", [queue(), role(), rolePolicy(sendOnly()), byStage({ uri: `arn:aws:apigateway:${REGION}:sqs:action/SendMessage`,
            requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'",
                "integration.request.querystring.QueueUrl": "stageVariables.queueUrl" } }),
        stage("v1", { queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders` })]),
    good("credentials named by a stage variable", "the role each stage names is the role its requests run with", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(sendOnly()), byStage({ credentials: `arn:aws:iam::${ACCOUNT}:role/\${stageVariables.apiRole}` }), stage("v1", { apiRole: "api-role" })]),
    bad("credentials named by a stage variable no stage resolves", "the role another stack's stage names cannot be read", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(sendOnly()), byStage({ credentials: `arn:aws:iam::${ACCOUNT}:role/\${stageVariables.apiRole}` })],
        [`integration orders-integration writes to SQS with credentials that cannot be resolved offline (its credentials arn:aws:iam::${ACCOUNT}:role/`
            + "${stageVariables.apiRole} names a stage variable, and no stage of this stack deploys its API, so it cannot be resolved offline), "
            + "so what they allow cannot be checked."]),
    bad("the caller's own credentials", "arn:aws:iam::*:user/* makes API Gateway call SQS as each caller, whose IAM policies are not in the stack",
        "api-role-sendmessage-only", [queue(), integration({ credentials: "arn:aws:iam::*:user/*" })],
        ["role arn:aws:iam::*:user/* (credentials of orders-integration) passes each caller's own credentials to SQS: what callers may do there is decided by "
            + "their own IAM policies, which the pack cannot see, so it cannot be checked. Give the integration a role of this stack."]),
];

const KMS = (keys: string | string[]) => ({ Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keys });
const keyed = (kmsMasterKeyId: string, grant: string | string[], ...extra: FixtureResource[]): FixtureResource[] => [
    queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId }), role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }, KMS(grant))),
    integration(), ...extra];
const alias = (name: string, targetKeyArn = KEY_ARN): FixtureResource =>
    ({ type: "aws:kms/alias:Alias", name: "orders-key-alias", props: { name, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`, targetKeyArn } });

const KEYS: Labelled[] = [
    good("a queue keyed by a bare key id", "SQS resolves a key id in the queue's own account and region, so the grant on that key's ARN is the one needed",
        "api-role-sendmessage-only", keyed(KEY_ID, KEY_ARN)),
    good("a queue keyed by an alias the stack holds", "the alias stands for its target key", "api-role-sendmessage-only",
        keyed("alias/orders", KEY_ARN, alias("alias/orders"))),
    good("a queue keyed by an alias ARN the stack holds", "an alias ARN names the same alias", "api-role-sendmessage-only",
        keyed(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/orders`, KEY_ARN, alias("alias/orders"))),
    good("a queue keyed by SQS's AWS-managed key", "alias/aws/sqs needs no grant: its key policy lets SQS use it for the account", "api-role-sendmessage-only",
        [queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId: "alias/aws/sqs" }), role(), rolePolicy(sendOnly()), integration()]),
    bad("a queue keyed by an alias the stack does not hold", "which key another stack's alias names cannot be read offline", "api-role-sendmessage-only",
        keyed("alias/orders", KEY_ARN),
        [`${SUBJECT} queue orders's kmsMasterKeyId names key alias alias/orders, which is not in this stack, so which key it stands for cannot be read `
            + "offline; name the key by its ARN, or manage the alias in this stack, so its use of KMS is not judged."]),
    bad("a grant on another key than the key id names", "the key id resolves to one key; the grant covers another", "api-role-sendmessage-only",
        keyed(KEY_ID, `arn:aws:kms:${REGION}:${ACCOUNT}:key/ffffffff-12ab-34cd-56ef-1234567890ab`),
        [`${SUBJECT} allows more than it needs: kms:Decrypt, kms:GenerateDataKey on arn:aws:kms:${REGION}:${ACCOUNT}:key/ffffffff-12ab-34cd-56ef-1234567890ab.`]),
    bad("a queue of another stack whose key is not declared", "the key another stack's queue is encrypted with cannot be read offline",
        "api-role-sendmessage-only", [role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: FULFILMENT_ARN }, KMS(KEY_ARN))),
            integration({ uri: `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/fulfilment` })],
        [`${SUBJECT} queue ${FULFILMENT_ARN} is not in this stack, so the key it is encrypted with cannot be read offline and its use of KMS is not `
            + "judged: declare the key in this policy's queueKeys."]),
    {
        ...good("a queue of another stack whose key is declared by key id", "a queueKeys entry is read as the queue's own kmsMasterKeyId would be",
            "api-role-sendmessage-only", [role(), rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: FULFILMENT_ARN }, KMS(KEY_ARN))),
                integration({ uri: `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/fulfilment` })]),
        config: { queueKeys: { [FULFILMENT_ARN]: KEY_ID } },
    },
];

const CONSUMER_ROLE = "arn:aws:iam::123456789012:role/consumer-role";
const consumer = (functionName: string, statements: object[]): FixtureResource[] => [
    queue({ visibilityTimeoutSeconds: 60, sqsManagedSseEnabled: undefined, kmsMasterKeyId: KEY_ID }),
    role({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) }, "consumer-role"),
    rolePolicy(doc(...statements), "consumer-role", "consumer-policy"),
    { type: "aws:lambda/function:Function", name: "consumer", props: { name: "consumer", arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:consumer`, role: CONSUMER_ROLE, timeout: 5 } },
    { type: "aws:lambda/eventSourceMapping:EventSourceMapping", name: "consumer-trigger",
        props: { eventSourceArn: QUEUE_ARN, functionName, functionResponseTypes: ["ReportBatchItemFailures"] } },
];
const CONSUME = { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: QUEUE_ARN };
const DECRYPT = { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN };
const FUNCTIONS: Labelled[] = [
    good("a mapping naming its function by partial ARN, on a queue keyed by key id", "Lambda takes <account>:function:<name>; SQS resolves the key id in the queue's account",
        "consumer-role-least-privilege", consumer(`${ACCOUNT}:function:consumer`, [CONSUME, DECRYPT])),
    bad("a mapping naming its function by partial ARN, whose role may send", "the partial ARN is the stack's function, so its role is judged",
        "consumer-role-least-privilege", consumer(`${ACCOUNT}:function:consumer:live`, [CONSUME, DECRYPT, { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }]),
        [`role ${CONSUMER_ROLE} (of consumer, fed from ${QUEUE_ARN}) allows more than a consumer needs: sqs:SendMessage on ${QUEUE_ARN}.`]),
];

const TLS_DENY = doc({ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } });
const LEGACY_URL = `https://${REGION}.queue.amazonaws.com/${ACCOUNT}/orders`;
const QUEUE_URLS: Labelled[] = [
    good("a queue policy naming its queue by the legacy endpoint's URL", "SQS answers one queue at every endpoint's URL", "queue-tls-only",
        [queue(), queuePolicy(TLS_DENY, "orders-policy", LEGACY_URL)]),
    bad("two queue policies naming one queue by two spellings of its URL", "SQS keeps one policy per queue, whatever URL names it",
        "one-resource-per-aws-object", [queue(), queuePolicy(TLS_DENY, "orders-policy"), queuePolicy(TLS_DENY, "orders-policy-legacy", LEGACY_URL)],
        ["orders-policy and orders-policy-legacy are one SQS queue policy in AWS (queue orders): SQS keeps one queue policy per queue, so AWS refuses "
            + "the second, or the two overwrite each other on every update. Set it once: in the queue's policy or in one QueuePolicy."]),
];

describe("identifier forms, resolved as AWS resolves them", () => {
    describe("stage variables", () => checkFixtures(STAGE_VARIABLES));
    describe("KMS keys", () => checkFixtures(KEYS));
    describe("Lambda functions", () => checkFixtures(FUNCTIONS));
    describe("queue URLs", () => checkFixtures(QUEUE_URLS));
});
