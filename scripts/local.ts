// npm run local -- [--stack dev] [--port 0] [--json] [--sqs-endpoint URL] [--access-log FILE] [--no-consumers]
//
// Serves a stack's REST API on 127.0.0.1, built from what its program registers on the mocked
// runtime, in front of an SQS emulator with the stack's queues (or another SQS endpoint, requests
// signed with the caller's AWS credentials). Prints the route URLs, the SQS endpoint, each route's
// queues and each client's API key (the local API's own); with --json, exactly one JSON line. Stops on SIGINT or SIGTERM. Exit codes: 0
// stopped cleanly, 2 bad input (flags, the stack, a busy port), 3 a bug.
import * as fs from "node:fs";

import { defaultProvider } from "@aws-sdk/credential-provider-node";

import { methodsOf } from "../local/apiModel";
import { PortInUse, RunningLocalApi, startLocalApi } from "../local/server";
import { remoteSqs } from "../local/sqsBackend";
import { CliIo, readFlags } from "./cliFlags";
import { runStack } from "./offline/runStack";
import { BadInput } from "./offline/sourceFile";
import { listStacks, projectName } from "./offline/stacks";
import { shortStackName } from "./planFlags";

export const LOCAL_HELP = `usage: npm run local -- [--stack <name>] [--port <n>] [--json] [--sqs-endpoint <url>] [--access-log <file>] [--no-consumers]

  --stack <name>        the stack whose API to serve (Pulumi.<name>.yaml); default dev
  --port <n>            the port on 127.0.0.1; default 0, any free port
  --json                print one JSON line with the URLs and queues, nothing else on stdout
  --sqs-endpoint <url>  send to this SQS endpoint instead of the embedded emulator, signed with
                        SigV4 from your AWS credentials (a real queue: see docs/local-api.md)
  --access-log <file>   append the stage's access log lines here instead of stderr
  --no-consumers        do not run the stack's Lambda consumers (they run on the embedded emulator's
                        queues by default, never on another endpoint's)
  --help                this text

exit codes: 0 stopped (SIGINT, SIGTERM), 2 bad input, 3 an internal error`;

/** Where npm run local writes: the process's streams, or a test's. */
export type LocalIo = CliIo;

export interface Started {
    readonly api: RunningLocalApi;
    readonly stack: string;
    readonly json: boolean;
}

/** Starts the local API for the arguments; returns it, or the exit code when it cannot start. */
export async function startFromArgs(argv: readonly string[], io: LocalIo = process): Promise<Started | number> {
    const flags = readFlags(argv, {
        stack: { type: "string", default: "dev" },
        port: { type: "string", default: "0" },
        json: { type: "boolean", default: false },
        "sqs-endpoint": { type: "string" },
        "access-log": { type: "string" },
        "no-consumers": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
    }, LOCAL_HELP, io);
    if (typeof flags === "number") {
        return flags;
    }
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.stderr.write(`--port must be a port number from 0 to 65535, got ${JSON.stringify(flags.port)}\n`);
        return 2;
    }
    let endpoint: URL | undefined;
    if (flags["sqs-endpoint"] !== undefined) {
        try {
            endpoint = new URL(flags["sqs-endpoint"]);
        } catch {
            io.stderr.write(`--sqs-endpoint must be a URL such as https://sqs.eu-west-1.amazonaws.com, got ${JSON.stringify(flags["sqs-endpoint"])}\n`);
            return 2;
        }
    }
    let stack;
    try {
        stack = shortStackName(flags.stack!, projectName);
    } catch (err) {
        io.stderr.write(`${(err as Error).message}\n`);
        return 2;
    }
    if (!listStacks().includes(stack)) {
        io.stderr.write(`no stack file Pulumi.${stack}.yaml; stacks: ${listStacks().join(", ")}\n`);
        return 2;
    }
    let ran;
    try {
        ran = await runStack(stack, (stackFile) => stackFile.notices.forEach((notice) => io.stderr.write(`${notice}\n`)));
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
    const accessLogFile = flags["access-log"];
    try {
        const api = await startLocalApi(ran.resources, {
            port,
            outputs: ran.outputs,
            region: ran.stackFile.config["aws:region"] ?? "us-east-1",
            ...(endpoint ? { sqs: remoteSqs(endpoint.toString(), defaultProvider()) } : {}),
            consumers: flags["no-consumers"] !== true,
            consumerLog: (functionName, line) => io.stderr.write(`${functionName}: ${line}\n`),
            accessLog: accessLogFile ? (line) => fs.appendFileSync(accessLogFile, `${line}\n`) : (line) => io.stderr.write(`${line}\n`),
        });
        return { api, stack, json: flags.json === true };
    } catch (err) {
        if (err instanceof PortInUse) {
            io.stderr.write(`${err.message}\n`);
            return 2;
        }
        throw err;
    }
}

/** What `--json` prints: the one line a script reads. */
export function addressesLine(api: RunningLocalApi): string {
    return JSON.stringify({ urls: api.urls, retiredUrls: api.retiredUrls, sqsEndpoint: api.sqsEndpoint, queues: api.queues, apiKeys: api.apiKeys });
}

/** What the local API lets through that AWS would check further, one line each, for the routes that have it. */
export function notVerified(api: RunningLocalApi): string[] {
    const routes = methodsOf(api.model).filter((m) => api.urls[`${m.httpMethod} ${m.resourcePath}`] !== undefined);
    const lines: string[] = [];
    if (routes.some((m) => m.authorization === "AWS_IAM")) {
        lines.push("AWS_IAM routes take any SigV4-shaped Authorization header: the signature is not verified here, AWS verifies it.");
    }
    if (routes.some((m) => m.authorizer)) {
        lines.push("COGNITO_USER_POOLS and CUSTOM routes take any request that carries the authorizer's identity sources "
            + "(401 without them): no token is verified and no Lambda authorizer is called here, AWS does that.");
    }
    return lines;
}

/** The same for a person. */
export function addressesText(api: RunningLocalApi, stack: string): string {
    const lines = [`Local API of stack ${stack}, stage ${api.model.stageName}:`];
    for (const [route, url] of Object.entries(api.urls)) {
        const queues = api.queues[route];
        lines.push(`  ${route}  ${url}`);
        if (queues) {
            lines.push(`    queue              ${queues.url}`);
            if (queues.deadLetterQueueUrl) {
                lines.push(`    dead-letter queue  ${queues.deadLetterQueueUrl}`);
            }
        }
    }
    for (const [route, url] of Object.entries(api.retiredUrls)) {
        lines.push(`  ${route}  ${url}  (retired: answers 410 Gone)`);
    }
    const keys = Object.entries(api.apiKeys);
    if (keys.length > 0) {
        lines.push("API keys (send one in x-api-key): this local API's own, not the keys AWS generates at deploy", ...keys.map(([client, key]) => `  ${client}  ${key}`));
    }
    for (const consumer of api.consumers?.consumers ?? []) {
        lines.push(`Consumer ${consumer.functionName} runs here, on ${consumer.queueUrl} (its log lines go to stderr)`);
    }
    lines.push(...notVerified(api));
    lines.push(`SQS endpoint: ${api.sqsEndpoint} (any AWS SDK client with this endpoint and any credentials)`, "Ctrl-C stops it.");
    return `${lines.join("\n")}\n`;
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    startFromArgs(argv).then((started) => {
        if (typeof started === "number") {
            process.exitCode = started;
            return;
        }
        const { api, stack, json } = started;
        process.stdout.write(json ? `${addressesLine(api)}\n` : addressesText(api, stack));
        const stop = () => {
            api.close().then(() => process.exit(0), () => process.exit(3));
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
    }, (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 3;
    });
}
