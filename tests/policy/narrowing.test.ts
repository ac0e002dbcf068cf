// Class: conditions that narrow nothing. A condition narrows a public grant only if its values leave
// someone out: anyone can create an account, an organisation, a topic, a role or a VPC endpoint of
// any name, and anyone can send from any address.
import { FixtureResource } from "../../offline/policyRunner";
import { ACCOUNT, bad, checkFixtures, doc, good, Labelled, QUEUE_ARN, queuePolicy } from "../support/policyFixtures";

const POLICY = "queue-not-public";
const WIDE = "an Allow statement grants everyone (Principal *) under a condition that narrows nothing.";
const open = (condition: object): FixtureResource[] =>
    [queuePolicy(doc({ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: QUEUE_ARN, Condition: condition }))];
const fromService = (condition: object): FixtureResource[] =>
    [queuePolicy(doc({ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: QUEUE_ARN, Condition: condition }))];

const FIXTURES: Labelled[] = [
    bad("aws:SourceIp ranges that together hold every IPv4 address",
        "0.0.0.0/1 and 128.0.0.0/1 are the two halves of the IPv4 address space", POLICY,
        open({ IpAddress: { "aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"] } }), [WIDE]),
    bad("aws:SourceIp ranges that together hold every IPv6 address",
        "::/1 and 8000::/1 are the two halves of the IPv6 address space, and anyone can send over IPv6", POLICY,
        open({ IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "::/1", "8000::/1"] } }), [WIDE]),
    bad("an aws:SourceArn pattern with every part a wildcard",
        "arn:aws:sns:*:*:* is any topic of any account, and anyone can create a topic", POLICY,
        open({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } }), [WIDE]),
    bad("an aws:SourceArn pattern that fixes the name but not the account",
        "any account can create a topic called orders-events in eu-west-1", POLICY,
        open({ ArnLike: { "aws:SourceArn": "arn:aws:sns:eu-west-1:*:orders-events" } }), [WIDE]),
    bad("an aws:PrincipalArn pattern for every role of every account",
        "arn:aws:iam::*:role/* is any role anyone creates", POLICY,
        open({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } }), [WIDE]),
    bad("an organisation id pattern",
        "o-* is every organisation, and anyone can create one", POLICY,
        open({ StringLike: { "aws:PrincipalOrgID": "o-*" } }), [WIDE]),
    bad("an account pattern of single-character wildcards",
        "twelve ? match every twelve-digit account", POLICY,
        open({ StringLike: { "aws:SourceAccount": "????????????" } }), [WIDE]),
    bad("a VPC endpoint pattern",
        "vpce-* is any VPC endpoint, and anyone can create one in their own account", POLICY,
        open({ StringLike: { "aws:SourceVpce": "vpce-*" } }), [WIDE]),
    bad("ForAllValues on organisation paths without a Null check",
        "ForAllValues holds when the key is absent, and a principal in no organisation has no org paths", POLICY,
        open({ "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] } }), [WIDE]),
    bad("a service principal whose source pattern has every part a wildcard",
        "SNS acting for any account's topic matches arn:aws:sns:*:*:*", POLICY,
        fromService({ ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } }),
        ["an Allow statement grants the service sns.amazonaws.com under a condition that narrows nothing, so sns.amazonaws.com acting for any "
            + "account's resource may use the queue: add aws:SourceArn or aws:SourceAccount."]),
    good("an aws:SourceArn pattern that fixes the account",
        "ARNs are matched part by part: arn:aws:sns:*:123456789012:* is only this account's topics", POLICY,
        open({ ArnLike: { "aws:SourceArn": `arn:aws:sns:*:${ACCOUNT}:*` } })),
    good("aws:SourceIp of one network",
        "203.0.113.0/24 leaves every other address out", POLICY,
        open({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } })),
    good("aws:SourceIp of half the IPv4 addresses",
        "0.0.0.0/1 leaves out every address from 128.0.0.0", POLICY,
        open({ IpAddress: { "aws:SourceIp": "0.0.0.0/1" } })),
    good("an aws:PrincipalArn pattern for the account's roles",
        "the account is fixed, and only its administrators create roles in it", POLICY,
        open({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*` } })),
    good("ForAllValues on organisation paths with a Null check that requires them",
        "with Null false the key must be present, and every path must then be under the organisation", POLICY,
        open({ "ForAllValues:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"] }, Null: { "aws:PrincipalOrgPaths": "false" } })),
    good("a service principal tied to a topic of the account",
        "aws:SourceArn names the one topic that may send", POLICY,
        fromService({ ArnEquals: { "aws:SourceArn": `arn:aws:sns:eu-west-1:${ACCOUNT}:orders-events` } })),
];

describe("queue-not-public: conditions that narrow nothing", () => {
    checkFixtures(FIXTURES);
});
