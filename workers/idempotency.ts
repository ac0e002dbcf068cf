// Idempotency for workers of a queue that delivers at least once: a message is processed once per
// idempotency key, however often it is delivered. The key is the message's `idempotencyKey`
// attribute (the client's Idempotency-Key header, so a client's retry is the same order), else its
// `requestId` (the API's request, so SQS delivering one message twice is one order), else its id.
//
// A client chooses its Idempotency-Key, so the key is remembered per caller: the `caller`
// attribute the API adds on a route with an authenticated caller, else a FIFO message's group
// (which the API binds to the caller when the route's group is the caller). Caller B sending
// caller A's key then makes no order of A's a duplicate. A message with neither (an open route's,
// on a standard queue) is remembered unscoped, so it is compared only with the other unscoped keys,
// never with a caller's or a group's: nobody is identified on an open route, so any of its senders
// can collide with any other (docs/fifo-and-idempotency.md).
//
// The store is an interface, so that production can use a durable one. InMemoryStore is for the
// examples and tests: it forgets everything when the process ends, and two processes (two Lambda
// execution environments, two containers) do not share it. See docs/workers.md.

/** What a store says when a key is claimed. */
export type Claim = "claimed" | "done" | "in-progress";

export interface IdempotencyStore {
    /**
     * Claims `key` for `leaseSeconds`: "claimed" when the caller is to process it, "done" when it
     * was processed already, "in-progress" while another caller's claim has not expired. Must be
     * atomic: of two callers at once, one gets "claimed".
     */
    claim(key: string, leaseSeconds: number): Promise<Claim>;
    /** Records the claimed key as processed. */
    complete(key: string): Promise<void>;
    /** Gives up a claim after a failure, so that the next delivery processes the message. */
    release(key: string): Promise<void>;
}

/** The message attributes an idempotency key is read from, as both SQS's SDK and Lambda's event spell them. */
export type Attributes = Readonly<Record<string, { readonly StringValue?: string; readonly stringValue?: string } | undefined>>;

/** What a worker knows of a message: its attributes, its id and, from a FIFO queue, its group. */
export interface MessageIdentity {
    readonly attributes: Attributes | undefined;
    readonly messageId: string;
    readonly messageGroupId?: string;
}

/**
 * The message's idempotency key: its idempotencyKey attribute bound to its caller (or to its FIFO
 * group), else its requestId, else its message id. The caller and the group are URL-encoded, so
 * that the first "/" ends them and no caller's key can be spelled as another's.
 */
export function idempotencyKeyOf({ attributes, messageId, messageGroupId }: MessageIdentity): string {
    const value = (name: string) => attributes?.[name]?.StringValue ?? attributes?.[name]?.stringValue;
    const idempotencyKey = value("idempotencyKey");
    if (idempotencyKey) {
        const caller = value("caller");
        const scope = caller ? `caller:${encodeURIComponent(caller)}/` : messageGroupId ? `group:${encodeURIComponent(messageGroupId)}/` : "";
        return `${scope}idempotencyKey:${idempotencyKey}`;
    }
    const requestId = value("requestId");
    return requestId ? `requestId:${requestId}` : `messageId:${messageId}`;
}

/** Thrown when another delivery of the same message holds the key: this one is retried later. */
export class AlreadyInProgress extends Error {
    constructor(readonly key: string) {
        super(`${key} is being processed by another delivery; retrying later`);
        this.name = "AlreadyInProgress";
    }
}

/**
 * Runs `work` once per key: "processed" when it ran now, "duplicate" when the key was done before.
 * A failure releases the key and is rethrown, so that the message is delivered again.
 */
export async function processOnce(store: IdempotencyStore, key: string, leaseSeconds: number, work: () => Promise<void>): Promise<"processed" | "duplicate"> {
    const claim = await store.claim(key, leaseSeconds);
    if (claim === "done") {
        return "duplicate";
    }
    if (claim === "in-progress") {
        throw new AlreadyInProgress(key);
    }
    try {
        await work();
    } catch (err) {
        await store.release(key);
        throw err;
    }
    await store.complete(key);
    return "processed";
}

/**
 * A store in this process's memory: not durable (a restart forgets it) and not shared (each Lambda
 * execution environment and each container has its own). For the examples and tests only.
 */
export class InMemoryStore implements IdempotencyStore {
    private readonly entries = new Map<string, { state: "in-progress" | "done"; until: number }>();

    /** `doneSeconds`: how long a processed key is remembered; `now` is the clock, in milliseconds. */
    constructor(private readonly doneSeconds = 14 * 86400, private readonly now: () => number = Date.now) {}

    async claim(key: string, leaseSeconds: number): Promise<Claim> {
        const entry = this.entries.get(key);
        if (entry && entry.until > this.now()) {
            return entry.state;
        }
        this.entries.set(key, { state: "in-progress", until: this.now() + leaseSeconds * 1000 });
        return "claimed";
    }

    async complete(key: string): Promise<void> {
        this.entries.set(key, { state: "done", until: this.now() + this.doneSeconds * 1000 });
    }

    async release(key: string): Promise<void> {
        this.entries.delete(key);
    }
}
