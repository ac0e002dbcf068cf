// Consumers of the API's queues, found through their event source mappings: what their role may
// do (its idempotency store only in a table the stack declares as one: listed in idempotencyTables,
// or named in the consumer function's environment), and whether each mapping reports partial batch
// failures on a queue that outlasts six function timeouts. Labelled fixtures, then the component's
// own consumer, as planned and as a first preview sees it.
import assert from "node:assert/strict";

import { QueueApi } from "../../components";
import { runMocked } from "../../offline/mockRuntime";
import { FixtureResource, fromMockRun, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { beyondDefaults } from "../support/defaultFindings";
import { asFirstPreview, mutate } from "../support/programFixtures";
import { ACCOUNT, bad, checkFixtures, doc, good, json, KEY_ARN, messagesOf, queue, QUEUE_ARN, REGION, role, rolePolicy } from "../support/policyFixtures";

const ROLE = "consumer-role";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:consumer`;
const TRUST_LAMBDA = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
const CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];
const LOGS = { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" };
const SUBJECT = `role ${ROLE_ARN} (of consumer, fed from ${QUEUE_ARN})`;

const fn = (props: Record<string, any> = {}): FixtureResource => ({
    type: "aws:lambda/function:Function", name: "consumer", props: { name: "consumer", arn: FUNCTION_ARN, role: ROLE_ARN, timeout: 5, ...props },
});
const mapping = (props: Record<string, any> = {}, name = "consumer-trigger"): FixtureResource => ({
    type: "aws:lambda/eventSourceMapping:EventSourceMapping", name,
    props: { eventSourceArn: QUEUE_ARN, functionName: FUNCTION_ARN, functionResponseTypes: ["ReportBatchItemFailures"], batchSize: 10, ...props },
});

/** A queue, its consumer's role allowed `statements`, the function and its mapping. */
const consumer = (statements: object[], ...extra: FixtureResource[]): FixtureResource[] => [
    queue({ visibilityTimeoutSeconds: 30 }), role({ assumeRolePolicy: TRUST_LAMBDA }, ROLE), rolePolicy(doc(...statements), ROLE, "consumer-policy"),
    fn(), mapping(), ...extra,
];
const OWN_QUEUE = { Effect: "Allow", Action: CONSUME, Resource: QUEUE_ARN };
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders-idempotency`;
const table: FixtureResource = { type: "aws:dynamodb/table:Table", name: "orders-idempotency",
    props: { name: "orders-idempotency", arn: TABLE_ARN, hashKey: "id", ttl: { attributeName: "expiration", enabled: true } } };
const CUSTOMERS_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/customers`;
const customers: FixtureResource = { type: "aws:dynamodb/table:Table", name: "customers", props: { name: "customers", arn: CUSTOMERS_ARN, hashKey: "id" } };
const STORE = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];
/** The consumer's function, naming its idempotency store in an environment variable (by `value`: the table's name or ARN). */
const storeFn = (value = "orders-idempotency") => fn({ environment: { variables: { IDEMPOTENCY_TABLE: value, POWERTOOLS_SERVICE_NAME: "orders" } } });
/** The consumer's function naming its store, and a customers table it reads for its own work in another variable. */
const withCustomers = () => fn({ environment: { variables: { IDEMPOTENCY_TABLE: "orders-idempotency", CUSTOMERS_TABLE: "customers" } } });
/** A consumer whose function names its store, with the table and `extra`. */
const withStore = (statements: object[], ...extra: FixtureResource[]): FixtureResource[] =>
    consumer(statements, table, ...extra).map((r) => (r.name === "consumer" ? storeFn() : r));
const EXCESS_STORE = (arn: string) => `${SUBJECT} allows more than a consumer needs: 4 dynamodb actions (dynamodb:DeleteItem, dynamodb:GetItem, `
    + `dynamodb:PutItem, …) on ${arn}.`;

describe("policy consumer-role-least-privilege", () => {
    checkFixtures([
        good("consume the own queue and write logs", "the four actions an event source mapping needs, on its queue, and log writing anywhere",
            "consumer-role-least-privilege", consumer([OWN_QUEUE, LOGS])),
        good("by the function's name, with kms:Decrypt on the queue's key", "the mapping may name the function, and SQS needs the key to hand over encrypted messages",
            "consumer-role-least-privilege", [queue({ kmsMasterKeyId: KEY_ARN }), role({ assumeRolePolicy: TRUST_LAMBDA }, ROLE),
                rolePolicy(doc(OWN_QUEUE, { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN }), ROLE, "consumer-policy"),
                fn(), mapping({ functionName: "consumer" })]),
        good("only the three actions AWS requires", "an event source mapping needs ReceiveMessage, DeleteMessage and GetQueueAttributes; "
            + "ChangeMessageVisibility is the consumer's to use or not", "consumer-role-least-privilege",
        consumer([{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: QUEUE_ARN }, LOGS])),
        good("its idempotency store in a table its function names", "reading, claiming, completing and releasing a key are GetItem, PutItem, UpdateItem "
            + "and DeleteItem on the table the function is configured with", "consumer-role-least-privilege",
        withStore([OWN_QUEUE, LOGS, { Effect: "Allow", Action: STORE, Resource: TABLE_ARN }])),
        good("its idempotency store named by ARN in its function's environment", "a variable holding the table's ARN names it as surely as its name",
            "consumer-role-least-privilege", withStore([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: TABLE_ARN }])
                .map((r) => (r.name === "consumer" ? storeFn(TABLE_ARN) : r))),
        {
            ...good("its idempotency store listed in idempotencyTables", "the stack's policy config declares the table a store, for a function "
                + "whose environment the stack does not set", "consumer-role-least-privilege",
            consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: TABLE_ARN }], table)),
            config: { idempotencyTables: ["orders-idempotency"] },
        },
        bad("writes a table of the stack that nothing declares a store", "with idempotencyTables empty, as in prod.json, an unrelated customers table is "
            + "not a store: a consumer granted it can change every customer", "consumer-role-least-privilege",
        consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: CUSTOMERS_ARN }], customers), [EXCESS_STORE(CUSTOMERS_ARN)]),
        bad("writes a table its function names in another variable", "only IDEMPOTENCY_TABLE names a store: CUSTOMERS_TABLE names a table the "
            + "worker reads for its own work, and a consumer granted it can change every customer", "consumer-role-least-privilege",
        consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: CUSTOMERS_ARN }], customers)
            .map((r) => (r.name === "consumer" ? fn({ environment: { variables: { CUSTOMERS_TABLE: "customers" } } }) : r)),
        [EXCESS_STORE(CUSTOMERS_ARN)]),
        bad("writes its store and a table another variable names", "the store is the one IDEMPOTENCY_TABLE names; the customers table stays beyond it",
            "consumer-role-least-privilege", consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: [TABLE_ARN, CUSTOMERS_ARN] }], table, customers)
                .map((r) => (r.name === "consumer" ? withCustomers() : r)),
            [EXCESS_STORE(CUSTOMERS_ARN)]),
        good("its store named by IDEMPOTENCY_TABLE beside another table's variable", "the store's four actions on the table IDEMPOTENCY_TABLE names",
            "consumer-role-least-privilege", consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: TABLE_ARN }], table, customers)
                .map((r) => (r.name === "consumer" ? withCustomers() : r))),
        bad("writes a store beside the one its function names", "only the table the function names is its store", "consumer-role-least-privilege",
            withStore([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: [TABLE_ARN, CUSTOMERS_ARN] }], customers), [EXCESS_STORE(CUSTOMERS_ARN)]),
        bad("writes the store another consumer's function names", "a table is the store of the consumer whose function names it, not of every consumer",
            "consumer-role-least-privilege", [...consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: TABLE_ARN }], table),
                { ...storeFn(), name: "shipping", props: { ...storeFn().props, name: "shipping", arn: `${FUNCTION_ARN}-shipping`, role: `arn:aws:iam::${ACCOUNT}:role/shipping` } }],
            [EXCESS_STORE(TABLE_ARN)]),
        {
            ...bad("writes a table of the stack that is not the declared store", "with idempotencyTables set, only the tables it names are stores",
                "consumer-role-least-privilege", consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: [TABLE_ARN, CUSTOMERS_ARN] }], table, customers),
                [`${SUBJECT} allows more than a consumer needs: 4 dynamodb actions (dynamodb:DeleteItem, dynamodb:GetItem, dynamodb:PutItem, …) on ${CUSTOMERS_ARN}.`]),
            config: { idempotencyTables: ["orders-idempotency"] },
        },
        bad("scans its idempotency table", "a store reads keys one by one; a scan reads every record", "consumer-role-least-privilege",
            withStore([OWN_QUEUE, { Effect: "Allow", Action: [...STORE, "dynamodb:Scan", "dynamodb:Query"], Resource: TABLE_ARN }]),
            [`${SUBJECT} allows more than a consumer needs: dynamodb:Query, dynamodb:Scan on ${TABLE_ARN}.`]),
        bad("writes a table of another stack", "only a table of the stack is the consumer's own store", "consumer-role-least-privilege",
            withStore([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: CUSTOMERS_ARN }]), [EXCESS_STORE(CUSTOMERS_ARN)]),
        bad("the store's actions on its table's indexes", "a store reads and writes items of its table; an index is another resource", "consumer-role-least-privilege",
            withStore([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: `${TABLE_ARN}/index/*` }]), [EXCESS_STORE(`${TABLE_ARN}/index/*`)]),
        bad("may send to its own queue", "a consumer that sends can put orders back or forge new ones",
            "consumer-role-least-privilege", consumer([OWN_QUEUE, { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }]),
            [`${SUBJECT} allows more than a consumer needs: sqs:SendMessage on ${QUEUE_ARN}.`]),
        bad("sqs:* on its queue", "sqs:* includes SendMessage, PurgeQueue and DeleteQueue",
            "consumer-role-least-privilege", consumer([{ Effect: "Allow", Action: "sqs:*", Resource: QUEUE_ARN }]),
            [`${SUBJECT} allows more than a consumer needs: 16 sqs actions (sqs:AddPermission, sqs:CancelMessageMoveTask, sqs:CreateQueue, …) on ${QUEUE_ARN}.`]),
        bad("another queue", "reading a queue that is not its own reads another route's orders",
            "consumer-role-least-privilege", consumer([{ Effect: "Allow", Action: CONSUME, Resource: "arn:aws:sqs:eu-west-1:123456789012:*" }]),
            [`${SUBJECT} allows more than a consumer needs: 4 sqs actions (sqs:ChangeMessageVisibility, sqs:DeleteMessage, sqs:GetQueueAttributes, …) `
                + "on arn:aws:sqs:eu-west-1:123456789012:*."]),
        bad("cannot receive", "without ReceiveMessage AWS refuses the mapping, and the queue is never drained",
            "consumer-role-least-privilege", consumer([{ Effect: "Allow", Action: ["sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: QUEUE_ARN }]),
            [`${SUBJECT} does not allow sqs:ReceiveMessage on ${QUEUE_ARN}, which its event source mapping needs.`]),
        bad("reads logs", "log writing is all a consumer needs of CloudWatch Logs",
            "consumer-role-least-privilege", consumer([OWN_QUEUE, { Effect: "Allow", Action: "logs:GetLogEvents", Resource: "*" }]),
            [`${SUBJECT} allows more than a consumer needs: logs:GetLogEvents on *.`]),
        bad("an AWS-managed policy attached", "its document is not in the stack, so what it allows cannot be read",
            "consumer-role-least-privilege", consumer([OWN_QUEUE], {
                type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "consumer-managed",
                props: { role: ROLE, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole" },
            }),
            [`${SUBJECT} has policies attached whose documents are not in the stack and cannot be read: `
                + "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole."]),
        bad("granted SendMessage by the queue's policy", "a queue policy that names the role grants it as surely as its own policy",
            "consumer-role-least-privilege", consumer([OWN_QUEUE], {
                type: "aws:sqs/queuePolicy:QueuePolicy", name: "orders-queue-policy",
                props: { queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`, policy: doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "sqs:SendMessage", Resource: QUEUE_ARN }) },
            }),
            [`${SUBJECT} allows more than a consumer needs: sqs:SendMessage on ${QUEUE_ARN}.`]),
    ]);

    it("takes a store its function names by a value not known yet, at a first preview, from the table it is built from", async () => {
        const preview = withStore([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: TABLE_ARN }]).map((r) => (r.name === "consumer"
            ? { ...storeFn(UNKNOWN_STRING), propertyDependencies: { environment: ["orders-idempotency"] } } : r));
        assert.deepEqual(await messagesOf("consumer-role-least-privilege", preview), []);
        const unrelated = preview.map((r) => (r.name === "consumer" ? { ...r, propertyDependencies: { environment: ["customers"] } } : r));
        assert.deepEqual(await messagesOf("consumer-role-least-privilege", [...unrelated, customers]), [EXCESS_STORE(TABLE_ARN)]);
    });

    it("waits for the values when a first preview's environment is built from several tables", async () => {
        const preview = consumer([OWN_QUEUE, { Effect: "Allow", Action: STORE, Resource: [TABLE_ARN, CUSTOMERS_ARN] }], table, customers)
            .map((r) => (r.name === "consumer" ? { ...fn({ environment: { variables: { IDEMPOTENCY_TABLE: UNKNOWN_STRING, CUSTOMERS_TABLE: UNKNOWN_STRING } } }),
                propertyDependencies: { environment: ["orders-idempotency", "customers"] } } : r));
        assert.deepEqual((await runPolicies(preview, { only: ["consumer-role-least-privilege"] })).map((f) => `${f.enforcementLevel}: ${f.message}`), [
            "advisory: can't run during preview: string value at .environment.variables.IDEMPOTENCY_TABLE can't be known during preview",
        ]);
    });
});

describe("policy consumer-batch-safety", () => {
    checkFixtures([
        good("partial batch responses, visibility six times the timeout", "a failed message alone goes back, and a running batch stays hidden",
            "consumer-batch-safety", consumer([OWN_QUEUE])),
        good("SQS's and Lambda's defaults", "30 s of visibility is ten times Lambda's default timeout of 3 s",
            "consumer-batch-safety", [queue(), fn({ timeout: undefined }), mapping()]),
        bad("no partial batch responses", "without ReportBatchItemFailures one failed message sends its whole batch back",
            "consumer-batch-safety", consumer([OWN_QUEUE]).map((r) => (r.name === "consumer-trigger" ? mapping({ functionResponseTypes: [] }) : r)),
            ["event source mapping consumer-trigger does not report partial batch failures (functionResponseTypes has no ReportBatchItemFailures): "
                + "one failed message sends its whole batch back to the queue, to be processed again."]),
        bad("a visibility timeout under six times the function's", "a batch still running when its messages reappear is processed twice",
            "consumer-batch-safety", consumer([OWN_QUEUE]).map((r) => (r.name === "consumer" ? fn({ timeout: 10 }) : r)),
            ["event source mapping consumer-trigger reads queue orders, whose visibility timeout (30 s) is less than 6 × the timeout of function "
                + "consumer (10 s) = 60 s: AWS advises six times, or a batch that is retried is delivered again while it runs."]),
    ]);
});

describe("the component's consumer under the consumer policies", () => {
    let fixtures: FixtureResource[];
    before(async () => {
        const run = await runMocked(() => new QueueApi("orders", { queue: { encryption: "kms" }, consumer: {}, alarms: { subscribers: ["ops@example.com"] } }),
            { config: { "aws:region": REGION } });
        assert.equal(run.error, undefined);
        fixtures = fromMockRun(run.resources);
    });

    it("passes every policy of the pack, planned and as a first preview sees it", async () => {
        assert.deepEqual(beyondDefaults(await runPolicies(fixtures)), []);
        const preview = await runPolicies(asFirstPreview(fixtures), { only: ["consumer-role-least-privilege", "consumer-batch-safety", "api-role-policy-document"] });
        assert.deepEqual(preview.filter((f) => !f.message.includes("can't run during preview")), []);
    });

    it("is refused once its role may send or its mapping stops reporting partial failures", async () => {
        const sending = mutate(fixtures, "orders-consumer-policy", (props) => ({ ...props, policy: json({ Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }] }) }));
        assert.match((await runPolicies(sending, { only: ["consumer-role-least-privilege"] }))[0].message, /allows more than a consumer needs: 20 sqs actions .* on \*\.$/);
        const whole = mutate(fixtures, "orders-consumer-trigger", (props) => ({ ...props, functionResponseTypes: [] }));
        assert.match((await runPolicies(whole, { only: ["consumer-batch-safety"] }))[0].message, /does not report partial batch failures/);
    });
});
