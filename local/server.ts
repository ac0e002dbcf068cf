// The local API: a stack's REST API served on 127.0.0.1, built from what its program registers on
// the mocked runtime, in front of an SQS emulator holding the stack's queues (or another SQS
// endpoint). See docs/local-api.md for what it emulates and what it does not.
import { createServer, IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";

import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";

import { apiModel, ApiModel, methodsOf, QueueModel, queueOfUri } from "./apiModel";
import { RunningConsumers, startLocalConsumers } from "./consumers";
import { crossSiteRefusal, stackOrigins } from "./crossSite";
import { GatewayOptions, LocalGateway, MAX_PAYLOAD_BYTES } from "./gateway";
import { QueueTarget, SqsBackend, startEmbeddedSqs } from "./sqsBackend";
import { Registered } from "../offline/mockRuntime";
import { AWS_FIGURES } from "../components/awsFigures";
import { isRetiredIntegration } from "../components/retirement";

export interface RouteQueues {
    readonly url: string;
    readonly deadLetterQueueUrl?: string;
}

/**
 * What a client needs: the URL of each route, the SQS endpoint, each route's queues, keyed
 * `POST /orders`, and each client's API key.
 */
export interface LocalApiAddresses {
    readonly urls: Record<string, string>;
    /** The retired routes' URLs, keyed alike: each answers 410 Gone and queues nothing. */
    readonly retiredUrls: Record<string, string>;
    readonly sqsEndpoint: string;
    readonly queues: Record<string, RouteQueues>;
    /**
     * Client → API key. AWS generates the keys at deploy; these are the local API's own, the
     * values the mocked runtime gives the stack's keys, good for this local API only.
     */
    readonly apiKeys: Record<string, string>;
}

export interface RunningLocalApi extends LocalApiAddresses {
    readonly model: ApiModel;
    readonly gateway: LocalGateway;
    readonly sqs: SqsBackend;
    /** The stack's Lambda consumers running locally, when asked for. */
    readonly consumers?: RunningConsumers;
    /**
     * The messages the embedded emulator holds in memory, by queue name (waiting, being read or
     * delayed), which stopping drops; none with another SQS endpoint, which keeps its own.
     */
    queuedMessages(): Promise<Record<string, number>>;
    close(): Promise<void>;
}

export interface LocalApiOptions extends GatewayOptions {
    /** 0 (the default) takes any free port. */
    readonly port?: number;
    /** The stack's region, where its queues are. */
    readonly region: string;
    /** Another SQS endpoint instead of the embedded emulator. */
    readonly sqs?: SqsBackend;
    /** The program's outputs: its `apiKeys` output names the client of each key. */
    readonly outputs?: Readonly<Record<string, unknown>>;
    /** Run the stack's Lambda consumers on the embedded emulator's queues (never on another endpoint's). */
    readonly consumers?: boolean;
    /** Where a consumer's log lines go, besides its `logs`. */
    readonly consumerLog?: (functionName: string, line: string) => void;
}

/** Thrown when the port is taken, with the one line to print. */
export class PortInUse extends Error {}

function routeKey(method: string, resourcePath: string): string {
    return `${method} ${resourcePath}`;
}

/** The queues the emulator needs: the stack's own, and a stand-in for each queue of elsewhere a route names. */
function queuesToCreate(model: ApiModel): QueueModel[] {
    const own = new Set(model.queues.map((q) => q.name));
    const elsewhere = methodsOf(model).map((m) => (m.integration ? queueOfUri(m.integration.uri) : undefined))
        .filter((t): t is QueueTarget => t !== undefined && !own.has(t.queueName))
        // The stack knows nothing of the queue's limits: its stand-in takes SQS's default size, as a queue created without one does.
        .map((t): QueueModel => ({ name: t.queueName, attributes: { ...(t.queueName.endsWith(".fifo") ? { FifoQueue: "true" } : {}), MaximumMessageSize: String(AWS_FIGURES.quotas.sqs.defaultMaxMessageBytes) } }));
    return [...model.queues, ...elsewhere.filter((q, i) => elsewhere.findIndex((o) => o.name === q.name) === i)];
}

function readBody(request: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        request.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_PAYLOAD_BYTES) {
                chunks.push(chunk);
            }
        });
        request.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_PAYLOAD_BYTES }));
        request.on("error", reject);
    });
}

/** A refused request's body is drained unread, so that nothing of it can reach a queue. */
function skipBody(request: IncomingMessage): { body: Buffer; tooLarge: boolean } {
    request.resume();
    return { body: Buffer.alloc(0), tooLarge: false };
}

/** The messages each of the emulator's queues holds: waiting, being read or delayed. */
async function messagesHeld(endpoint: string, queueUrl: (queueName: string) => string, queues: readonly QueueModel[]): Promise<Record<string, number>> {
    const client = new SQSClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    try {
        const held: Record<string, number> = {};
        for (const queue of queues) {
            const { Attributes = {} } = await client.send(new GetQueueAttributesCommand({
                QueueUrl: queueUrl(queue.name),
                AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
            }));
            held[queue.name] = Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
                + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
        }
        return held;
    } finally {
        client.destroy();
    }
}

/**
 * The Host headers this server answers: its own port on the loopback, by address or name. A page
 * of any site can make a browser send requests to 127.0.0.1 under a name of its own that resolves
 * there (DNS rebinding), and with --sqs-endpoint each request is signed with the developer's AWS
 * credentials; such a request carries the site's name as its Host, and is refused.
 */
export function ownHosts(port: number): string[] {
    const names = ["127.0.0.1", "localhost", "[::1]"];
    return [...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : [])];
}

/** Serves the REST API of a stack's registered resources. */
export async function startLocalApi(resources: readonly Registered[], options: LocalApiOptions): Promise<RunningLocalApi> {
    const model = apiModel(resources, options.outputs);
    const emulated = queuesToCreate(model);
    const sqs = options.sqs ?? await startEmbeddedSqs(emulated, options.region);
    const gateway = new LocalGateway(model, sqs, options);
    const allowedOrigins = stackOrigins(model);
    let hosts: string[] = [];
    const server: Server = createServer(async (request, response) => {
        const host = (request.headers.host ?? "").toLowerCase();
        if (!hosts.includes(host)) {
            request.resume();
            response.writeHead(421, { "Content-Type": "application/json" });
            response.end(JSON.stringify({ message: `this local API answers only requests to ${hosts.join(", ")}, not to Host ${JSON.stringify(host)}` }));
            return;
        }
        const crossSite = crossSiteRefusal(request, hosts.map((own) => `http://${own}`), allowedOrigins);
        try {
            const { body, tooLarge } = crossSite ? skipBody(request) : await readBody(request);
            const headers = Object.fromEntries(Object.entries(request.headersDistinct).map(([name, values]) => [name, (values ?? []).join(",")]));
            const answer = await gateway.handle({
                method: request.method ?? "GET",
                url: request.url ?? "/",
                headers,
                body,
                bodyTooLarge: tooLarge,
                sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
                protocol: `HTTP/${request.httpVersion}`,
            }, crossSite);
            response.writeHead(answer.status, answer.headers);
            response.end(answer.body);
        } catch (err) {
            response.writeHead(500, { "Content-Type": "application/json" });
            response.end(JSON.stringify({ message: `the local API failed: ${(err as Error).message}` }));
        }
    });
    try {
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
        });
    } catch (err) {
        await sqs.close();
        if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
            throw new PortInUse(`port ${options.port} on 127.0.0.1 is in use: give another with --port, or --port 0 for any free one`);
        }
        throw err;
    }
    const { port } = server.address() as AddressInfo;
    hosts = ownHosts(port);

    const urls: Record<string, string> = {};
    const retiredUrls: Record<string, string> = {};
    const queues: Record<string, RouteQueues> = {};
    // The routes are the methods that write to a queue, or did until they retired: a CORS preflight answers on a route's URL.
    for (const method of methodsOf(model)) {
        const key = routeKey(method.httpMethod, method.resourcePath);
        const url = `http://127.0.0.1:${port}/${model.stageName}${method.resourcePath}`;
        if (isRetiredIntegration(method.integration)) {
            retiredUrls[key] = url;
        }
        const target = method.integration ? queueOfUri(method.integration.uri) : undefined;
        if (!target) {
            continue;
        }
        urls[key] = url;
        const redrive = model.queues.find((q) => q.name === target.queueName)?.attributes.RedrivePolicy;
        const deadLetterName = redrive ? String((JSON.parse(redrive) as { deadLetterTargetArn: string }).deadLetterTargetArn).split(":").pop() : undefined;
        queues[key] = {
            url: sqs.queueUrl(target),
            ...(deadLetterName ? { deadLetterQueueUrl: sqs.queueUrl({ ...target, queueName: deadLetterName }) } : {}),
        };
    }

    const stopServing = async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await sqs.close();
    };
    let consumers: RunningConsumers | undefined;
    try {
        consumers = options.consumers && !options.sqs ? await startLocalConsumers(resources, sqs, options.region, { log: options.consumerLog })
            : undefined;
    } catch (err) {
        // A consumer that cannot be loaded stops the start, and nothing is left listening.
        await stopServing();
        throw err;
    }

    return {
        model,
        gateway,
        sqs,
        ...(consumers ? { consumers } : {}),
        urls,
        retiredUrls,
        sqsEndpoint: sqs.endpoint,
        queues,
        apiKeys: Object.fromEntries(model.apiKeys.map((key) => [key.client, key.value])),
        queuedMessages: () => (options.sqs ? Promise.resolve({})
            : messagesHeld(sqs.endpoint, (queueName) => sqs.queueUrl({ region: options.region, accountId: "", queueName }), emulated)),
        async close() {
            await consumers?.stop();
            await stopServing();
        },
    };
}
