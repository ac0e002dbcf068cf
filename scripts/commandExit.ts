// How a command of this project ends when run from the shell: with the exit code its main returns,
// 2 with one line per problem for bad input, or 3 and the stack trace for anything it did not
// expect (a bug, never bad input). The AWS SDK's notice that its later versions will need Node.js
// 22 says nothing about a run here (the README states the supported versions), so it is kept out
// of every command's output.
import { BadInput } from "../offline/sourceFile";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

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

/**
 * Runs `main` with the process's arguments when `entry` is the file node was started with. With
 * `exit`, the process exits as soon as main returns (a server whose listeners would keep it
 * alive); otherwise it ends once its output is written.
 */
export function runAsCommand(entry: NodeModule, main: (argv: readonly string[]) => Promise<number>, options: { exit?: boolean } = {}): void {
    if (require.main !== entry) {
        return;
    }
    const end = (code: number) => {
        process.exitCode = code;
        if (options.exit) {
            process.exit(code);
        }
    };
    main(process.argv.slice(2)).then(end, (err) => {
        process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
        end(3);
    });
}
