// Class: grants that live outside the role. A resource-based policy that names the API role (a
// bucket, topic, key, secret or Lambda policy) is a permission of the role, wherever it was written
// and whether or not its target is in the stack; a role whose trust policy lets the API role assume
// it hands the API role all it may do (role chaining).
import assert from "node:assert/strict";

import { FixtureResource } from "../../offline/policyRunner";
import {
    ACCOUNT, api, bad, checkFixtures, doc, good, integration, KEY_ARN, Labelled, messagesOf, QUEUE_ARN, queue, REGION, role, rolePolicy, ROLE_ARN, TOPIC_ARN,
} from "../support/policyFixtures";

const POLICY = "api-role-sendmessage-only";
const SUBJECT = `role ${ROLE_ARN} (credentials of orders-integration)`;
const excess = (what: string, ...more: string[]) => [`${SUBJECT} allows more than it needs: ${[what, ...more].join("; ")}.`];
const BUCKET_ARN = "arn:aws:s3:::orders-exports";
const toRole = { AWS: ROLE_ARN };

const bucket: FixtureResource = { type: "aws:s3/bucket:Bucket", name: "exports", props: { bucket: "orders-exports", arn: BUCKET_ARN } };
const bucketPolicy = (statement: object, name = "exports-policy", bucketName = "orders-exports"): FixtureResource =>
    ({ type: "aws:s3/bucketPolicy:BucketPolicy", name, props: { bucket: bucketName, policy: doc(statement) } });
const topic: FixtureResource = { type: "aws:sns/topic:Topic", name: "events", props: { name: "orders-events", arn: TOPIC_ARN } };
const topicPolicy = (statement: object): FixtureResource =>
    ({ type: "aws:sns/topicPolicy:TopicPolicy", name: "events-policy", props: { arn: TOPIC_ARN, policy: doc(statement) } });
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:refunds`;
const lambdaFunction: FixtureResource = { type: "aws:lambda/function:Function", name: "refunds", props: { name: "refunds", arn: FUNCTION_ARN } };
const permission = (props: Record<string, any>): FixtureResource =>
    ({ type: "aws:lambda/permission:Permission", name: "invoke", props: { action: "lambda:InvokeFunction", function: "refunds", ...props } });
const kmsQueue = queue({ sqsManagedSseEnabled: undefined, kmsMasterKeyId: KEY_ARN });
const key: FixtureResource = { type: "aws:kms/key:Key", name: "key", props: { arn: KEY_ARN, keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" } };
const keyPolicy = (...statements: object[]): FixtureResource =>
    ({ type: "aws:kms/keyPolicy:KeyPolicy", name: "key-policy", props: { keyId: key.props.keyId, policy: doc(...statements) } });
const kmsApi = (...extra: FixtureResource[]) => [kmsQueue, key, role(),
    rolePolicy(doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN })), integration(), ...extra];
const ADMIN_ARN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const admin = (trust: object) => role({ assumeRolePolicy: doc(trust) }, "admin");

const FIXTURES: Labelled[] = [
    bad("a bucket policy that names the role",
        "a bucket policy that names a principal lets it act on the bucket without any identity policy", POLICY,
        api(bucket, bucketPolicy({ Effect: "Allow", Principal: toRole, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` })),
        excess(`s3:GetObject on ${BUCKET_ARN}/*`)),
    bad("a bucket policy of a bucket outside the stack that names the role",
        "the grant is written here; the bucket it opens is another stack's, and the role may read it all the same", POLICY,
        api(bucketPolicy({ Effect: "Allow", Principal: toRole, Action: ["s3:GetObject", "s3:ListBucket"] }, "legacy-policy", "legacy-archive")),
        excess("s3:GetObject, s3:ListBucket on arn:aws:s3:::legacy-archive, arn:aws:s3:::legacy-archive/*")),
    bad("a role whose trust policy lets everyone assume it",
        "Principal * in a trust policy is every principal, the API role included, and the role's permissions come with it", POLICY,
        api(admin({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "partner-7" } } })),
        [`${SUBJECT} allows more than it needs: sts:AssumeRole on ${ADMIN_ARN} (conditional); may assume role admin, whose trust policy names it, `
            + "and so do whatever that role may do."]),
    bad("a topic policy that names the role",
        "an SNS topic policy is a resource policy: the principals it names may publish", POLICY,
        api(topic, topicPolicy({ Effect: "Allow", Principal: toRole, Action: "SNS:Publish", Resource: TOPIC_ARN })),
        excess(`sns:Publish on ${TOPIC_ARN}`)),
    bad("a Lambda permission whose principal is the role's ARN",
        "a Lambda permission adds a statement to the function's policy that lets its principal invoke the function", POLICY,
        api(lambdaFunction, permission({ principal: ROLE_ARN })), excess(`lambda:InvokeFunction on ${FUNCTION_ARN}`)),
    bad("a key policy that names one of the role's sessions",
        "an assumed-role session ARN names the role's sessions, which are what acts when API Gateway assumes it", POLICY,
        kmsApi(keyPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/api-role/integration` }, Action: ["kms:Decrypt", "kms:Encrypt"], Resource: "*" })),
        excess(`kms:Encrypt on ${KEY_ARN}`)),
    bad("a secret's resource policy that names the role",
        "a Secrets Manager resource policy grants the principals it names, like any resource policy", POLICY,
        api({ type: "aws:secretsmanager/secretPolicy:SecretPolicy", name: "db-secret-policy", props: {
            secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`,
            policy: doc({ Effect: "Allow", Principal: toRole, Action: "secretsmanager:GetSecretValue", Resource: "*" }) } }),
        excess(`secretsmanager:GetSecretValue on arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`)),
    bad("a role whose trust policy lets the API role assume it",
        "a trust policy that names a role lets it call sts:AssumeRole and act with that role's permissions", POLICY,
        api(admin({ Effect: "Allow", Principal: toRole, Action: "sts:AssumeRole" }),
            rolePolicy(doc({ Effect: "Allow", Action: "*", Resource: "*" }), "admin", "admin-all")),
        [`${SUBJECT} allows more than it needs: sts:AssumeRole on ${ADMIN_ARN}; may assume role admin, whose trust policy names it, `
            + "and so do whatever that role may do."]),
    bad("a trust policy that names the role by an ARN in another case",
        "IAM resolves a principal's role name whatever its case", POLICY,
        api(admin({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/API-Role` }, Action: ["sts:AssumeRole", "sts:TagSession"] })),
        [`${SUBJECT} allows more than it needs: sts:AssumeRole, sts:TagSession on ${ADMIN_ARN}; may assume role admin, whose trust policy `
            + "names it, and so do whatever that role may do."]),
    good("a key policy that lets the role use exactly the queue's own key",
        "sending to a queue encrypted with a customer key needs kms:GenerateDataKey and kms:Decrypt on that key", POLICY,
        kmsApi(keyPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: toRole, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" }))),
    good("a topic policy in SNS's default form, open to principals of the owner's source",
        "aws:SourceOwner is set only when a service publishes for a resource, never on a role's own request", POLICY,
        api(topic, topicPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["SNS:Publish", "SNS:Subscribe"], Resource: TOPIC_ARN,
            Condition: { StringEquals: { "AWS:SourceOwner": ACCOUNT } } }))),
    good("a bucket policy that names the role but requires a source ARN",
        "aws:SourceArn is set only when a service acts for a resource, so the role's own requests never match", POLICY,
        api(bucket, bucketPolicy({ Effect: "Allow", Principal: toRole, Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*`,
            Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:${REGION}:${ACCOUNT}:*` } } }))),
    good("a bucket policy open to everyone except through the principal ARN of a worker",
        "aws:PrincipalArn of the API role's requests is its own ARN, which the condition leaves out", POLICY,
        api(bucket, bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`,
            Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/worker` } } }))),
    good("a Lambda permission for API Gateway, tied to its API",
        "a service principal is no role; the permission lets API Gateway itself invoke the function", POLICY,
        api(lambdaFunction, permission({ principal: "apigateway.amazonaws.com", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3/*` }))),
    good("a bucket policy that grants the account",
        "naming the account delegates to its IAM policies, and the role's own policies allow no S3 action", POLICY,
        api(bucket, bucketPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "s3:*", Resource: `${BUCKET_ARN}/*` }))),
    good("a bucket policy that denies the role",
        "a Deny grants nothing", POLICY,
        api(bucket, bucketPolicy({ Effect: "Deny", Principal: toRole, Action: "s3:*", Resource: `${BUCKET_ARN}/*` }))),
    good("a worker role trusted by a role that trusts only the worker",
        "the trust policy names the worker, not the API role", POLICY,
        api(role({}, "worker"), admin({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/worker` }, Action: "sts:AssumeRole" }))),
];

describe("api-role-sendmessage-only: grants that live outside the role", () => {
    checkFixtures(FIXTURES);

    // Out of scope (policy/README.md): a grant to everyone in a bucket's, topic's, function's or API's
    // policy makes that resource public; it is not counted as a grant to the role in particular.
    it("does not count a grant to everyone in another service's resource policy, such as a public API's", async () => {
        const apiPolicy: FixtureResource = { type: "aws:apigateway/restApiPolicy:RestApiPolicy", name: "api-policy", props: { restApiId: "a1b2c3",
            policy: doc({ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
                { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }) } };
        const shared = bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } });
        assert.deepEqual(await messagesOf(POLICY, api(apiPolicy, bucket, shared, lambdaFunction, permission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE" }))), []);
    });
});
