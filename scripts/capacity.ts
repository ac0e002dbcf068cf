// npm run capacity -- [--stack <name>] [--rps <n>] [--consumer-ms <n>] [--message-bytes <n>] [--json]
//
// Sizes a stack offline, as npm run plan plans it: runs the program with Pulumi.<stack>.yaml on the
// mocked runtime, then reads from what it registers every limit on each route's path, which binds
// first, how fast the consumers drain, a month's cost and the stack's scale. Exits 2 on bad input
// (flags, a stack file, its config), 3 for a bug.
import { BadInput } from "./offline/sourceFile";
import { runStack } from "./offline/runStack";
import { listStacks, projectName, stackFileName } from "./offline/stacks";
import { CliIo, readFlags } from "./cliFlags";
import { exitOnBadInput, runAsCommand } from "./commandExit";
import { shortStackName } from "./planFlags";
import { isSizable, plannedStack, PlannedStack } from "./capacity/plannedStack";
import { capacityReport, renderCapacity } from "./capacity/report";

const USAGE = `usage: npm run capacity -- [--stack <name>] [--rps <n>] [--consumer-ms <n>] [--message-bytes <n>] [--json]

Sizes a stack offline: runs index.ts with Pulumi.<stack>.yaml on Pulumi's mocked runtime and reads,
per route, every limit on its path (throttling, usage plans, the web ACL's rule, AWS's quotas, FIFO
throughput, message size, the consumer's drain), which binds first, a month's cost at the rate,
and the stack's scale. Quotas and prices: components/aws-figures.json.

flags:
  --stack <name>        the stack (default dev)
  --rps <n>             requests a second one caller sends to each route (default: the stage's rate)
  --consumer-ms <n>     milliseconds a consumer takes for one batch (default 100)
  --message-bytes <n>   an order's size in bytes (default 2048)
  --json                print the report as one JSON object
  --help                print this help

exit codes: 0 sized, 2 bad input (one line on stderr), 3 an internal error`;

const OPTIONS = {
    stack: { type: "string" },
    rps: { type: "string" },
    "consumer-ms": { type: "string" },
    "message-bytes": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean" },
} as const;

export const DEFAULT_CONSUMER_MS = 100;
export const DEFAULT_MESSAGE_BYTES = 2048;
const MAX_MESSAGE_BYTES = 1_048_576;

/** A flag's number: positive, finite, an integer when `integer`; a BadInput naming the flag otherwise. */
function numberFlag(flag: string, text: string | undefined, fallback: number, integer: boolean, max = Number.MAX_SAFE_INTEGER): number {
    if (text === undefined) {
        return fallback;
    }
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)) || value > max) {
        throw new BadInput([`--${flag} must be a${integer ? "n integer" : " number"} above 0${max < Number.MAX_SAFE_INTEGER ? ` and at most ${max}` : ""}, `
            + `got ${JSON.stringify(text)}`]);
    }
    return value;
}

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
    const flags = readFlags(argv, OPTIONS, USAGE, io);
    if (typeof flags === "number") {
        return flags;
    }
    return exitOnBadInput(io.stderr, async () => {
        const consumerMs = numberFlag("consumer-ms", flags["consumer-ms"], DEFAULT_CONSUMER_MS, true);
        const messageBytes = numberFlag("message-bytes", flags["message-bytes"], DEFAULT_MESSAGE_BYTES, true, MAX_MESSAGE_BYTES);
        const given = flags.rps === undefined ? undefined : numberFlag("rps", flags.rps, 0, false);
        const name = shortStackName(flags.stack ?? "dev", projectName);
        if (!listStacks().includes(name)) {
            throw new BadInput([`no stack file ${stackFileName(name)}; stacks: ${listStacks().join(", ")}`]);
        }
        const ran = await run(name);
        if (!isSizable(ran.resources)) {
            throw new BadInput([`${stackFileName(name)}: npm run capacity sizes a stack of one REST API with one stage, as this program builds`]);
        }
        const region = ran.stackFile.config["aws:region"] ?? "us-east-1";
        const stack = plannedStack(ran.resources, ran.outputs, region);
        const stageRates = stack.routes.map((r) => r.throttle?.rateLimit).filter((r): r is number => r !== undefined);
        if (given === undefined && stageRates.length === 0) {
            throw new BadInput([`${stackFileName(name)}: the stage has no throttling to take the rate from: give --rps`]);
        }
        checkAgainstStack(stack, consumerMs, messageBytes);
        const report = capacityReport(name, stack, { rps: given ?? Math.max(...stageRates), consumerMs, messageBytes, project: projectName() });
        io.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : renderCapacity(report, stack)}\n`);
        return 0;
    });
}

runAsCommand(module, main);
