// Reads policy/<stack>.json, the config CI hands the pack with --policy-pack-config, and checks it
// against the pack: every name a policy of it (or `all`), every enforcement level one of the
// SDK's, every setting one of the policy's configSchema with the schema's type.
import * as fs from "node:fs";
import * as path from "node:path";

import { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import Ajv from "ajv";

import { nearest } from "../components/nearMiss";
import { policies } from "../policy/policies";
import { PackConfig } from "./policyRunner";
import { BadInput, kindOf, readJsonFile, SourceFile, Step } from "./sourceFile";
import { PROJECT_ROOT } from "./stacks";

// A record, so that the compiler checks the list against @pulumi/policy's EnforcementLevel type.
const LEVELS: Record<EnforcementLevel, true> = { advisory: true, mandatory: true, remediate: true, disabled: true };
export const ENFORCEMENT_LEVELS = Object.keys(LEVELS) as readonly EnforcementLevel[];

/** The key that sets the enforcement level of every policy of the pack. */
export const ALL_POLICIES = "all";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

export const packConfigFileName = (stack: string) => `policy/${stack}.json`;

/** A stack's policy config, when policy/<stack>.json exists; throws a BadInput when the pack would refuse it. */
export function readPackConfig(stack: string): PackConfig | undefined {
    const name = packConfigFileName(stack);
    if (!fs.existsSync(path.join(PROJECT_ROOT, name))) {
        return undefined;
    }
    const { file, value } = readJsonFile(PROJECT_ROOT, name);
    const problems = packConfigProblems(file, value);
    if (problems.length > 0) {
        throw new BadInput(problems);
    }
    return value as PackConfig;
}

/** What is wrong with a policy config, one line per problem, each naming the file and where. */
export function packConfigProblems(file: SourceFile, config: unknown): string[] {
    if (!isPlainObject(config)) {
        return [`${file.at(file.document?.contents)}: a policy config is an object of policy names to an enforcement level `
            + `or an object of settings, got ${kindOf(config)}`];
    }
    const problems: string[] = [];
    const problem = (steps: readonly Step[], message: string) => problems.push(`${file.at(file.find(steps))}: ${message}`);
    for (const [name, entry] of Object.entries(config)) {
        const policy = policies.find((p) => p.name === name);
        if (!policy && name !== ALL_POLICIES) {
            problem([name], unknownPolicy(name));
        } else if (typeof entry === "string") {
            checkLevel(entry, name, [name], problem);
        } else if (isPlainObject(entry)) {
            const { enforcementLevel, ...settings } = entry;
            if (enforcementLevel !== undefined) {
                checkLevel(enforcementLevel, name, [name, "enforcementLevel"], problem);
            }
            for (const [steps, message] of settingProblems(policy, settings)) {
                problem([name, ...steps], `${name}${message}`);
            }
        } else {
            problem([name], `${name} must be an enforcement level or an object of settings, got ${show(entry)}`);
        }
    }
    return problems;
}

function checkLevel(level: unknown, name: string, steps: readonly Step[], problem: (steps: readonly Step[], message: string) => void) {
    if (!ENFORCEMENT_LEVELS.includes(level as EnforcementLevel)) {
        problem(steps, `${name}: ${show(level)} is not an enforcement level; use ${ENFORCEMENT_LEVELS.slice(0, -1).join(", ")} or ${ENFORCEMENT_LEVELS[ENFORCEMENT_LEVELS.length - 1]}`);
    }
}

function unknownPolicy(name: string): string {
    const known = policies.map((p) => p.name);
    const meant = nearest(name, known, Math.max(2, Math.floor(name.length / 4)));
    return meant !== undefined
        ? `${name} is not a policy of the pack; did you mean ${meant}?`
        : `${name} is not a policy of the pack; its policies: ${[...known, ALL_POLICIES].join(", ")}`;
}

const ajv = new Ajv({ allErrors: true, verbose: true, jsonPointers: true });

/** Each problem with a policy's settings: where (from the policy's entry) and the message after the policy's name. */
function settingProblems(
    policy: ResourceValidationPolicy | StackValidationPolicy | undefined,
    settings: Record<string, unknown>,
): [Step[], string][] {
    const properties = policy?.configSchema?.properties ?? {};
    const known = ["enforcementLevel", ...Object.keys(properties)].join(", ");
    const validate = ajv.compile({ type: "object", properties, additionalProperties: false });
    if (validate(settings)) {
        return [];
    }
    return (validate.errors ?? []).map((error) => {
        const steps: Step[] = error.dataPath.split("/").slice(1)
            .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
            .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        if (error.keyword === "additionalProperties") {
            const setting = (error.params as { additionalProperty: string }).additionalProperty;
            return [[...steps, setting], ` has no setting ${setting}; ${policy ? `its settings: ${known}` : "all takes only enforcementLevel"}`];
        }
        const where = steps.map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${show(s)}]`)).join("");
        const message = error.keyword === "type" ? `must be ${describe(error.parentSchema as Schema)}` : error.message;
        return [steps, `${where} ${message}, got ${show(error.data)}`];
    });
}

interface Schema {
    readonly type?: string | readonly string[];
    readonly items?: Schema;
    readonly additionalProperties?: Schema | boolean;
}

const ARTICLES: Readonly<Record<string, string>> = {
    array: "an array", object: "an object", integer: "an integer", string: "a string", number: "a number", boolean: "true or false", null: "null",
};

/** A schema's type in words: "an array of strings", "an object of strings", "a string". */
function describe(schema: Schema): string {
    const types = ([] as string[]).concat(schema.type ?? []);
    const member = schema.type === "array" ? schema.items : schema.type === "object" ? schema.additionalProperties : undefined;
    if (typeof member === "object" && typeof member.type === "string") {
        return `${ARTICLES[schema.type as string]} of ${member.type === "boolean" ? "true or false" : `${member.type}s`}`;
    }
    return types.map((t) => ARTICLES[t] ?? t).join(" or ");
}
