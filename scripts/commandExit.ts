// How a command of this project ends when run from the shell: with the exit code its main returns,
// or 3 and the stack trace for anything it did not expect (a bug, never bad input).

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
