// npm run local -- [--stack dev] [--port 0] [--json] [--sqs-endpoint URL] [--access-log FILE] [--no-consumers] [--config-file FILE]
//
// Serves a stack's REST API on 127.0.0.1, built from what its program registers on the mocked
// runtime, in front of an SQS emulator with the stack's queues (or another SQS endpoint, requests
// signed with the caller's AWS credentials). Prints the route URLs, the SQS endpoint, each route's
// queues and each client's API key (the local API's own); with --json, exactly one JSON line. Stops on
// SIGINT, SIGTERM or SIGHUP, or when the process that started it ends, saying how many messages the
// emulator's queues held. Exit codes: 0 stopped cleanly, 2 bad input (flags, the stack, a busy
// port), 3 a bug.
import * as fs from "node:fs";

import { defaultProvider } from "@aws-sdk/credential-provider-node";

import { methodsOf } from "../local/apiModel";
import { PortInUse, RunningLocalApi, startLocalApi } from "../local/server";
import { remoteSqs } from "../local/sqsBackend";
import { runAsCommand } from "./commandExit";
import { CliIo, Command, integerFlag, readFlags, switchFlag, textFlag, urlFlag } from "./cliFlags";
import { runStack } from "../offline/runStack";
import { BadInput } from "../offline/sourceFile";
import { existingStack, stackNameFlag } from "./stackFlag";

export const LOCAL_COMMAND = {
    usage: ["npm run local -- [--stack <name>] [--port <n>] [--json] [--sqs-endpoint <url>] [--access-log <file>] [--no-consumers] [--config-file <file>]"],
    about: "Serves the stack's REST API on 127.0.0.1, in front of an SQS emulator with the stack's queues, and runs\n"
        + "its consumers, until SIGINT (Ctrl-C), SIGTERM or SIGHUP, or until the process that started it ends.\n"
        + "The emulator keeps messages in memory: on exit it says how many it drops.",
    flags: {
        stack: stackNameFlag("the stack whose API to serve (Pulumi.<name>.yaml); default dev", "dev"),
        port: integerFlag("<n>", "the port on 127.0.0.1; default 0, any free port", { min: 0, max: 65535, fallback: 0, allowed: "a port number from 0 to 65535" }),
        json: switchFlag("print one JSON line with the URLs, the queues and their ARNs, nothing else on stdout"),
        "sqs-endpoint": urlFlag("<url>", "send to this SQS endpoint instead of the embedded emulator, signed with SigV4 from your AWS "
            + "credentials (a real queue: see docs/local-api.md)", "https://sqs.eu-west-1.amazonaws.com"),
        "access-log": textFlag("<file>", "append the stage's access log lines here instead of stderr"),
        "no-consumers": switchFlag("do not run the stack's Lambda consumers (they run on the embedded emulator's queues by default, "
            + "never on another endpoint's)"),
        "config-file": textFlag("<file>", "read the stack's config from this file instead of Pulumi.<name>.yaml, as the Pulumi CLI's --config-file does"),
    },
    exitCodes: {
        0: "stopped: SIGINT (Ctrl-C), SIGTERM, SIGHUP, or the process that started it ended",
        2: "bad input: flags, the stack, a busy port (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

/** Where npm run local writes: the process's streams, or a test's. */
export type LocalIo = CliIo;

export interface Started {
    readonly api: RunningLocalApi;
    readonly stack: string;
    readonly json: boolean;
    /** The program's outputs on the mocked runtime: the queues' ARNs, as `pulumi stack output` names them. */
    readonly outputs: Readonly<Record<string, unknown>>;
}

/** Starts the local API for the arguments; returns it, or the exit code when it cannot start. */
export async function startFromArgs(argv: readonly string[], io: LocalIo = process): Promise<Started | number> {
    const flags = readFlags(argv, LOCAL_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    const { stack, port } = flags;
    const endpoint = flags["sqs-endpoint"];
    const configFile = flags["config-file"];
    let ran;
    try {
        ran = await runStack(configFile === undefined ? existingStack(stack) : stack,
            (stackFile) => stackFile.notices.forEach((notice) => io.stderr.write(`${notice}\n`)), { configFile });
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
            ...(endpoint ? { sqs: remoteSqs(endpoint, defaultProvider()) } : {}),
            consumers: !flags["no-consumers"],
            consumerLog: (functionName, line) => io.stderr.write(`${functionName}: ${line}\n`),
            accessLog: accessLogFile ? (line) => fs.appendFileSync(accessLogFile, `${line}\n`) : (line) => io.stderr.write(`${line}\n`),
        });
        return { api, stack, json: flags.json, outputs: ran.outputs };
    } catch (err) {
        if (err instanceof PortInUse) {
            io.stderr.write(`${err.message}\n`);
            return 2;
        }
        throw err;
    }
}

/**
 * What `--json` prints: the one line a script reads. The queues' ARNs are keyed as the stack's
 * outputs key them, so that `npm run redrive -- --outputs` takes the line as it takes those.
 */
export function addressesLine(api: RunningLocalApi, outputs: Readonly<Record<string, unknown>> = {}): string {
    return JSON.stringify({
        urls: api.urls, retiredUrls: api.retiredUrls, sqsEndpoint: api.sqsEndpoint, queues: api.queues, apiKeys: api.apiKeys,
        queueArns: outputs.queueArns ?? {}, deadLetterQueueArns: outputs.deadLetterQueueArns ?? {},
    });
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

/** What stopping says of the messages the emulator held in memory, which go with it. */
export function droppedLine(held: Readonly<Record<string, number>>): string {
    const queues = Object.entries(held).filter(([, count]) => count > 0);
    const total = queues.reduce((sum, [, count]) => sum + count, 0);
    return total === 0 ? "no message was left in the queues"
        : `dropped ${total} message${total === 1 ? "" : "s"} still in the emulator's queues (${queues.map(([name, count]) => `${name} ${count}`).join(", ")})`;
}

/** How often the server looks whether the process that started it is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Serves until a signal stops it, or until the process that started it ends: npm forwards SIGINT
 * and SIGTERM to its child only in some setups (a shell between them does not pass them on), and
 * a server outliving the command that started it would keep answering. Returns the exit code.
 */
export async function main(argv: readonly string[], io: LocalIo = process): Promise<number> {
    // Listening from the start: a signal that comes while the stack is planned, or as soon as the
    // addresses are printed, stops the server once it is up.
    const parent = process.ppid;
    let stop = (why: string): void => void why;
    const stopped = new Promise<string>((resolve) => {
        stop = resolve;
    });
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    const onSignal = (signal: NodeJS.Signals) => stop(signal);
    signals.forEach((signal) => process.on(signal, onSignal));
    const watch = setInterval(() => {
        if (process.ppid !== parent) {
            stop("the process that started it ended");
        }
    }, PARENT_CHECK_MS);
    const started = await startFromArgs(argv, io).catch((err: unknown) => err as Error);
    if (typeof started === "number" || started instanceof Error) {
        // Nothing to stop: the handlers go, as --help in a test's process must leave none behind.
        clearInterval(watch);
        signals.forEach((signal) => process.off(signal, onSignal));
        if (started instanceof Error) {
            throw started;
        }
        return started;
    }
    const { api, stack, json, outputs } = started;
    io.stdout.write(json ? `${addressesLine(api, outputs)}\n` : addressesText(api, stack));
    const why = await stopped;
    clearInterval(watch);
    // The handlers stay until the process exits: npm forwards a Ctrl-C the server got from the terminal too.
    const held = await api.queuedMessages();
    await api.close();
    io.stderr.write(`stopped (${why}): ${droppedLine(held)}\n`);
    return 0;
}

// The signal handlers and the parent's watch stay: exit once stopped.
runAsCommand(module, (argv) => main(argv), { exit: true });
