// npm run openapi -- [--stack <name>] [--out <file>] | --all [--check]
//
// Writes the OpenAPI 3.1 document of a stack's API, offline: Pulumi.<stack>.yaml's config resolved
// as the program resolves it, then the API definition that builds the API (scripts/openapi/). With
// --all, every shipped stack's document into docs/openapi/<stack>.json; --check only says which of
// those differ. Exits 2 on bad input (flags, a stack file, its config), 1 when --check finds one
// stale, 3 for a bug.
import * as fs from "node:fs";
import * as path from "node:path";

import { SettingsError } from "../components/settings";
import { resolveStackConfig } from "../components/stackConfig";
import { PROGRAM_DEFAULTS } from "../programDefaults";
import { CliIo, Command, readFlags, switchFlag, textFlag } from "./cliFlags";
import { exitOnBadInput, runAsCommand } from "./commandExit";
import { openApiDocument } from "./openapi/document";
import { BadInput } from "../offline/sourceFile";
import { PROJECT_ROOT, projectName, readStackFile, SHIPPED_STACKS } from "../offline/stacks";
import { existingStack, stackFlag } from "./stackFlag";

export const OPENAPI_COMMAND = {
    usage: ["npm run openapi -- [--stack <name>] [--out <file>]", "npm run openapi -- --all [--check]"],
    about: "Writes the OpenAPI 3.1 document of a stack's API, from Pulumi.<stack>.yaml's config and the same\n"
        + "API definition that builds the API: servers, routes, media types, request schemas, headers, every\n"
        + "response and who may call each route. Offline: no AWS, no Pulumi CLI.",
    flags: {
        stack: stackFlag("the stack (default dev)"),
        out: textFlag("<file>", "write the document there (default: print it)"),
        all: switchFlag("write each shipped stack's document to docs/openapi/<stack>.json"),
        check: switchFlag("with --all: write nothing, exit 1 if a document there differs"),
    },
    exitCodes: {
        0: "written",
        1: "a document is stale (--check)",
        2: "bad input: flags, a stack file, its config (one line per problem, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

/** Where each shipped stack's document is kept. */
export const OPENAPI_FOLDER = path.join(PROJECT_ROOT, "docs", "openapi");

const VERSION = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "components", "package.json"), "utf8")) as { version: string }).version;

/** The stack's document as the file holds it: JSON, two spaces, a final newline. */
export function openApiText(stack: string): string {
    const stackFile = readStackFile(stack);
    const name = projectName();
    let settings;
    try {
        settings = resolveStackConfig(name, stackFile.config, PROGRAM_DEFAULTS).settings;
    } catch (err) {
        if (err instanceof SettingsError) {
            throw new BadInput(err.problems.map(stackFile.locate));
        }
        throw err;
    }
    const region = stackFile.config["aws:region"] ?? "us-east-1";
    return `${JSON.stringify(openApiDocument({ settings, name, stack, region, version: VERSION }), null, 2)}\n`;
}

/** The command: returns its exit code. */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
    const flags = readFlags(argv, OPENAPI_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    return exitOnBadInput(io.stderr, () => {
        if (flags.all) {
            if (flags.stack !== undefined || flags.out !== undefined) {
                throw new BadInput(["--all writes every stack's document to docs/openapi/: give it without --stack and --out"]);
            }
            const stale = SHIPPED_STACKS.filter((stack) => {
                const file = path.join(OPENAPI_FOLDER, `${stack}.json`);
                const text = openApiText(stack);
                const current = fs.existsSync(file) && fs.readFileSync(file, "utf8") === text;
                if (!current && !flags.check) {
                    fs.mkdirSync(OPENAPI_FOLDER, { recursive: true });
                    fs.writeFileSync(file, text);
                }
                return !current;
            });
            const files = stale.map((stack) => `docs/openapi/${stack}.json`).join(", ");
            io.stdout.write(stale.length === 0 ? "every document is current\n" : `${flags.check ? "stale" : "updated"}: ${files}\n`);
            return flags.check && stale.length > 0 ? 1 : 0;
        }
        if (flags.check) {
            throw new BadInput(["--check compares every stack's document: give it with --all"]);
        }
        const text = openApiText(flags.stack ?? existingStack("dev"));
        if (flags.out !== undefined) {
            fs.writeFileSync(flags.out, text);
        } else {
            io.stdout.write(text);
        }
        return 0;
    });
}

runAsCommand(module, main);
