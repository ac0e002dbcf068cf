// How a command of this project ends when run from the shell: with the exit code its main returns,
// 2 with one line per problem for bad input, or 3 and the stack trace for anything it did not
// expect (a bug, never bad input).
import { BadInput } from "./offline/sourceFile";

/** The exit code of `body`, or 2 once the lines of a BadInput it throws are written to `stderr`. */
export async function exitOnBadInput(stderr: { write(text: string): unknown }, body: () => Promise<number> | number): Promise<number> {
    try {
        return await body();
    } catch (err) {
        if (err instanceof BadInput) {
            stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }
}

/** Runs `main` with the process's arguments when `entry` is the file node was started with. */
export function runAsCommand(entry: NodeModule, main: (argv: readonly string[]) => Promise<number>): void {
    if (require.main !== entry) {
        return;
    }
    main(process.argv.slice(2)).then((code) => {
        process.exitCode = code;
    }, (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        process.exitCode = 3;
    });
}
