// How each command of this project runs as `npm run <command>`: its exit code is main's, and a bug
// is reported with its stack trace and exit code 3. The AWS SDK's notice that its later versions
// will need Node.js 22 says nothing about a run here (the README states the supported versions),
// so it is kept out of every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * Runs a command's main with the process's arguments, and ends with its code (3 for a bug). With
 * `exit`, the process exits at once (a server whose listeners would keep it alive); otherwise it
 * ends when its output is written.
 */
export function runCommand(main: (argv: readonly string[]) => Promise<number>, options: { exit?: boolean } = {}): void {
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
