// A real SQS query-protocol peer on loopback (local-aws-sqs), and a sender that posts a rendered
// mapping template the way API Gateway's AWS integration posts it to SQS.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import {
    CreateQueueCommand,
    DeleteMessageCommand,
    type Message,
    ReceiveMessageCommand,
    SQSClient,
} from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";

import { INTEGRATION_REQUEST_PARAMETERS } from "../../components/integration";

// The SDK is only the test's SQS client; its notice about future Node versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const HEADER_PREFIX = "integration.request.header.";

/**
 * The headers API Gateway adds to the call to SQS. They come from the integration itself, so the
 * peer sees what SQS would see; only static ('quoted') values can be reproduced here.
 */
export function integrationHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(INTEGRATION_REQUEST_PARAMETERS)) {
        if (!key.startsWith(HEADER_PREFIX)) {
            continue;
        }
        const literal = /^'(.*)'$/.exec(value);
        if (!literal) {
            throw new Error(`${key} is not a static value, so the test cannot send what API Gateway sends: ${value}`);
        }
        headers[key.slice(HEADER_PREFIX.length)] = literal[1];
    }
    return headers;
}

/** The text of the first `<name>` element, with XML's predefined entities decoded. */
export function xmlText(xml: string, name: string): string | undefined {
    const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
    return match?.[1]
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, "\"")
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&");
}

export interface PeerAnswer {
    readonly status: number;
    readonly contentType: string | null;
    readonly text: string;
}

export class SqsPeer {
    private constructor(
        private readonly server: Server,
        private readonly client: SQSClient,
        readonly queueUrl: string,
    ) {}

    /** Starts the emulator on an ephemeral loopback port with one standard queue. */
    static async start(queueName: string, maximumMessageSize: number): Promise<SqsPeer> {
        // Port 0 works: the emulator reads the bound port back before it builds queue URLs.
        const server = await createSqsServer({ port: 0, hostname: "127.0.0.1" });
        const { port } = server.address() as AddressInfo;
        const client = new SQSClient({
            endpoint: `http://127.0.0.1:${port}`,
            region: "us-east-1",
            credentials: { accessKeyId: "fake", secretAccessKey: "fake" },
            // A failure should surface at once, not after the SDK's backoff.
            maxAttempts: 1,
        });
        try {
            const { QueueUrl } = await client.send(new CreateQueueCommand({
                QueueName: queueName,
                Attributes: { MaximumMessageSize: String(maximumMessageSize) },
            }));
            if (!QueueUrl) {
                throw new Error("CreateQueue answered without a QueueUrl");
            }
            return new SqsPeer(server, client, QueueUrl);
        } catch (error) {
            client.destroy();
            server.closeAllConnections();
            server.close();
            throw error;
        }
    }

    /**
     * Posts a rendered SendMessage template as API Gateway would: to the queue's path
     * (/<account>/<queue>, as in the integration URI), with the integration's headers. The
     * emulator ignores the path and finds the queue only through a QueueUrl parameter, so one is
     * appended; real SQS takes the queue from the path and needs no such parameter.
     */
    async post(rendered: string, queueUrl = this.queueUrl): Promise<PeerAnswer> {
        const response = await fetch(queueUrl, {
            method: "POST",
            headers: integrationHeaders(),
            body: `${rendered}&QueueUrl=${encodeURIComponent(queueUrl)}`,
        });
        return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
    }

    /**
     * Receives at most one message without waiting, asking for every attribute so an injected
     * one would show, and deletes it before returning so no other test can see it.
     */
    async receiveOne(queueUrl = this.queueUrl): Promise<Message | undefined> {
        const { Messages } = await this.client.send(new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 1,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ["All"],
            MessageSystemAttributeNames: ["All"],
            // The emulator answers system attributes to the older parameter only.
            AttributeNames: ["All"],
        }));
        const message = Messages?.[0];
        if (message?.ReceiptHandle) {
            await this.client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        }
        return message;
    }

    /**
     * Receives (and deletes) messages until `count` have come or `withinMs` has passed: a FIFO
     * group's next message becomes visible once the one before it is deleted, which the emulator
     * may take a moment to notice on a busy machine, so an empty answer is not yet the end.
     */
    async receiveMany(count: number, queueUrl = this.queueUrl, withinMs = 5000): Promise<Message[]> {
        const received: Message[] = [];
        const deadline = Date.now() + withinMs;
        while (received.length < count && Date.now() < deadline) {
            const message = await this.receiveOne(queueUrl);
            if (message) {
                received.push(message);
            } else {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
        }
        return received;
    }

    /** Deletes every visible message, so a test that failed halfway leaves nothing behind. */
    async drain(queueUrl = this.queueUrl): Promise<void> {
        while (await this.receiveOne(queueUrl)) {
            // receiveOne deletes what it receives.
        }
    }

    /** Creates another queue on the same peer, e.g. a FIFO one, and returns its URL. */
    async createQueue(name: string, attributes: Record<string, string>): Promise<string> {
        const { QueueUrl } = await this.client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
        if (!QueueUrl) {
            throw new Error("CreateQueue answered without a QueueUrl");
        }
        return QueueUrl;
    }

    async close(): Promise<void> {
        this.client.destroy();
        // Keep-alive sockets from fetch and the SDK would otherwise hold close() open.
        this.server.closeAllConnections();
        await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
    }
}
