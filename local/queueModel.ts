// A queue as the local API creates it in the SQS emulator: the attributes CreateQueue takes, read
// from the inputs the program gives the queue resource. Every input the component may give a queue
// is listed here, with its attribute or with why the local API has nothing to model for it; an
// input not listed stops the local API at once, so that a queue setting added later cannot be
// silently ignored here (tests/localQueues.test.ts sets each queue setting and checks it arrives).
import { Registered } from "../offline/mockRuntime";

/** How the local API models one input of a queue: the attribute it becomes, or why it becomes none. */
type QueueInput = { readonly attribute: string } | { readonly notModelled: string };

export const QUEUE_INPUTS: Readonly<Record<string, QueueInput>> = {
    fifoQueue: { attribute: "FifoQueue" },
    contentBasedDeduplication: { attribute: "ContentBasedDeduplication" },
    deduplicationScope: { attribute: "DeduplicationScope" },
    fifoThroughputLimit: { attribute: "FifoThroughputLimit" },
    visibilityTimeoutSeconds: { attribute: "VisibilityTimeout" },
    messageRetentionSeconds: { attribute: "MessageRetentionPeriod" },
    maxMessageSize: { attribute: "MaximumMessageSize" },
    delaySeconds: { attribute: "DelaySeconds" },
    redrivePolicy: { attribute: "RedrivePolicy" },
    redriveAllowPolicy: { attribute: "RedriveAllowPolicy" },
    sqsManagedSseEnabled: { notModelled: "encryption at rest: the emulator keeps its messages in memory, and AWS decrypts for every reader alike" },
    kmsMasterKeyId: { notModelled: "encryption at rest with a customer's key: the emulator keeps its messages in memory; the key's grants are the policy pack's to check" },
    tags: { notModelled: "tags change nothing a request or a worker sees" },
};

/** The attributes of CreateQueue for a queue's inputs; its redrive-allow policy may be a resource of its own (by the queue's URL). */
export function queueAttributes(queue: Registered, redriveAllow: ReadonlyMap<string, string>): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const [input, value] of Object.entries(queue.inputs)) {
        const modelled = QUEUE_INPUTS[input];
        if (modelled === undefined) {
            throw new Error(`the local API does not know the queue input ${input} of ${queue.name}: give it its SQS attribute in `
                + "local/queueModel.ts (QUEUE_INPUTS), or say there why it changes nothing the local API serves");
        }
        // A false or empty value is SQS's default: left out, as the provider leaves it out of CreateQueue.
        if ("attribute" in modelled && value !== undefined && value !== null && value !== "" && value !== false) {
            attributes[modelled.attribute] = String(value);
        }
    }
    const allow = redriveAllow.get(String(queue.state.url));
    if (allow !== undefined) {
        attributes.RedriveAllowPolicy = allow;
    }
    return attributes;
}
