// The conformance suite's checks of bodies other than one JSON order, each applying when the route
// takes them and skipped with the reason otherwise: every other media type the route takes queued
// byte for byte with its contentType attribute; a body holding a character SQS refuses answered 400
// (SQS refuses it, not API Gateway: the local API's SQS must answer so too); a batch route's orders
// queued each as its own message, with its own key, in the request's order (each body parses to the
// order's JSON; its bytes are API Gateway's serialisation, which only a deployed stack can show, and
// a difference from the compact JSON is noted, not failed), its empty, oversized and keyless batches
// answered 400 before SQS.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";

import { expect, notApplicable, RouteFacts, Suite } from "./conformanceSuite";

/** Bodies that break a form whose values are not encoded, in each media type a route may take besides JSON. */
export const HOSTILE_BODIES: Readonly<Record<string, readonly string[]>> = {
    "application/x-www-form-urlencoded": ["orderId=A-1&note=fish%26chips+100%25&city=Z%C3%BCrich", "note=1+1=2&raw=100%&bad=%zz", "a=1\r\nb=2"],
    "text/plain": ["fish&chips a=b 1+1 100% %41%zz", "Zürich こんにちは € 😀 𝄞\r\nline two", "x&DelaySeconds=900&MessageBody=evil"],
    "application/xml": ["<order id=\"A&amp;1\"><note>100% &lt;on&gt; time + 1</note><city>Zürich 😀</city></order>\r\n",
        "<?xml version=\"1.0\"?><order>x&amp;DelaySeconds=900&amp;MessageBody=evil</order>"],
};

/** Whether a message body parses to the same JSON value as an order (whatever its spacing, key order or escapes). */
function sameJson(body: string, order: unknown): boolean {
    try {
        return isDeepStrictEqual(JSON.parse(body), order);
    } catch {
        return false;
    }
}

/** A batch route's key field, as its request template reads it from each order. */
export function batchKeyField(route: RouteFacts): string | undefined {
    const template = route.method.integration?.requestTemplates["application/json"] ?? "";
    return template.startsWith("Action=SendMessageBatch") ? /#set\(\$key = \$input\.path\("\$\[\$k\]\.([A-Za-z_]\w*)"\)\)/.exec(template)?.[1] : undefined;
}

/**
 * Checks of the route's other media types and of its batches; `valid` is a body its schema accepts
 * (for a batch route, an order its schema accepts), `field` a string field of it that takes text.
 */
export async function bodyChecks(suite: Suite, route: RouteFacts, valid: unknown, field?: { name: string; maxLength: number }): Promise<void> {
    const { send, collect, check, errorShape } = suite;

    await check(route.key, "202: each media type the route takes besides JSON arrives byte for byte, with its contentType attribute", async () => {
        const types = Object.keys(route.method.integration?.requestTemplates ?? {}).filter((type) => type !== "application/json");
        if (types.length === 0) {
            notApplicable("the route takes JSON only");
        }
        const sent = new Map<string, [string, string]>();
        for (const type of types) {
            for (const body of HOSTILE_BODIES[type] ?? [`conformance ${type} & 100%`]) {
                const answer = await send(route, body, { "Content-Type": type, "Idempotency-Key": `conformance-${randomUUID()}` });
                expect(answer.status === 202, `${type}: expected 202, got ${answer.status}: ${answer.text.slice(0, 200)}`);
                sent.set(String(answer.json!.requestId), [type, body]);
            }
        }
        const received = await collect(route.target.queueUrl, new Set(sent.keys()), sent.size);
        expect(received.length === sent.size, `sent ${sent.size} messages, found ${received.length} in the queue`);
        for (const message of received) {
            const [type, body] = sent.get(message.MessageAttributes!.requestId!.StringValue!)!;
            expect(message.Body === body, `${type}: the queue holds ${JSON.stringify(message.Body)}, the client sent ${JSON.stringify(body)}`);
            const attribute = message.MessageAttributes?.contentType?.StringValue;
            expect(attribute === type, `${type}: the contentType attribute is ${JSON.stringify(attribute)}`);
        }
    });

    const keyField = batchKeyField(route);
    const order = valid as Record<string, unknown>;

    await check(route.key, "400: a body holding a character SQS does not take (a NUL) is refused as InvalidMessage, in the API's JSON shape", async () => {
        if (keyField) {
            notApplicable("a batch's messages are API Gateway's serialisation of each order, not the client's characters");
        }
        const types = Object.keys(route.method.integration?.requestTemplates ?? {});
        const unchecked = types.find((type) => type !== "application/json") ?? (route.schema ? undefined : "application/json");
        if (!unchecked) {
            notApplicable("the route takes JSON only, and its schema refuses such a body before SQS");
        }
        errorShape(await send(route, "conformance\u0000order", { "Content-Type": unchecked, "Idempotency-Key": `conformance-${randomUUID()}` }), 400, "InvalidMessage");
    });

    await check(route.key, "202: a batch's orders arrive each as its own message, in order, with its key: the body is API Gateway's serialisation of the order", async () => {
        if (!keyField) {
            notApplicable("the route takes one order per request");
        }
        const orders = ["fish&chips 100% + 1", "Zürich 😀\r\nline two", "x&DelaySeconds=900"].map((text, i) => ({
            ...order, ...(field && field.name !== keyField ? { [field.name]: text.slice(0, field.maxLength) } : {}), [keyField]: `conformance-${randomUUID()}-${i}`,
        }));
        const answer = await send(route, JSON.stringify(orders, null, 2));
        expect(answer.status === 202, `expected 202, got ${answer.status}: ${answer.text.slice(0, 300)}`);
        const entries = answer.json!.entries as { messageId?: string }[];
        expect(Array.isArray(entries) && entries.length === orders.length && entries.every((e) => typeof e.messageId === "string"),
            `the 202 body does not list one {messageId} per order: ${answer.text}`);
        const received = await collect(route.target.queueUrl, new Set([String(answer.json!.requestId)]), orders.length);
        const byId = new Map(received.map((m) => [m.MessageId, m]));
        const reserialised: string[] = [];
        orders.forEach((sentOrder, i) => {
            const message = byId.get(entries[i].messageId);
            expect(message !== undefined, `order ${i + 1}: no message ${entries[i].messageId} in the queue`);
            const body = message!.Body ?? "";
            expect(sameJson(body, sentOrder), `order ${i + 1}: the queue holds ${JSON.stringify(body)}, which is not the order's JSON `
                + JSON.stringify(JSON.stringify(sentOrder)));
            // The docs promise API Gateway's serialisation of the order, not its bytes: a difference is recorded, not failed.
            if (body !== JSON.stringify(sentOrder)) {
                reserialised.push(`order ${i + 1} as ${JSON.stringify(body)}`);
            }
            const key = message!.MessageAttributes?.idempotencyKey?.StringValue;
            expect(key === sentOrder[keyField], `order ${i + 1}: the idempotencyKey attribute is ${JSON.stringify(key)}, not its ${keyField}`);
        });
        return reserialised.length === 0 ? undefined
            : `the same JSON in other bytes than the orders' compact JSON (API Gateway's serialisation): ${reserialised.join("; ")}`;
    });

    await check(route.key, "400: an empty batch, one over its maxEntries and one with an order without its key, in the API's JSON shape", async () => {
        if (!keyField) {
            notApplicable("the route takes one order per request");
        }
        const keyless = { ...order };
        delete keyless[keyField];
        for (const body of ["[]", JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ ...order, [keyField]: `conformance-${i}` }))),
            JSON.stringify([{ ...order, [keyField]: "conformance-keyed" }, keyless])]) {
            errorShape(await send(route, body), 400, "BAD_REQUEST_BODY");
        }
    });
}
