// The routes: the single route or those listed, normalised at the edge into one list of inputs
// that say where each route's keys are, then each resolved alike. Nothing after this file asks
// which form was given: the single route differs only in its `nameFragment`, which is empty so that
// its resources keep the names they have always had (and so is a listed route's that takes them,
// `singleRouteNames`); messages ask `isListed` where its keys are.
import { resolveApiKeyRequired } from "./apiKeyRules";
import { carriedAttributes, resolveAttributes } from "./attributeRules";
import { Authorization } from "./args";
import { checkContentTypes, resolveBatch } from "./bodyRules";
import { callerAttributeSource } from "./caller";
import { Checker, isPlainObject, show } from "./checks";
import { resolveConsumer } from "./consumerRules";
import { SETTINGS, SINGLE_ROUTE_KEYS } from "./declarations";
import { Fields, Resolved } from "./declarationKinds";
import { walkValues } from "./fieldWalk";
import { resolveMessageGroup } from "./messageGroup";
import { modelName, slug } from "./naming";
import { PATH_PARAMETER } from "./patterns";
import { DEFAULT_QUEUE, resolveExistingQueue, resolveQueue } from "./queueRules";
import { schemaProblems } from "./requestSchema";
import { ROUTE_TYPE } from "./routeDeclarations";
import { ApiClientSettings, RouteSettings } from "./settingsTypes";

/** A route as given: its values, and where its keys are, for the messages. */
export interface RouteInput {
    /** The route's values, checked for keys a route does not take, and for a path where one is required. */
    readonly read: (check: Checker) => Readonly<Record<string, unknown>>;
    /** The key of one of the route's settings: `queue` for the single route, `routes[1].queue` for a listed one. */
    readonly at: (key: string) => string;
    /** The key that names the route itself: `path` for the single route, `routes[1]` for a listed one. */
    readonly name: string;
    readonly nameFragment: (key: string) => string;
    /** The route's own fields: the single route's path is one segment, with a default; a listed route's may be nested, with parameters. */
    readonly fields: Fields;
}

type RouteFields = typeof ROUTE_TYPE.fields;
const SINGLE_ROUTE_FIELDS: Fields = { ...ROUTE_TYPE.fields, path: SETTINGS.path };

/**
 * The routes as given: those listed in `routes`, or the single route that the top-level `path`,
 * `queue`, `messageGroupId`, `messageAttributes`, `requestSchema`, `contentTypes`, `batch` and `consumer` describe, as a
 * one-element list.
 */
export function routeInputs(check: Checker, top: Readonly<Record<string, unknown>>): RouteInput[] {
    if (top.routes === undefined) {
        // The API's authorization is the single route's, and is checked once, as the API's.
        const values = { ...top, authorization: undefined };
        return [{ read: () => values, at: (key) => key, name: "path", nameFragment: () => "", fields: SINGLE_ROUTE_FIELDS }];
    }
    for (const single of SINGLE_ROUTE_KEYS.filter((k) => top[k] !== undefined)) {
        check.problem(`${check.key(single)} describes the single route; with ${check.key("routes")}, set it in each route instead`);
    }
    const value = top.routes;
    const known = Object.keys(ROUTE_TYPE.fields);
    if (!Array.isArray(value) || value.length === 0) {
        check.problem(`${check.key("routes")} must be a non-empty list of routes (objects with ${known.join(", ")}), got ${show(value)}`);
        return [];
    }
    return value.map((item, i) => ({
        read: (c: Checker) => {
            const values = c.record(item, `routes[${i}]`, known);
            if (isPlainObject(item) && values.path === undefined) {
                c.problem(`${c.key(`routes[${i}].path`)} is required`);
            }
            return values;
        },
        at: (key: string) => `routes[${i}].${key}`,
        name: `routes[${i}]`,
        nameFragment: slug,
        fields: ROUTE_TYPE.fields,
    }));
}

/** A path's parameters name each position once. */
function checkPathParameters(check: Checker, path: string, key: string): void {
    const parameters = path.split("/").filter((s) => PATH_PARAMETER.test(s));
    const repeated = parameters.find((p, i) => parameters.indexOf(p) !== i);
    if (repeated) {
        check.problem(`${check.key(key)} names the parameter ${repeated} twice; each parameter of a path needs its own name`);
    }
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

/** Where the stack is: its region, when known, and the program's folder (a consumer's code is found from it). */
export interface Surroundings {
    readonly region?: string;
    readonly root: string;
}

/** What every route is resolved with besides its own settings. */
export interface RouteContext extends Surroundings {
    readonly authorization: Authorization;
    readonly apiClients: readonly ApiClientSettings[];
}

function resolveRoute(check: Checker, input: RouteInput, context: RouteContext): RouteSettings {
    const { at } = input;
    const route = input.read(check);
    const own = walkValues(check, route, at, input.fields) as Resolved<RouteFields>;
    // A path that is refused is still the route's name in the messages that follow.
    const path = own.path ?? (route.path === undefined ? "" : String(route.path));
    checkPathParameters(check, path, at("path"));
    const existingQueue = resolveExistingQueue(check, route.existingQueue, at("existingQueue"));
    if (existingQueue && route.queue !== undefined) {
        check.problem(`${check.key(at("queue"))} is for a new queue; ${check.key(at("existingQueue"))} names one that exists: give one of them`);
    }
    // An existing queue is FIFO exactly when its name says so.
    const queue = existingQueue ? { ...DEFAULT_QUEUE, fifo: existingQueue.arn.endsWith(".fifo") } : resolveQueue(check, route.queue, at("queue"));
    const requestSchema = resolveSchema(check, route.requestSchema, at("requestSchema"));
    const key = `${own.method} /${path}`;
    const authorization = own.authorization ?? context.authorization;
    const messageGroupId = resolveMessageGroup(check, route.messageGroupId, {
        name: at("messageGroupId"), queue, fifoKey: existingQueue ? at("existingQueue.arn") : at("queue.fifo"), path,
        schema: requestSchema, schemaKey: at("requestSchema"), authorization,
    });
    const body = { at, contentTypes: own.contentTypes, schema: requestSchema, messageGroupId };
    checkContentTypes(check, body);
    const batch = resolveBatch(check, route.batch, body);
    const consumer = resolveConsumer(check, route.consumer, { at, queue, existingQueue, ...context });
    if (route.oauthScopes !== undefined && authorization !== "COGNITO_USER_POOLS") {
        check.problem(`${check.key(at("oauthScopes"))} is for COGNITO_USER_POOLS routes, and this route's authorization is ${show(authorization)}`);
    }
    return {
        ...own,
        key,
        nameFragment: own.singleRouteNames ? "" : input.nameFragment(key),
        path,
        authorization,
        apiKeyRequired: resolveApiKeyRequired(check, own.apiKeyRequired, at, context.apiClients),
        queue,
        ...(messageGroupId ? { messageGroupId } : {}),
        messageAttributes: resolveAttributes(check, route.messageAttributes, at("messageAttributes"), path,
            carriedAttributes(callerAttributeSource(authorization, messageGroupId), own.contentTypes)),
        ...(requestSchema ? { requestSchema } : {}),
        ...(batch ? { batch } : {}),
        ...(existingQueue ? { existingQueue } : {}),
        ...(consumer ? { consumer } : {}),
    };
}

/** Each route resolved; listed routes are also checked against each other. */
export function resolveRoutes(check: Checker, inputs: readonly RouteInput[], context: RouteContext): RouteSettings[] {
    const routes = inputs.map((input) => resolveRoute(check, input, context));
    checkSingleRouteNames(check, routes);
    checkRouteNames(check, routes);
    return routes;
}

/** Whether a route was listed in `routes`, its settings' keys under `routes[i]`, rather than given as the single route. */
export const isListed = (route: RouteSettings) => route.nameFragment !== "" || route.singleRouteNames;

/**
 * The single route's names go to one listed route at most, and only to a path the single route
 * could have: its resources, its path's included, are then the single route's, under the same URNs.
 */
function checkSingleRouteNames(check: Checker, routes: readonly RouteSettings[]): void {
    const named = routes.flatMap((route, i) => (route.singleRouteNames ? [i] : []));
    for (const i of named.slice(1)) {
        check.problem(`${check.key(`routes[${i}].singleRouteNames`)} is true, and so is ${check.key(`routes[${named[0]}].singleRouteNames`)}: `
            + "one route at most can take the single route's resource names");
    }
    for (const i of named.filter((n) => routes[n].path.includes("/"))) {
        check.problem(`${check.key(`routes[${i}].singleRouteNames`)} is for a path of one segment, as the single route's is, got `
            + `${check.key(`routes[${i}].path`)} ${show(routes[i].path)}: give it the single route's path, or leave singleRouteNames unset`);
    }
}

/** Routes must not repeat a method and path, name one path position twice, or make the same resource names. */
function checkRouteNames(check: Checker, routes: readonly RouteSettings[]): void {
    // Resource names and model names are made from paths; two paths must not make the same one.
    const named = new Map<string, string>();
    routes.forEach((route, i) => {
        const segments = route.path.split("/");
        // The single route's names (no fragment) go to one route at most, which checkSingleRouteNames checks.
        const fragments = [route.nameFragment ? `route ${route.nameFragment}` : "", `model ${modelName(route.key)}`,
            ...segments.map((_, depth) => `resource ${slug(segments.slice(0, depth + 1).join("/"))}`)];
        const sources = [route.key, route.key, ...segments.map((_, depth) => `/${segments.slice(0, depth + 1).join("/")}`)];
        fragments.forEach((fragment, k) => {
            if (!fragment) {
                return;
            }
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
