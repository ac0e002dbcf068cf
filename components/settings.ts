// The QueueApi component's settings: its arguments with defaults applied, checked as a whole.
// Nothing here touches Pulumi, so every rule can be tested directly and reused by the program to
// check stack config before a single resource is registered.
import { AUTHORIZATIONS, DEFAULTS, LOG_RETENTION_DAYS, QueueApiArgs, QueueApiSettings, RouteSettings } from "./args";
import { Checker, isPlainObject, show } from "./checks";
import {
    HEADER_NAME,
    KNOWN_KEYS,
    PATH_ALLOWED,
    PATH_SEGMENT,
    resolveAttributes,
    resolveMessageGroup,
    resolveQueue,
    resolveRoutes,
    resolveSchema,
    RULES,
    SNS_TOPIC_ARN,
    STAGE_NAME,
    withSchema,
} from "./rules";

export * from "./args";
export { SettingsError, show } from "./checks";
export { SETTING_KEYS } from "./rules";

/**
 * Applies defaults and checks every argument. `keyPrefix` is put in front of each key in the
 * messages: `orders:` when the values came from stack config, `""` for component arguments.
 * Throws a SettingsError naming each bad key, its value and what is allowed.
 */
export function resolveSettings(args: QueueApiArgs, keyPrefix = ""): QueueApiSettings {
    const check = new Checker(keyPrefix);
    const top = check.record(args, "", KNOWN_KEYS.top);
    const throttleIn = check.record(top.throttle, "throttle", KNOWN_KEYS.throttle);
    const logsIn = check.record(top.accessLogs, "accessLogs", KNOWN_KEYS.accessLogs);
    const alarmIn = check.record(top.deadLetterAlarm, "deadLetterAlarm", KNOWN_KEYS.deadLetterAlarm);
    const d = DEFAULTS;

    const queue = resolveQueue(check, top.queue, "queue");
    const tags = isPlainObject(top.tags) ? top.tags : {};
    if (!isPlainObject(top.tags) && top.tags !== undefined) {
        check.problem(`${check.key("tags")} must be an object of string values, got ${show(top.tags)}`);
    }
    for (const [name, value] of Object.entries(tags)) {
        if (typeof value !== "string") {
            check.problem(`${check.key(`tags.${name}`)} must be a string, got ${show(value)}`);
        }
    }

    const authorization = check.oneOf(top.authorization, "authorization", AUTHORIZATIONS, d.authorization);
    const path = check.matching(top.path, "path", PATH_SEGMENT, PATH_ALLOWED, d.path);
    const routes = resolveRoutes(check, top.routes, authorization);
    const requestSchema = top.routes === undefined ? resolveSchema(check, top.requestSchema, "requestSchema") : undefined;
    const messageGroupId = top.routes === undefined
        ? resolveMessageGroup(check, top.messageGroupId, "messageGroupId", queue, "queue.fifo", path, requestSchema, "requestSchema") : undefined;
    const messageAttributes = top.routes === undefined ? resolveAttributes(check, top.messageAttributes, "messageAttributes", path) : {};
    if (top.routes !== undefined) {
        for (const single of ["path", "queue", "messageGroupId", "messageAttributes", "requestSchema"].filter((k) => top[k] !== undefined)) {
            check.problem(`${check.key(single)} describes the single route; with ${check.key("routes")}, set it in each route instead`);
        }
    }

    const settings: QueueApiSettings = {
        path,
        authorization,
        queue,
        ...(routes ? { routes } : {}),
        ...(messageGroupId ? { messageGroupId } : {}),
        ...(Object.keys(messageAttributes).length > 0 ? { messageAttributes } : {}),
        ...withSchema(requestSchema),
        idempotencyHeader: check.matching(top.idempotencyHeader, "idempotencyHeader", HEADER_NAME,
            "a header name of letters, digits and '-'", d.idempotencyHeader),
        stageName: check.matching(top.stageName, "stageName", STAGE_NAME, "1 to 128 letters, digits, '_' or '-'", d.stageName),
        throttle: {
            rateLimit: check.integer(throttleIn.rateLimit, "throttle.rateLimit", RULES.rateLimit, d.throttle.rateLimit),
            burstLimit: check.integer(throttleIn.burstLimit, "throttle.burstLimit", RULES.burstLimit, d.throttle.burstLimit),
        },
        accessLogs: {
            enabled: check.boolean(logsIn.enabled, "accessLogs.enabled", d.accessLogs.enabled),
            retentionInDays: check.oneOf(logsIn.retentionInDays, "accessLogs.retentionInDays", LOG_RETENTION_DAYS,
                d.accessLogs.retentionInDays),
        },
        manageCloudWatchRole: check.boolean(top.manageCloudWatchRole, "manageCloudWatchRole", d.manageCloudWatchRole),
        protectQueues: check.boolean(top.protectQueues, "protectQueues", d.protectQueues),
        deadLetterAlarm: {
            enabled: check.boolean(alarmIn.enabled, "deadLetterAlarm.enabled", d.deadLetterAlarm.enabled),
            ...(alarmIn.snsTopicArn === undefined ? {} : {
                snsTopicArn: check.matching(alarmIn.snsTopicArn, "deadLetterAlarm.snsTopicArn", SNS_TOPIC_ARN,
                    "an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)", ""),
            }),
        },
        tags: tags as Record<string, string>,
    };
    check.finish();
    return settings;
}

/** The API's routes: those listed in `routes`, or the single route `path` and `queue` describe. */
export function routesOf(settings: QueueApiSettings): readonly RouteSettings[] {
    return settings.routes ?? [{
        key: `POST /${settings.path}`,
        method: "POST",
        path: settings.path,
        authorization: settings.authorization,
        queue: settings.queue,
        ...(settings.messageGroupId ? { messageGroupId: settings.messageGroupId } : {}),
        messageAttributes: settings.messageAttributes ?? {},
        ...withSchema(settings.requestSchema as Record<string, unknown> | undefined),
    }];
}
