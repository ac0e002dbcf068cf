// Where the alarms send, and their thresholds: `alarms`, or the older `deadLetterAlarm` (the
// dead-letter alarm alone, as it always was). An alarm pages someone or is refused, since an alarm
// nobody receives is a dead letter nobody reads.
import { ALARMS, DEAD_LETTER_ALARM } from "./alarmDeclarations";
import { Checker, show } from "./checks";
import { walkObject, walkValues } from "./fieldWalk";
import { AlarmSettings, RouteSettings } from "./settingsTypes";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** Where alarms go, as `alarms` and `deadLetterAlarm` both say it. */
interface Destination {
    readonly enabled: boolean;
    readonly snsTopicArn?: string;
    readonly subscribers: readonly string[];
}

/** The subscribers given: each an email address or an HTTPS URL, none twice. */
function resolveSubscribers(check: Checker, value: unknown, name: string): string[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value) || value.length === 0) {
        check.problem(`${check.key(`${name}.subscribers`)} must be a non-empty list of email addresses and HTTPS URLs, got ${show(value)}`);
        return [];
    }
    const subscribers = value.filter((endpoint, i) => {
        const valid = typeof endpoint === "string" && (EMAIL.test(endpoint) || HTTPS_URL.test(endpoint));
        if (!valid) {
            check.problem(`${check.key(`${name}.subscribers[${i}]`)} must be an email address or an HTTPS URL, got ${show(endpoint)}`);
        }
        return valid;
    }) as string[];
    const repeated = subscribers.find((endpoint, i) => subscribers.indexOf(endpoint) !== i);
    if (repeated !== undefined) {
        check.problem(`${check.key(`${name}.subscribers`)} lists ${show(repeated)} twice`);
    }
    return subscribers;
}

/**
 * A topic, or subscribers of a topic the stack creates; on exactly when one of them is given, and
 * refused when switched on without either. `name` is the setting that says it.
 */
function resolveDestination(check: Checker, given: Readonly<Record<string, unknown>>, walked: { enabled?: boolean; snsTopicArn?: string },
    name: "alarms" | "deadLetterAlarm", needed: boolean): Destination {
    const subscribers = resolveSubscribers(check, given.subscribers, name);
    const destinations = given.snsTopicArn !== undefined || given.subscribers !== undefined;
    const enabled = walked.enabled ?? destinations;
    const what = name === "alarms" ? "the alarms" : "the alarm";
    if (given.snsTopicArn !== undefined && given.subscribers !== undefined) {
        check.problem(`${check.key(`${name}.snsTopicArn`)} and ${check.key(`${name}.subscribers`)} are two ways to be `
            + "notified: give the topic (its subscriptions are its owner's) or the subscribers (the stack creates the topic), not both");
    } else if (enabled && !destinations && needed) {
        check.problem(`${check.key(`${name}.enabled`)} is true, but ${what} would notify no one: give `
            + `${check.key(`${name}.snsTopicArn`)} (an existing SNS topic) or ${check.key(`${name}.subscribers`)} `
            + "(email addresses or HTTPS URLs), or set it false");
    }
    return { enabled: enabled && needed, ...(walked.snsTopicArn ? { snsTopicArn: walked.snsTopicArn } : {}), subscribers };
}

/**
 * The alarms: `alarms` (every alarm of every route), or the older `deadLetterAlarm` (the
 * dead-letter alarm alone, so that a stack that has it keeps exactly what it had). Not both.
 * `routeKey` names a key of the i-th route in messages.
 */
export function resolveAlarms(check: Checker, top: Readonly<Record<string, unknown>>, routes: readonly RouteSettings[],
    routeKey: (i: number, key: string) => string): AlarmSettings {
    if (top.deadLetterAlarm !== undefined && top.alarms === undefined) {
        const { given, values } = walkObject(check, top.deadLetterAlarm, "deadLetterAlarm", DEAD_LETTER_ALARM.type);
        const destination = resolveDestination(check, given, values, "deadLetterAlarm", routes.some((r) => !r.existingQueue));
        // The other alarms' thresholds, which a dead-letter alarm alone never uses, as declared.
        return { ...destination, deadLettersOnly: true, ...walkValues(new Checker(""), {}, (field) => field, ALARMS.type.fields) };
    }
    if (top.deadLetterAlarm !== undefined) {
        check.problem(`${check.key("deadLetterAlarm")} and ${check.key("alarms")} both say where alarms go: move deadLetterAlarm's `
            + `enabled, snsTopicArn and subscribers into ${check.key("alarms")} (they keep their names and the topic they create) `
            + "and remove deadLetterAlarm");
    }
    const { given, values } = walkObject(check, top.alarms, "alarms", ALARMS.type);
    const destination = resolveDestination(check, given, values, "alarms", true);
    // What is not the destination is a threshold.
    const { enabled, snsTopicArn, ...thresholds } = values;
    const { oldestMessageAgeSeconds } = thresholds;
    // An age the queue never reaches: SQS deletes the message first, and the alarm never goes off.
    routes.forEach((route, i) => {
        if (oldestMessageAgeSeconds !== undefined && !route.existingQueue && oldestMessageAgeSeconds >= route.queue.messageRetentionSeconds) {
            check.problem(`${check.key("alarms.oldestMessageAgeSeconds")} (${oldestMessageAgeSeconds}) must be less than `
                + `${check.key(routeKey(i, "queue.messageRetentionSeconds"))} (${route.queue.messageRetentionSeconds}): SQS deletes a message at that age, so the alarm would never go off`);
        }
    });
    return { ...destination, deadLettersOnly: false, ...thresholds };
}

/** The age at which a queue's oldest message pages someone: the given one, or a quarter of the queue's retention. */
export function oldestMessageAgeThreshold(alarms: AlarmSettings, messageRetentionSeconds: number): number {
    return alarms.oldestMessageAgeSeconds ?? Math.floor(messageRetentionSeconds / 4);
}
