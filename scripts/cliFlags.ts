// The flags of a command of this project (npm run local, conformance, redrive), read the one way
// they all read them: unknown flags and stray arguments refused, --help printing the usage.
import { parseArgs, ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface CliIo {
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
}

/** What parseArgs gives for these options, strict and without positionals. */
export type Flags<T extends Options> = ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>["values"];

/**
 * The command's flags, or its exit code when there is nothing more to do: 2 once the refusal of a
 * flag is printed to stderr, 0 once `usage` is printed for --help.
 */
export function readFlags<T extends Options>(argv: readonly string[], options: T, usage: string, io: CliIo): Flags<T> | number {
    let flags: Flags<T>;
    try {
        flags = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
    } catch (err) {
        io.stderr.write(`${(err as Error).message}\n`);
        return 2;
    }
    if ((flags as Record<string, unknown>).help === true) {
        io.stdout.write(`${usage}\n`);
        return 0;
    }
    return flags;
}
