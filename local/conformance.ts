// The conformance suite: what the README's status table and the delivery promises say, checked
// from outside, as a client and a worker see the API. The same checks run against the local API
// and against a stack deployed in an AWS account. What each route should do is read from the
// stack's own program (its API model), so the suite knows a route's schema, its FIFO group header,
// its queue's size limit and the stage's throttling without being told.
//
// It never consumes someone else's messages: it deletes only the messages whose requestId
// attribute is one of its own requests, and makes any other message it received visible again.
import { randomUUID } from "node:crypto";

import {
    ChangeMessageVisibilityCommand,
    DeleteMessageCommand,
    type Message,
    ReceiveMessageCommand,
    SQSClient,
} from "@aws-sdk/client-sqs";
import Ajv from "ajv";
import draft04 from "ajv/lib/refs/json-schema-draft-04.json";

import { ApiModel, MethodModel, methodsOf, queueOfUri } from "./apiModel";

/** Bodies that break a form whose values are not encoded, or a template on the wrong string semantics. */
export const HOSTILE_TEXTS: readonly string[] = [
    "fish&chips a=b 1+1 100% %41%zz #42",
    "she said \"hi\" C:\\temp it's",
    "one\ntwo\r\nthree\tfour",
    "Zürich こんにちは € 😀 𝄞 🇫🇷",
    "x&DelaySeconds=900&MessageBody=evil&MessageAttribute.1.Name=role",
    "!'()*~-._ $context.requestId #set($x = 1) ${x}",
];

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
    readonly sqs: SQSClient;
    /** Adds a SigV4 Authorization to a request for an AWS_IAM route; absent, a SigV4-shaped placeholder is sent (the local API does not verify it). */
    readonly sign?: (url: string, method: string, headers: Record<string, string>, body: string) => Promise<Record<string, string>>;
}

export interface Check {
    readonly route: string;
    readonly name: string;
    readonly outcome: "pass" | "fail" | "skip";
    readonly detail?: string;
}

class CheckFailed extends Error {}

/** Thrown by a check that does not apply to this stack, with the reason. */
class NotApplicable extends Error {}

function notApplicable(reason: string): never {
    throw new NotApplicable(reason);
}

function expect(condition: boolean, detail: string): void {
    if (!condition) {
        throw new CheckFailed(detail);
    }
}

/** A minimal instance a draft-4 schema accepts: required properties only, each at its smallest. */
export function minimalInstance(schema: Record<string, any>): unknown {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (schema.enum) {
        return schema.enum[0];
    }
    switch (type) {
        case "object":
            return Object.fromEntries(((schema.required ?? []) as string[]).map((name) => [name, minimalInstance(schema.properties?.[name] ?? {})]));
        case "array":
            return Array.from({ length: schema.minItems ?? 0 }, () => minimalInstance(schema.items ?? {}));
        case "integer":
        case "number":
            return schema.minimum ?? (schema.exclusiveMinimum ? 1 : 0);
        case "boolean":
            return true;
        case "string":
            return "x".repeat(Math.max(1, schema.minLength ?? 1));
        default:
            return {};
    }
}

/** The string property of a schema's top level that takes the longest text, with that length. */
function roomyField(schema: Record<string, any>): { name: string; maxLength: number } | undefined {
    return Object.entries((schema.properties ?? {}) as Record<string, any>)
        .filter(([, property]) => property.type === "string" && !property.enum && !property.pattern && !property.format)
        .map(([name, property]) => ({ name, maxLength: Number(property.maxLength ?? Infinity) }))
        .sort((a, b) => b.maxLength - a.maxLength)[0];
}

interface RouteFacts {
    readonly key: string;
    readonly method: MethodModel;
    readonly target: RouteTarget;
    readonly schema?: Record<string, any>;
    readonly groupHeader?: string;
    readonly fifo: boolean;
    readonly maxMessageSize: number;
}

function routesOf(target: ConformanceTarget): RouteFacts[] {
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
        return [{
            key,
            method,
            target: routeTarget,
            ...(modelName && target.model.models.has(modelName) ? { schema: target.model.models.get(modelName)! } : {}),
            ...(header ? { groupHeader: header } : {}),
            fifo: attributes.FifoQueue === "true" || queue.queueName.endsWith(".fifo"),
            maxMessageSize: Number(attributes.MaximumMessageSize ?? 262144),
        }];
    });
}

/** Runs every check against the target; `progress` hears of each as it ends. */
export async function runConformance(target: ConformanceTarget, progress: (check: Check) => void = () => undefined): Promise<Check[]> {
    const checks: Check[] = [];
    const mine = new Set<string>();
    const routes = routesOf(target);
    const validators = new Map<string, (v: unknown) => boolean>();
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

    /** Sends to a route; a header given as null is left out. */
    const send = async (route: RouteFacts, body: string, extra: Record<string, string | null> = {}, options: { url?: string; signed?: boolean } = {}) => {
        const url = options.url ?? route.target.url.replace(/\{[^}]+\}/g, "conformance");
        const given: Record<string, string | null> = { "Content-Type": "application/json", ...(route.groupHeader ? { [route.groupHeader]: "conformance" } : {}), ...extra };
        let headers = Object.fromEntries(Object.entries(given).filter((entry): entry is [string, string] => entry[1] !== null));
        if (route.method.authorization === "AWS_IAM" && options.signed !== false) {
            headers = target.sign ? await target.sign(url, route.method.httpMethod, headers, body) : {
                ...headers,
                Authorization: `AWS4-HMAC-SHA256 Credential=AKIDCONFORMANCE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`,
            };
        }
        const response = await fetch(url, { method: route.method.httpMethod, headers, body });
        const text = await response.text();
        let json: Record<string, unknown> | undefined;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        if (json && typeof json.requestId === "string") {
            mine.add(json.requestId);
        }
        return { status: response.status, text, json };
    };

    /** The messages of our requests in a queue (deleted), releasing anyone else's at once. */
    const collect = async (queueUrl: string, requestIds: ReadonlySet<string>, wanted: number): Promise<Message[]> => {
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

    const check = async (route: string, name: string, run: () => Promise<void>) => {
        let result: Check;
        try {
            await run();
            result = { route, name, outcome: "pass" };
        } catch (err) {
            result = err instanceof NotApplicable ? { route, name, outcome: "skip", detail: err.message }
                : { route, name, outcome: "fail", detail: err instanceof CheckFailed ? err.message : `${(err as Error).name}: ${(err as Error).message}` };
        }
        checks.push(result);
        progress(result);
    };

    const errorShape = (answer: { status: number; json?: Record<string, unknown>; text: string }, status: number, error: string) => {
        expect(answer.status === status, `expected ${status}, got ${answer.status}: ${answer.text.slice(0, 200)}`);
        expect(answer.json !== undefined, `the ${status} body is not JSON: ${answer.text.slice(0, 200)}`);
        expect(JSON.stringify(Object.keys(answer.json!)) === "[\"error\",\"message\",\"requestId\"]", `the ${status} body is not {error, message, requestId}: ${answer.text}`);
        expect(answer.json!.error === error, `expected error ${error}, got ${String(answer.json!.error)}`);
    };

    for (const route of routes) {
        const valid = route.schema ? minimalInstance(route.schema) as Record<string, unknown> : { conformance: true };
        const field = route.schema ? roomyField(route.schema) : { name: "note", maxLength: Infinity };

        await check(route.key, "202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes", async () => {
            const bodies = HOSTILE_TEXTS.map((text) => {
                if (!field) {
                    return JSON.stringify(valid);
                }
                const value = text.slice(0, Math.min(text.length, field.maxLength));
                return `{ ${JSON.stringify(field.name)} : ${JSON.stringify(value)},\n\t${JSON.stringify(valid).slice(1, -1)} }`.replace(",\n\t }", " }");
            }).filter((body) => accepts(route.schema, JSON.parse(body)));
            if (!route.schema) {
                bodies.push("plain text & more = 100%", ...HOSTILE_TEXTS);
            }
            expect(bodies.length > 0, "no hostile body passes the route's schema");
            const sent = new Map<string, string>();
            for (const [i, body] of bodies.entries()) {
                const answer = await send(route, body, { "Idempotency-Key": `conformance-${randomUUID()}-${i}` });
                expect(answer.status === 202, `expected 202, got ${answer.status}: ${answer.text.slice(0, 200)}`);
                expect(JSON.stringify(Object.keys(answer.json ?? {})) === "[\"messageId\",\"requestId\"]", `the 202 body is not {messageId, requestId}: ${answer.text}`);
                sent.set(String(answer.json!.requestId), body);
            }
            const received = await collect(route.target.queueUrl, new Set(sent.keys()), sent.size);
            expect(received.length === sent.size, `sent ${sent.size} messages, found ${received.length} in the queue`);
            for (const message of received) {
                const requestId = message.MessageAttributes!.requestId!.StringValue!;
                expect(message.Body === sent.get(requestId), `request ${requestId}: the queue holds ${JSON.stringify(message.Body)}, the client sent ${JSON.stringify(sent.get(requestId))}`);
                expect(/^conformance-/.test(message.MessageAttributes?.idempotencyKey?.StringValue ?? ""), `request ${requestId}: no idempotencyKey attribute`);
            }
        });

        await check(route.key, "400: a body the route's schema refuses", async () => {
            if (!route.schema) {
                notApplicable("the route has no schema");
            }
            const invalid = Array.isArray(route.schema.required) && route.schema.required.length > 0 ? "{}" : "[]";
            if (accepts(route.schema, JSON.parse(invalid))) {
                notApplicable("no simple body breaks the route's schema");
            }
            errorShape(await send(route, invalid), 400, "BAD_REQUEST_BODY");
        });

        await check(route.key, "400: a request without the header the FIFO group comes from", async () => {
            if (!route.groupHeader) {
                notApplicable("the route takes no group header");
            }
            const answer = await send(route, JSON.stringify(valid), { [route.groupHeader]: null });
            errorShape(answer, 400, "BAD_REQUEST_PARAMETERS");
        });

        await check(route.key, "413: a body over the queue's maxMessageSize", async () => {
            // Whitespace is JSON that no schema can refuse (a schema bounds fields, not bytes): a valid
            // body padded past the queue's size reaches SQS on any route, bounded schema or none.
            errorShape(await send(route, `${JSON.stringify(valid)}${" ".repeat(route.maxMessageSize)}`), 413, "PayloadTooLarge");
        });

        await check(route.key, "413: a body over API Gateway's 10 MB", async () => {
            errorShape(await send(route, "x".repeat(10 * 1024 * 1024 + 1)), 413, "REQUEST_TOO_LARGE");
        });

        await check(route.key, "415: a media type other than JSON", async () => {
            errorShape(await send(route, "conformance", { "Content-Type": "text/plain" }), 415, "UNSUPPORTED_MEDIA_TYPE");
        });

        await check(route.key, "403: an unsigned request to an AWS_IAM route", async () => {
            if (route.method.authorization !== "AWS_IAM") {
                notApplicable("the route is open (authorization NONE)");
            }
            errorShape(await send(route, JSON.stringify(valid), {}, { signed: false }), 403, "MISSING_AUTHENTICATION_TOKEN");
        });

        await check(route.key, "FIFO: a retry with the same key in the same group is queued once; another group keeps its own", async () => {
            if (!route.fifo || !route.groupHeader) {
                notApplicable(route.fifo ? "the route's group does not come from a header" : "the route's queue is not FIFO");
            }
            const key = `conformance-${randomUUID()}`;
            const body = JSON.stringify(valid);
            const answers = [
                await send(route, body, { [route.groupHeader]: "group-a", "Idempotency-Key": key }),
                await send(route, body, { [route.groupHeader]: "group-a", "Idempotency-Key": key }),
                await send(route, body, { [route.groupHeader]: "group-b", "Idempotency-Key": key }),
            ];
            expect(answers.every((a) => a.status === 202), `expected three 202, got ${answers.map((a) => a.status).join(", ")}`);
            const ids = new Set(answers.map((a) => String(a.json!.requestId)));
            const received = await collect(route.target.queueUrl, ids, 2);
            const groups = received.map((m) => m.Attributes?.MessageGroupId).sort();
            expect(JSON.stringify(groups) === "[\"group-a\",\"group-b\"]", `expected one message in each group, got groups ${JSON.stringify(groups)}`);
        });
    }

    const [first] = routes;
    if (first) {
        await check("(stage)", "403: an unknown path, in the API's JSON shape", async () => {
            const url = first.target.url.replace(/\/[^/]*$/, "/conformance-no-such-path");
            errorShape(await send(first, "{}", {}, { url }), 403, "MISSING_AUTHENTICATION_TOKEN");
        });
        await check("(stage)", "429: a burst above the stage's throttling, in the API's JSON shape", async () => {
            const limits = target.model.throttling.get("*/*");
            if (!limits) {
                notApplicable("the stage is not throttled");
            }
            // Requests refused before SQS (another media type) count against the limits and queue nothing,
            // so the burst can be as large as it takes without leaving messages behind.
            const cap = limits.burstLimit * 2 + limits.rateLimit * 10 + 100;
            let sent = 0;
            let throttled: Awaited<ReturnType<typeof send>> | undefined;
            while (!throttled && sent < cap) {
                const wave = await Promise.all(Array.from({ length: Math.min(100, cap - sent) }, () => send(first, "conformance", { "Content-Type": "text/plain" })));
                sent += wave.length;
                throttled = wave.find((a) => a.status === 429);
                expect(wave.every((a) => a.status === 429 || a.status === 415), `expected 415 or 429 in a burst, got ${[...new Set(wave.map((a) => a.status))].join(", ")}`);
            }
            expect(throttled !== undefined, `${sent} requests as fast as they go (burst ${limits.burstLimit}, rate ${limits.rateLimit}/s), none answered 429`);
            errorShape(throttled!, 429, "THROTTLED");
        });
    }
    return checks;
}
