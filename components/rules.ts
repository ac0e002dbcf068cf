// The rules a queue's and a route's settings must follow beyond each value's own declaration:
// SQS's and API Gateway's limits that tie several values together, written out so that bad input
// is refused before anything is created.
import {
    AttributeSource,
    Authorization,
    CONTEXT_VALUES,
    ContextValue,
    ExistingQueueArgs,
    FrontDoorSettings,
    MAX_ATTRIBUTES,
    QueueSettings,
    RESERVED_ATTRIBUTES,
    RouteSettings,
} from "./args";
import { CALLER_ATTRIBUTE, callerAttributeSource } from "./caller";
import { Checker, isPlainObject, show } from "./checks";
import { resolveConsumer } from "./consumerRules";
import { EXISTING_QUEUE_FIELDS, HEADER_NAME, PATH_PARAMETER, PATH_SEGMENT, QUEUE_FIELDS, ROUTE_FIELDS, SETTINGS } from "./declarations";
import { resolveRouteDoor } from "./frontDoor";
import { MESSAGE_GROUP_KEYS, resolveMessageGroup } from "./messageGroup";
import { modelName, routePrefix, slug } from "./naming";
import { schemaProblems } from "./requestSchema";


export const KNOWN_KEYS = {
    top: Object.keys(SETTINGS),
    route: Object.keys(ROUTE_FIELDS),
    existingQueue: Object.keys(EXISTING_QUEUE_FIELDS),
    attribute: ["header", "query", "pathParameter", "context", "dataType"],
    messageGroupId: MESSAGE_GROUP_KEYS,
    queue: Object.keys(QUEUE_FIELDS),
};

/** The keys that describe the single route; with `routes` each route has its own. */
export const SINGLE_ROUTE_KEYS: readonly string[] = Object.entries(SETTINGS)
    .filter(([, declaration]) => declaration.scope === "single-route").map(([key]) => key);

/** A queue's settings with defaults applied; `name` is where it sits (`queue`, `routes[1].queue`). */
export function resolveQueue(check: Checker, value: unknown, name: string): QueueSettings {
    const queueIn = check.record(value, name, KNOWN_KEYS.queue);
    const at = (k: string) => `${name}.${k}`;
    const queue: QueueSettings = {
        messageRetentionSeconds: check.declared(queueIn.messageRetentionSeconds, at("messageRetentionSeconds")),
        visibilityTimeoutSeconds: check.declared(queueIn.visibilityTimeoutSeconds, at("visibilityTimeoutSeconds")),
        maxMessageSize: check.declared(queueIn.maxMessageSize, at("maxMessageSize")),
        maxReceiveCount: check.declared(queueIn.maxReceiveCount, at("maxReceiveCount")),
        deadLetterRetentionSeconds: check.declared(queueIn.deadLetterRetentionSeconds, at("deadLetterRetentionSeconds")),
        encryption: check.declared(queueIn.encryption, at("encryption")),
        fifo: check.declared(queueIn.fifo, at("fifo")),
        contentBasedDeduplication: check.declared(queueIn.contentBasedDeduplication, at("contentBasedDeduplication")),
        ...(queueIn.kmsKeyArn === undefined ? {} : { kmsKeyArn: check.declared<string>(queueIn.kmsKeyArn, at("kmsKeyArn"), "") }),
    };
    if (queue.contentBasedDeduplication && !queue.fifo) {
        check.problem(`${check.key(at("contentBasedDeduplication"))} is for FIFO queues only: set ${check.key(at("fifo"))} true, or remove it`);
    }
    if (queue.kmsKeyArn !== undefined && queue.encryption !== "kms") {
        check.problem(`${check.key(at("kmsKeyArn"))} is used only with ${check.key(at("encryption"))} kms, `
            + `got encryption ${show(queue.encryption)}`);
    }
    // A message keeps its first enqueue time when it moves to the dead-letter queue, so a DLQ that
    // keeps messages for less time than the queue can drop them the moment they arrive.
    if (queueIn.deadLetterRetentionSeconds !== undefined && queue.deadLetterRetentionSeconds < queue.messageRetentionSeconds) {
        check.problem(`${check.key(at("deadLetterRetentionSeconds"))} must be at least `
            + `${check.key(at("messageRetentionSeconds"))} (${queue.messageRetentionSeconds}), `
            + `got ${show(queue.deadLetterRetentionSeconds)}`);
    }
    return queue;
}

/** Checks a route path of one or more segments, each a name or a `{parameter}`. */
function routePath(check: Checker, value: unknown, name: string): string {
    const segments = typeof value === "string" ? value.split("/") : [];
    if (segments.length === 0 || segments.some((s) => !PATH_SEGMENT.test(s) && !PATH_PARAMETER.test(s))) {
        check.problem(`${check.key(name)} must be ${ROUTE_FIELDS.path.allowed}, with no leading or trailing '/', got ${show(value)}`);
    }
    const parameters = segments.filter((s) => PATH_PARAMETER.test(s));
    const repeated = parameters.find((p, i) => parameters.indexOf(p) !== i);
    if (repeated) {
        check.problem(`${check.key(name)} names the parameter ${repeated} twice; each parameter of a path needs its own name`);
    }
    return String(value);
}

function resolveExistingQueue(check: Checker, value: unknown, name: string): ExistingQueueArgs | undefined {
    if (value === undefined) {
        return undefined;
    }
    const spec = check.record(value, name, KNOWN_KEYS.existingQueue);
    const arn = check.declared<string>(spec.arn, `${name}.arn`, "");
    if (spec.arn === undefined && isPlainObject(value)) {
        check.problem(`${check.key(`${name}.arn`)} is required`);
    }
    const kmsKeyArn = spec.kmsKeyArn === undefined ? undefined : check.declared<string>(spec.kmsKeyArn, `${name}.kmsKeyArn`, "");
    if (arn && kmsKeyArn && arn.split(":")[1] !== kmsKeyArn.split(":")[1]) {
        check.problem(`${check.key(`${name}.kmsKeyArn`)} must be in the queue's partition (${arn.split(":")[1]}), got ${show(kmsKeyArn)}`);
    }
    const visibilityTimeoutSeconds = check.declared<number | undefined>(spec.visibilityTimeoutSeconds, `${name}.visibilityTimeoutSeconds`);
    return arn ? { arn, ...(kmsKeyArn ? { kmsKeyArn } : {}), ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }) } : undefined;
}

// SQS's rules for attribute names: letters, digits, '_', '-', '.'; no leading, trailing or double
// period; not starting with AWS. or Amazon.; up to 256 characters.
const ATTRIBUTE_NAME = /^(?![Aa][Ww][Ss]\.|[Aa][Mm][Aa][Zz][Oo][Nn]\.)(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
const QUERY_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** `a, b and c`. */
const listed = (names: readonly string[], last: string) => `${names.slice(0, -1).join(", ")} ${last} ${names.at(-1)}`;

/**
 * A route's extra message attributes, in the order given. `caller` is the context value the API
 * sends as the caller attribute on this route, which takes one of SQS's 10 places.
 */
function resolveAttributes(check: Checker, value: unknown, name: string, path: string, caller: ContextValue | undefined): RouteSettings["messageAttributes"] {
    if (value === undefined) {
        return {};
    }
    if (!isPlainObject(value)) {
        check.problem(`${check.key(name)} must be an object of attributes by name, got ${show(value)}`);
        return {};
    }
    const entries = Object.entries(value);
    const carried = caller ? [...RESERVED_ATTRIBUTES, CALLER_ATTRIBUTE] : RESERVED_ATTRIBUTES;
    const room = MAX_ATTRIBUTES - carried.length;
    if (entries.length > room) {
        check.problem(`${check.key(name)} has ${entries.length} attributes; SQS takes at most ${MAX_ATTRIBUTES} per message, `
            + `and ${listed(carried, "and")} are always among them${caller ? ` (${CALLER_ATTRIBUTE}: the route's authenticated caller, ${caller})` : ""}, `
            + `so at most ${room} here`);
    }
    // The caller's name is the API's on every route, so that a worker can trust it wherever it finds it.
    const reserved = [...RESERVED_ATTRIBUTES, CALLER_ATTRIBUTE];
    return Object.fromEntries(entries.map(([attribute, spec]) => {
        const at = `${name}.${attribute}`;
        if (!ATTRIBUTE_NAME.test(attribute) || reserved.includes(attribute)) {
            check.problem(`${check.key(at)}: an attribute name must be 1 to 256 letters, digits, '_', '-' or '.', not start `
                + `with AWS. or Amazon., have no leading, trailing or double '.', and not be ${listed(reserved, "or")}`);
        }
        const source = check.record(spec, at, KNOWN_KEYS.attribute);
        const given = ["header", "query", "pathParameter", "context"].filter((k) => source[k] !== undefined);
        if (isPlainObject(spec) && given.length !== 1) {
            check.problem(`${check.key(at)} must have exactly one of header, query, pathParameter, context, got ${show(spec)}`);
        }
        if (source.header !== undefined) {
            check.matching(source.header, `${at}.header`, HEADER_NAME, "a header name of letters, digits and '-'", "");
        }
        if (source.query !== undefined) {
            check.matching(source.query, `${at}.query`, QUERY_NAME, "a query parameter name of letters, digits, '_', '.' or '-'", "");
        }
        if (source.pathParameter !== undefined && !path.split("/").includes(`{${String(source.pathParameter)}}`)) {
            check.problem(`${check.key(`${at}.pathParameter`)} must name a parameter of the path ${show(path)}, got ${show(source.pathParameter)}`);
        }
        if (source.context !== undefined) {
            check.oneOf(source.context, `${at}.context`, Object.keys(CONTEXT_VALUES), "sourceIp");
        }
        check.oneOf(source.dataType, `${at}.dataType`, ["String", "Number"], "String");
        // A context value (an IP address, an ARN) is never a number: SQS would refuse every message.
        if (source.context !== undefined && source.dataType === "Number") {
            check.problem(`${check.key(`${at}.dataType`)} must be String for a context value, got "Number"`);
        }
        return [attribute, source as AttributeSource];
    }));
}

function resolveSchema(check: Checker, value: unknown, name: string): Record<string, unknown> | undefined {
    if (value === undefined) {
        return undefined;
    }
    for (const problem of schemaProblems(value)) {
        check.problem(`${check.key(name)} is not a JSON Schema API Gateway can use: ${problem}`);
    }
    return isPlainObject(value) ? value : undefined;
}

/** What a route is read from: its settings, and how its keys are named in messages. */
interface RouteSource {
    readonly values: Record<string, unknown>;
    /** The key of one of the route's settings: `queue` for the single route, `routes[1].queue` for a listed one. */
    readonly at: (key: string) => string;
    readonly nameFragment: (key: string) => string;
    /** The single route's path is one segment; a listed route's may be nested, with parameters. */
    readonly path: (check: Checker, value: unknown) => string;
}

/** Where the stack is: its region, when known, and the program's folder (a consumer's code is found from it). */
export interface Surroundings {
    readonly region?: string;
    readonly root: string;
}

function resolveRoute(check: Checker, source: RouteSource, apiAuthorization: Authorization, frontDoor: FrontDoorSettings,
    surroundings: Surroundings): RouteSettings {
    const { values: route, at } = source;
    const path = source.path(check, route.path);
    const method = check.declared<RouteSettings["method"]>(route.method, at("method"), "POST");
    const existingQueue = resolveExistingQueue(check, route.existingQueue, at("existingQueue"));
    if (existingQueue && route.queue !== undefined) {
        check.problem(`${check.key(at("queue"))} is for a new queue; ${check.key(at("existingQueue"))} names one that exists: give one of them`);
    }
    // An existing queue is FIFO exactly when its name says so.
    const queue = existingQueue
        ? { ...resolveQueue(new Checker(""), undefined, "queue"), fifo: existingQueue.arn.endsWith(".fifo") }
        : resolveQueue(check, route.queue, at("queue"));
    const requestSchema = resolveSchema(check, route.requestSchema, at("requestSchema"));
    const key = `${method} /${path}`;
    const authorization = check.declared<Authorization>(route.authorization, at("authorization"), apiAuthorization);
    const messageGroupId = resolveMessageGroup(check, route.messageGroupId, {
        name: at("messageGroupId"), queue, fifoKey: existingQueue ? at("existingQueue.arn") : at("queue.fifo"), path,
        schema: requestSchema, schemaKey: at("requestSchema"), authorization,
    });
    const consumer = resolveConsumer(check, route.consumer, { at, queue, existingQueue, ...surroundings });
    return {
        key,
        nameFragment: source.nameFragment(key),
        method,
        path,
        authorization,
        ...resolveRouteDoor(check, route, at, authorization, frontDoor),
        queue,
        ...(messageGroupId ? { messageGroupId } : {}),
        messageAttributes: resolveAttributes(check, route.messageAttributes, at("messageAttributes"), path,
            callerAttributeSource(authorization, messageGroupId)),
        ...(requestSchema ? { requestSchema } : {}),
        ...(existingQueue ? { existingQueue } : {}),
        ...(consumer ? { consumer } : {}),
    };
}

/**
 * The routes: those listed in `routes`, or the single route that `path`, `queue`, `messageGroupId`,
 * `messageAttributes` and `requestSchema` describe, as a one-element list. Nothing after this asks
 * which form was given: the single route differs only in its `nameFragment`, which is empty so
 * that its resources keep the names they have always had.
 */
export function resolveRoutes(check: Checker, top: Record<string, unknown>, authorization: Authorization,
    frontDoor: FrontDoorSettings, surroundings: Surroundings): RouteSettings[] {
    if (top.routes === undefined) {
        return [resolveRoute(check, {
            // The API's authorization is the single route's, and is checked once, as the API's.
            values: { ...top, authorization: undefined },
            at: (key) => key,
            nameFragment: () => "",
            path: (c, value) => c.declared(value, "path"),
        }, authorization, frontDoor, surroundings)];
    }
    for (const single of SINGLE_ROUTE_KEYS.filter((k) => top[k] !== undefined)) {
        check.problem(`${check.key(single)} describes the single route; with ${check.key("routes")}, set it in each route instead`);
    }
    const value = top.routes;
    if (!Array.isArray(value) || value.length === 0) {
        check.problem(`${check.key("routes")} must be a non-empty list of routes (objects with ${KNOWN_KEYS.route.join(", ")}), got ${show(value)}`);
        return [];
    }
    const routes = value.map((item, i) => {
        const values = check.record(item, `routes[${i}]`, KNOWN_KEYS.route);
        if (isPlainObject(item) && values.path === undefined) {
            check.problem(`${check.key(`routes[${i}].path`)} is required`);
        }
        return resolveRoute(check, {
            values,
            at: (key) => `routes[${i}].${key}`,
            nameFragment: slug,
            path: (c, path) => (path === undefined ? "" : routePath(c, path, `routes[${i}].path`)),
        }, authorization, frontDoor, surroundings);
    });
    checkRouteNames(check, routes);
    return routes;
}

/** Listed routes must not repeat a method and path, name one path position twice, or make the same resource names. */
function checkRouteNames(check: Checker, routes: readonly RouteSettings[]): void {
    // Resource names and model names are made from paths; two paths must not make the same one.
    const named = new Map<string, string>();
    routes.forEach((route, i) => {
        const segments = route.path.split("/");
        const fragments = [`route ${route.nameFragment}`, `model ${modelName(route.key)}`,
            ...segments.map((_, depth) => `resource ${slug(segments.slice(0, depth + 1).join("/"))}`)];
        const sources = [route.key, route.key, ...segments.map((_, depth) => `/${segments.slice(0, depth + 1).join("/")}`)];
        fragments.forEach((fragment, k) => {
            const other = named.get(fragment);
            if (other !== undefined && other !== sources[k]) {
                check.problem(`${check.key(`routes[${i}].path`)}: ${sources[k]} and ${other} would give resources the same name (${fragment}); `
                    + "paths must differ in more than case and punctuation");
            }
            named.set(fragment, other ?? sources[k]);
        });
    });
    const seen = new Map<string, number>();
    const parameterAt = new Map<string, string>();
    routes.forEach((route, i) => {
        const first = seen.get(route.key);
        if (first !== undefined) {
            check.problem(`${check.key(`routes[${i}]`)} repeats ${route.key} of ${check.key(`routes[${first}]`)}: each method and path may appear once`);
        }
        seen.set(route.key, first ?? i);
        // API Gateway allows one parameter name per position: stores/{id} and stores/{storeId} cannot both exist.
        const segments = route.path.split("/");
        segments.forEach((segment, depth) => {
            if (!PATH_PARAMETER.test(segment)) {
                return;
            }
            const parent = segments.slice(0, depth).join("/");
            const other = parameterAt.get(parent);
            if (other !== undefined && other !== segment) {
                check.problem(`${check.key(`routes[${i}].path`)} uses ${segment} where another route uses ${other} (below /${parent}): `
                    + "one parameter name per position");
            }
            parameterAt.set(parent, other ?? segment);
        });
    });
}

/** How long a name AWS takes, and where the provider's names for this stack's resources come from. */
const NAME_LIMITS = { queue: 80, "Lambda function": 64, "IAM role": 64 } as const;

/**
 * The names the provider gives the resources the stack names after the component and a route are
 * `<child name>-<7 random characters>` (and a FIFO queue's `….fifo` after that), and AWS refuses
 * one too long: SQS takes queue names of at most 80 characters, Lambda function and IAM role names
 * of at most 64. Checked before anything is created, so a long path or component name is refused
 * here rather than half-way through a deploy.
 */
export function checkNameLengths(check: Checker, componentName: string, routes: readonly RouteSettings[], listed: boolean): void {
    const tooLong = (key: string | undefined, kind: keyof typeof NAME_LIMITS, child: string, suffix = "") => {
        const length = child.length + 8 + suffix.length;
        if (length > NAME_LIMITS[kind]) {
            check.problem(`${key === undefined ? "the component's name" : check.key(key)} makes the ${kind}'s name ${child}-xxxxxxx${suffix} `
                + `${length} characters long, and AWS takes ${NAME_LIMITS[kind]}: shorten the component's name${key === undefined ? "" : " or the path"}`);
        }
    };
    tooLong(undefined, "IAM role", `${componentName}-role`);
    routes.forEach((route, i) => {
        const key = listed ? `routes[${i}]` : "path";
        const prefix = routePrefix(componentName, route.nameFragment);
        if (!route.existingQueue) {
            tooLong(key, "queue", `${prefix}-queue`, route.queue.fifo ? ".fifo" : "");
        }
        if (route.consumer) {
            tooLong(key, "Lambda function", `${prefix}-consumer-function`);
            tooLong(key, "IAM role", `${prefix}-consumer-role`);
        }
    });
}
