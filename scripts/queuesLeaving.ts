// npm run queues-leaving -- --preview-json <file> [--sqs-endpoint <url>]
//
// Before an update, with the deploy's own credentials: every queue the update deletes or replaces
// (the delete and replace steps of `pulumi preview --json`) must be empty, or the update stops
// here, saying how many messages each holds. A retired route's queues are kept in AWS when it is
// removed, but nothing drains them any more, so the check holds them too. Exit codes: 0 every
// leaving queue is empty (or none leaves), 1 one holds messages, 2 bad input, 3 an internal error.
import { GetQueueAttributesCommand, QueueDoesNotExist, SQSClient } from "@aws-sdk/client-sqs";

import { readPreview } from "./changes/previewJson";
import { CliIo, Command, readFlags, textFlag, urlFlag } from "./cliFlags";
import { runAsCommand } from "./commandExit";
import { BadInput } from "../offline/sourceFile";
import { TYPES } from "../policy/awsTypes";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const QUEUES_LEAVING_COMMAND = {
    usage: ["npm run queues-leaving -- --preview-json <file> [--sqs-endpoint <url>]"],
    about: "Stops an update that would take a queue holding messages out of the program: reads the queues the\n"
        + "preview deletes or replaces (pulumi preview --json), and counts what each holds with your credentials.",
    flags: {
        "preview-json": textFlag("<file>", "the output of pulumi preview --json for the stack about to be updated"),
        "sqs-endpoint": urlFlag("<url>", "an SQS emulator instead of SQS (any credentials)", "http://127.0.0.1:9324"),
    },
    exitCodes: {
        0: "every queue that leaves is empty, or none leaves",
        1: "a queue that leaves holds messages",
        2: "bad input: flags, the preview (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

/** The counts SQS keeps for a queue: waiting, received and not yet deleted, and delayed. */
const COUNTS = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"] as const;

/** The queues an update takes out of the program, by name, with their URLs. */
function leavingQueues(previewJson: string): { name: string; url: string }[] {
    return readPreview(previewJson).filter((c) => (c.op === "delete" || c.op === "replace") && c.before?.type === TYPES.queue)
        .map((c) => ({ name: c.before!.name, url: String(c.before!.outputs.url ?? "") }))
        .filter((queue) => queue.url !== "");
}

export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
    const flags = readFlags(argv, QUEUES_LEAVING_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    let queues;
    try {
        if (flags["preview-json"] === undefined) {
            throw new BadInput(["give --preview-json <file>: the output of pulumi preview --json for the stack about to be updated"]);
        }
        queues = leavingQueues(flags["preview-json"]);
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
    if (queues.length === 0) {
        io.stdout.write("no queue leaves the program in this update\n");
        return 0;
    }
    const endpoint = flags["sqs-endpoint"];
    let holding = 0;
    for (const queue of queues) {
        const region = /sqs\.([a-z0-9-]+)\./.exec(queue.url)?.[1] ?? "us-east-1";
        const sqs = new SQSClient({ region, ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}) });
        try {
            const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: [...COUNTS] }));
            const [waiting, inFlight, delayed] = COUNTS.map((name) => Number(Attributes[name] ?? 0));
            const total = waiting + inFlight + delayed;
            if (total > 0) {
                holding++;
                io.stdout.write(`${queue.name} holds ${total} message${total === 1 ? "" : "s"} (${waiting} waiting, ${inFlight} in flight, ${delayed} delayed) `
                    + "and leaves the program in this update: let its route stay retired, with its consumer, until it is empty\n");
            } else {
                io.stdout.write(`${queue.name} is empty and leaves the program in this update\n`);
            }
        } catch (err) {
            if (!(err instanceof QueueDoesNotExist)) {
                throw err;
            }
            io.stdout.write(`${queue.name} no longer exists in SQS\n`);
        } finally {
            sqs.destroy();
        }
    }
    return holding > 0 ? 1 : 0;
}

runAsCommand(module, main);
