// The local API for a test: a shipped stack, or a stack file that exists only for the test, served
// on an ephemeral port with the embedded SQS emulator, and an SDK client of that emulator. A test's
// stack file is written to a folder of its own and read from there (as npm run local's
// --config-file reads one), never into the project, where other tests list the stacks that exist.
import {
    DeleteMessageCommand,
    GetQueueAttributesCommand,
    type Message,
    ReceiveMessageCommand,
    SQSClient,
} from "@aws-sdk/client-sqs";

import { RunningConsumers, startLocalConsumers } from "../../local/consumers";
import { GatewayOptions } from "../../local/gateway";
import { LocalApiOptions, RunningLocalApi, startLocalApi } from "../../local/server";
import { runStack } from "../../offline/runStack";
import { withStackFileAside } from "./plan";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export interface LocalStack {
    readonly api: RunningLocalApi;
    readonly sqs: SQSClient;
    /** POSTs (or another method) to a route, JSON by default; the answer's status, headers and text. */
    call(route: string, body: string | Buffer, headers?: Record<string, string>, method?: string): Promise<{ status: number; text: string; headers: Headers }>;
    /** Receives what is visible now (no long poll: the emulator can repeat a message within one), deleting each. */
    drain(queueUrl: string, options?: { keep?: boolean }): Promise<Message[]>;
    visibleCount(queueUrl: string): Promise<number>;
    /** Starts the stack's Lambda consumers on the emulator's queues (each call loads their archives afresh); close() stops them. */
    startConsumers(): Promise<RunningConsumers>;
    close(): Promise<void>;
}

/** Serves `stack` (a shipped one, or `text` as the config of a stack of that name that exists for the test only). */
export async function localStack(stack: string, text?: string, options: GatewayOptions & Pick<LocalApiOptions, "sqs"> = {}): Promise<LocalStack> {
    const ran = text === undefined ? await runStack(stack) : await withStackFileAside(stack, text, (configFile) => runStack(stack, undefined, { configFile }));
    const region = ran.stackFile.config["aws:region"] ?? "us-east-1";
    const api = await startLocalApi(ran.resources, { region, outputs: ran.outputs, ...options });
    const consumers: RunningConsumers[] = [];
    const sqs = new SQSClient({
        endpoint: api.sqsEndpoint,
        region: "eu-west-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        maxAttempts: 1,
    });
    return {
        api,
        sqs,
        async call(route, body, headers = { "Content-Type": "application/json" }, method = "POST") {
            const response = await fetch(api.urls[route] ?? route, { method, headers, body: typeof body === "string" ? body : new Uint8Array(body) });
            return { status: response.status, text: await response.text(), headers: response.headers };
        },
        async drain(queueUrl, options = {}) {
            const seen = new Map<string, Message>();
            for (;;) {
                const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
                    QueueUrl: queueUrl,
                    MaxNumberOfMessages: 10,
                    WaitTimeSeconds: 0,
                    MessageAttributeNames: ["All"],
                    AttributeNames: ["All"],
                }));
                const fresh = Messages.filter((m) => !seen.has(m.MessageId!));
                if (fresh.length === 0) {
                    return [...seen.values()];
                }
                for (const message of fresh) {
                    seen.set(message.MessageId!, message);
                    if (!options.keep) {
                        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
                    }
                }
            }
        },
        async visibleCount(queueUrl) {
            const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
            return Number(Attributes.ApproximateNumberOfMessages ?? 0);
        },
        async startConsumers() {
            const running = await startLocalConsumers(ran.resources, api.sqs, region);
            consumers.push(running);
            return running;
        },
        async close() {
            await Promise.all(consumers.map((c) => c.stop()));
            sqs.destroy();
            await api.close();
        },
    };
}
