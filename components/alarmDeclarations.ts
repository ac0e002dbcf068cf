// Where alarms page and when they go off: `alarms`, and the older `deadLetterAlarm` (the
// dead-letter alarm alone). Each setting declared once; their rules are alarmRules.ts's.
import { Fields, objectType } from "./declarationKinds";
import { SNS_TOPIC_ARN } from "./patterns";
import { DAY } from "./queueDeclarations";

/** Where alarms page: a topic of one's own, or subscribers of one the stack creates; on when either is given. */
function pagingFields(descriptions: { readonly enabled: string; readonly snsTopicArn: string; readonly subscribers: string }) {
    return {
        enabled: { kind: "boolean", defaultText: "on when snsTopicArn or subscribers is given", description: descriptions.enabled },
        snsTopicArn: {
            kind: "string", pattern: SNS_TOPIC_ARN, allowed: "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)",
            example: "arn:aws:sns:eu-west-1:123456789012:orders-alerts", defaultText: "none", description: descriptions.snsTopicArn,
        },
        subscribers: {
            kind: "list", allowed: "email addresses and HTTPS URLs", defaultText: "none",
            items: { kind: "string", allowed: "an email address or an HTTPS URL" },
            example: ["orders-oncall@example.com"], description: descriptions.subscribers,
        },
    } as const satisfies Fields;
}

export const ALARM_FIELDS = {
    ...pagingFields({
        enabled: "Raise the alarms and page someone; refused without somewhere to send them.",
        snsTopicArn: "An existing SNS topic the alarms notify when they go off and when they clear.",
        subscribers: "Instead of a topic: a topic is created for the alarms, with these subscriptions.",
    }),
    oldestMessageAgeSeconds: {
        kind: "integer", min: 60, max: 14 * DAY, unit: "seconds", defaultText: "a quarter of the queue's messageRetentionSeconds",
        description: "Page when a queue's oldest message is older than this: a backlog, long before retention deletes it.",
    },
    serverErrorPercent: {
        kind: "integer", min: 1, max: 100, default: 5, unit: "percent",
        description: "Page when more of a route's requests than this answer 5XX, in 3 of 5 minutes.",
    },
    latencyP99Milliseconds: {
        kind: "integer", min: 50, max: 29000, default: 2000, unit: "milliseconds",
        description: "Page when a route's p99 latency is above this, in 2 of 3 five-minute periods.",
    },
    consumerErrors: {
        kind: "integer", min: 1, max: 100000, default: 1, unit: "invocations",
        description: "Page when a consumer fails this many invocations in 5 minutes (a whole batch failed or the function crashed).",
    },
    consumerThrottles: {
        kind: "integer", min: 1, max: 100000, default: 5, unit: "invocations",
        description: "Page when Lambda throttles a consumer this many times in 5 minutes.",
    },
} as const satisfies Fields;

export const ALARMS = {
    scope: "api", guide: "docs/alarms.md", kind: "object",
    description: "Alarms that page someone: per route, dead letters, the oldest message's age, the API's 5XX rate and p99 latency, the consumer's errors and throttles.",
    type: objectType("AlarmsArgs", "Alarms that page someone, through one SNS topic: each route's, and each consumer's. See docs/alarms.md.", ALARM_FIELDS),
} as const;

export const DEAD_LETTER_ALARM_FIELDS = pagingFields({
    enabled: "Raise the alarm as soon as a dead-letter queue holds a message; refused without somewhere to send it.",
    snsTopicArn: "An existing SNS topic the alarm notifies when it goes off and when it clears.",
    subscribers: "Instead of a topic: a topic is created for the alarm, with these subscriptions.",
});

export const DEAD_LETTER_ALARM = {
    scope: "api", guide: "docs/alarms.md", kind: "object",
    description: "The dead-letter alarm alone, as before alarms; superseded by alarms, and refused beside it.",
    type: objectType("DeadLetterAlarmArgs", "The dead-letter alarm alone, as before `alarms`, which supersedes it.", DEAD_LETTER_ALARM_FIELDS),
} as const;
