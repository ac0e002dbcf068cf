// Inputs written as AWS reads them back. When AWS stores a value in another form than the one the
// program wrote, the provider reads AWS's form back and every later preview shows a change that is
// none (`pulumi preview --expect-no-changes` fails). These are the normalisations this project
// knows, each with the line of docs/aws-assumptions.md that cites it; offline, only these can be
// held, and only against what the program registers.
import { Registered } from "./mockRuntime";
import { TYPES } from "../policy/awsTypes";

export interface ReadBackRule {
    /** The line of docs/aws-assumptions.md that states the normalisation. */
    readonly register: number;
    readonly what: string;
    /** One line per input written in a form AWS would read back otherwise. */
    readonly problems: (resources: readonly Registered[]) => string[];
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

export const READ_BACK_RULES: readonly ReadBackRule[] = [
    {
        register: 157,
        what: "a REST API's resource policy names the API by its execution ARN, which API Gateway stores in place of execute-api:/…",
        problems: (resources) => resources.filter((r) => r.type === TYPES.restApiPolicy).flatMap((policy) => {
            const api = resources.find((r) => r.type === TYPES.restApi && r.id === policy.inputs.restApiId);
            const executionArn = String(api?.state.executionArn);
            const statements = asList((JSON.parse(String(policy.inputs.policy)) as { Statement?: unknown }).Statement) as { Resource?: unknown }[];
            return statements.flatMap((statement) => asList(statement.Resource))
                .filter((resource) => typeof resource !== "string" || !resource.startsWith(`${executionArn}/`))
                .map((resource) => `${policy.name}: ${JSON.stringify(resource)} is not under the API's execution ARN ${executionArn}`);
        }),
    },
    {
        register: 158,
        what: "an event source mapping names its function by ARN, the form Lambda reads back",
        problems: (resources) => resources.filter((r) => r.type === TYPES.eventSourceMapping).flatMap((mapping) => {
            const arns = resources.filter((r) => r.type === TYPES.lambdaFunction).map((f) => f.state.arn);
            return arns.includes(mapping.inputs.functionName) ? []
                : [`${mapping.name}: functionName ${JSON.stringify(mapping.inputs.functionName)} is not a function's ARN`];
        }),
    },
];

/** What every rule finds in a stack's resources. */
export function readBackProblems(resources: readonly Registered[]): string[] {
    return READ_BACK_RULES.flatMap((rule) => rule.problems(resources));
}
