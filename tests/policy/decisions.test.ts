// Four decisions of the pack, each pinned (policy/README.md, "Decisions"): a permissions boundary
// caps the role; a service principal in a queue policy needs a source condition; a queue the API
// writes to needs its own dead-letter queue even when a decoy names it as one; WHEN_NO_TEMPLATES
// with a template is as safe as NEVER.
import { FixtureResource } from "../../offline/policyRunner";
import {
    ACCOUNT, api, bad, checkFixtures, doc, good, integration, Labelled, managedPolicy, QUEUE_ARN, queue, queuePolicy, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

const SUBJECT = `role ${ROLE_ARN} (credentials of orders-integration)`;
const sqsAll = doc({ Effect: "Allow", Action: "sqs:*", Resource: QUEUE_ARN });
const boundary = managedPolicy("api-boundary", sendOnly());
const wideBoundary = managedPolicy("wide-boundary", doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }));
const bounded = (boundaryArn: string, ...extra: FixtureResource[]) =>
    [queue(), role({ permissionsBoundary: boundaryArn }), rolePolicy(sqsAll), integration(), ...extra];

const BOUNDARY: Labelled[] = [
    good("a role allowed sqs:* on its queue within a boundary of SendMessage on it",
        "a permissions boundary caps identity policies: the role gets only what both allow", "api-role-sendmessage-only",
        bounded(boundary.props.arn, boundary)),
    bad("a role allowed sqs:* within a boundary of sqs:*",
        "a boundary that allows as much caps nothing", "api-role-sendmessage-only",
        bounded(wideBoundary.props.arn, wideBoundary),
        [`${SUBJECT} allows more than it needs: 19 sqs actions (sqs:AddPermission, sqs:CancelMessageMoveTask, sqs:ChangeMessageVisibility, …) on ${QUEUE_ARN}.`]),
    bad("a role within a boundary the stack does not hold",
        "what a boundary outside the stack caps cannot be read", "api-role-sendmessage-only",
        bounded(`arn:aws:iam::${ACCOUNT}:policy/central-boundary`),
        [`${SUBJECT} allows more than it needs: 19 sqs actions (sqs:AddPermission, sqs:CancelMessageMoveTask, sqs:ChangeMessageVisibility, …) on ${QUEUE_ARN}; `
            + `its permissions boundary arn:aws:iam::${ACCOUNT}:policy/central-boundary is not in the stack, so what it caps cannot be read.`]),
    bad("a role within a SendMessage boundary that a queue policy grants more",
        "a resource policy that names the role's session is not capped by its boundary", "api-role-sendmessage-only",
        bounded(boundary.props.arn, boundary, queuePolicy(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/api-role/gateway` },
            Action: "sqs:ReceiveMessage", Resource: QUEUE_ARN }))),
        [`${SUBJECT} allows more than it needs: sqs:ReceiveMessage on ${QUEUE_ARN}.`]),
];

const servicePolicy = (service: string, condition?: object) =>
    [queuePolicy(doc({ Effect: "Allow", Principal: { Service: service }, Action: "sqs:SendMessage", Resource: QUEUE_ARN, ...(condition ? { Condition: condition } : {}) }))];
const anyResourceOf = (service: string) => `an Allow statement grants the service ${service} without a condition on its source, so ${service} acting for `
    + "any account's resource may use the queue: add aws:SourceArn or aws:SourceAccount.";

const SERVICE_PRINCIPALS: Labelled[] = [
    bad("SNS allowed to send without a source condition",
        "SNS delivers for any account's topic; without aws:SourceArn any topic subscribed to the queue can write to it", "queue-not-public",
        servicePolicy("sns.amazonaws.com"), [anyResourceOf("sns.amazonaws.com")]),
    bad("EventBridge allowed to send without a source condition",
        "any account's rule can target the queue when the service principal alone is named", "queue-not-public",
        servicePolicy("events.amazonaws.com"), [anyResourceOf("events.amazonaws.com")]),
    good("SNS allowed to send for one topic of the account",
        "aws:SourceArn names the topic SNS must be acting for", "queue-not-public",
        servicePolicy("sns.amazonaws.com", { ArnEquals: { "aws:SourceArn": `arn:aws:sns:eu-west-1:${ACCOUNT}:orders-events` } })),
    good("S3 allowed to send for the account's buckets",
        "aws:SourceAccount names the account whose resource the service acts for", "queue-not-public",
        servicePolicy("s3.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } })),
];

const redrive = (target: string) => JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: 5 });
const DLQ_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-dlq`;
const dlq = queue({ redriveAllowPolicy: JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [QUEUE_ARN] }) }, "orders-dlq");

const DECOY: Labelled[] = [
    bad("a decoy queue that names the API's queue as its dead-letter queue",
        "naming a queue as a dead-letter target gives it no redrive of its own: poison messages sent by the API still have nowhere to go", "queue-has-dlq",
        [...api(), queue({ redrivePolicy: redrive(QUEUE_ARN) }, "decoy")],
        ["queue orders has no dead-letter queue: decoy names it as their dead-letter queue, but an API integration writes to it, so it is a working queue "
            + "and needs a redrivePolicy of its own."]),
    good("the API's queue with its own dead-letter queue",
        "a redrive policy moves a message that keeps failing to orders-dlq, which no integration writes to", "queue-has-dlq",
        [queue({ redrivePolicy: redrive(DLQ_ARN) }), dlq, role(), rolePolicy(sendOnly()), integration()]),
    good("the API's queue with its own dead-letter queue, also named by a decoy",
        "the decoy's redrive policy does not replace the queue's own", "queue-has-dlq",
        [queue({ redrivePolicy: redrive(DLQ_ARN) }), dlq, role(), rolePolicy(sendOnly()), integration(), queue({ redrivePolicy: redrive(QUEUE_ARN) }, "decoy")]),
];

const passthrough = (value: string, requestTemplates?: Record<string, string>) =>
    [integration({ passthroughBehavior: value, ...(requestTemplates ? { requestTemplates } : {}) })];

const WHEN_NO_TEMPLATES: Labelled[] = [
    good("WHEN_NO_TEMPLATES with a template for application/json",
        "with a template defined, API Gateway rejects unmapped content types with 415, as it does under NEVER", "integration-encodes-body",
        passthrough("WHEN_NO_TEMPLATES")),
    bad("WHEN_NO_TEMPLATES without a template",
        "with no template defined, API Gateway passes every body through to SQS untouched", "integration-encodes-body",
        passthrough("WHEN_NO_TEMPLATES", {}),
        ["This SQS integration is unsafe: it has no request template, so the raw body would be sent to SQS; its passthroughBehavior must be NEVER, "
            + "or WHEN_NO_TEMPLATES with a template, got \"WHEN_NO_TEMPLATES\"."]),
    bad("WHEN_NO_MATCH with a template",
        "an unmapped content type is passed through untouched, templates or not", "integration-encodes-body",
        passthrough("WHEN_NO_MATCH"), ["This SQS integration is unsafe: its passthroughBehavior must be NEVER, got \"WHEN_NO_MATCH\"."]),
];

describe("decisions", () => {
    describe("a permissions boundary caps the role's identity policies", () => checkFixtures(BOUNDARY));
    describe("a service principal in a queue policy needs a source condition", () => checkFixtures(SERVICE_PRINCIPALS));
    describe("a queue an integration writes to is never exempt as a dead-letter queue", () => checkFixtures(DECOY));
    describe("WHEN_NO_TEMPLATES with a template is as NEVER", () => checkFixtures(WHEN_NO_TEMPLATES));
});
