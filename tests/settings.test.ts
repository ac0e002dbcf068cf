import assert from "node:assert/strict";

import { Fields, FRONT_DOOR, isScalar, isWalkedWhole, ROUTE_FIELDS, SETTINGS, TopDeclaration } from "../components/declarations";
import { QUEUE_FIELDS } from "../components/queueDeclarations";
import { DEFAULTS, resolveSettings } from "../components/settings";
import { problemsOf } from "./support/problems";

/**
 * What the walk of a declaration (fieldWalk.ts) gives fields nobody set: each scalar with a default
 * its default, each list of patterned strings its default or [], nothing for the rest.
 */
function walkedDefaults(fields: Fields): Record<string, unknown> {
    return Object.fromEntries(Object.entries(fields).flatMap(([key, declaration]): [string, unknown][] => {
        if (isScalar(declaration)) {
            return declaration.default === undefined ? [] : [[key, declaration.default]];
        }
        return declaration.kind === "list" && declaration.items.kind === "string" && declaration.items.pattern ? [[key, declaration.default ?? []]] : [];
    }));
}

/** The settings of `SETTINGS` a scope holds (the whole API, the single route), the front door's aside. */
const scoped = (scope: string, frontDoor: boolean) => Object.fromEntries(Object.entries(SETTINGS as Readonly<Record<string, TopDeclaration>>)
    .filter(([key, declaration]) => declaration.scope === scope && (key in FRONT_DOOR) === frontDoor));

describe("QueueApi settings", () => {
    it("applies every default when no argument is given, as the declarations state them", () => {
        const apiWide = scoped("api", false);
        // Objects there by default whose every field the walk resolves (the stage's throttle), each with its declared defaults.
        const wholeObjects = Object.fromEntries(Object.entries(apiWide).filter(([, declaration]) => isWalkedWhole(declaration))
            .map(([key]) => [key, (DEFAULTS as Readonly<Record<string, unknown>>)[key]]));
        assert.deepEqual(resolveSettings({}), {
            routes: [{
                key: `POST /${DEFAULTS.path}`, nameFragment: "", ...walkedDefaults({ ...ROUTE_FIELDS, ...scoped("single-route", false) }),
                authorization: DEFAULTS.authorization, apiKeyRequired: false, queue: DEFAULTS.queue, messageAttributes: {},
            }],
            ...walkedDefaults(apiWide),
            ...wholeObjects,
            // What a resolver makes of its settings, beyond the declarations' defaults.
            permissionsBoundaries: {},
            alarms: { enabled: false, subscribers: [], deadLettersOnly: false, ...DEFAULTS.alarms },
            frontDoor: { apiClients: [], ...walkedDefaults(FRONT_DOOR) },
            tags: {},
        });
    });

    it("gathers the declared defaults, nested as the arguments are, and types them from the declarations", () => {
        const gathered = (fields: Fields): Record<string, unknown> => Object.fromEntries(Object.entries(fields).flatMap(([key, declaration]): [string, unknown][] =>
            (declaration.kind === "object" && declaration.defaultText === undefined ? [[key, gathered(declaration.type.fields)]]
                : isScalar(declaration) && declaration.default !== undefined ? [[key, declaration.default]] : [])));
        assert.deepEqual(DEFAULTS, gathered(SETTINGS));
        // Typed from the declarations: every object setting there by default is in the type, its fields with their values' types.
        const typed: [number, boolean, "TOKEN" | "REQUEST", number, number] = [DEFAULTS.queue.maxMessageSize, DEFAULTS.webAcl.create,
            DEFAULTS.lambdaAuthorizer.type, DEFAULTS.cors.maxAgeSeconds, DEFAULTS.throttle.rateLimit];
        assert.deepEqual(typed, [262144, false, "TOKEN", 600, 100]);
    });

    it("keeps given values and defaults the rest of a group", () => {
        const settings = resolveSettings({ queue: { maxMessageSize: 1048576 }, throttle: { rateLimit: 7 } });
        assert.equal(settings.routes[0].queue.maxMessageSize, 1048576);
        assert.equal(settings.routes[0].queue.maxReceiveCount, 5);
        assert.deepEqual(settings.throttle, { rateLimit: 7, burstLimit: 200 });
    });

    it("accepts the bounds of every range", () => {
        assert.deepEqual(problemsOf({
            queue: {
                messageRetentionSeconds: 60, visibilityTimeoutSeconds: 0, maxMessageSize: 1024,
                maxReceiveCount: 1, deadLetterRetentionSeconds: 60,
            },
            throttle: { rateLimit: 1, burstLimit: 1 },
        }), []);
        assert.deepEqual(problemsOf({
            queue: {
                messageRetentionSeconds: 1209600, visibilityTimeoutSeconds: 43200, maxMessageSize: 1048576,
                maxReceiveCount: 1000, deadLetterRetentionSeconds: 1209600,
            },
            throttle: { rateLimit: 1000000, burstLimit: 1000000 },
            accessLogs: { retentionInDays: 3653 },
        }), []);
    });

    const rejected: [string, unknown, string][] = [
        ["a negative throttle rate", { throttle: { rateLimit: -5 } },
            "throttle.rateLimit must be an integer from 1 to 1000000, got -5"],
        ["a non-integer throttle burst", { throttle: { burstLimit: 2.5 } },
            "throttle.burstLimit must be an integer from 1 to 1000000, got 2.5"],
        ["a throttle given as text", { throttle: { rateLimit: "100" } },
            "throttle.rateLimit must be an integer from 1 to 1000000, got \"100\""],
        ["a retention under 60 s", { queue: { messageRetentionSeconds: 59 } },
            "queue.messageRetentionSeconds must be an integer from 60 to 1209600, got 59"],
        ["a retention over 14 days", { queue: { messageRetentionSeconds: 1209601 } },
            "queue.messageRetentionSeconds must be an integer from 60 to 1209600, got 1209601"],
        ["a DLQ retention over 14 days", { queue: { deadLetterRetentionSeconds: 2000000 } },
            "queue.deadLetterRetentionSeconds must be an integer from 60 to 1209600, got 2000000"],
        ["a DLQ retention shorter than the queue's",
            { queue: { messageRetentionSeconds: 86400, deadLetterRetentionSeconds: 3600 } },
            "queue.deadLetterRetentionSeconds must be at least queue.messageRetentionSeconds (86400), got 3600"],
        ["a message size under 1024", { queue: { maxMessageSize: 1023 } },
            "queue.maxMessageSize must be an integer from 1024 to 1048576, got 1023"],
        ["a message size over 1 MiB", { queue: { maxMessageSize: 1048577 } },
            "queue.maxMessageSize must be an integer from 1024 to 1048576, got 1048577"],
        ["a message size written with a unit", { queue: { maxMessageSize: "2MB" } },
            "queue.maxMessageSize must be an integer from 1024 to 1048576, got \"2MB\""],
        ["a maxReceiveCount of 0", { queue: { maxReceiveCount: 0 } },
            "queue.maxReceiveCount must be an integer from 1 to 1000, got 0"],
        ["a maxReceiveCount over 1000", { queue: { maxReceiveCount: 1001 } },
            "queue.maxReceiveCount must be an integer from 1 to 1000, got 1001"],
        ["a visibility timeout over 12 h", { queue: { visibilityTimeoutSeconds: 43201 } },
            "queue.visibilityTimeoutSeconds must be an integer from 0 to 43200, got 43201"],
        ["a negative visibility timeout", { queue: { visibilityTimeoutSeconds: -1 } },
            "queue.visibilityTimeoutSeconds must be an integer from 0 to 43200, got -1"],
        ["an empty path", { path: "" },
            "path must be one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..), got \"\""],
        ["a path with a slash", { path: "/orders" },
            "path must be one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..), got \"/orders\""],
        ["a path with a space", { path: "new orders" },
            "path must be one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..), got \"new orders\""],
        ["a path of ..", { path: ".." },
            "path must be one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..), got \"..\""],
        ["an unknown authorization", { authorization: "COGNITO" },
            "authorization must be one of NONE, AWS_IAM, COGNITO_USER_POOLS, CUSTOM, got \"COGNITO\""],
        ["a lower-case authorization", { authorization: "none" },
            "authorization must be one of NONE, AWS_IAM, COGNITO_USER_POOLS, CUSTOM, got \"none\""],
        ["an invalid stage name", { stageName: "v 1" },
            "stageName must be 1 to 128 letters, digits, '_' or '-', got \"v 1\""],
        ["a log retention CloudWatch does not offer", { accessLogs: { retentionInDays: 10 } },
            "accessLogs.retentionInDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, "
            + "731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 10"],
        ["a boolean written as text", { protectQueues: "yes" }, "protectQueues must be true or false, got \"yes\""],
        ["a permissions boundary given by name", { permissionsBoundary: "orders-boundary" },
            "permissionsBoundary must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>), got \"orders-boundary\""],
        ["a permissions boundary that is a role", { permissionsBoundary: "arn:aws:iam::123456789012:role/orders-boundary" },
            "permissionsBoundary must be an IAM policy ARN (arn:aws:iam::<account>:policy/<name>), got \"arn:aws:iam::123456789012:role/orders-boundary\""],
        ["a misspelt queue setting", { queue: { maxMesageSize: 2048 } },
            `queue.maxMesageSize is not a known setting; did you mean queue.maxMessageSize? known: ${Object.keys(QUEUE_FIELDS).join(", ")}`],
        ["a group that is not an object", { throttle: 100 },
            "throttle must be an object with the keys rateLimit, burstLimit, got 100"],
        ["a tag that is not a string", { tags: { team: 7 } }, "tags.team must be a string, got 7"],
        ["an unknown encryption", { queue: { encryption: "aes" } }, "queue.encryption must be one of sqs-managed, kms, got \"aes\""],
        ["a KMS key given by alias", { queue: { encryption: "kms", kmsKeyArn: "alias/orders" } },
            "queue.kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got \"alias/orders\""],
        ["a KMS key without KMS encryption", { queue: { kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd" } },
            "queue.kmsKeyArn is used only with queue.encryption kms, got encryption \"sqs-managed\""],
        ["an alarm topic that is not an SNS topic", { deadLetterAlarm: { snsTopicArn: "arn:aws:sqs:eu-west-1:123456789012:ops" } },
            "deadLetterAlarm.snsTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got \"arn:aws:sqs:eu-west-1:123456789012:ops\""],
        ["an alarm switch written as text", { deadLetterAlarm: { enabled: "on" } }, "deadLetterAlarm.enabled must be true or false, got \"on\""],
        ["tags that are not an object", { tags: "team=x" }, "tags must be an object of string values, got \"team=x\""],
        ["an alarm switched on with nowhere to send it", { deadLetterAlarm: { enabled: true } },
            "deadLetterAlarm.enabled is true, but the alarm would notify no one: give deadLetterAlarm.snsTopicArn (an existing SNS topic) "
            + "or deadLetterAlarm.subscribers (email addresses or HTTPS URLs), or set it false"],
        ["an alarm with both a topic and subscribers",
            { deadLetterAlarm: { snsTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops", subscribers: ["ops@example.com"] } },
            "deadLetterAlarm.snsTopicArn and deadLetterAlarm.subscribers are two ways to be notified: give the topic (its subscriptions "
            + "are its owner's) or the subscribers (the stack creates the topic), not both"],
        ["a subscriber that is neither an email address nor an HTTPS URL", { deadLetterAlarm: { subscribers: ["http://hooks.example.com/x"] } },
            "deadLetterAlarm.subscribers[0] must be an email address or an HTTPS URL, got \"http://hooks.example.com/x\""],
        ["the same subscriber twice", { deadLetterAlarm: { subscribers: ["ops@example.com", "ops@example.com"] } },
            "deadLetterAlarm.subscribers lists \"ops@example.com\" twice"],
    ];
    for (const [what, args, message] of rejected) {
        it(`rejects ${what}, naming the key, the value and what is allowed`, () => {
            assert.deepEqual(problemsOf(args), [message]);
        });
    }

    it("reports every problem at once, each under the given key prefix", () => {
        assert.deepEqual(problemsOf({ path: "", throttle: { rateLimit: 0 } }, "orders:"), [
            "orders:path must be one path segment of letters, digits, '.', '_' or '-' (no slashes, not . or ..), got \"\"",
            "orders:throttle.rateLimit must be an integer from 1 to 1000000, got 0",
        ]);
    });
});
