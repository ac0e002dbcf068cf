// The flags of every command of this project (npm run plan, local, conformance, redrive, demo, …),
// read the one way: each command declares a table of its flags, and this reader takes `--flag
// value` and `--flag=value`, refuses an unknown flag (with a did-you-mean for a near miss), a bad
// value, a value flag given twice and a stray argument, each in one line, and prints the usage
// (written from the table) for --help or -h. A command adopts it with a table and one call.
import { nearest } from "../components/nearMiss";
import { BadInput } from "../offline/sourceFile";

export interface CliIo {
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
}

/** One flag of a command: what --help says of it, and how its value is read. */
export interface FlagSpec<T> {
    /** The value's placeholder in the usage (`<name>`); absent for a switch, which takes no value. */
    readonly value?: string;
    /** One line for --help. */
    readonly help: string;
    /**
     * The flag's value from the text given (undefined when the flag is absent; "" for a switch that
     * is present). Throws a BadInput with one line for a value it does not take.
     */
    read(text: string | undefined, flag: string): T;
}

export type FlagTable = Readonly<Record<string, FlagSpec<unknown>>>;

/** The values of a table's flags, by the flags' names. */
export type Flags<F extends FlagTable> = { readonly [K in keyof F]: F[K] extends FlagSpec<infer T> ? T : never };

/** A command: its usage lines, what it does, its flags and its exit codes, which --help prints. */
export interface Command<F extends FlagTable> {
    /** The usage lines, each a way to call it: `npm run local -- [--stack <name>]`. */
    readonly usage: readonly string[];
    /** What it does, in a few lines; printed under the usage. */
    readonly about?: string;
    readonly flags: F;
    /** The exit codes and what each means. */
    readonly exitCodes: Readonly<Record<number, string>>;
    /** The heading of the exit codes; `exit codes` by default. */
    readonly exitCodesHeading?: string;
    /** The line that refuses an argument that is not a flag; by default it names the flags. */
    readonly strayArgument?: (argument: string) => string;
}

/** Refuses a flag's value: `--port must be a port number from 0 to 65535, got "http"`. */
export function mustBe(flag: string, allowed: string, text: string): never {
    throw new BadInput([`${flag} must be ${allowed}, got ${JSON.stringify(text)}`]);
}

/** A flag without a value: true when given. */
export function switchFlag(help: string): FlagSpec<boolean> {
    return { help, read: (text) => text !== undefined };
}

/** A flag with any text as its value; `fallback` when absent. */
export function textFlag(value: string, help: string): FlagSpec<string | undefined>;
export function textFlag(value: string, help: string, fallback: string): FlagSpec<string>;
export function textFlag(value: string, help: string, fallback?: string): FlagSpec<string | undefined> {
    return { value, help, read: (text) => text ?? fallback };
}

/** A flag whose value is a number written as `pattern` matches and `takes` accepts, `allowed` saying which; `fallback` when absent. */
function numberFlag(value: string, help: string, fallback: number, allowed: string, pattern: RegExp, takes: (n: number) => boolean): FlagSpec<number> {
    return {
        value,
        help,
        read(text, flag) {
            if (text === undefined) {
                return fallback;
            }
            const number = pattern.test(text) ? Number(text) : NaN;
            if (!takes(number)) {
                mustBe(flag, allowed, text);
            }
            return number;
        },
    };
}

/** A flag whose value is a whole number from `min` to `max`, `allowed` saying so in words when the bounds do not. */
export function integerFlag(value: string, help: string, range: { min: number; max: number; fallback: number; allowed?: string }): FlagSpec<number> {
    return numberFlag(value, help, range.fallback, range.allowed ?? `an integer from ${range.min} to ${range.max}`, /^-?\d+$/,
        (n) => Number.isSafeInteger(n) && n >= range.min && n <= range.max);
}

/** A flag whose value is a number above 0 (a whole one with `integer`), at most `max`; `fallback` when absent. */
export function positiveNumberFlag(value: string, help: string, range: { max?: number; integer?: boolean; fallback: number }): FlagSpec<number>;
export function positiveNumberFlag(value: string, help: string, range: { max?: number; integer?: boolean }): FlagSpec<number | undefined>;
export function positiveNumberFlag(value: string, help: string, range: { max?: number; integer?: boolean; fallback?: number }): FlagSpec<number | undefined> {
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    const allowed = `a${range.integer ? "n integer" : " number"} above 0${range.max === undefined ? "" : ` and at most ${range.max}`}`;
    const flag = numberFlag(value, help, range.fallback ?? NaN, allowed, range.integer ? /^\d+$/ : /^\d+(\.\d+)?$/, (n) => n > 0 && n <= max);
    return { ...flag, read: (text, name) => (text === undefined ? range.fallback : flag.read(text, name)) };
}

/** A flag whose value is one of `choices`; `why` follows them in the refusal. */
export function choiceFlag<C extends string>(value: string, help: string, choices: readonly C[], why = ""): FlagSpec<C | undefined> {
    return {
        value,
        help,
        read(text, flag) {
            if (text !== undefined && !choices.includes(text as C)) {
                mustBe(flag, `${choices.length === 1 ? "" : "one of "}${choices.join(", ")}${why ? ` (${why})` : ""}`, text);
            }
            return text as C | undefined;
        },
    };
}

/** A flag whose value is an http(s) URL. */
export function urlFlag(value: string, help: string, example: string): FlagSpec<string | undefined> {
    return {
        value,
        help,
        read(text, flag) {
            if (text === undefined) {
                return undefined;
            }
            let url: URL | undefined;
            try {
                url = new URL(text);
            } catch {
                url = undefined;
            }
            if (!url || !/^https?:$/.test(url.protocol)) {
                mustBe(flag, `a URL such as ${example}`, text);
            }
            return url.toString();
        },
    };
}

const HELP_FLAG: FlagSpec<boolean> = switchFlag("print this help");

/** `--stack <name>`, `--json`, …: how the usage names each flag. */
function flagNames(flags: FlagTable): string[] {
    return Object.entries({ ...flags, help: HELP_FLAG }).map(([name, spec]) => `--${name}${spec.value ? ` ${spec.value}` : ""}`);
}

/** The flags named as a sentence: `--stack <name>, --json and --help`. */
function flagList(flags: FlagTable): string {
    const names = flagNames(flags);
    return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** What --help prints: the usage, what the command does, one line per flag and the exit codes. */
export function helpText(command: Command<FlagTable>): string {
    const names = flagNames(command.flags);
    const width = Math.max(...names.map((name) => name.length)) + 2;
    const helps = Object.values({ ...command.flags, help: HELP_FLAG }).map((spec) => spec.help);
    return [
        ...command.usage.map((line, i) => `${i === 0 ? "usage: " : "       "}${line}`),
        ...(command.about ? ["", command.about] : []),
        "",
        "flags:",
        ...names.map((name, i) => `  ${name.padEnd(width)}${helps[i]}`),
        "",
        `${command.exitCodesHeading ?? "exit codes"}:`,
        ...Object.entries(command.exitCodes).map(([code, meaning]) => `  ${code}  ${meaning}`),
        "",
    ].join("\n");
}

function refuse(message: string): never {
    throw new BadInput([message]);
}

/**
 * The command's flags from `argv`, or "help" when --help (or -h) is among them. Throws a BadInput
 * with one line for the first thing it cannot take as it is.
 */
export function parseFlags<F extends FlagTable>(argv: readonly string[], command: Command<F>): Flags<F> | "help" {
    if (argv.includes("--help") || argv.includes("-h")) {
        return "help";
    }
    const given = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("-") || arg === "-") {
            refuse(command.strayArgument?.(arg) ?? `unexpected argument ${JSON.stringify(arg)}; the flags are ${flagList(command.flags)}`);
        }
        const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const [flag, inline] = equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg, undefined];
        const name = flag.replace(/^--?/, "");
        const spec = flag.startsWith("--") ? command.flags[name] : undefined;
        if (!spec || name === "help") {
            const meant = flag.startsWith("--") ? nearest(name, Object.keys(command.flags)) : undefined;
            refuse(`unknown flag ${flag};${meant ? ` did you mean --${meant}?` : ""} the flags are ${flagList(command.flags)}`);
        }
        if (!spec.value) {
            if (inline !== undefined) {
                refuse(`${flag} takes no value, got ${arg}`);
            }
            given.set(name, "");
            continue;
        }
        const value = inline ?? argv[i + 1];
        // A following flag is not a value (a negative number is, and its own check words what is allowed).
        if (value === undefined || (inline === undefined && /^-(?!\d)/.test(value)) || value === "") {
            refuse(`${flag} needs a value: ${flag} ${spec.value}`);
        }
        if (inline === undefined) {
            i++;
        }
        if (given.has(name)) {
            refuse(`${flag} is given twice (${given.get(name)}, ${value}): give it once`);
        }
        given.set(name, value);
    }
    return Object.fromEntries(Object.entries(command.flags).map(([name, spec]) => [name, spec.read(given.get(name), `--${name}`)])) as Flags<F>;
}

/**
 * The command's flags, or its exit code when there is nothing more to do: 2 once the one-line
 * refusal is printed to stderr, 0 once the usage is printed for --help.
 */
export function readFlags<F extends FlagTable>(argv: readonly string[], command: Command<F>, io: CliIo): Flags<F> | number {
    try {
        const flags = parseFlags(argv, command);
        if (flags === "help") {
            io.stdout.write(helpText(command));
            return 0;
        }
        return flags;
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
}
