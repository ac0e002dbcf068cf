// What SQS refuses in a message's text, checked before a form reaches the emulator (which queues
// any character): a message body, or a String attribute's value, may hold only the characters XML
// allows, #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF. SendMessage is
// refused whole with InvalidMessageContents; SendMessageBatch lists each such entry as failed and
// sends the others.

/** SQS's answer to one request, as its JSON protocol answer reads (what SqsBackend.send returns). */
export interface RefusedForm {
    readonly status: number;
    readonly body: string;
}

/** What a checked form becomes: refused whole, sent as it is, or sent without the entries SQS refuses, which are listed. */
export type CheckedForm =
    | { readonly refused: RefusedForm }
    | { readonly form: string; readonly failed: readonly FailedEntry[] };

export interface FailedEntry {
    readonly Id: string;
    readonly SenderFault: boolean;
    readonly Code: string;
    readonly Message: string;
}

const ALLOWED = "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";

/** The first character of a text that SQS does not take, as SQS names it (`#x0`), or undefined when it takes them all. */
export function refusedCharacter(text: string): string | undefined {
    for (const character of text) {
        const code = character.codePointAt(0)!;
        const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff)
            || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
        if (!allowed) {
            return `#x${code.toString(16).toUpperCase()}`;
        }
    }
    return undefined;
}

/** Why SQS refuses a message's text (its body and String attributes' values under `prefix`), or undefined when it takes it. */
function whyRefused(params: URLSearchParams, prefix: string): string | undefined {
    const body = refusedCharacter(params.get(`${prefix}MessageBody`) ?? "");
    if (body) {
        return `Invalid binary character '${body}' was found in the message body, the set of allowed characters is ${ALLOWED}`;
    }
    for (const [key, value] of params) {
        const attribute = new RegExp(`^${prefix.replace(/\./g, "\\.")}MessageAttribute\\.(\\d+)\\.Value\\.StringValue$`).exec(key);
        const character = attribute && refusedCharacter(value);
        if (character) {
            const name = params.get(`${prefix}MessageAttribute.${attribute[1]}.Name`);
            return `Invalid binary character '${character}' was found in the value of the message attribute ${name}, `
                + `the set of allowed characters is ${ALLOWED}`;
        }
    }
    return undefined;
}

/**
 * A SendMessage or SendMessageBatch form as SQS would take it. A batch loses the entries SQS
 * refuses, the others renumbered from 1 (SQS refuses gaps), and the form is rebuilt only then: one
 * SQS takes whole is sent byte for byte.
 */
export function checkMessageContents(form: string, requestId: string): CheckedForm {
    const params = new URLSearchParams(form);
    if (params.get("Action") === "SendMessage") {
        const why = whyRefused(params, "");
        return why ? { refused: { status: 400, body: JSON.stringify({ Error: { Type: "Sender", Code: "InvalidMessageContents", Message: why }, RequestId: requestId }) } }
            : { form, failed: [] };
    }
    if (params.get("Action") !== "SendMessageBatch") {
        return { form, failed: [] };
    }
    const entries = [...new Set([...params.keys()].map((key) => /^SendMessageBatchRequestEntry\.(\d+)\./.exec(key)?.[1]).filter((n): n is string => n !== undefined))];
    const failed: FailedEntry[] = [];
    const kept = new Map<string, number>();
    for (const entry of entries) {
        const why = whyRefused(params, `SendMessageBatchRequestEntry.${entry}.`);
        if (why) {
            failed.push({ Id: params.get(`SendMessageBatchRequestEntry.${entry}.Id`) ?? entry, SenderFault: true, Code: "InvalidMessageContents", Message: why });
        } else {
            kept.set(entry, kept.size + 1);
        }
    }
    if (failed.length === 0) {
        return { form, failed };
    }
    const rebuilt = new URLSearchParams();
    for (const [key, value] of params) {
        const entry = /^SendMessageBatchRequestEntry\.(\d+)\.(.*)$/.exec(key);
        if (!entry) {
            rebuilt.append(key, value);
        } else if (kept.has(entry[1])) {
            rebuilt.append(`SendMessageBatchRequestEntry.${kept.get(entry[1])}.${entry[2]}`, value);
        }
    }
    return { form: kept.size > 0 ? rebuilt.toString() : "", failed };
}

/** A SendMessageBatch answer (SQS's JSON) with the entries refused before it was sent listed among the failed. */
export function withFailedEntries(answer: string | undefined, failed: readonly FailedEntry[], requestId: string): string {
    type Answer = { SendMessageBatchResponse?: { SendMessageBatchResult?: Record<string, unknown>; ResponseMetadata?: unknown } };
    const parsed: Answer = answer ? JSON.parse(answer) as Answer : {};
    const response = parsed.SendMessageBatchResponse ?? { ResponseMetadata: { RequestId: requestId } };
    const result = response.SendMessageBatchResult ?? {};
    return JSON.stringify({
        ...parsed,
        SendMessageBatchResponse: {
            ...response,
            SendMessageBatchResult: { ...result, Failed: [...((result.Failed as unknown[] | undefined) ?? []), ...failed] },
        },
    });
}
