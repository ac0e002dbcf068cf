// npm run redrive -- --stack <name> [--route "POST /orders"] [--dry-run] [--outputs <file>] [--sqs-endpoint <url>]
//
// Moves the messages of a stack's dead-letter queues back to their source queues with SQS's
// message-move task (StartMessageMoveTask takes the dead-letter queue's ARN). The ARNs come from
// the stack's outputs: `pulumi stack output --json` piped in, or a file. Shows the counts first,
// reports an empty dead-letter queue (and refuses when every one is empty), then waits for each task and reports it. Moved messages get
// a new message id and a new enqueue time, and keep their body and attributes.
import * as fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

import {
    GetQueueAttributesCommand,
    ListMessageMoveTasksCommand,
    SQSClient,
    StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";

import { CliIo, Command, readFlags, switchFlag, textFlag, urlFlag } from "./cliFlags";
import { runAsCommand } from "./commandExit";
import { BadInput } from "../offline/sourceFile";
import { readStackFile } from "../offline/stacks";
import { stackFlag } from "./stackFlag";

export const REDRIVE_COMMAND = {
    usage: ["pulumi stack output --json --stack <name> | npm run -s redrive -- --stack <name> [--route <route>] [--dry-run]",
        "npm run redrive -- --stack <name> --outputs <file> [--route <route>] [--dry-run]"],
    about: "Moves the messages of the stack's dead-letter queues back to their source queues, with SQS's\n"
        + "message-move task, and waits for it. Moved messages get a new message id and a new enqueue time.",
    flags: {
        stack: stackFlag("the stack whose outputs these are (Pulumi.<name>.yaml names its region)"),
        route: textFlag("<route>", "only this route, as the outputs key it: \"POST /orders\"; default every route"),
        "dry-run": switchFlag("show the counts and what would move, move nothing"),
        outputs: textFlag("<file>", "read the outputs from this file instead of standard input; npm run local's --json line "
            + "works too, its emulator then the endpoint"),
        "sqs-endpoint": urlFlag("<url>", "an SQS emulator instead of SQS (any credentials), such as npm run local's sqsEndpoint",
            "http://127.0.0.1:4566"),
    },
    exitCodes: {
        0: "moved (or a dry run)",
        1: "refused (every dead-letter queue chosen is empty) or a task that failed",
        2: "bad input: flags, outputs (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

export interface RedriveIo extends CliIo {
    /** Standard input's text, when something is piped in; undefined for a terminal. */
    readonly stdin: () => string | undefined;
}

export interface RedriveOptions {
    /** How often the task's progress is read. */
    readonly pollMs?: number;
    /** Gives up waiting for a task after this long. */
    readonly timeoutMs?: number;
}

/** A route whose dead-letter queue may be moved back. */
interface Route {
    readonly key: string;
    readonly queueArn: string;
    readonly deadLetterQueueArn: string;
}

const SQS_ARN = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([^:]+)$/;

/** The routes with a dead-letter queue, from the stack's outputs (their per-route maps). */
function routesOf(outputs: unknown): Route[] {
    const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? value as Record<string, unknown> : {});
    const all = record(outputs);
    const deadLetters = record(all.deadLetterQueueArns);
    const queues = record(all.queueArns);
    if (Object.keys(deadLetters).length === 0) {
        throw new BadInput(["the outputs have no deadLetterQueueArns: give the JSON of `pulumi stack output --json` for a stack of this project"]);
    }
    return Object.entries(deadLetters).map(([key, deadLetterQueueArn]) => {
        const queueArn = queues[key];
        if (typeof deadLetterQueueArn !== "string" || !SQS_ARN.test(deadLetterQueueArn) || typeof queueArn !== "string" || !SQS_ARN.test(queueArn)) {
            throw new BadInput([`the outputs' ${key} has no queue and dead-letter queue ARNs: got ${JSON.stringify({ queueArn, deadLetterQueueArn })}`]);
        }
        return { key, queueArn, deadLetterQueueArn };
    });
}

/** The queue URL of an ARN, on SQS or on an emulator. */
function queueUrl(arn: string, endpoint: string | undefined): string {
    const [, region, account, name] = SQS_ARN.exec(arn)!;
    return endpoint ? `${endpoint.replace(/\/+$/, "")}/${account}/${name}` : `https://sqs.${region}.amazonaws.com${arn.startsWith("arn:aws-cn:") ? ".cn" : ""}/${account}/${name}`;
}

async function messageCount(sqs: SQSClient, url: string): Promise<{ waiting: number; inFlight: number }> {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({
        QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }));
    return { waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) };
}

/** Runs the command; returns its exit code. */
export async function main(argv: readonly string[], io: RedriveIo, options: RedriveOptions = {}): Promise<number> {
    const flags = readFlags(argv, REDRIVE_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    let routes: Route[];
    let sqs: SQSClient;
    let endpoint: string | undefined;
    try {
        if (flags.stack === undefined) {
            throw new BadInput(["--stack is required: the stack whose dead letters to move, as in `--stack prod`"]);
        }
        const stack = flags.stack;
        const text = flags.outputs !== undefined ? readOutputsFile(flags.outputs) : io.stdin();
        if (text === undefined || text.trim() === "") {
            throw new BadInput([`give the stack's outputs: pipe \`pulumi stack output --json --stack ${flags.stack}\` in, or --outputs <file>`]);
        }
        let outputs: unknown;
        try {
            outputs = JSON.parse(text);
        } catch (err) {
            throw new BadInput([`the outputs are not JSON (${(err as Error).message}): give the output of \`pulumi stack output --json\``]);
        }
        routes = routesOf(outputs);
        const region = readStackFile(stack).config["aws:region"];
        const elsewhere = routes.find((r) => region !== undefined && SQS_ARN.exec(r.deadLetterQueueArn)![1] !== region);
        if (elsewhere) {
            throw new BadInput([`the outputs are not stack ${stack}'s: ${elsewhere.key}'s dead-letter queue ${elsewhere.deadLetterQueueArn} `
                + `is not in ${region}, the region of Pulumi.${stack}.yaml`]);
        }
        if (flags.route !== undefined) {
            const chosen = routes.filter((r) => r.key === flags.route);
            if (chosen.length === 0) {
                throw new BadInput([`no route ${JSON.stringify(flags.route)} with a dead-letter queue in the outputs; routes: ${routes.map((r) => JSON.stringify(r.key)).join(", ")}`]);
            }
            routes = chosen;
        }
        // The local API's --json line holds its emulator's endpoint beside the queues' ARNs.
        const local = (outputs as { sqsEndpoint?: unknown }).sqsEndpoint;
        endpoint = flags["sqs-endpoint"] ?? (typeof local === "string" ? local : undefined);
        sqs = new SQSClient({
            region: SQS_ARN.exec(routes[0].deadLetterQueueArn)![1],
            ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
        });
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }

    try {
        return await redrive(sqs, routes, { dryRun: flags["dry-run"], endpoint }, io, options);
    } finally {
        sqs.destroy();
    }
}

function readOutputsFile(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new BadInput([`--outputs ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
    }
}

async function redrive(sqs: SQSClient, routes: readonly Route[], run: { dryRun: boolean; endpoint?: string }, io: RedriveIo, options: RedriveOptions): Promise<number> {
    const counted = [];
    for (const route of routes) {
        const deadLetters = await messageCount(sqs, queueUrl(route.deadLetterQueueArn, run.endpoint));
        const source = await messageCount(sqs, queueUrl(route.queueArn, run.endpoint));
        io.stdout.write(`${route.key}: ${deadLetters.waiting} message${deadLetters.waiting === 1 ? "" : "s"} in the dead-letter queue `
            + `${route.deadLetterQueueArn}${deadLetters.inFlight > 0 ? ` (and ${deadLetters.inFlight} being read)` : ""}; `
            + `the queue ${route.queueArn} has ${source.waiting} waiting\n`);
        counted.push({ route, count: deadLetters.waiting });
    }
    const toMove = counted.filter((c) => c.count > 0);
    for (const { route } of counted.filter((c) => c.count === 0)) {
        io.stderr.write(`${route.key}: the dead-letter queue ${route.deadLetterQueueArn} is empty: nothing to move\n`);
    }
    if (toMove.length === 0) {
        return 1;
    }
    if (run.dryRun) {
        for (const { route, count } of toMove) {
            io.stdout.write(`${route.key}: would move ${count} message${count === 1 ? "" : "s"} back to ${route.queueArn} (dry run: nothing moved)\n`);
        }
        return 0;
    }
    let failed = false;
    for (const { route } of toMove) {
        const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: route.deadLetterQueueArn, DestinationArn: route.queueArn }));
        io.stdout.write(`${route.key}: moving back to ${route.queueArn} (task ${TaskHandle})\n`);
        const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
        for (;;) {
            const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: route.deadLetterQueueArn, MaxResults: 10 }));
            const task = Results.find((t) => t.TaskHandle === TaskHandle) ?? Results[0];
            const status = task?.Status ?? "RUNNING";
            if (status === "COMPLETED" || status === "FAILED" || status === "CANCELLED") {
                const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
                io.stdout.write(`${route.key}: ${status.toLowerCase()}, ${moved} message${moved === 1 ? "" : "s"} moved`
                    + `${task?.FailureReason ? `: ${task.FailureReason}` : ""}\n`);
                failed ||= status !== "COMPLETED";
                break;
            }
            if (Date.now() > deadline) {
                io.stderr.write(`${route.key}: the task is still ${status.toLowerCase()} after ${Math.round((options.timeoutMs ?? 900_000) / 1000)} s; `
                    + "it goes on in SQS: follow it with `aws sqs list-message-move-tasks`\n");
                return 1;
            }
            await sleep(options.pollMs ?? 2000);
        }
    }
    return failed ? 1 : 0;
}

runAsCommand(module, (argv) => main(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: () => (process.stdin.isTTY ? undefined : fs.readFileSync(0, "utf8")),
}));
