// Where a FIFO message's group comes from, checked before anything is created: a request value,
// a fixed value, or the authenticated caller, which binds a caller's messages (and so its
// idempotency keys, since the queue deduplicates per group) to a group no other caller can write.
import { Authorization, ContextValue, MessageGroupSource } from "./args";
import { Checker, isPlainObject, show } from "./checks";
import { Fields } from "./declarationKinds";
import { theOneGiven, walkValues } from "./fieldWalk";
import { CALLER_IDENTITY } from "./requestValues";
import { MESSAGE_GROUP } from "./routeDeclarations";
import { QueueSettings } from "./settingsTypes";

/** What a route's message group source is checked against. */
interface GroupContext {
    /** Where it is: `messageGroupId`, `routes[1].messageGroupId`. */
    readonly name: string;
    readonly queue: QueueSettings;
    /** The key that made the queue FIFO. */
    readonly fifoKey: string;
    readonly path: string;
    readonly schema: Readonly<Record<string, unknown>> | undefined;
    readonly schemaKey: string;
    readonly authorization: Authorization;
}

const GROUP_SOURCES = "a header, a bodyField, a pathParameter, a value or the caller's context";

/** A route's message group source: required with a FIFO queue, refused without one. */
export function resolveMessageGroup(check: Checker, value: unknown, group: GroupContext): MessageGroupSource | undefined {
    const { name, queue, fifoKey, path, schema, schemaKey } = group;
    if (value === undefined) {
        if (queue.fifo) {
            check.problem(`${check.key(name)} is required with a FIFO queue (${check.key(fifoKey)}): give ${GROUP_SOURCES}`);
        }
        return undefined;
    }
    if (!queue.fifo) {
        check.problem(`${check.key(name)} is for FIFO queues only: set ${check.key(fifoKey)} true, or remove it`);
    }
    const given = check.record(value, name, Object.keys(MESSAGE_GROUP.type.fields));
    const kind = isPlainObject(value) ? theOneGiven(check, value, given, name, MESSAGE_GROUP.type) : undefined;
    if (isPlainObject(value) && kind === undefined) {
        return undefined;
    }
    if (kind === "context") {
        checkCallerGroup(check, given.context, `${name}.context`, group.authorization);
    } else if (kind) {
        // Only the source given is checked: a second one is already refused.
        walkValues(check, given, (field) => `${name}.${field}`, { [kind]: (MESSAGE_GROUP.type.fields as Fields)[kind] });
        const field = String(given[kind]);
        if (kind === "pathParameter" && !path.split("/").includes(`{${field}}`)) {
            check.problem(`${check.key(`${name}.pathParameter`)} must name a parameter of the path ${show(path)}, got ${show(given[kind])}`);
        }
        // Only API Gateway's body check can answer a request without the field (or without a JSON body) with 400 before SQS.
        const properties = (schema?.properties ?? {}) as Record<string, { type?: unknown }>;
        if (kind === "bodyField" && !(schema?.type === "object" && Array.isArray(schema.required) && schema.required.includes(field)
            && properties[field]?.type === "string")) {
            check.problem(`${check.key(`${name}.bodyField`)} ${show(field)} needs ${check.key(schemaKey)} to require it as a string `
                + `(type object, ${show(field)} in required, properties.${field}.type string), so that a request without it is answered 400 before SQS`);
        }
    }
    return given as MessageGroupSource;
}

/**
 * A group bound to the caller: the context value that names the route's authenticated caller,
 * which API Gateway sets and no client can choose. An open route has no caller to bind to.
 */
function checkCallerGroup(check: Checker, value: unknown, key: string, authorization: Authorization): void {
    const bound = Object.entries(CALLER_IDENTITY).filter((entry): entry is [Authorization, ContextValue] => entry[1] !== undefined);
    const expected = CALLER_IDENTITY[authorization];
    if (!bound.some(([, identity]) => identity === value)) {
        check.problem(`${check.key(key)} must name the authenticated caller: ${bound.map(([a, v]) => `${v} (${a})`).join(", ")}, got ${show(value)}`);
    } else if (expected === undefined) {
        const authorizations = bound.map(([a]) => a);
        check.problem(`${check.key(key)} binds the group to the authenticated caller, but the route's authorization is ${authorization}: `
            + `anyone may call it, so there is no caller to bind to; give the route ${authorizations.slice(0, -1).join(", ")} or ${authorizations.at(-1)}`);
    } else if (value !== expected) {
        check.problem(`${check.key(key)} ${show(value)} names no caller of this route (authorization ${authorization}): its caller is ${expected}`);
    }
}
