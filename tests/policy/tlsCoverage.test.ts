// Class: a deny must cover its queue. A TLS deny protects a queue only if its Resource matches the
// queue's ARN, and a queue has one policy: two resources that write it are one AWS object, so a
// deny in one of them protects nothing when the other one wins.
import { FixtureResource } from "../../offline/policyRunner";
import { ACCOUNT, bad, checkFixtures, doc, good, Labelled, QUEUE_ARN, queue, queuePolicy } from "../support/policyFixtures";

const POLICY = "queue-tls-only";
const tlsDeny = (resource: object) => ({ Effect: "Deny", Principal: "*", Action: "sqs:*", ...resource, Condition: { Bool: { "aws:SecureTransport": "false" } } });
const withDeny = (resource: object, ...extra: FixtureResource[]) => [queue(), queuePolicy(doc(tlsDeny(resource))), ...extra];
const ALLOW_WORKER = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/worker` }, Action: "sqs:ReceiveMessage", Resource: QUEUE_ARN };
const elsewhere = `queue orders accepts requests without TLS: its policy denies aws:SecureTransport false only on resources that are not its ARN ${QUEUE_ARN}.`;

const FIXTURES: Labelled[] = [
    bad("a deny whose Resource is another queue",
        "a statement applies only to the resources its Resource matches", POLICY,
        withDeny({ Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:payments` }), [elsewhere]),
    bad("a deny whose Resource is the queue's name in another region",
        "an ARN names its region: arn:aws:sqs:us-east-1:…:orders is another queue", POLICY,
        withDeny({ Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` }), [elsewhere]),
    bad("a deny whose Resource pattern does not match the queue",
        "payments-* matches no queue called orders", POLICY,
        withDeny({ Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:payments-*` }), [elsewhere]),
    bad("a deny on NotResource naming the queue",
        "NotResource applies the deny to everything except the queue", POLICY,
        withDeny({ NotResource: QUEUE_ARN }), [elsewhere]),
    bad("two QueuePolicy resources on the queue, only one of them with the deny",
        "SQS keeps one policy per queue: whichever resource writes last replaces the other", POLICY,
        [queue(), queuePolicy(doc(tlsDeny({ Resource: QUEUE_ARN })), "tls-only"), queuePolicy(doc(ALLOW_WORKER), "worker-access")],
        ["queue orders may accept requests without TLS: tls-only, worker-access each set its one queue policy, and not all of them deny "
            + "aws:SecureTransport false, so which one holds decides."]),
    bad("the queue's own policy without the deny beside a QueuePolicy with it",
        "a queue's policy attribute and a QueuePolicy write the same attribute", POLICY,
        [queue({ policy: doc(ALLOW_WORKER) }), queuePolicy(doc(tlsDeny({ Resource: QUEUE_ARN })), "tls-only")],
        ["queue orders may accept requests without TLS: orders (its policy), tls-only each set its one queue policy, and not all of them "
            + "deny aws:SecureTransport false, so which one holds decides."]),
    good("a deny on a pattern that matches the queue",
        "IAM matches * in a Resource against any run of characters", POLICY,
        withDeny({ Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:*` })),
    good("a deny on Resource *",
        "in a queue policy, * is the queue the policy is set on", POLICY,
        withDeny({ Resource: "*" })),
    good("a deny on NotResource naming another queue",
        "NotResource applies the deny to everything else, this queue included", POLICY,
        withDeny({ NotResource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:payments` })),
    good("two QueuePolicy resources on the queue, both with the deny",
        "whichever one SQS keeps denies requests without TLS (the collision policy reports the pair)", POLICY,
        [queue(), queuePolicy(doc(tlsDeny({ Resource: QUEUE_ARN })), "tls-only"), queuePolicy(doc(tlsDeny({ Resource: QUEUE_ARN }), ALLOW_WORKER), "tls-and-worker")]),
    good("the queue's policy as a refresh reads back the QueuePolicy that wrote it",
        "the read-back copy is the same document, not a second writer", POLICY,
        [queue({ policy: doc(tlsDeny({ Resource: QUEUE_ARN })) }), queuePolicy(doc(tlsDeny({ Resource: QUEUE_ARN })), "tls-only")]),
];

describe("queue-tls-only: a deny must cover its queue", () => {
    checkFixtures(FIXTURES);
});
