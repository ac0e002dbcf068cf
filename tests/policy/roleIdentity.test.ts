// Class: the role as IAM resolves it. IAM role names are unique in an account whatever their case,
// so whatever reaches a name that differs from the API role's only in case reaches the API role
// (or the deploy fails): inline, managed, exclusive attachments, by name or by ARN.
import { FixtureResource } from "../../offline/policyRunner";
import {
    ACCOUNT, api, bad, checkFixtures, doc, good, integration, Labelled, managedPolicy, QUEUE_ARN, queue, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

const POLICY = "api-role-sendmessage-only";
const purge = managedPolicy("purge", doc({ Effect: "Allow", Action: "sqs:PurgeQueue", Resource: QUEUE_ARN }));
const deleteMessages = doc({ Effect: "Allow", Action: "sqs:DeleteMessage", Resource: QUEUE_ARN });
const attachment = (type: string, props: Record<string, any>, name = "attach"): FixtureResource => ({ type, name, props });
const excess = (what: string) => [`role ${ROLE_ARN} (credentials of orders-integration) allows more than it needs: ${what}.`];

const FIXTURES: Labelled[] = [
    bad("an inline RolePolicy on the role's name in upper case",
        "IAM role names are not distinguished by case: API-ROLE is api-role", POLICY,
        api(rolePolicy(deleteMessages, "API-ROLE", "shouted")), excess(`sqs:DeleteMessage on ${QUEUE_ARN}`)),
    bad("a RolePolicyAttachment on the role's name in another case",
        "AttachRolePolicy finds the role by name, whatever its case", POLICY,
        api(purge, attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "Api-Role", policyArn: purge.props.arn })),
        excess(`sqs:PurgeQueue on ${QUEUE_ARN}`)),
    bad("a RolePolicyAttachment that names the role by an ARN in another case",
        "a role ARN names the role by its name, which IAM compares in any case", POLICY,
        api(purge, attachment("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: `arn:aws:iam::${ACCOUNT}:role/API-Role`, policyArn: purge.props.arn })),
        excess(`sqs:PurgeQueue on ${QUEUE_ARN}`)),
    bad("a PolicyAttachment whose roles list the role in another case",
        "a policy attached to a role by any spelling of its name is the role's policy", POLICY,
        api(purge, attachment("aws:iam/policyAttachment:PolicyAttachment", { roles: ["worker", "API-role"], policyArn: purge.props.arn })),
        excess(`sqs:PurgeQueue on ${QUEUE_ARN}`)),
    bad("an exclusive attachment on the role's name in another case",
        "exclusive attachments attach to the role the name designates, in any case", POLICY,
        api(purge, attachment("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", { roleName: "API-ROLE", policyArns: [purge.props.arn] })),
        excess(`sqs:PurgeQueue on ${QUEUE_ARN}`)),
    bad("an inline RolePolicy on a role whose name is only in its ARN",
        "a role's name is the last part of its ARN; a stack that reads the role back may hold no name output", POLICY,
        [queue(), role({ name: undefined, id: undefined }), rolePolicy(sendOnly()), rolePolicy(deleteMessages, "Api-Role", "by-name"), integration()],
        excess(`sqs:DeleteMessage on ${QUEUE_ARN}`)),
    bad("credentials that name the role in another case",
        "API Gateway assumes the role the ARN names, and IAM finds it whatever the case of its name", POLICY,
        [queue(), role(), rolePolicy(sendOnly()), rolePolicy(deleteMessages, "api-role", "delete"),
            integration({ credentials: `arn:aws:iam::${ACCOUNT}:role/API-ROLE` })],
        [`role arn:aws:iam::${ACCOUNT}:role/API-ROLE (credentials of orders-integration) allows more than it needs: sqs:DeleteMessage on ${QUEUE_ARN}.`]),
    bad("a second Role resource with the role's name in another case, carrying an inline policy",
        "CreateRole cannot make API-Role beside api-role: the two resources write one role, or the deploy fails", POLICY,
        api(role({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
            inlinePolicies: [{ name: "extra", policy: deleteMessages }] }, "API-Role")),
        excess(`sqs:DeleteMessage on ${QUEUE_ARN}`)),
    good("a RolePolicy on the role's name in another case that allows only SendMessage on the queue",
        "it is the API role's policy, and the API role may send to its queue", POLICY,
        [queue(), role(), rolePolicy(sendOnly(), "API-Role"), integration()]),
    good("a wide policy on a role whose name only resembles the API role's",
        "api-role-2 is another role: names that differ in more than case are different roles", POLICY,
        api(role({ assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) }, "api-role-2"),
            rolePolicy(doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }), "API-ROLE-2", "worker-all"))),
    good("a worker role's policy attached by its name in another case",
        "the worker's role is no integration's credentials, so it may receive and delete", POLICY,
        api(role({}, "worker"), rolePolicy(deleteMessages, "WORKER", "worker-delete"))),
];

describe("api-role-sendmessage-only: the role as IAM resolves it", () => {
    checkFixtures(FIXTURES);
});
