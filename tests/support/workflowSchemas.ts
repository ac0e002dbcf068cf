// GitHub's workflow and Dependabot schemas, as SchemaStore publishes them (kept in schemas/, see
// its README), checked with ajv: the schemas are draft-07, which ajv 6 reads natively.
import * as fs from "node:fs";
import * as path from "node:path";

import Ajv from "ajv";
import { load } from "js-yaml";

const SCHEMAS = path.join(__dirname, "schemas");

function validator(file: string): (yamlText: string) => string[] {
    // extendRefs: the workflow schema puts `properties` beside a `$ref` (a step's `with`), which it
    // means to apply; allErrors: report every problem of a file at once.
    const ajv = new Ajv({ allErrors: true, extendRefs: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), "utf8")));
    return (yamlText) => {
        if (validate(load(yamlText))) {
            return [];
        }
        return (validate.errors ?? []).map((e) => `${e.dataPath || "(top)"} ${e.message ?? ""}`.trim());
    };
}

let workflow: ((yamlText: string) => string[]) | undefined;
let dependabot: ((yamlText: string) => string[]) | undefined;

/** What GitHub's workflow schema refuses in a workflow file: [] when it is valid. */
export function workflowSchemaErrors(yamlText: string): string[] {
    return (workflow ??= validator("github-workflow.json"))(yamlText);
}

/** What the Dependabot configuration schema refuses in `.github/dependabot.yml`: [] when it is valid. */
export function dependabotSchemaErrors(yamlText: string): string[] {
    return (dependabot ??= validator("dependabot-2.0.json"))(yamlText);
}
