import { encodingProblems } from "../api";
import { apiWithBodyOfArgs, bodyLabel } from "../bodyResources";
import { definePolicy } from "../registry";
import { TYPES } from "../stackModel";

export const integrationEncodesBody = definePolicy({
    name: "integration-encodes-body",
    description: "An API Gateway integration that writes to SQS must URL-encode every value its request templates "
        + "output ($util.urlEncode($input.body)), send the static Content-Type "
        + "'application/x-www-form-urlencoded' (parameters such as charset allowed) and use passthroughBehavior NEVER "
        + "(or WHEN_NO_TEMPLATES with a template, which API Gateway then treats alike). Otherwise a body holding &, =, + "
        + "or % is corrupted and a client can add SQS parameters of its own.",
    enforcementLevel: "mandatory",
    judges: [TYPES.integration, TYPES.restApi, TYPES.restApiPut],
    checks: "a REST API SQS integration's request templates (an `Integration`'s, or an integration in an OpenAPI "
        + "body) URL-encode every value they output (decided on the Velocity parse tree, following every "
        + "`#set`, those inside double-quoted strings included: constants, stage variables, always-numeric "
        + "`$context` values, a loop's `$foreach.count`, `index` and flags and encoded values pass, a raw "
        + "`$input` value fails wherever it travels), set the static form `Content-Type` (parameters such as `; "
        + "charset=utf-8` allowed) and use passthrough `NEVER` (or `WHEN_NO_TEMPLATES` with a template); "
        + "send nothing of the client's beside the form: no `requestParameters` value into the integration's "
        + "query string or path but a static one, a stage variable or an always-numeric `$context` value, no header "
        + "but a static `Content-Type` and `Accept`, no `$context.requestOverride` in a template",
    rationale: "the console walkthrough's `MessageBody=$input.body` corrupts bodies with `&`, `+`, `%` and lets "
        + "clients inject SQS parameters; SQS reads a POST's query string as parameters too, so "
        + "`integration.request.querystring.MessageBody = method.request.body` or a template's query-string "
        + "override lets the client choose them",
    validateResource: (args, reportViolation) => {
        if (args.type === TYPES.restApi || args.type === TYPES.restApiPut) {
            // An API written as an OpenAPI body, or a body put into one: each of its integrations, named by its route.
            const read = apiWithBodyOfArgs(args);
            read?.unknowns?.rethrow();
            for (const integration of (read?.resources ?? []).filter((r) => r.type === TYPES.integration)) {
                const problems = encodingProblems(integration.props);
                if (problems && problems.problems.length > 0) {
                    reportViolation(`The SQS integration of ${bodyLabel(integration)} in this ${args.type === TYPES.restApi ? "API" : "RestApiPut"}'s body is unsafe: `
                        + `${problems.problems.join("; ")}.`);
                }
            }
            return;
        }
        const found = encodingProblems(args.props);
        if (found && found.problems.length > 0) {
            reportViolation(`This SQS integration is unsafe: ${found.problems.join("; ")}.`);
        }
        found?.unknowns.rethrow();
    },
});
