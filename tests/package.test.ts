// The component as a package: its public entry point, the schema Pulumi infers for other
// languages, and a component constructed through the provider as a YAML program would.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";


import { SETTING_KEYS } from "../components/declarations";
import { PACKAGE_NAME } from "../components/provider";
import { QueueApi } from "../components/queueApi";
import { PROJECT_ROOT } from "../offline/stacks";

const COMPONENTS = path.join(PROJECT_ROOT, "components");
const schema = JSON.parse(fs.readFileSync(path.join(COMPONENTS, "schema.json"), "utf8"));

describe("the queue-load-leveling package (the schema equal to the analyzer's, and the provider, in npm run test:e2e)", () => {
    it("is what the program imports, through its entry point (the sources, under a TypeScript loader)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const entry = require("queue-load-leveling");
        assert.equal(entry.QueueApi, QueueApi);
        assert.equal(JSON.parse(fs.readFileSync(path.join(COMPONENTS, "package.json"), "utf8")).name, PACKAGE_NAME);
        assert.match(fs.readFileSync(path.join(PROJECT_ROOT, "index.ts"), "utf8"), /from "queue-load-leveling";/);
    });

    describe("schema, as Pulumi's analyzer infers it", () => {
        const component = schema.resources["queue-load-leveling:index:QueueApi"];

        it("has the component with every setting as an input and every output", () => {
            assert.equal(component.isComponent, true);
            assert.deepEqual(Object.keys(component.inputProperties), SETTING_KEYS);
            assert.deepEqual(Object.keys(component.properties).sort(), ["apiKeys", "consumerFunctionNames", "consumerRoleArns", "consumerRoleNames", "dashboardName", "deadLetterQueueArn",
                "deadLetterQueueArns", "deadLetterQueueUrl", "deadLetterQueueUrls", "domainRouteUrls", "kmsKeyArn", "queueArn", "queueArns", "queueUrl",
                "queueUrls", "restApiId", "roleArn", "routeUrls", "stageName", "url", "webAclArn"]);
        });

        it("has the choices as enums and the nested settings as types", () => {
            const enums = Object.fromEntries(Object.entries(schema.types as Record<string, { enum?: { value: string }[] }>)
                .filter(([, type]) => type.enum).map(([name, type]) => [name.split(":")[2], type.enum!.map((m) => m.value)]));
            assert.deepEqual(enums, {
                Authorization: ["NONE", "AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"],
                Runtime: ["nodejs24.x", "nodejs22.x"],
                Encryption: ["sqs-managed", "kms"],
                HttpMethod: ["POST", "PUT", "PATCH"],
                ContextValue: ["sourceIp", "userAgent", "stage", "callerArn", "authorizerPrincipalId", "cognitoSubject"],
                AttributeDataType: ["String", "Number"],
                LambdaAuthorizerType: ["TOKEN", "REQUEST"],
                QuotaPeriod: ["DAY", "WEEK", "MONTH"],
                DomainSecurityPolicy: ["TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09"],
                EndpointType: ["REGIONAL", "PRIVATE"],
            });
            const objects = Object.entries(schema.types as Record<string, { enum?: unknown }>).filter(([, t]) => !t.enum).map(([name]) => name.split(":")[2]).sort();
            assert.deepEqual(objects, ["AccessLogArgs", "AlarmsArgs", "ApiClientArgs", "ApiKeysArgs", "AttributeSource", "BatchArgs", "CognitoAuthorizerArgs",
                "ConsumerArgs", "CorsArgs", "DeadLetterAlarmArgs", "DomainArgs", "ExistingQueueArgs", "LambdaAuthorizerArgs", "MessageGroupSource",
                "PermissionsBoundariesArgs", "QueueArgs", "QuotaArgs", "RouteArgs", "ThrottleArgs", "WebAclArgs"]);
        });
    });
});
