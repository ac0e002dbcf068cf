// An SQS integration of a REST API, written as a resource or in the API's OpenAPI body, sends a
// correctly encoded form. (HTTP API integrations map parameters, which API Gateway encodes itself:
// there is no template to check.)
import { requestOverrides, requestParameterProblems } from "./integrationRequest";
import { isSqsIntegration } from "./stackModel";
import { anyStage } from "./stageVariables";
import { unencodedOutputs } from "./templateEncoding";
import { Unknowns } from "./unknowns";

const FORM_CONTENT_TYPE = "'application/x-www-form-urlencoded'";
const CONTENT_TYPE_PARAMETER = "integration.request.header.content-type";

/**
 * Is a Content-Type mapping the static form media type? Single quotes make a mapping static; media
 * types compare in any case, and parameters (`; charset=utf-8`) do not change the type.
 */
export function isStaticFormContentType(value: unknown): boolean {
    const quoted = typeof value === "string" ? /^'([^']*)'$/.exec(value.trim()) : null;
    return quoted !== null && quoted[1].split(";")[0].trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/**
 * What is unsafe in an integration's request to SQS; undefined when it is no SQS integration. Unknown
 * values met are in `unknowns`, for the caller to hand to the SDK once it has reported the rest.
 */
export function encodingProblems(props: Record<string, any>): { problems: string[]; unknowns: Unknowns } | undefined {
    if (props.type !== "AWS") {
        return undefined;
    }
    const unknowns = new Unknowns();
    const templates: [string, string][] = [];
    const read = unknowns.peek(() => props.requestTemplates);
    const mapped = read !== null && typeof read === "object" && !Array.isArray(read) ? read as Record<string, unknown> : undefined;
    for (const contentType of Object.keys(mapped ?? {})) {
        const template = unknowns.peek(() => mapped![contentType]);
        if (typeof template === "string") {
            templates.push([contentType, template]);
        }
    }
    const uri = unknowns.peek(() => props.uri);
    // The URI names a new queue's ARN, so it is unknown at that queue's first preview; a template that
    // writes SendMessage's form is then enough to know that the integration is one for SQS. A stage
    // variable may stand for any part of a URI: it goes to SQS if it does on any stage.
    const forSqs = typeof uri === "string" ? isSqsIntegration({ type: "AWS", uri: anyStage(uri) })
        : templates.some(([, template]) => /Action=SendMessage/.test(template));
    if (!forSqs) {
        unknowns.rethrow();
        return undefined;
    }
    const problems: string[] = [];
    if (mapped !== undefined && Object.keys(mapped).length === 0) {
        problems.push("it has no request template, so the raw body would be sent to SQS");
    }
    for (const [contentType, template] of templates) {
        const unencoded = unencodedOutputs(template);
        if (unencoded.length > 0) {
            problems.push(`its ${contentType} template outputs values without $util.urlEncode: ${unencoded.join(", ")}`);
        }
        const overrides = requestOverrides(template);
        if (overrides.length > 0) {
            problems.push(`its ${contentType} template may change the request's query string, headers or path through `
                + `$context.requestOverride, which SQS reads beside the form: ${overrides.join(", ")}`);
        }
    }
    const parameters = unknowns.peek(() => props.requestParameters) as Record<string, unknown> | undefined;
    problems.push(...requestParameterProblems(parameters, unknowns));
    const contentTypeKey = Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {})
        .find((k) => k.toLowerCase() === CONTENT_TYPE_PARAMETER);
    const contentType = contentTypeKey === undefined ? undefined : unknowns.peek(() => parameters![contentTypeKey]);
    if (!isStaticFormContentType(contentType) && !unknowns.any) {
        problems.push(`it must set integration.request.header.Content-Type to ${FORM_CONTENT_TYPE}, got ${JSON.stringify(contentType)}`);
    }
    // WHEN_NO_TEMPLATES passes a body through only while no template is defined; with one, API
    // Gateway answers unmapped content types with 415, as NEVER does.
    const passthrough = unknowns.peek(() => props.passthroughBehavior);
    if (passthrough === "WHEN_NO_TEMPLATES" && Object.keys(mapped ?? {}).length > 0) {
        // As NEVER.
    } else if (passthrough !== "NEVER" && passthrough !== undefined) {
        problems.push(`its passthroughBehavior must be NEVER${passthrough === "WHEN_NO_TEMPLATES" ? ", or WHEN_NO_TEMPLATES with a template" : ""}, `
            + `got ${JSON.stringify(passthrough)}`);
    } else if (passthrough === undefined && !unknowns.any) {
        problems.push("its passthroughBehavior must be NEVER, got undefined");
    }
    return { problems, unknowns };
}


