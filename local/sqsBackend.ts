// Where the local API sends what its integrations render: an SQS emulator started with the
// stack's queues (local-aws-sqs, which speaks SQS's query and JSON protocols), or any other SQS
// endpoint, real SQS included, with requests signed with SigV4 from the caller's credentials.
//
// The emulator's quirks, worked around here: it answers the query protocol in XML whatever the
// Accept header (API Gateway's response templates read SQS's JSON answer, so the XML is turned
// into the same JSON), it finds the queue only through a QueueUrl parameter (API Gateway names the
// queue by the request's path, so one is added), it has one account (a route to another
// account's queue gets a stand-in queue of that name), and it queues characters SQS refuses
// (sqsMessageContents.ts answers for SQS), and it answers a long poll only at the end of its wait
// unless it fills the batch (here a long poll returns as soon as a message is there, as SQS's does).
import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { SignatureV4 } from "@smithy/signature-v4";
import { createRequestHandler } from "local-aws-sqs";

import { QueueModel } from "./apiModel";
import { checkMessageContents, withFailedEntries } from "./sqsMessageContents";

/** A queue as an SQS integration URI names it. */
export interface QueueTarget {
    readonly region: string;
    readonly accountId: string;
    readonly queueName: string;
}

export interface SqsAnswer {
    readonly status: number;
    /** SQS's JSON answer (query protocol with `Accept: application/json`). */
    readonly body: string;
}

export interface SqsBackend {
    /** The endpoint any SQS client can use: `http://127.0.0.1:<port>` for the emulator. */
    readonly endpoint: string;
    /** Posts an integration's form body to the queue, with the integration's headers. */
    send(target: QueueTarget, form: string, headers: Readonly<Record<string, string>>): Promise<SqsAnswer>;
    /** The URL a client of this endpoint uses for a queue. */
    queueUrl(target: QueueTarget): string;
    close(): Promise<void>;
}

/** Decodes XML's predefined entities and character references. */
function xmlDecode(text: string): string {
    return text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
        switch (entity) {
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            case "amp": return "&";
            default: return String.fromCodePoint(entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
        }
    });
}

/**
 * The repeated elements of SendMessageBatch's XML answer, by the list its JSON answer holds them in
 * (the names of SendMessageBatchResult's members in SQS's API reference).
 */
const LISTS: Readonly<Record<string, string>> = { SendMessageBatchResultEntry: "Successful", BatchResultErrorEntry: "Failed" };

/**
 * An SQS query-protocol XML answer as the JSON SQS sends to `Accept: application/json`: each
 * element an object of its children, or its text when it has none; a batch's entries in the lists
 * `Successful` and `Failed`. The answers have no other repeated elements where this is used
 * (SendMessage's and SendMessageBatch's results, and errors).
 */
export function sqsXmlToJson(xml: string): unknown {
    const body = xml.replace(/<\?xml[^>]*\?>/, "").trim();
    let at = 0;
    const element = (): [string, unknown] => {
        const open = /^<([A-Za-z_][\w.-]*)(?:\s[^>]*)?(\/?)>/.exec(body.slice(at));
        if (!open) {
            throw new Error(`not the XML SQS answers: ${body.slice(at, at + 40)}`);
        }
        at += open[0].length;
        if (open[2] === "/") {
            return [open[1], ""];
        }
        const children: Record<string, unknown> = {};
        let text = "";
        for (;;) {
            const close = new RegExp(`^\\s*</${open[1]}>`).exec(body.slice(at));
            if (close) {
                at += close[0].length;
                return [open[1], Object.keys(children).length > 0 ? children : xmlDecode(text)];
            }
            if (/^\s*<[A-Za-z_]/.test(body.slice(at))) {
                at += /^\s*/.exec(body.slice(at))![0].length;
                const [name, value] = element();
                const list = LISTS[name];
                if (list !== undefined) {
                    children[list] = [...((children[list] as unknown[] | undefined) ?? []), value];
                } else {
                    children[name] = value;
                }
            } else {
                const chunk = /^[^<]*/.exec(body.slice(at))![0];
                text += chunk;
                at += chunk.length;
                if (chunk.length === 0) {
                    throw new Error(`unexpected XML at ${body.slice(at, at + 40)}`);
                }
            }
        }
    };
    const [name, value] = element();
    // An error answer's root (ErrorResponse) is not part of SQS's JSON error.
    return name === "ErrorResponse" ? value : { [name]: value };
}

/** What the emulator's queues answer a receive with. */
type Receive = (request: { VisibilityTimeout?: unknown; WaitTimeSeconds?: unknown; MaxNumberOfMessages?: unknown }) => Promise<unknown[]>;

/** Marks the emulator's queue class once its receive answers long polls as SQS's does. */
const LONG_POLLS_AS_SQS = Symbol("long polls as SQS's");

/**
 * Makes the emulator's queues answer a long poll as SQS does: as soon as a message is there, with
 * what is there (the emulator's own long poll lasts its whole wait unless it fills the batch). A
 * receive with a wait (the request's `WaitTimeSeconds`, else the queue's
 * `ReceiveMessageWaitTimeSeconds`) is the emulator's short receive, repeated until it returns a
 * message or the wait is over; a short one is the emulator's own. It changes the class of `queue`,
 * once: every local-aws-sqs queue of the process answers so from then on, the tests' own emulators
 * included.
 */
function longPollsAsSqs(queue: { receive: Receive }): void {
    const prototype = Object.getPrototypeOf(queue) as { receive: Receive; [LONG_POLLS_AS_SQS]?: true };
    if (prototype[LONG_POLLS_AS_SQS]) {
        return;
    }
    const receive = prototype.receive;
    prototype[LONG_POLLS_AS_SQS] = true;
    prototype.receive = async function (this: { ReceiveMessageWaitTimeSeconds: number }, request) {
        const wait = Number(request.WaitTimeSeconds ?? this.ReceiveMessageWaitTimeSeconds);
        const end = Date.now() + wait * 1000;
        for (;;) {
            const messages = await receive.call(this, { ...request, WaitTimeSeconds: 0 });
            if (messages.length > 0 || !(wait > 0) || Date.now() >= end) {
                return messages;
            }
        }
    };
}

/** The emulator, with the stack's queues created at start. */
export async function startEmbeddedSqs(queues: readonly QueueModel[], region: string): Promise<SqsBackend> {
    // A dead-letter queue must exist before the queue that names it.
    const ordered = [...queues].sort((a, b) => Number("RedrivePolicy" in a.attributes) - Number("RedrivePolicy" in b.attributes));
    const { service, requestHandler } = createRequestHandler({
        port: 0,
        hostname: "127.0.0.1",
        region,
        emulateQueueCreationLifecycle: false,
        queues: ordered.map((q) => ({ QueueName: q.name, Attributes: q.attributes })),
    });
    for (const queue of service.Queues) {
        longPollsAsSqs(queue);
    }
    const server: Server = createServer((request, response) => void requestHandler(request, response));
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    // The queues' URLs name the port the server listens on.
    service.PORT = port;
    const endpoint = `http://127.0.0.1:${port}`;
    const queueUrl = (target: QueueTarget) => `${endpoint}/123456789012/${target.queueName}`;
    return {
        endpoint,
        queueUrl,
        async send(target, form, headers) {
            const url = queueUrl(target);
            // The emulator queues any character; SQS refuses those XML does not allow, as checked here.
            const requestId = randomUUID();
            const checked = checkMessageContents(form, requestId);
            if ("refused" in checked) {
                return checked.refused;
            }
            const post = async (): Promise<SqsAnswer> => {
                const response = await fetch(url, { method: "POST", headers: { ...headers }, body: `${checked.form}&QueueUrl=${encodeURIComponent(url)}` });
                const text = await response.text();
                return { status: response.status, body: text.trimStart().startsWith("<") ? JSON.stringify(sqsXmlToJson(text)) : text };
            };
            if (checked.failed.length === 0) {
                return post();
            }
            const answer = checked.form === "" ? undefined : await post();
            return answer && answer.status !== 200 ? answer
                : { status: 200, body: withFailedEntries(answer?.body, checked.failed, requestId) };
        },
        async close() {
            server.closeAllConnections();
            await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        },
    };
}

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data) => (typeof data === "string" ? data : ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));

/** SHA-256 and HMAC-SHA-256 on Node's crypto, in the shape SignatureV4 takes. */
export class Sha256 {
    private readonly hash;
    constructor(secret?: Data) {
        this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
    }
    update(data: Data): void {
        this.hash.update(bytes(data));
    }
    async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
    }
}

/**
 * Another SQS endpoint (real SQS, or an emulator elsewhere): the form is posted to
 * `<endpoint>/<account>/<queue>`, as API Gateway posts it, signed with SigV4 for the queue's region.
 */
export function remoteSqs(endpoint: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider): SqsBackend {
    const base = endpoint.replace(/\/+$/, "");
    const queueUrl = (target: QueueTarget) => `${base}/${target.accountId}/${target.queueName}`;
    return {
        endpoint: base,
        queueUrl,
        async send(target, form, headers) {
            const url = new URL(queueUrl(target));
            const signer = new SignatureV4({ service: "sqs", region: target.region, credentials, sha256: Sha256 });
            const signed = await signer.sign({
                method: "POST",
                protocol: url.protocol,
                hostname: url.hostname,
                ...(url.port ? { port: Number(url.port) } : {}),
                path: url.pathname,
                headers: { ...headers, host: url.host },
                body: form,
            });
            // fetch sets the Host header itself, to the value that was signed.
            const sent = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== "host"));
            const response = await fetch(url, { method: "POST", headers: sent, body: form });
            return { status: response.status, body: await response.text() };
        },
        async close() {
            // Nothing held open: each request is its own.
        },
    };
}
