// The conformance suite: what the README's status table and the delivery promises say, checked
// from outside, as a client and a worker see the API. The same checks run against the local API
// and against a stack deployed in an AWS account. What each route should do is read from the
// stack's own program (its API model), so the suite knows a route's schema, its FIFO group header,
// its queue's size limit, the stage's throttling and the front door (conformanceFrontDoor.ts)
// without being told.
//
// It never consumes someone else's messages: it deletes only the messages whose requestId
// attribute is one of its own requests, and makes any other message it received visible again.
import { randomUUID } from "node:crypto";

import { methodsOf } from "./apiModel";
import { Check, ConformanceTarget, createSuite, expect, notApplicable, paddedPastQueueSize, RouteFacts, routesOf, UNSUPPORTED_MEDIA_TYPE, withQueueLimits } from "./conformanceSuite";
import { fifoCheck } from "./conformanceFifo";
import { batchKeyField, bodyChecks } from "./conformanceBodies";
import { frontDoorChecks, frontDoorStageChecks } from "./conformanceFrontDoor";

export type { Check, ConformanceTarget, RouteTarget } from "./conformanceSuite";

/** Bodies that break a form whose values are not encoded, or a template on the wrong string semantics. */
export const HOSTILE_TEXTS: readonly string[] = [
    "fish&chips a=b 1+1 100% %41%zz #42",
    "she said \"hi\" C:\\temp it's",
    "one\ntwo\r\nthree\tfour",
    "Zürich こんにちは € 😀 𝄞 🇫🇷",
    "x&DelaySeconds=900&MessageBody=evil&MessageAttribute.1.Name=role",
    "!'()*~-._ $context.requestId #set($x = 1) ${x}",
];

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

/** Runs every check against the target; `progress` hears of each as it ends. */
export async function runConformance(target: ConformanceTarget, progress: (check: Check) => void = () => undefined): Promise<Check[]> {
    const checks: Check[] = [];
    const suite = createSuite(target, checks, progress);
    const { send, collect, accepts, check, errorShape } = suite;
    const routes = await withQueueLimits(target.sqs, routesOf(target));

    for (const route of routes) {
        // A batch route's schema is an array of its orders' schema: its single-order checks do not apply.
        const batch = batchKeyField(route) !== undefined;
        const orderSchema = batch ? route.schema?.items as Record<string, any> | undefined : route.schema;
        const valid = orderSchema ? minimalInstance(orderSchema) as Record<string, unknown> : { conformance: true };
        const field = orderSchema ? roomyField(orderSchema) : { name: "note", maxLength: Infinity };
        /** A request the route's schema accepts: the valid order, or a batch of it. */
        const request = batch ? [valid] : valid;
        const single = () => {
            if (batch) {
                notApplicable("the route takes batches, whose checks follow");
            }
        };

        await check(route.key, "202: bodies with form delimiters, quotes, newlines and 4-byte characters arrive byte for byte, with their attributes", async () => {
            single();
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
            const answer = await send(route, JSON.stringify(request), { [route.groupHeader]: null });
            errorShape(answer, 400, "BAD_REQUEST_PARAMETERS");
        });

        await check(route.key, "413: a body over the queue's maxMessageSize", async () => {
            // A batch's orders are serialised again, without the padding: none grows past the queue's size.
            single();
            errorShape(await send(route, paddedPastQueueSize(route, valid)), 413, "PayloadTooLarge");
        });

        await check(route.key, "413: a body over API Gateway's 10 MB", async () => {
            errorShape(await send(route, "x".repeat(10 * 1024 * 1024 + 1)), 413, "REQUEST_TOO_LARGE");
        });

        await check(route.key, "415: a media type the route does not take", async () => {
            errorShape(await send(route, "conformance", { "Content-Type": UNSUPPORTED_MEDIA_TYPE }), 415, "UNSUPPORTED_MEDIA_TYPE");
        });

        await bodyChecks(suite, route, valid, field);

        await check(route.key, "403: an unsigned request to an AWS_IAM route", async () => {
            if (route.method.authorization !== "AWS_IAM") {
                notApplicable(`the route's authorization is ${route.method.authorization}`);
            }
            errorShape(await send(route, JSON.stringify(request), {}, { signed: false }), 403, "MISSING_AUTHENTICATION_TOKEN");
        });

        await frontDoorChecks(suite, route, request);

        await fifoCheck(suite, route, valid, single);
    }

    for (const [key, url] of Object.entries(target.retiredRoutes ?? {})) {
        await check(key, "410: a retired route answers Gone in the API's JSON shape", async () => {
            // A retired route keeps its authorization: the suite calls it as the route's caller.
            const method = methodsOf(target.model).find((m) => `${m.httpMethod} ${m.resourcePath}` === key);
            expect(method !== undefined, `${key} is not a method of the stack's API`);
            const retired: RouteFacts = { key, method: method!, target: { url, queueUrl: "" }, fifo: false, maxMessageSize: 0 };
            errorShape(await send(retired, "{}"), 410, "Gone");
        });
    }

    const [first] = routes;
    if (first) {
        await frontDoorStageChecks(suite, routes);
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
                const wave = await Promise.all(Array.from({ length: Math.min(100, cap - sent) },
                    () => send(first, "conformance", { "Content-Type": UNSUPPORTED_MEDIA_TYPE }, { paced: false })));
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
