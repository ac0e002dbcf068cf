import assert from "node:assert/strict";
import * as path from "node:path";

import * as ts from "typescript";

import {
    CONSUMER_FIELDS,
    Declaration,
    declarationOf,
    docOf,
    EXISTING_QUEUE_FIELDS,
    QUEUE_FIELDS,
    ROUTE_FIELDS,
    SETTINGS,
} from "../components/declarations";
import { resolveSettings } from "../components/settings";
import { problemsOf } from "./support/problems";

/** Each argument interface of args.ts, by name: its properties with their doc comments. */
function argumentInterfaces(): Map<string, Map<string, string>> {
    const file = path.join(__dirname, "..", "components", "args.ts");
    const program = ts.createProgram([file], { skipLibCheck: true, noResolve: true });
    const source = program.getSourceFile(file)!;
    const checker = program.getTypeChecker();
    const interfaces = new Map<string, Map<string, string>>();
    source.forEachChild((node) => {
        if (ts.isInterfaceDeclaration(node)) {
            const members = new Map<string, string>();
            for (const member of node.members) {
                if (ts.isPropertySignature(member) && member.name && ts.isIdentifier(member.name)) {
                    const symbol = checker.getSymbolAtLocation(member.name);
                    members.set(member.name.text, ts.displayPartsToString(symbol?.getDocumentationComment(checker)).replace(/\s+/g, " "));
                }
            }
            interfaces.set(node.name.text, members);
        }
    });
    return interfaces;
}

describe("settings' declarations", () => {
    const interfaces = argumentInterfaces();
    const declared: [string, Readonly<Record<string, Declaration>>][] = [
        ["QueueApiArgs", SETTINGS],
        ["QueueArgs", QUEUE_FIELDS],
        ["RouteArgs", ROUTE_FIELDS],
        ["ExistingQueueArgs", EXISTING_QUEUE_FIELDS],
        ["ThrottleArgs", SETTINGS.throttle.fields],
        ["AccessLogArgs", SETTINGS.accessLogs.fields],
        ["ConsumerArgs", CONSUMER_FIELDS],
        ["AlarmsArgs", SETTINGS.alarms.fields],
        ["DeadLetterAlarmArgs", SETTINGS.deadLetterAlarm.fields],
        ["CognitoAuthorizerArgs", SETTINGS.cognitoAuthorizer.fields],
        ["LambdaAuthorizerArgs", SETTINGS.lambdaAuthorizer.fields],
        ["ApiKeysArgs", SETTINGS.apiKeys.fields],
        ["CorsArgs", SETTINGS.cors.fields],
        ["DomainArgs", SETTINGS.domain.fields],
        ["WebAclArgs", SETTINGS.webAcl.fields],
    ];
    for (const [name, declarations] of declared) {
        it(`hold ${name}: the same keys, each documented with its declaration's description and default`, () => {
            const members = interfaces.get(name);
            assert.ok(members, `args.ts has no interface ${name}`);
            assert.deepEqual([...members.keys()], Object.keys(declarations));
            for (const [key, declaration] of Object.entries(declarations)) {
                assert.equal(members.get(key), docOf(declaration), `${name}.${key}`);
            }
        });
    }

    it("find a route's keys and the single route's alike", () => {
        assert.equal(declarationOf("queue.maxMessageSize"), QUEUE_FIELDS.maxMessageSize);
        assert.equal(declarationOf("routes[3].queue.maxMessageSize"), QUEUE_FIELDS.maxMessageSize);
        assert.equal(declarationOf("routes[0].method"), ROUTE_FIELDS.method);
        assert.equal(declarationOf("throttle.burstLimit"), SETTINGS.throttle.fields.burstLimit);
        assert.equal(declarationOf("queue.nothing"), undefined);
        assert.equal(declarationOf("consumer.batchSize"), CONSUMER_FIELDS.batchSize);
        assert.equal(declarationOf("routes[1].consumer.batchSize"), CONSUMER_FIELDS.batchSize);
    });

    it("give each example value that its own rule accepts", () => {
        const examples = {
            path: SETTINGS.path.example,
            idempotencyHeader: SETTINGS.idempotencyHeader.example,
            stageName: SETTINGS.stageName.example,
            queue: { encryption: "kms", kmsKeyArn: QUEUE_FIELDS.kmsKeyArn.example },
            alarms: { subscribers: SETTINGS.alarms.fields.subscribers.example },
            consumer: { code: CONSUMER_FIELDS.code.example },
        };
        assert.deepEqual(problemsOf(examples), []);
        assert.deepEqual(problemsOf({ deadLetterAlarm: { snsTopicArn: SETTINGS.deadLetterAlarm.fields.snsTopicArn.example } }), []);
        assert.deepEqual(problemsOf({ routes: [{ path: ROUTE_FIELDS.path.example, existingQueue: {
            arn: EXISTING_QUEUE_FIELDS.arn.example, kmsKeyArn: EXISTING_QUEUE_FIELDS.kmsKeyArn.example } }] }), []);
    });

    it("are the defaults resolveSettings applies", () => {
        const settings = resolveSettings({});
        for (const [key, declaration] of Object.entries(QUEUE_FIELDS)) {
            if ("default" in declaration) {
                assert.equal((settings.routes[0].queue as unknown as Record<string, unknown>)[key], declaration.default, key);
            }
        }
        assert.equal(settings.stageName, SETTINGS.stageName.default);
        assert.equal(settings.throttle.rateLimit, SETTINGS.throttle.fields.rateLimit.default);
        assert.equal(settings.accessLogs.retentionInDays, SETTINGS.accessLogs.fields.retentionInDays.default);
    });
});
