// The conformance suite's check of a FIFO route's retries, wherever its group comes from: a client's
// retry (the same Idempotency-Key) in the same group is dropped, and another group the client
// chooses keeps its own message. Who drops the retry is what the route's request template says
// (groupModel.ts): SQS, where the key is the deduplication id; the worker, on a route whose
// authenticated callers may choose each other's groups, where SQS must not drop a retry by its key
// alone (one caller could then drop another's order). There the queue keeps both messages, and the
// check holds them to carry the same key and caller, which is all the worker has to drop the retry by.
import { randomUUID } from "node:crypto";

import type { Message } from "@aws-sdk/client-sqs";

import { CALLER_ATTRIBUTE } from "../components/caller";
import { expect, notApplicable, RouteFacts, Suite } from "./conformanceSuite";
import { GroupSource } from "./groupModel";

/**
 * A request of a FIFO route whose message is in `group` where the client chooses the group (a
 * header, a path parameter, a body field); where it does not (the caller, a constant), the request
 * as the suite sends every other.
 */
function requestInGroup(route: RouteFacts, source: GroupSource, group: string, valid: Record<string, unknown>)
    : { readonly body: string; readonly headers: Record<string, string>; readonly url?: string } {
    if ("header" in source) {
        return { body: JSON.stringify(valid), headers: { [source.header]: group } };
    }
    if ("pathParameter" in source) {
        return { body: JSON.stringify(valid), headers: {}, url: route.target.url.split(`{${source.pathParameter}}`).join(group).replace(/\{[^}]+\}/g, "conformance") };
    }
    if ("bodyField" in source) {
        return { body: JSON.stringify({ ...valid, [source.bodyField]: group }), headers: {} };
    }
    return { body: JSON.stringify(valid), headers: {} };
}

const attribute = (message: Message, name: string) => message.MessageAttributes?.[name]?.StringValue;

/** Runs the check on one route; `single` marks it not applicable to a batch route. */
export async function fifoCheck(suite: Suite, route: RouteFacts, valid: Record<string, unknown>, single: () => void): Promise<void> {
    const { send, collect, accepts, check } = suite;
    await check(route.key, "FIFO: a retry with the same key in the same group is dropped, by the queue or by its worker (same key and caller); another group keeps its own", async () => {
        single();
        if (!route.fifo || !route.group) {
            notApplicable(route.fifo ? "the route's group is not one its request template names" : "the route's queue is not FIFO");
        }
        const key = `conformance-${randomUUID()}`;
        const inGroup = (group: string) => requestInGroup(route, route.group!, group, valid);
        // A group the client chooses gets a second one; the caller's or a constant is the same for every request of the suite.
        const chosen = !("context" in route.group) && !("constant" in route.group);
        const requests = chosen ? [inGroup("group-a"), inGroup("group-a"), inGroup("group-b")] : [inGroup("group-a"), inGroup("group-a")];
        expect(requests.every((r) => accepts(route.schema, JSON.parse(r.body))), `a body in a group of the suite's choosing is refused by the route's schema: ${requests[0].body}`);
        const answers = [];
        for (const request of requests) {
            answers.push(await send(route, request.body, { ...request.headers, "Idempotency-Key": key }, request.url ? { url: request.url } : {}));
        }
        expect(answers.every((a) => a.status === 202), `expected ${answers.length} × 202, got ${answers.map((a) => a.status).join(", ")}`);
        const ids = new Set(answers.map((a) => String(a.json!.requestId)));
        const dropped = route.retriesDroppedByQueue === true;
        const inFirstGroup = dropped ? 1 : 2;
        const received = await collect(route.target.queueUrl, ids, inFirstGroup + (chosen ? 1 : 0));
        const groups = received.map((m) => m.Attributes?.MessageGroupId ?? "").sort();
        const first = chosen ? "group-a" : groups[0];
        const expected = [...Array<string>(inFirstGroup).fill(first), ...(chosen ? ["group-b"] : [])];
        expect(!!first && JSON.stringify(groups) === JSON.stringify(expected),
            `expected ${dropped ? "the queue to drop the retry" : "the queue to keep the retry, for the worker to drop"}: groups ${JSON.stringify(expected)}, got ${JSON.stringify(groups)}`);
        if (!dropped) {
            const pair = received.filter((m) => m.Attributes?.MessageGroupId === first);
            const keys = pair.map((m) => attribute(m, "idempotencyKey"));
            const callers = pair.map((m) => attribute(m, CALLER_ATTRIBUTE));
            expect(keys.every((k) => k === key) && !!callers[0] && callers.every((c) => c === callers[0]),
                `the request and its retry must carry the same idempotencyKey and ${CALLER_ATTRIBUTE} attributes, by which the worker drops the retry; `
                + `got idempotencyKey ${JSON.stringify(keys)}, ${CALLER_ATTRIBUTE} ${JSON.stringify(callers)}`);
        }
    });
}
