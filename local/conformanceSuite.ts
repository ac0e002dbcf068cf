// What every check of the conformance suite shares: the target (the local API or a deployed
// stack), the facts of each route read from the stack's program, a client that sends a request as
// the route needs it (its group header, API key, identity sources, SigV4 signature), a reader of
// the queue that touches only the suite's own messages, and the outcome of each check.
import { setTimeout as sleep } from "node:timers/promises";

import {
    ChangeMessageVisibilityCommand,
    DeleteMessageCommand,
    GetQueueAttributesCommand,
    type Message,
    ReceiveMessageCommand,
    SQSClient,
} from "@aws-sdk/client-sqs";
import Ajv from "ajv";
import draft04 from "ajv/lib/refs/json-schema-draft-04.json";

import { AWS_FIGURES } from "../components/awsFigures";
import { ApiModel, MethodModel, methodsOf, queueOfUri } from "./apiModel";
import { GroupSource, groupSourceOf, retriesDroppedByQueue } from "./groupModel";
import { placeholderIdentity, unlimitedApiKey } from "./placeholderIdentity";

/** A media type no route takes: the suite's stand-in for a body the API must refuse with 415. */
export const UNSUPPORTED_MEDIA_TYPE = "application/octet-stream";

export interface RouteTarget {
    readonly url: string;
    readonly queueUrl: string;
    readonly deadLetterQueueUrl?: string;
}

export interface ConformanceTarget {
    /** What the API should do: the stack's REST API as its program registers it. */
    readonly model: ApiModel;
    /** Where each route is, keyed `POST /orders`. */
    readonly routes: Readonly<Record<string, RouteTarget>>;
    /** Where each retired route is, keyed alike: it answers 410 Gone. */
    readonly retiredRoutes?: Readonly<Record<string, string>>;
    readonly sqs: SQSClient;
    /** Adds a SigV4 Authorization to a request for an AWS_IAM route; absent, a SigV4-shaped placeholder is sent (the local API does not verify it). */
    readonly sign?: (url: string, method: string, headers: Record<string, string>, body: string) => Promise<Record<string, string>>;
    /** Client → API key: the stack's `apiKeys` output, or the local API's own keys. */
    readonly apiKeys?: Readonly<Record<string, string>>;
    /** The stack's `cors.allowOrigins`; without them, the origin its responses name statically. */
    readonly allowedOrigins?: readonly string[];
    /**
     * True for the local API, which checks that a Cognito or Lambda route's identity sources are
     * present and verifies no token: the suite then sends placeholders carrying what the route
     * reads (a Cognito token's `sub` and scopes). Otherwise the checks that need such a route to
     * accept a request do not apply: the suite has no token.
     */
    readonly tokensUnverified?: boolean;
}

export interface Check {
    readonly route: string;
    readonly name: string;
    readonly outcome: "pass" | "fail" | "skip";
    /** Why a check failed or did not apply, or what a passing one noted for the record. */
    readonly detail?: string;
}

export class CheckFailed extends Error {}

/** Thrown by a check that does not apply to this stack, with the reason. */
export class NotApplicable extends Error {}

export function notApplicable(reason: string): never {
    throw new NotApplicable(reason);
}

export function expect(condition: boolean, detail: string): void {
    if (!condition) {
        throw new CheckFailed(detail);
    }
}

export interface RouteFacts {
    readonly key: string;
    readonly method: MethodModel;
    readonly target: RouteTarget;
    readonly schema?: Record<string, any>;
    readonly groupHeader?: string;
    /** Where a FIFO route's message group comes from, as its request template sets it. */
    readonly group?: GroupSource;
    /** A FIFO route's retry with the same key is dropped by SQS (true), or kept for the worker, which drops it by key and caller. */
    readonly retriesDroppedByQueue?: boolean;
    readonly fifo: boolean;
    readonly maxMessageSize: number;
}

export function routesOf(target: ConformanceTarget): RouteFacts[] {
    return methodsOf(target.model).flatMap((method) => {
        const key = `${method.httpMethod} ${method.resourcePath}`;
        const routeTarget = target.routes[key];
        const queue = method.integration ? queueOfUri(method.integration.uri) : undefined;
        if (!routeTarget || !queue) {
            return [];
        }
        const attributes = target.model.queues.find((q) => q.name === queue.queueName)?.attributes ?? {};
        const modelName = method.requestModels["application/json"];
        const header = Object.keys(method.requestParameters).map((p) => /^method\.request\.header\.(.+)$/.exec(p)?.[1]).find(Boolean);
        const template = method.integration?.requestTemplates["application/json"];
        const group = groupSourceOf(template);
        return [{
            key,
            method,
            target: routeTarget,
            ...(modelName && target.model.models.has(modelName) ? { schema: target.model.models.get(modelName)! } : {}),
            ...(header ? { groupHeader: header } : {}),
            ...(group ? { group, retriesDroppedByQueue: retriesDroppedByQueue(template) } : {}),
            fifo: attributes.FifoQueue === "true" || queue.queueName.endsWith(".fifo"),
            maxMessageSize: Number(attributes.MaximumMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE),
        }];
    });
}

/** SQS's default size limit, which a queue created without MaximumMessageSize gets. */
const DEFAULT_MAX_MESSAGE_SIZE = AWS_FIGURES.quotas.sqs.defaultMaxMessageBytes;

/**
 * The routes with each queue's size limit as SQS reports it: a queue of another account, or one
 * created with the default, holds its own limit, which the stack does not declare. A queue the
 * caller may not read keeps the declared limit (or SQS's default).
 */
export async function withQueueLimits(sqs: SQSClient, routes: readonly RouteFacts[]): Promise<RouteFacts[]> {
    return Promise.all(routes.map(async (route) => {
        try {
            const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: route.target.queueUrl, AttributeNames: ["MaximumMessageSize"] }));
            const limit = Number(Attributes.MaximumMessageSize);
            return Number.isInteger(limit) && limit > 0 ? { ...route, maxMessageSize: limit } : route;
        } catch {
            return route;
        }
    }));
}

/**
 * A valid body padded with whitespace past the route's queue size: JSON that no schema can refuse
 * (a schema bounds fields, not bytes), so it reaches SQS on any route, bounded schema or none.
 */
export function paddedPastQueueSize(route: RouteFacts, valid: unknown): string {
    return `${JSON.stringify(valid)}${" ".repeat(route.maxMessageSize)}`;
}

export interface Answer {
    readonly status: number;
    readonly text: string;
    readonly json?: Record<string, unknown>;
    readonly headers: Headers;
}

/** A response as the checks read it: its body as text, and as JSON when it parses. */
export async function answerOf(response: Response): Promise<Answer> {
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
        json = JSON.parse(text);
    } catch {
        json = undefined;
    }
    return { status: response.status, text, ...(json ? { json } : {}), headers: response.headers };
}

export interface SendOptions {
    readonly url?: string;
    /** False sends an AWS_IAM route's request unsigned. */
    readonly signed?: boolean;
    /** False leaves the API key out; a string sends that key. */
    readonly apiKey?: boolean | string;
    /** False leaves the authorizer's identity sources out. */
    readonly identity?: boolean;
    /** False sends once, even when throttled: a burst that is after the 429. */
    readonly paced?: boolean;
}

/**
 * The waits before a request API Gateway throttled (429 THROTTLED) is sent again, as a client
 * paced by its throttling backs off: the suite's own requests, many and quick, can take a
 * client's whole bucket (its usage plan's burst), which refills at the plan's rate.
 */
const THROTTLED_RETRY_MS = [100, 200, 400, 800, 1600, 2000, 2000, 2000];

export interface Suite {
    readonly target: ConformanceTarget;
    /** The key the suite sends: a client's whose usage plan neither throttles nor caps it, if there is one. */
    readonly apiKey?: string;
    /** Sends to a route as it needs; a header given as null is left out. */
    send(route: RouteFacts, body: string, extra?: Record<string, string | null>, options?: SendOptions): Promise<Answer>;
    /** The messages of these requests in a queue (deleted), releasing anyone else's at once. */
    collect(queueUrl: string, requestIds: ReadonlySet<string>, wanted: number): Promise<Message[]>;
    /** Whether the route's schema (if any) accepts a value. */
    accepts(schema: Record<string, any> | undefined, value: unknown): boolean;
    /** Runs one check and records its outcome; what a passing check returns is recorded as its detail. */
    check(route: string, name: string, run: () => Promise<void | string>): Promise<void>;
    /** The answer is `status` with the API's JSON error `{error, message, requestId}` of that error. */
    errorShape(answer: Answer, status: number, error: string): void;
}

/** One check run: passed (with what it noted), failed (with why) or not applicable (with the reason). */
export async function outcomeOf(route: string, name: string, run: () => Promise<void | string>): Promise<Check> {
    try {
        const noted = await run();
        return { route, name, outcome: "pass", ...(noted ? { detail: noted } : {}) };
    } catch (err) {
        return err instanceof NotApplicable ? { route, name, outcome: "skip", detail: err.message }
            : { route, name, outcome: "fail", detail: err instanceof CheckFailed ? err.message : `${(err as Error).name}: ${(err as Error).message}` };
    }
}

export function createSuite(target: ConformanceTarget, checks: Check[], progress: (check: Check) => void): Suite {
    const mine = new Set<string>();
    const validators = new Map<string, (v: unknown) => boolean>();
    const apiKey = unlimitedApiKey(target.model, target.apiKeys);

    const accepts = (schema: Record<string, any> | undefined, value: unknown) => {
        if (!schema) {
            return true;
        }
        const key = JSON.stringify(schema);
        if (!validators.has(key)) {
            const ajv = new Ajv({ schemaId: "id", meta: false, logger: false });
            ajv.addMetaSchema(draft04);
            const compiled = ajv.compile(schema);
            validators.set(key, (v) => compiled(v) === true);
        }
        return validators.get(key)!(value);
    };

    const send: Suite["send"] = async (route, body, extra = {}, options = {}) => {
        let url = options.url ?? route.target.url.replace(/\{[^}]+\}/g, "conformance");
        const given: Record<string, string | null> = { "Content-Type": "application/json", ...(route.groupHeader ? { [route.groupHeader]: "conformance" } : {}) };
        if (route.method.apiKeyRequired && options.apiKey !== false) {
            const key = typeof options.apiKey === "string" ? options.apiKey : apiKey;
            expect(key !== undefined, `${route.key} takes an API key, and the suite was given none (the stack's apiKeys output)`);
            given["x-api-key"] = key!;
        }
        const placeholder = placeholderIdentity(route.method, url);
        if (route.method.authorizer && options.identity !== false) {
            if (!target.tokensUnverified) {
                notApplicable(`the suite has no token for this ${route.method.authorization} route, whose authorizer verifies tokens`);
            }
            url = placeholder.url;
            Object.assign(given, placeholder.headers);
        }
        let headers = Object.fromEntries(Object.entries({ ...given, ...extra }).filter((entry): entry is [string, string] => entry[1] !== null));
        if (route.method.authorization === "AWS_IAM" && options.signed !== false) {
            headers = target.sign ? await target.sign(url, route.method.httpMethod, headers, body) : { ...headers, ...placeholder.headers };
        }
        const post = async () => answerOf(await fetch(url, { method: route.method.httpMethod, headers, body }));
        let answer = await post();
        for (const wait of options.paced === false ? [] : THROTTLED_RETRY_MS) {
            if (answer.status !== 429 || answer.json?.error !== "THROTTLED") {
                break;
            }
            await sleep(wait);
            answer = await post();
        }
        if (typeof answer.json?.requestId === "string") {
            mine.add(answer.json.requestId);
        }
        return answer;
    };

    const collect: Suite["collect"] = async (queueUrl, requestIds, wanted) => {
        const found = new Map<string, Message>();
        for (let attempt = 0; attempt < 20 && found.size < wanted; attempt++) {
            const { Messages = [] } = await target.sqs.send(new ReceiveMessageCommand({
                QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: attempt === 0 ? 0 : 1, MessageAttributeNames: ["All"], AttributeNames: ["All"],
            }));
            for (const message of Messages) {
                const requestId = message.MessageAttributes?.requestId?.StringValue;
                if (requestId && requestIds.has(requestId)) {
                    found.set(message.MessageId!, message);
                    await target.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
                } else if (!requestId || !mine.has(requestId)) {
                    await target.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }));
                } else {
                    await target.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
                }
            }
            if (Messages.length === 0 && attempt > 2 && found.size >= wanted) {
                break;
            }
        }
        return [...found.values()];
    };

    const check: Suite["check"] = async (route, name, run) => {
        const result = await outcomeOf(route, name, run);
        checks.push(result);
        progress(result);
    };

    const errorShape: Suite["errorShape"] = (answer, status, error) => {
        expect(answer.status === status, `expected ${status}, got ${answer.status}: ${answer.text.slice(0, 200)}`);
        expect(answer.json !== undefined, `the ${status} body is not JSON: ${answer.text.slice(0, 200)}`);
        expect(JSON.stringify(Object.keys(answer.json!)) === "[\"error\",\"message\",\"requestId\"]", `the ${status} body is not {error, message, requestId}: ${answer.text}`);
        expect(answer.json!.error === error, `expected error ${error}, got ${String(answer.json!.error)}`);
    };

    return { target, ...(apiKey !== undefined ? { apiKey } : {}), send, collect, accepts, check, errorShape };
}
