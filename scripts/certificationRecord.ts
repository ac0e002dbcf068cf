// node -r esbuild-register scripts/certificationRecord.ts <record.json> "<check>=<outcome>" …
//
// Adds the certification workflow's own checks (run with the Pulumi CLI after the conformance
// suite) to the record the suite wrote: each as its name and the outcome GitHub gives a step
// (success, failure, cancelled or skipped), and the register's lines again with them. Exit codes:
// 0 written, 2 bad input, 3 an internal error.
import * as fs from "node:fs";

import { CertificationRecord, certificationRecord, CHECK_REGISTER_LINES, RecordedCheck } from "../local/certification";
import { CliIo } from "./cliFlags";
import { runAsCommand } from "./commandExit";

const USAGE = "usage: node -r esbuild-register scripts/certificationRecord.ts <record.json> \"<check>=<success|failure|cancelled|skipped>\" …";

const OUTCOMES: Readonly<Record<string, RecordedCheck["outcome"]>> = { success: "passed", failure: "failed", cancelled: "failed", skipped: "not applicable" };

/** The record with these checks of the whole stack added (each check's outcome as GitHub names a step's). */
export function withStackChecks(record: CertificationRecord, outcomes: Readonly<Record<string, string>>): CertificationRecord {
    const added = Object.entries(outcomes).map(([check, outcome]): RecordedCheck => ({
        route: "(stack)", check, outcome: OUTCOMES[outcome], register: CHECK_REGISTER_LINES[check] ?? [],
    }));
    const { product, version, stack, region, date, checks } = record;
    return certificationRecord({ product, version, stack, region, date, checks: [...checks.filter((c) => !(c.check in outcomes)), ...added] });
}

const HELP = `${USAGE}

Adds the certification workflow's own checks to the record the conformance suite wrote (--record),
each as "<check>=<the outcome GitHub gives its step>", with the register's lines they exercise.

exit codes:
  0  written
  2  bad input: no record file, an unknown check or outcome, a flag (one line each, on stderr)
  3  an internal error: a bug, reported with its stack trace
`;

export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
    if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
        io.stdout.write(HELP);
        return 0;
    }
    const flag = argv.find((arg) => arg.startsWith("-"));
    if (flag !== undefined) {
        io.stderr.write(`unknown flag ${flag}: the arguments are the record's file and "<check>=<outcome>" pairs\n${USAGE}\n`);
        return 2;
    }
    const [file, ...pairs] = argv;
    const outcomes = Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.lastIndexOf("=")), pair.slice(pair.lastIndexOf("=") + 1)]));
    const unknown = Object.entries(outcomes).find(([check, outcome]) => !(check in CHECK_REGISTER_LINES) || !(outcome in OUTCOMES));
    if (file === undefined || unknown !== undefined || !fs.existsSync(file)) {
        io.stderr.write(`${unknown ? `not a check of the certification with a step's outcome: ${JSON.stringify(unknown.join("="))}\n` : ""}${USAGE}\n`);
        return 2;
    }
    const record = JSON.parse(fs.readFileSync(file, "utf8")) as CertificationRecord;
    fs.writeFileSync(file, `${JSON.stringify(withStackChecks(record, outcomes), null, 2)}\n`);
    return 0;
}

runAsCommand(module, main);
