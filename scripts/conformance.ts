// npm run conformance -- --target local [--stack dev]
// npm run conformance -- --stack <name> [--outputs <file>] [--record <file>]      (outputs: `pulumi stack output --json`, or stdin)
//
// Runs the conformance suite (local/conformance.ts) against the stack's API served locally, or
// against the stack deployed in an AWS account, with the caller's AWS credentials and the API keys
// of its outputs (`pulumi stack output --json --show-secrets`). A deployed stack whose stack file
// protects its queues (prod) is refused: the suite is for a throwaway stack (Pulumi.conformance.yaml).
// Exit codes: 0 every check passed, 1 a check failed, 2 bad input.
import * as fs from "node:fs";

import { SQSClient } from "@aws-sdk/client-sqs";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { SignatureV4 } from "@smithy/signature-v4";

import { readStackConfig } from "queue-load-leveling";

import { apiModel, ApiModel, methodsOf } from "../local/apiModel";
import { isRetiredIntegration } from "../components/retirement";
import { certificationRecord, recordedCheck } from "../local/certification";
import { Check, ConformanceTarget, RouteTarget, runConformance } from "../local/conformance";
import { startLocalApi } from "../local/server";
import { Sha256 } from "../local/sqsBackend";
import { choiceFlag, CliIo, Command, readFlags, textFlag } from "./cliFlags";
import { runAsCommand } from "./commandExit";
import { runStack } from "../offline/runStack";
import { jsonSyntaxError } from "../offline/jsonSyntax";
import { BadInput, positionIn } from "../offline/sourceFile";
import { projectName } from "../offline/stacks";
import { existingStack, stackFlag } from "./stackFlag";
import { PROGRAM_DEFAULTS } from "../programDefaults";

export const CONFORMANCE_COMMAND = {
    usage: ["npm run conformance -- --target local [--stack <name>]", "npm run conformance -- --stack <name> [--outputs <file>] [--record <file>]"],
    about: "Runs the conformance suite against the stack's API served locally, or against the stack deployed in\n"
        + "your AWS account (a throwaway one: a stack whose queues are protected is refused).",
    flags: {
        target: choiceFlag("local", "run against the stack's API served locally (npm run local), default stack dev", ["local"] as const,
            "a deployed stack is --stack <name> alone"),
        stack: stackFlag("the stack; without --target local, the stack deployed in your AWS account, found through its outputs "
            + "(pulumi stack output --json --show-secrets, on stdin or --outputs: the API keys are secrets)"),
        outputs: textFlag("<file>", "the outputs as a file instead of stdin"),
        record: textFlag("<file>", "with a deployed stack: write the certification record (JSON) there: the version, region and date, "
            + "each check's outcome, and the lines of the assumptions register it exercised"),
    },
    exitCodes: {
        0: "every check passed",
        1: "a check failed",
        2: "bad input: flags, the stack, its outputs (one line, on stderr)",
        3: "an internal error: a bug, reported with its stack trace",
    },
} satisfies Command<any>;

export interface ConformanceIo extends CliIo {
    readonly stdin?: () => string;
    /** The clock a certification record is dated by. */
    readonly now?: () => Date;
}

/** The product a certification record is of: the component's package, as released. */
export const PRODUCT: { readonly product: string; readonly version: string } = (() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const manifest = require("../components/package.json") as { name: string; version: string };
    return { product: manifest.name, version: manifest.version };
})();

function line(check: Check): string {
    return `${check.outcome.padEnd(4)}  ${check.route}  ${check.name}${check.detail ? `\n      ${check.detail}` : ""}\n`;
}

/** The browser origins the stack's config allows (cors.allowOrigins), as the program reads them. */
export function allowedOriginsOf(config: Readonly<Record<string, string>>): string[] | undefined {
    const origins = readStackConfig(projectName(), config, PROGRAM_DEFAULTS).cors?.allowOrigins;
    return origins ? [...origins] : undefined;
}

/**
 * What the outputs' `apiKeys` lack for these clients, in words that name clients and never show a
 * key: a message can end up in a CI log. Undefined when every client has its key.
 */
export function missingKeys(apiKeys: unknown, clients: readonly string[]): string | undefined {
    if (clients.length === 0) {
        return undefined;
    }
    if (apiKeys === null || typeof apiKeys !== "object" || Array.isArray(apiKeys)) {
        // Pulumi's mask is the one value worth showing: it says the secrets were not asked for.
        return apiKeys === "[secret]" ? "apiKeys is \"[secret]\"" : `apiKeys is ${apiKeys === undefined ? "missing" : `not an object of keys by client (${Array.isArray(apiKeys) ? "a list" : typeof apiKeys})`}`;
    }
    const keys = apiKeys as Record<string, unknown>;
    const lacking = clients.filter((client) => typeof keys[client] !== "string");
    if (lacking.length === 0) {
        return undefined;
    }
    const held = Object.keys(keys).filter((client) => !lacking.includes(client));
    return `apiKeys has no key for ${lacking.join(", ")}${held.length > 0 ? `; it holds ${held.map((client) => `${client} (value not shown)`).join(", ")}` : ""}`;
}

/** The routes of a deployed stack, from its outputs. */
function routesFromOutputs(outputs: Record<string, any>): Record<string, RouteTarget> {
    const urls = (outputs.routeUrls ?? {}) as Record<string, string>;
    return Object.fromEntries(Object.entries(urls).map(([key, url]) => [key, {
        url,
        queueUrl: String(outputs.queueUrls?.[key]),
        ...(outputs.deadLetterQueueUrls?.[key] ? { deadLetterQueueUrl: String(outputs.deadLetterQueueUrls[key]) } : {}),
    }]));
}

/** The URLs of the retired routes among a deployed stack's routes: those whose integration answers 410. */
function retiredRoutesOf(model: ApiModel, routes: Readonly<Record<string, RouteTarget>>): Record<string, string> {
    return Object.fromEntries(methodsOf(model).filter((method) => isRetiredIntegration(method.integration))
        .map((method) => `${method.httpMethod} ${method.resourcePath}`)
        .filter((key) => routes[key] !== undefined)
        .map((key) => [key, routes[key].url]));
}

export async function main(argv: readonly string[], io: ConformanceIo = { ...process, stdin: () => fs.readFileSync(0, "utf8") }): Promise<number> {
    const flags = readFlags(argv, CONFORMANCE_COMMAND, io);
    if (typeof flags === "number") {
        return flags;
    }
    const local = flags.target === "local";
    if (!local && flags.stack === undefined) {
        io.stderr.write("give --target local, or --stack <name> for a deployed stack\n");
        return 2;
    }
    if (local && flags.outputs !== undefined) {
        io.stderr.write("--outputs is for a deployed stack: the local API knows its own addresses\n");
        return 2;
    }
    if (local && flags.record !== undefined) {
        io.stderr.write("--record is for a deployed stack: a run against the local API sees nothing of AWS\n");
        return 2;
    }
    let stack: string;
    let ran;
    try {
        stack = flags.stack ?? existingStack("dev");
        ran = await runStack(stack);
    } catch (err) {
        if (err instanceof BadInput) {
            io.stderr.write(`${err.lines.join("\n")}\n`);
            return 2;
        }
        throw err;
    }

    const origins = allowedOriginsOf(ran.stackFile.config);
    let target: ConformanceTarget;
    let region = ran.stackFile.config["aws:region"] ?? "us-east-1";
    let close = async () => undefined as void;
    if (local) {
        const api = await startLocalApi(ran.resources, { region: ran.stackFile.config["aws:region"] ?? "us-east-1", outputs: ran.outputs });
        const sqs = new SQSClient({ endpoint: api.sqsEndpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
        target = {
            model: api.model,
            apiKeys: api.apiKeys,
            ...(origins ? { allowedOrigins: origins } : {}),
            tokensUnverified: true,
            retiredRoutes: api.retiredUrls,
            routes: Object.fromEntries(Object.entries(api.urls).map(([key, url]) => [key, {
                url,
                queueUrl: api.queues[key].url,
                ...(api.queues[key].deadLetterQueueUrl ? { deadLetterQueueUrl: api.queues[key].deadLetterQueueUrl } : {}),
            }])),
            sqs,
        };
        close = async () => {
            sqs.destroy();
            await api.close();
        };
        io.stderr.write(`conformance of stack ${stack}, served locally at ${Object.values(api.urls)[0]}\n`);
    } else {
        if (ran.stackFile.config[`${projectName()}:protectQueues`] === "true") {
            io.stderr.write(`Pulumi.${stack}.yaml protects its queues: the suite sends and deletes messages, so it runs only on a throwaway stack `
                + "such as Pulumi.conformance.yaml, never on one that holds real orders\n");
            return 2;
        }
        let text: string;
        try {
            text = flags.outputs ? fs.readFileSync(flags.outputs, "utf8") : io.stdin!();
        } catch (err) {
            io.stderr.write(`the stack's outputs could not be read (${(err as Error).message})\n`);
            return 2;
        }
        // The outputs can hold API keys (--show-secrets): a syntax error names its place, never the text around it.
        const syntax = jsonSyntaxError(text);
        if (syntax) {
            io.stderr.write(`${flags.outputs ?? "standard input"}:${positionIn(text, syntax.offset)}: not valid JSON; `
                + "the stack's outputs must be the JSON of pulumi stack output --json\n");
            return 2;
        }
        const outputs = JSON.parse(text) as Record<string, any>;
        const routes = routesFromOutputs(outputs);
        if (Object.keys(routes).length === 0) {
            io.stderr.write("the outputs have no routeUrls: give the JSON of pulumi stack output --json for this stack\n");
            return 2;
        }
        const model = apiModel(ran.resources, ran.outputs);
        const apiKeys = outputs.apiKeys;
        const missing = missingKeys(apiKeys, model.apiKeys.map((k) => k.client));
        if (missing) {
            io.stderr.write(`the stack's routes take API keys, and the outputs do not hold them (${missing}): `
                + "give pulumi stack output --json --show-secrets, as the keys are secrets\n");
            return 2;
        }
        region = /sqs\.([a-z0-9-]+)\.amazonaws/.exec(Object.values(routes)[0].queueUrl)?.[1] ?? region;
        const credentials = defaultProvider();
        const sqs = new SQSClient({ region, credentials });
        target = {
            model,
            routes,
            retiredRoutes: retiredRoutesOf(model, routes),
            sqs,
            ...(model.apiKeys.length > 0 ? { apiKeys: apiKeys as Record<string, string> } : {}),
            ...(origins ? { allowedOrigins: origins } : {}),
            async sign(url, method, headers, body) {
                const parsed = new URL(url);
                const signer = new SignatureV4({ service: "execute-api", region: /execute-api\.([a-z0-9-]+)\./.exec(parsed.hostname)?.[1] ?? region, credentials, sha256: Sha256 });
                const signed = await signer.sign({ method, protocol: parsed.protocol, hostname: parsed.hostname, path: parsed.pathname,
                    query: Object.fromEntries(parsed.searchParams), headers: { ...headers, host: parsed.host }, body });
                return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== "host"));
            },
        };
        close = async () => sqs.destroy();
        io.stderr.write(`conformance of stack ${stack}, deployed at ${Object.values(routes)[0].url}\n`);
    }
    try {
        const checks = await runConformance(target, (check) => io.stdout.write(line(check)));
        const count = (outcome: Check["outcome"]) => checks.filter((c) => c.outcome === outcome).length;
        io.stdout.write(`\n${count("pass")} passed, ${count("fail")} failed, ${count("skip")} not applicable to this stack\n`);
        if (flags.record !== undefined) {
            fs.writeFileSync(flags.record, `${JSON.stringify(certificationRecord({
                ...PRODUCT, stack, region, date: (io.now?.() ?? new Date()).toISOString(), checks: checks.map(recordedCheck),
            }), null, 2)}\n`);
            io.stderr.write(`the certification record is in ${flags.record}\n`);
        }
        return count("fail") > 0 ? 1 : 0;
    } finally {
        await close();
    }
}

runAsCommand(module, (argv) => main(argv));
