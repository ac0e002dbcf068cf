// No API the pack cannot see. A REST or HTTP API written as an OpenAPI body, or a body a RestApiPut
// puts into a REST API, is judged by every policy from what the body defines (bodyResources.ts);
// whatever in a body the pack cannot read, it cannot judge either, so this policy fails closed on
// it, naming what and where.
import { apiWithBodyOfArgs } from "../bodyResources";
import { definePolicy } from "../registry";
import { TYPES } from "../stackModel";

/** What holds a body, as a finding names it. */
const HOLDERS: Readonly<Record<string, string>> = { [TYPES.restApi]: "REST API", [TYPES.httpApi]: "HTTP API", [TYPES.restApiPut]: "RestApiPut" };

export const apiDefinitionReadable = definePolicy({
    name: "api-definition-readable",
    description: "A REST or HTTP API written as an OpenAPI body (JSON or YAML), and the body of a RestApiPut, hold nothing the pack cannot judge: it parses, "
        + "its $refs point inside it, every x-amazon-apigateway-* extension is one AWS documents, in the place AWS reads it, "
        + "with the properties AWS documents, and every method's security is one API Gateway enforces. Whatever else a body "
        + "holds fails closed, named by where it is: write it as AWS documents it, or define that part as resources.",
    enforcementLevel: "mandatory",
    judges: [TYPES.restApi, TYPES.httpApi, TYPES.restApiPut],
    checks: "a REST or HTTP API written as an OpenAPI body, and a `RestApiPut`'s body, hold nothing the pack "
        + "cannot judge: the body parses (JSON or YAML, without YAML merge keys), is OpenAPI 2.0 or 3.0, its "
        + "`$ref`s point inside it, every `x-amazon-apigateway-*` extension is one AWS documents, where AWS "
        + "reads it, with the properties AWS documents, and every method's or route's security is one API "
        + "Gateway enforces, with no `x-amazon-apigateway-auth` that disagrees with it; anything else fails "
        + "closed, named by where it is ([what it reads](#apis-written-as-openapi-bodies))",
    rationale: "what the pack cannot read it cannot judge: an unread extension may open a method or send raw bodies "
        + "to SQS",
    validateResource: (args, reportViolation) => {
        const holder = HOLDERS[args.type];
        if (holder === undefined) {
            return;
        }
        const read = apiWithBodyOfArgs(args);
        read?.unknowns?.rethrow();
        const problems = read?.body?.problems ?? [];
        if (problems.length > 0) {
            reportViolation(`The OpenAPI body of ${holder} ${args.name} holds what the policy pack cannot `
                + `judge, so it fails closed: ${problems.map((p) => `${p.where}: ${p.what}`).join("; ")}.`);
        }
    },
});
