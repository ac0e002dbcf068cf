// npm run capacity -- [--stack <name>] [--rps <n>] [--consumer-ms <n>] [--message-bytes <n>] [--json] [--config-file <file>]
//
// Sizes a stack offline, as npm run plan plans it: runs the program with Pulumi.<stack>.yaml on the
// mocked runtime, then reads from what it registers every limit on each route's path, which binds
// first, how fast the consumers drain, a month's cost and the stack's scale. Exits 2 on bad input
// (flags, a stack file, its config), 3 for a bug.
import { BadInput } from "../offline/sourceFile";
import { runStack } from "../offline/runStack";
import { projectName, stackFileName } from "../offline/stacks";
import { CliIo, Command, positiveNumberFlag, readFlags, switchFlag, textFlag } from "./cliFlags";
import { runAsCommand } from "./commandExit";
import { existingStack, stackNameFlag } from "./stackFlag";
import { isSizable, plannedStack, PlannedStack } from "./capacity/plannedStack";
import { capacityReport, renderCapacity } from "./capacity/report";

export const DEFAULT_CONSUMER_MS = 100;
export const DEFAULT_MESSAGE_BYTES = 2048;
const MAX_MESSAGE_BYTES = 1_048_576;

export const CAPACITY_COMMAND = {
    usage: ["npm run capacity -- [--stack <name>] [--rps <n>] [--consumer-ms <n>] [--message-bytes <n>] [--json] [--config-file <file>]"],
    about: "Sizes a stack offline: runs index.ts with Pulumi.<stack>.yaml on Pulumi's mocked runtime and reads,\n"
        + "per route, every limit on its path (throttling, usage plans, the web ACL's rule, AWS's quotas, FIFO\n"
        + "throughput, message size, the consumer's drain), which binds first, a month's cost at the rate,\n"
        + "and the stack's scale. Quotas and prices: components/aws-figures.json.",
    flags: {
        stack: stackNameFlag("the stack (default dev)", "dev"),
        rps: positiveNumberFlag("<n>", "requests a second one caller sends to each route (default: the stage's rate)", {}),
        "consumer-ms": positiveNumberFlag("<n>", `milliseconds a consumer takes for one batch (default ${DEFAULT_CONSUMER_MS})`,
            { integer: true, fallback: DEFAULT_CONSUMER_MS }),
        "message-bytes": positiveNumberFlag("<n>", `an order's size in bytes (default ${DEFAULT_MESSAGE_BYTES})`,
            { integer: true, max: MAX_MESSAGE_BYTES, fallback: DEFAULT_MESSAGE_BYTES }),
        json: switchFlag("print the report as one JSON object"),
        "config-file": textFlag("<file>", "read the stack's config from this file instead of Pulumi.<name>.yaml, as the Pulumi CLI's --config-file does"),
    },
    exitCodes: {
        0: "sized",
        2: "bad input: flags, a stack file, its config (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

/** What no estimate can be made for: a batch longer than its function may run, an order larger than its queue takes. */
export function checkAgainstStack(stack: PlannedStack, consumerMs: number, messageBytes: number): void {
    for (const route of stack.routes) {
        if (route.consumer && consumerMs > route.consumer.timeoutSeconds * 1000) {
            throw new BadInput([`--consumer-ms ${consumerMs} is longer than the ${route.consumer.timeoutSeconds} s the consumer of ${route.method} ${route.path} `
                + "may run: every batch would time out; give at most its timeout"]);
        }
        if (route.queue?.maxMessageSize !== undefined && messageBytes > route.queue.maxMessageSize) {
            throw new BadInput([`--message-bytes ${messageBytes} is over the ${route.queue.maxMessageSize} bytes the queue of ${route.method} ${route.path} `
                + "takes: such orders are answered 413; give at most that, or raise its queue.maxMessageSize"]);
        }
    }
}

/** The command: returns its exit code. `run` runs a stack's program (tests share one run between commands). */
export async function main(argv: readonly string[], io: CliIo = process, run: typeof runStack = runStack): Promise<number> {
    const flags = readFlags(argv, CAPACITY_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    try {
        const { stack: stackName, rps: given, "consumer-ms": consumerMs, "message-bytes": messageBytes, "config-file": configFile } = flags;
        const name = configFile === undefined ? existingStack(stackName) : stackName;
        const ran = await run(name, undefined, { configFile });
        if (!isSizable(ran.resources)) {
            throw new BadInput([`${configFile ?? stackFileName(name)}: npm run capacity sizes a stack of one REST API with one stage, as this program builds`]);
        }
        const region = ran.stackFile.config["aws:region"] ?? "us-east-1";
        const stack = plannedStack(ran.resources, ran.outputs, region);
        const stageRates = stack.routes.map((r) => r.throttle?.rateLimit).filter((r): r is number => r !== undefined);
        if (given === undefined && stageRates.length === 0) {
            throw new BadInput([`${configFile ?? stackFileName(name)}: the stage has no throttling to take the rate from: give --rps`]);
        }
        checkAgainstStack(stack, consumerMs, messageBytes);
        const report = capacityReport(name, stack, { rps: given ?? Math.max(...stageRates), consumerMs, messageBytes, project: projectName() });
        io.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : renderCapacity(report, stack)}\n`);
        return 0;
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
}

runAsCommand(module, main);
