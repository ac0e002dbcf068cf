// Where the alarms send, and their thresholds: `alarms`, or the older `deadLetterAlarm` (the
// dead-letter alarm alone, as it always was). An alarm pages someone or is refused, since an alarm
// nobody receives is a dead letter nobody reads.
import { AlarmSettings, RouteSettings } from "./args";
import { Checker, show } from "./checks";
import { SETTINGS } from "./declarations";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** Where alarms go, as `alarms` and `deadLetterAlarm` both say it. */
interface Destination {
    readonly enabled: boolean;
    readonly snsTopicArn?: string;
    readonly subscribers: readonly string[];
}

/**
 * A topic, or subscribers of a topic the stack creates; on exactly when one of them is given, and
 * refused when switched on without either. `name` is the setting that says it.
 */
function resolveDestination(check: Checker, alarmIn: Record<string, unknown>, name: "alarms" | "deadLetterAlarm", needed: boolean): Destination {
    const snsTopicArn = alarmIn.snsTopicArn === undefined ? undefined : check.declared<string>(alarmIn.snsTopicArn, `${name}.snsTopicArn`, "");
    let subscribers: string[] = [];
    if (alarmIn.subscribers !== undefined) {
        if (!Array.isArray(alarmIn.subscribers) || alarmIn.subscribers.length === 0) {
            check.problem(`${check.key(`${name}.subscribers`)} must be a non-empty list of email addresses and HTTPS URLs, `
                + `got ${show(alarmIn.subscribers)}`);
        } else {
            subscribers = alarmIn.subscribers.filter((endpoint, i) => {
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
        }
    }
    const destinations = alarmIn.snsTopicArn !== undefined || alarmIn.subscribers !== undefined;
    const enabled = check.declared<boolean>(alarmIn.enabled, `${name}.enabled`, destinations);
    const what = name === "alarms" ? "the alarms" : "the alarm";
    if (alarmIn.snsTopicArn !== undefined && alarmIn.subscribers !== undefined) {
        check.problem(`${check.key(`${name}.snsTopicArn`)} and ${check.key(`${name}.subscribers`)} are two ways to be `
            + "notified: give the topic (its subscriptions are its owner's) or the subscribers (the stack creates the topic), not both");
    } else if (enabled && !destinations && needed) {
        check.problem(`${check.key(`${name}.enabled`)} is true, but ${what} would notify no one: give `
            + `${check.key(`${name}.snsTopicArn`)} (an existing SNS topic) or ${check.key(`${name}.subscribers`)} `
            + "(email addresses or HTTPS URLs), or set it false");
    }
    return { enabled: enabled && needed, ...(snsTopicArn ? { snsTopicArn } : {}), subscribers };
}

/**
 * The alarms: `alarms` (every alarm of every route), or the older `deadLetterAlarm` (the
 * dead-letter alarm alone, so that a stack that has it keeps exactly what it had). Not both.
 */
export function resolveAlarms(check: Checker, top: Record<string, unknown>, routes: readonly RouteSettings[]): AlarmSettings {
    const thresholds = {
        serverErrorPercent: SETTINGS.alarms.fields.serverErrorPercent.default,
        latencyP99Milliseconds: SETTINGS.alarms.fields.latencyP99Milliseconds.default,
        consumerErrors: SETTINGS.alarms.fields.consumerErrors.default,
        consumerThrottles: SETTINGS.alarms.fields.consumerThrottles.default,
    };
    if (top.deadLetterAlarm !== undefined && top.alarms === undefined) {
        const legacy = check.declared<Record<string, unknown>>(top.deadLetterAlarm, "deadLetterAlarm");
        const destination = resolveDestination(check, legacy, "deadLetterAlarm", routes.some((r) => !r.existingQueue));
        return { ...destination, deadLettersOnly: true, ...thresholds };
    }
    if (top.deadLetterAlarm !== undefined) {
        check.problem(`${check.key("deadLetterAlarm")} and ${check.key("alarms")} both say where alarms go: move deadLetterAlarm's `
            + `enabled, snsTopicArn and subscribers into ${check.key("alarms")} (they keep their names and the topic they create) `
            + "and remove deadLetterAlarm");
    }
    const alarmIn = check.declared<Record<string, unknown>>(top.alarms, "alarms");
    const destination = resolveDestination(check, alarmIn, "alarms", true);
    const at = (field: string) => `alarms.${field}`;
    const oldestMessageAgeSeconds = check.declared<number | undefined>(alarmIn.oldestMessageAgeSeconds, at("oldestMessageAgeSeconds"));
    // An age the queue never reaches: SQS deletes the message first, and the alarm never goes off.
    routes.forEach((route, i) => {
        if (oldestMessageAgeSeconds !== undefined && !route.existingQueue && oldestMessageAgeSeconds >= route.queue.messageRetentionSeconds) {
            const retention = route.nameFragment ? `routes[${i}].queue.messageRetentionSeconds` : "queue.messageRetentionSeconds";
            check.problem(`${check.key(at("oldestMessageAgeSeconds"))} (${oldestMessageAgeSeconds}) must be less than `
                + `${check.key(retention)} (${route.queue.messageRetentionSeconds}): SQS deletes a message at that age, so the alarm would never go off`);
        }
    });
    return {
        ...destination,
        deadLettersOnly: false,
        ...(oldestMessageAgeSeconds === undefined ? {} : { oldestMessageAgeSeconds }),
        serverErrorPercent: check.declared(alarmIn.serverErrorPercent, at("serverErrorPercent")),
        latencyP99Milliseconds: check.declared(alarmIn.latencyP99Milliseconds, at("latencyP99Milliseconds")),
        consumerErrors: check.declared(alarmIn.consumerErrors, at("consumerErrors")),
        consumerThrottles: check.declared(alarmIn.consumerThrottles, at("consumerThrottles")),
    };
}

/** The age at which a queue's oldest message pages someone: the given one, or a quarter of the queue's retention. */
export function oldestMessageAgeThreshold(alarms: AlarmSettings, messageRetentionSeconds: number): number {
    return alarms.oldestMessageAgeSeconds ?? Math.floor(messageRetentionSeconds / 4);
}
