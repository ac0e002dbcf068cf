import assert from "node:assert/strict";

import { FixtureResource, runPolicies, UNKNOWN_STRING } from "../../offline/policyRunner";
import { asFirstPreview, mutate, programFixtures } from "../support/programFixtures";

const ACCOUNT = "123456789012";
const API_ID = "a1b2c3d4e5";
const ROOT_ID = "r00t";
const OVERWRITE = "so AWS refuses the second, or the two overwrite each other on every update.";
const named = (what: string) => `so AWS refuses the second, or both resources manage one ${what} and deleting either deletes it.`;

const json = (value: unknown) => JSON.stringify(value);
const doc = (...Statement: object[]) => json({ Version: "2012-10-17", Statement });
const DENY_PLAIN_HTTP = doc({ Effect: "Deny", Principal: "*", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
const ALLOW_WORKER = doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/worker` }, Action: "sqs:ReceiveMessage" });

const restApi = (name = "api", id = API_ID, rootResourceId = ROOT_ID): FixtureResource =>
    ({ type: "aws:apigateway/restApi:RestApi", name, props: { id, rootResourceId } });
/** A path part under the API's root, named after it. */
const pathResource = (pathPart: string, props: Record<string, any> = {}, name = pathPart): FixtureResource =>
    ({ type: "aws:apigateway/resource:Resource", name, props: { id: `${name}-id`, restApi: API_ID, parentId: ROOT_ID, pathPart, ...props } });
/** A resource of the POST method on /orders. */
const onPost = (kind: string, name: string, props: Record<string, any> = {}): FixtureResource =>
    ({ type: `aws:apigateway/${kind}`, name, props: { restApi: API_ID, resourceId: "orders-id", httpMethod: "POST", ...props } });
const integrationResponse = (name: string, statusCode: unknown, props: Record<string, any> = {}) =>
    onPost("integrationResponse:IntegrationResponse", name, { statusCode, ...props });
const methodResponse = (name: string, statusCode: string) => onPost("methodResponse:MethodResponse", name, { statusCode });
const gatewayResponse = (name: string, responseType: string, restApiId = API_ID): FixtureResource =>
    ({ type: "aws:apigateway/response:Response", name, props: { restApiId, responseType, statusCode: "400" } });
const api = (...extra: FixtureResource[]) => [restApi(), pathResource("orders"), ...extra];

const queueUrl = (name: string, region = "eu-west-1") => `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${name}`;
const queue = (name: string, props: Record<string, any> = {}): FixtureResource => ({ type: "aws:sqs/queue:Queue", name,
    props: { name, url: queueUrl(name), arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}`, sqsManagedSseEnabled: true, ...props } });
const onQueue = (kind: string, attribute: string, name: string, value: string, url = queueUrl("orders")): FixtureResource =>
    ({ type: `aws:sqs/${kind}`, name, props: { queueUrl: url, [attribute]: value } });
const queuePolicy = (name: string, policy: string, url?: string) => onQueue("queuePolicy:QueuePolicy", "policy", name, policy, url);

const role = (name: string, props: Record<string, any> = {}): FixtureResource =>
    ({ type: "aws:iam/role:Role", name, props: { name, id: name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, ...props } });
const rolePolicy = (name: string, props: Record<string, any>): FixtureResource =>
    ({ type: "aws:iam/rolePolicy:RolePolicy", name, props: { role: "api-role", policy: doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }), ...props } });

async function findings(fixtures: readonly FixtureResource[], policy = "one-resource-per-aws-object") {
    return (await runPolicies(fixtures, { only: [policy] })).map((f) => `${f.enforcementLevel} ${f.resource ?? "(stack)"}: ${f.message}`);
}

describe("one-resource-per-aws-object", () => {
    describe("API Gateway", () => {
        it("refuses two integration responses of one method with one status code, naming both", async () => {
            assert.deepEqual(await findings(api(integrationResponse("ok", "500"), integrationResponse("client-error", "500"))), [
                "mandatory client-error: ok and client-error are one API Gateway integration response in AWS (API api, resource orders, "
                + `method POST, status code 500): API Gateway keeps one integration response per method and status code, ${OVERWRITE} `
                + "Give each integration response of a method its own statusCode.",
            ]);
        });

        it("accepts different status codes on one method, and one status code on different methods", async () => {
            assert.deepEqual(await findings(api(integrationResponse("ok", "202"), integrationResponse("client-error", "400"),
                integrationResponse("put-ok", "202", { httpMethod: "PUT" }), integrationResponse("other-ok", "202", { resourceId: "payments-id" }))), []);
        });

        it("reports each later duplicate against the first, and a number like the same text", async () => {
            const found = await findings(api(integrationResponse("a", "500"), integrationResponse("b", 500), integrationResponse("c", "500")));
            assert.deepEqual(found.map((f) => f.split(" are one ")[0]), ["mandatory b: a and b", "mandatory c: a and c"]);
        });

        it("refuses two method responses with one status code", async () => {
            assert.deepEqual(await findings(api(methodResponse("r202", "202"), methodResponse("r400", "400"), methodResponse("r400-again", "400"))), [
                "mandatory r400-again: r400 and r400-again are one API Gateway method response in AWS (API api, resource orders, method POST, "
                + `status code 400): API Gateway keeps one method response per method and status code, ${OVERWRITE} Declare each status code of a method once.`,
            ]);
        });

        it("refuses two gateway responses of one type on one API, and accepts the type on two APIs", async () => {
            assert.deepEqual(await findings([restApi(), restApi("other", "f6g7h8i9j0", "r11t"), gatewayResponse("default-4xx", "DEFAULT_4XX"),
                gatewayResponse("bad-body", "BAD_REQUEST_BODY"), gatewayResponse("other-4xx", "DEFAULT_4XX", "f6g7h8i9j0"),
                gatewayResponse("client-errors", "DEFAULT_4XX")]), [
                "mandatory client-errors: default-4xx and client-errors are one API Gateway gateway response in AWS (API api, response type DEFAULT_4XX): "
                + `API Gateway keeps one gateway response per API and response type, ${OVERWRITE} Keep one Response per responseType.`,
            ]);
        });

        it("refuses two methods with one HTTP method on a resource, and accepts different methods on it", async () => {
            const method = (name: string, httpMethod: string) => onPost("method:Method", name, { httpMethod, authorization: "NONE" });
            assert.deepEqual(await findings(api(method("post", "POST"), method("put", "PUT"), method("post-again", "POST"))), [
                "mandatory post-again: post and post-again are one API Gateway method in AWS (API api, resource orders, method POST): "
                + `API Gateway keeps one method per resource and HTTP method, ${OVERWRITE} Declare each method of a resource once.`,
            ]);
        });

        it("refuses two integrations of one method", async () => {
            const integration = (name: string) => onPost("integration:Integration", name, { type: "AWS" });
            assert.deepEqual(await findings(api(integration("to-sqs"), integration("to-sqs-again"))), [
                "mandatory to-sqs-again: to-sqs and to-sqs-again are one API Gateway integration in AWS (API api, resource orders, method POST): "
                + `API Gateway keeps one integration per method, ${OVERWRITE} Keep one Integration per method.`,
            ]);
        });

        it("refuses one path part twice under one parent, and accepts it under different parents", async () => {
            const fixtures = [restApi(), pathResource("orders"), pathResource("items", { parentId: "orders-id" }, "order-items"),
                pathResource("items"), pathResource("orders", {}, "orders-again")];
            assert.deepEqual(await findings(fixtures), [
                "mandatory orders-again: orders and orders-again are one API Gateway resource in AWS (API api, parent / (the root of api), path part orders): "
                + `API Gateway keeps one resource per parent and path part, ${OVERWRITE} Declare each path once and reuse its Resource, or give them different pathParts.`,
            ]);
        });

        it("refuses two models with one name in an API", async () => {
            const model = (name: string, modelName: string) => ({ type: "aws:apigateway/model:Model", name, props: { restApi: API_ID, name: modelName, contentType: "application/json" } });
            assert.deepEqual(await findings([restApi(), model("order", "Order"), model("order-v2", "Order"), model("item", "Item")]), [
                "mandatory order-v2: order and order-v2 are one API Gateway model in AWS (API api, name Order): "
                + `API Gateway keeps one model per API and name, ${OVERWRITE} Give each Model of an API its own name.`,
            ]);
        });

        it("refuses two stages with one name, and two method settings of one stage and method path", async () => {
            const stage = (name: string, stageName: string) => ({ type: "aws:apigateway/stage:Stage", name, props: { restApi: API_ID, stageName } });
            const settings = (name: string, methodPath: string) => ({ type: "aws:apigateway/methodSettings:MethodSettings", name,
                props: { restApi: API_ID, stageName: "v1", methodPath, settings: { throttlingRateLimit: 10 } } });
            assert.deepEqual(await findings([restApi(), stage("v1", "v1"), stage("v2", "v2"), stage("v1-again", "v1"),
                settings("all", "*/*"), settings("post", "orders/POST"), settings("all-again", "*/*")]), [
                "mandatory v1-again: v1 and v1-again are one API Gateway stage in AWS (API api, stage name v1): "
                + `API Gateway keeps one stage per API and name, ${OVERWRITE} Give each Stage of an API its own stageName.`,
                "mandatory all-again: all and all-again are one API Gateway method setting in AWS (API api, stage name v1, method path */*): "
                + `API Gateway keeps one setting per stage and method path, ${OVERWRITE} Merge them into one MethodSettings, or give each its own methodPath.`,
            ]);
        });

        it("refuses two account settings in one region, and accepts one per provider region", async () => {
            const account = (name: string, region?: string): FixtureResource => ({ type: "aws:apigateway/account:Account", name,
                props: { cloudwatchRoleArn: `arn:aws:iam::${ACCOUNT}:role/logs` }, provider: region ? { name: region, props: { region } } : undefined });
            assert.deepEqual(await findings([account("eu", "eu-west-1"), account("us", "us-east-1")]), []);
            const tail = `API Gateway keeps one account setting (the CloudWatch role for logs) per account and region, ${OVERWRITE} `
                + "Manage it with one Account per region, from one stack of the account.";
            assert.deepEqual(await findings([account("eu", "eu-west-1"), account("eu-again", "eu-west-1")]),
                [`mandatory eu-again: eu and eu-again are one API Gateway account setting in AWS (region eu-west-1): ${tail}`]);
            assert.deepEqual(await findings([account("logging"), account("logging-again")]),
                [`mandatory logging-again: logging and logging-again are one API Gateway account setting in AWS (region of the default provider): ${tail}`]);
        });
    });

    describe("queues", () => {
        it("refuse two QueuePolicies on one queue, found through the queue's URL", async () => {
            assert.deepEqual(await findings([queue("orders"), queuePolicy("tls-only", DENY_PLAIN_HTTP), queuePolicy("workers", ALLOW_WORKER)]), [
                "mandatory workers: tls-only and workers are one SQS queue policy in AWS (queue orders): SQS keeps one queue policy per queue, "
                + `${OVERWRITE} Set it once: in the queue's policy or in one QueuePolicy.`,
            ]);
        });

        it("refuse two QueuePolicies on a queue outside the stack, named by its URL", async () => {
            const url = queueUrl("shared", "us-east-1");
            assert.match((await findings([queuePolicy("a", DENY_PLAIN_HTTP, url), queuePolicy("b", DENY_PLAIN_HTTP, url)]))[0],
                /^mandatory b: a and b are one SQS queue policy in AWS \(queue https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/shared\): /);
        });

        it("refuse a queue's own policy beside a QueuePolicy that writes another document", async () => {
            assert.deepEqual(await findings([queue("orders", { policy: ALLOW_WORKER }), queuePolicy("tls-only", DENY_PLAIN_HTTP)]), [
                "mandatory tls-only: orders (its policy) and tls-only are one SQS queue policy in AWS (queue orders): SQS keeps one queue policy "
                + `per queue, ${OVERWRITE} Set it once: in the queue's policy or in one QueuePolicy.`,
            ]);
        });

        it("accept a queue's own policy that reads back what its QueuePolicy wrote, as after a refresh, in another spelling", async () => {
            const written = doc({ Effect: "Allow", Principal: { AWS: [ACCOUNT] }, Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"] });
            const readBack = json({ Statement: [{ Action: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }], Version: "2012-10-17" });
            assert.deepEqual(await findings([queue("orders", { policy: readBack }), queuePolicy("workers", written)]), []);
            const redrive = (maxReceiveCount: unknown) => json({ deadLetterTargetArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:dlq`, maxReceiveCount });
            assert.deepEqual(await findings([queue("orders", { redrivePolicy: redrive("5") }),
                onQueue("redrivePolicy:RedrivePolicy", "redrivePolicy", "redrive", redrive(5))]), []);
        });

        it("refuse two redrive policies and two redrive-allow policies of one queue, set on it or apart", async () => {
            const redrive = (target: string) => json({ deadLetterTargetArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${target}`, maxReceiveCount: 5 });
            const allow = (source: string) => json({ redrivePermission: "byQueue", sourceQueueArns: [`arn:aws:sqs:eu-west-1:${ACCOUNT}:${source}`] });
            const fixtures = [queue("orders", { redrivePolicy: redrive("orders-dlq") }), queue("orders-dlq", { redriveAllowPolicy: allow("orders") }),
                onQueue("redrivePolicy:RedrivePolicy", "redrivePolicy", "redrive", redrive("other-dlq")),
                onQueue("redriveAllowPolicy:RedriveAllowPolicy", "redriveAllowPolicy", "allow-all", json({ redrivePermission: "allowAll" }), queueUrl("orders-dlq"))];
            assert.deepEqual(await findings(fixtures), [
                "mandatory redrive: orders (its redrivePolicy) and redrive are one SQS redrive policy in AWS (queue orders): SQS keeps one redrive policy "
                + `per queue, ${OVERWRITE} Set it once: in the queue's redrivePolicy or in one RedrivePolicy.`,
                "mandatory allow-all: orders-dlq (its redriveAllowPolicy) and allow-all are one SQS redrive-allow policy in AWS (queue orders-dlq): "
                + `SQS keeps one redrive-allow policy per queue, ${OVERWRITE} Set it once: in the queue's redriveAllowPolicy or in one RedriveAllowPolicy.`,
            ]);
        });
    });

    describe("role policies", () => {
        const tail = "IAM keeps one inline policy per role and name, and names that differ only in case are one name, "
            + `${OVERWRITE} Give each policy of a role its own name, or leave name unset so that one is generated.`;

        it("refuse one name twice on a role, in any case, whether the role is named by name or ARN", async () => {
            assert.deepEqual(await findings([role("api-role"), rolePolicy("send", { name: "send-message" }),
                rolePolicy("send-too", { name: "Send-Message", role: `arn:aws:iam::${ACCOUNT}:role/api-role` })]),
            [`mandatory send-too: send and send-too are one IAM role policy in AWS (role api-role, name send-message / Send-Message): ${tail}`]);
        });

        it("accept role policies without a name, and one name on two roles", async () => {
            assert.deepEqual(await findings([role("api-role"), role("worker"), rolePolicy("first", {}), rolePolicy("second", {}),
                rolePolicy("send", { name: "send" }), rolePolicy("worker-send", { name: "send", role: "worker" })]), []);
        });

        it("refuse a name that the role's inlinePolicies also hold with another document, and accept the one a refresh reads back", async () => {
            const written = rolePolicy("send", { name: "send" });
            const inline = (policy: string) => role("api-role", { inlinePolicies: [{}, { name: "SEND", policy }] });
            assert.deepEqual(await findings([inline(written.props.policy), written]), []);
            assert.deepEqual(await findings([inline(doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" })), written]),
                [`mandatory send: api-role (its inlinePolicies) and send are one IAM role policy in AWS (role api-role, name SEND / send): ${tail}`]);
        });
    });

    describe("physical names", () => {
        it("refuse two queues with one name in one region, and accept it in two regions or left to be generated", async () => {
            const fixtures = [queue("a", { name: "orders" }), queue("b", { name: "orders", region: "us-east-1" }), queue("c"), queue("d", { name: undefined }),
                queue("e", { name: undefined }), queue("f", { name: "orders" })];
            assert.deepEqual(await findings(fixtures), [
                "mandatory f: a and f are one SQS queue in AWS (region of the default provider, name orders): queue names are unique in an account "
                + `and region, ${named("SQS queue")} Give each its own name, or leave name unset so that one is generated.`,
            ]);
        });

        it("refuse two roles whose names differ only in case, in any region", async () => {
            assert.deepEqual(await findings([role("api-role"), role("API-Role", { region: "us-east-1" })]), [
                "mandatory API-Role: api-role and API-Role are one IAM role in AWS (name api-role / API-Role): role names are unique in an account, "
                + `whatever the region and whatever their case, ${named("IAM role")} Give each role its own name, or leave name unset so that one is generated.`,
            ]);
        });

        it("refuse two log groups, alarms or topics with one name in one region", async () => {
            const cases: [string, string, string, string][] = [
                ["aws:cloudwatch/logGroup:LogGroup", "name", "CloudWatch log group", "log group names are unique in an account and region"],
                ["aws:cloudwatch/metricAlarm:MetricAlarm", "name", "CloudWatch metric alarm", "alarm names are unique in an account and region"],
                ["aws:cloudwatch/metricAlarm:MetricAlarm", "alarmName", "CloudWatch metric alarm", "alarm names are unique in an account and region"],
                ["aws:sns/topic:Topic", "name", "SNS topic", "topic names are unique in an account and region"],
            ];
            for (const [type, prop, what, rule] of cases) {
                const fixtures = [{ type, name: "first", props: { [prop]: "orders", region: "eu-west-1" } },
                    { type, name: "other-region", props: { [prop]: "orders", region: "us-east-1" } },
                    { type, name: "second", props: { [prop]: "orders", region: "eu-west-1" } }];
                assert.deepEqual(await findings(fixtures), [`mandatory second: first and second are one ${what} in AWS (region eu-west-1, name orders): `
                    + `${rule}, ${named(what)} Give each its own name, or leave name unset so that one is generated.`], `${type} ${prop}`);
            }
        });
    });

    describe("during a preview, with ids not known yet", () => {
        const newMethod = (name: string, props: Record<string, any> = {}, from: Record<string, string[]> = { restApi: ["api"], resourceId: ["orders"] }) =>
            ({ ...onPost("method:Method", name, { restApi: UNKNOWN_STRING, resourceId: UNKNOWN_STRING, ...props }), propertyDependencies: from });

        it("compares two methods on one new API and resource through the resources their ids come from", async () => {
            const found = await findings(api(newMethod("post"), newMethod("post-again")));
            assert.deepEqual(found.map((f) => f.split(": ")[0]), ["mandatory post-again"]);
            assert.match(found[0], /^mandatory post-again: post and post-again are one API Gateway method in AWS \(API api, resource orders, method POST\)/);
        });

        it("tells apart methods on two new resources, without leaving anything to the SDK", async () => {
            assert.deepEqual(await findings([...api(newMethod("post")), pathResource("payments"),
                newMethod("payments-post", {}, { restApi: ["api"], resourceId: ["payments"] })]), []);
        });

        it("leaves to the SDK an unknown id that comes from no single resource, when another method could share its key", async () => {
            assert.deepEqual(await findings(api(newMethod("post"), newMethod("mystery", {}, {}))),
                ["advisory (stack): can't run during preview: string value at .restApi can't be known during preview"]);
        });

        it("says nothing of an unknown id when no other resource could share the key", async () => {
            assert.deepEqual(await findings(api(newMethod("post"), newMethod("mystery-put", { httpMethod: "PUT" }, {}))), []);
        });

        it("leaves to the SDK a queue whose own policy is unknown while a QueuePolicy writes it too", async () => {
            const newQueue = queue("orders", { policy: UNKNOWN_STRING });
            assert.deepEqual(await findings([newQueue, queuePolicy("tls-only", DENY_PLAIN_HTTP)]),
                ["advisory (stack): can't run during preview: string value at .policy can't be known during preview"]);
            assert.deepEqual(await findings([newQueue]), []);
        });

        it("leaves to the SDK a role whose inline policies are unknown while a RolePolicy names the role", async () => {
            assert.deepEqual(await findings([role("api-role", { inlinePolicies: UNKNOWN_STRING }), rolePolicy("send", { name: "send" })]),
                ["advisory (stack): can't run during preview: string value at .inlinePolicies can't be known during preview"]);
        });

        it("never compares a name still unknown that a namePrefix will make unique", async () => {
            assert.deepEqual(await findings([queue("a", { name: UNKNOWN_STRING, namePrefix: "orders-" }), queue("b", { name: "orders-1" })]), []);
        });
    });

    describe("input that is not what it should be", () => {
        const KEY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
            "aws:apigateway/integrationResponse:IntegrationResponse": ["restApi", "resourceId", "httpMethod", "statusCode"],
            "aws:apigateway/methodResponse:MethodResponse": ["restApi", "resourceId", "httpMethod", "statusCode"],
            "aws:apigateway/response:Response": ["restApiId", "responseType"],
            "aws:apigateway/method:Method": ["restApi", "resourceId", "httpMethod"],
            "aws:apigateway/integration:Integration": ["restApi", "resourceId", "httpMethod"],
            "aws:apigateway/resource:Resource": ["restApi", "parentId", "pathPart"],
            "aws:apigateway/model:Model": ["restApi", "name"],
            "aws:apigateway/stage:Stage": ["restApi", "stageName"],
            "aws:apigateway/methodSettings:MethodSettings": ["restApi", "stageName", "methodPath"],
            "aws:apigateway/account:Account": ["region"],
            "aws:sqs/queue:Queue": ["name", "region", "url", "policy", "redrivePolicy", "redriveAllowPolicy"],
            "aws:sqs/queuePolicy:QueuePolicy": ["queueUrl", "policy"],
            "aws:sqs/redrivePolicy:RedrivePolicy": ["queueUrl", "redrivePolicy"],
            "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": ["queueUrl", "redriveAllowPolicy"],
            "aws:iam/role:Role": ["name", "inlinePolicies"],
            "aws:iam/rolePolicy:RolePolicy": ["role", "name", "policy"],
            "aws:cloudwatch/logGroup:LogGroup": ["name", "region"],
            "aws:cloudwatch/metricAlarm:MetricAlarm": ["name", "alarmName", "region"],
            "aws:sns/topic:Topic": ["name", "region"],
        };
        /** Two resources of every type, every key property set to `value`: twins, if the value named anything. */
        const twins = (value: unknown): FixtureResource[] => Object.entries(KEY_PROPERTIES).flatMap(([type, props], i) =>
            ["a", "b"].map((twin) => ({ type, name: `${i}-${twin}`, props: Object.fromEntries(props.map((p) => [p, value])) })));

        for (const [what, value] of [["absent", undefined], ["null", null], ["empty", ""], ["NaN", NaN], ["true", true], ["a list", ["x"]],
            ["an empty list", []], ["an object", { a: 1 }]] as const) {
            it(`ignores key properties that are ${what}, whichever they are`, async () => {
                // An Account's only key is its region, and with none set it is the default provider's.
                const regionless = value === undefined || value === null ? ["mandatory 9-b: 9-a and 9-b are one API Gateway account setting in AWS "
                    + "(region of the default provider): API Gateway keeps one account setting (the CloudWatch role for logs) per account and region, "
                    + `${OVERWRITE} Manage it with one Account per region, from one stack of the account.`] : [];
                assert.deepEqual(await findings(twins(value)), regionless);
                assert.deepEqual(await findings(twins(value), "api-resource-quota"), []);
            });
        }

        it("leaves twins whose every key property is unknown to the SDK, once", async () => {
            assert.deepEqual(await findings(twins(UNKNOWN_STRING)),
                ["advisory (stack): can't run during preview: string value at .restApi can't be known during preview"]);
        });

        it("is left out, never a crash", async () => {
            const fixtures: FixtureResource[] = [restApi(),
                integrationResponse("no-status", undefined), integrationResponse("object-status", { code: 500 }),
                integrationResponse("list-status", ["500"]), integrationResponse("null-status", null),
                { type: "aws:apigateway/integrationResponse:IntegrationResponse", name: "empty", props: {} },
                role("odd", { inlinePolicies: "not a list" }), role("odder", { inlinePolicies: [null, 7, { name: 5 }] }),
                rolePolicy("to-odder", { role: "odder", name: "5", policy: "{not json" }),
                queue("orders", { policy: "{not json", redrivePolicy: 12 }), queuePolicy("qp", "{not json"),
                { type: "aws:sqs/queuePolicy:QueuePolicy", name: "no-url", props: { policy: "{}" } },
                { type: "aws:sqs/queuePolicy:QueuePolicy", name: "url-list", props: { queueUrl: [queueUrl("orders")] } },
                { type: "aws:apigateway/account:Account", name: "regionless", props: { region: { name: "eu-west-1" } } }];
            assert.deepEqual(await findings(fixtures), [
                "mandatory to-odder: odder (its inlinePolicies) and to-odder are one IAM role policy in AWS (role odder, name 5): IAM keeps one inline "
                + `policy per role and name, and names that differ only in case are one name, ${OVERWRITE} Give each policy of a role its own name, or leave name unset so that one is generated.`,
            ]);
        });
    });

    describe("over the real program", () => {
        const fixtures: Record<string, FixtureResource[]> = {};
        before(async () => {
            fixtures.dev = await programFixtures("dev");
            fixtures.prod = await programFixtures("prod");
        });

        for (const stack of ["dev", "prod"]) {
            it(`finds no two resources for one AWS object in the ${stack} stack, known or in a first preview`, async () => {
                assert.deepEqual(await findings(fixtures[stack]), []);
                assert.deepEqual(await findings(asFirstPreview(fixtures[stack])), []);
            });
        }

        const sameStatusAsDefault = (props: Record<string, any>) => ({ ...props, statusCode: "500" });
        const caught = "mandatory orders-integration-response-default: orders-integration-response-4xx and orders-integration-response-default are "
            + "one API Gateway integration response in AWS (API orders-api, resource orders-resource, method POST, status code 500): API Gateway keeps one "
            + `integration response per method and status code, ${OVERWRITE} Give each integration response of a method its own statusCode.`;

        it("catches the 4xx integration response given the default one's status code", async () => {
            assert.deepEqual(await findings(mutate(fixtures.prod, "orders-integration-response-4xx", sameStatusAsDefault)), [caught]);
        });

        it("catches it in a first preview too, through the property dependencies of the unknown ids", async () => {
            assert.deepEqual(await findings(asFirstPreview(mutate(fixtures.dev, "orders-integration-response-4xx", sameStatusAsDefault))), [caught]);
        });

        it("catches a second QueuePolicy on the queue", async () => {
            const extra: FixtureResource = { type: "aws:sqs/queuePolicy:QueuePolicy", name: "orders-queue-workers", parent: "orders",
                props: { queueUrl: queueUrl("orders-queue"), policy: ALLOW_WORKER } };
            assert.deepEqual(await findings([...fixtures.dev, extra]), [
                "mandatory orders-queue-workers: orders-queue-tls-only and orders-queue-workers are one SQS queue policy in AWS (queue orders-queue): "
                + `SQS keeps one queue policy per queue, ${OVERWRITE} Set it once: in the queue's policy or in one QueuePolicy.`,
            ]);
        });

        it("accepts the dead-letter queue's redrive-allow policy read back by a refresh, and catches another one set on the queue", async () => {
            const written = fixtures.prod.find((f) => f.name === "orders-dlq-redrive-allow")!.props.redriveAllowPolicy as string;
            assert.deepEqual(await findings(mutate(fixtures.prod, "orders-dlq", (props) => ({ ...props, redriveAllowPolicy: written }))), []);
            const found = await findings(mutate(fixtures.prod, "orders-dlq", (props) => ({ ...props, redriveAllowPolicy: json({ redrivePermission: "allowAll" }) })));
            assert.deepEqual(found.map((f) => f.split(" are one ")[0]), ["mandatory orders-dlq-redrive-allow: orders-dlq (its redriveAllowPolicy) and orders-dlq-redrive-allow"]);
        });
    });
});

describe("api-resource-quota", () => {
    const paths = (count: number, restApiId = API_ID, prefix = "p") => Array.from({ length: count }, (_, i) => pathResource(`${prefix}${i}`, { restApi: restApiId }));
    const check = (fixtures: FixtureResource[], maxResources?: number) => runPolicies(fixtures, {
        only: ["api-resource-quota"], config: maxResources === undefined ? undefined : { "api-resource-quota": { maxResources } },
    }).then((found) => found.map((f) => `${f.enforcementLevel} ${f.resource ?? "(stack)"}: ${f.message}`));

    it("accepts 300 resources on one API, and 200 on each of two", async () => {
        assert.deepEqual(await check([restApi(), ...paths(300)]), []);
        assert.deepEqual(await check([restApi(), restApi("other", "f6g7h8i9j0"), ...paths(200), ...paths(200, "f6g7h8i9j0", "q")]), []);
    });

    it("names the API and the count past 300, and says how to raise the quota", async () => {
        assert.deepEqual(await check([restApi(), ...paths(301)]), [
            "advisory api: API api has 301 resources (aws.apigateway.Resource), more than 300: API Gateway refuses resources past an API's quota, "
            + "300 by default. Raise the quota for this API through Service Quotas (API Gateway, \"Resources per API\") and set this policy's "
            + "maxResources to it, or split the API.",
        ]);
    });

    it("follows maxResources, and names an API outside the stack by its id", async () => {
        assert.deepEqual(await check([restApi(), ...paths(301)], 400), []);
        assert.deepEqual((await check(paths(3, "zz9"), 2)).map((f) => f.split(": ")[0] + ": " + f.split(": ")[1]),
            ["advisory (stack): API zz9 has 3 resources (aws.apigateway.Resource), more than 2"]);
    });

    it("leaves to the SDK resources whose API is unknown only when they could take an API past the quota", async () => {
        const unplaced = (count: number) => paths(count, UNKNOWN_STRING, "u");
        assert.deepEqual(await check([restApi(), ...paths(299), ...unplaced(1)]), []);
        assert.deepEqual(await check([restApi(), ...paths(299), ...unplaced(2)]),
            ["advisory (stack): can't run during preview: string value at .restApi can't be known during preview"]);
    });
});
