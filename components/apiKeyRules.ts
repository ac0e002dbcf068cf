// API keys: the clients of `apiKeys`, each with a key and a usage plan, and whether a route asks
// callers for a key (by default, exactly when there are clients to give one to).
import { Checker, isPlainObject, show } from "./checks";
import { walkObject } from "./fieldWalk";
import { CLIENT_FIELDS, FRONT_DOOR } from "./frontDoorDeclarations";
import { ApiClientSettings, RouteSettings } from "./settingsTypes";

/** The clients of `apiKeys`; none without it. */
export function resolveApiKeys(check: Checker, value: unknown): readonly ApiClientSettings[] {
    const { given } = walkObject(check, value, "apiKeys", FRONT_DOOR.apiKeys.type);
    if (value === undefined) {
        return [];
    }
    const list = given.clients;
    if (!Array.isArray(list) || list.length === 0) {
        check.problem(`${check.key("apiKeys.clients")} must be a non-empty list of clients (objects with name, quota, throttle), got ${show(list)}`);
        return [];
    }
    const clients = list.map((item, i) => resolveClient(check, item, `apiKeys.clients[${i}]`));
    const names = clients.map((c) => c.name.toLowerCase());
    const repeated = names.find((name, i) => name !== "" && names.indexOf(name) !== i);
    if (repeated !== undefined) {
        check.problem(`${check.key("apiKeys.clients")} names the client ${show(repeated)} twice (names are compared in any case)`);
    }
    return clients;
}

/** One client, its quota and its throttle each given whole, or refused. */
function resolveClient(check: Checker, item: unknown, at: string): ApiClientSettings {
    const { given, values: client } = walkObject(check, item, at, { fields: CLIENT_FIELDS });
    if (given.name === undefined && isPlainObject(item)) {
        check.problem(`${check.key(`${at}.name`)} is required`);
    }
    const quota = walkObject(check, given.quota, `${at}.quota`, CLIENT_FIELDS.quota.type);
    if (given.quota !== undefined && (quota.given.limit === undefined || quota.given.period === undefined)) {
        check.problem(`${check.key(`${at}.quota`)} needs both limit and period, got ${show(given.quota)}`);
    }
    const throttle = walkObject(check, given.throttle, `${at}.throttle`, CLIENT_FIELDS.throttle.type);
    if (given.throttle !== undefined && (throttle.given.rateLimit === undefined || throttle.given.burstLimit === undefined)) {
        check.problem(`${check.key(`${at}.throttle`)} needs both rateLimit and burstLimit, got ${show(given.throttle)}`);
    }
    const { limit, period } = quota.values;
    return {
        name: client.name ?? "",
        ...(limit !== undefined && period !== undefined ? { quota: { limit, period } } : {}),
        ...(given.throttle !== undefined ? { throttle: throttle.values } : {}),
    };
}

/** Whether a route asks for a key: as given, or exactly when there are clients; `at` names its keys in messages. */
export function resolveApiKeyRequired(check: Checker, given: boolean | undefined, at: (key: string) => string,
    clients: readonly ApiClientSettings[]): RouteSettings["apiKeyRequired"] {
    const apiKeyRequired = given ?? clients.length > 0;
    if (apiKeyRequired && clients.length === 0) {
        check.problem(`${check.key(at("apiKeyRequired"))} is true, but ${check.key("apiKeys.clients")} lists no client to give a key to`);
    }
    return apiKeyRequired;
}
