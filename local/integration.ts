// What API Gateway does once a request has passed its checks: pick the request template by media
// type, render it with the VTL engine, call the integration (SQS, or a MOCK answered by API Gateway
// itself, as CORS preflights are), select the integration response by the backend's status, render
// its template, and answer with its status and headers, the template's overrides applied.
import { IntegrationResponseModel, MethodModel, queueOfUri } from "./apiModel";
import { RequestValues, withOverrides } from "./frontDoor";
import { SqsBackend } from "./sqsBackend";
import { OverrideTwice, Rendered, renderTemplate } from "./vtl";

/** How a request ends when the integration does not answer it: one of API Gateway's own errors. */
export interface GatewayErrorOutcome {
    readonly gatewayError: "UNSUPPORTED_MEDIA_TYPE" | "INTEGRATION_FAILURE" | "API_CONFIGURATION_ERROR";
}

export interface IntegrationAnswer {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    /** SQS's status, for the access log; absent for a MOCK. */
    readonly integrationStatus?: number;
    readonly integrationLatency?: number;
}

export interface IntegrationCall {
    readonly method: MethodModel;
    readonly mediaType: string;
    readonly body: string;
    readonly values: RequestValues;
    readonly requestId: string;
    /** `$context` for the request template: stage, httpMethod, resourcePath, identity. */
    readonly context: Readonly<Record<string, unknown>>;
    readonly sqs: SqsBackend;
    readonly now: () => number;
}

/** A selection pattern is a regular expression over the backend's status, matched whole, as Java does. */
function selectResponse(responses: readonly IntegrationResponseModel[], status: number): IntegrationResponseModel | undefined {
    return responses.find((r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(String(status)))
        ?? responses.find((r) => r.selectionPattern === undefined);
}

/** The request's parameters, as `$input.params()` holds them in request and response templates alike. */
function params(call: IntegrationCall) {
    const headers: Record<string, string> = {};
    // The header map keeps the client's spelling of each name.
    for (const name of call.values.headerNames()) {
        headers[name] = call.values.header(name)!;
    }
    return { headers, query: { ...call.values.query }, pathParameters: { ...call.values.pathParameters } };
}

export async function integrate(call: IntegrationCall): Promise<IntegrationAnswer | GatewayErrorOutcome> {
    const integration = call.method.integration;
    if (!integration) {
        return { gatewayError: "API_CONFIGURATION_ERROR" };
    }
    const template = integration.requestTemplates[call.mediaType];
    // NEVER refuses any other media type; WHEN_NO_TEMPLATES passes the body through only when there is no template at all.
    const passesThrough = integration.passthroughBehavior === "WHEN_NO_MATCH"
        || (integration.passthroughBehavior === "WHEN_NO_TEMPLATES" && Object.keys(integration.requestTemplates).length === 0);
    if (template === undefined && !passesThrough) {
        return { gatewayError: "UNSUPPORTED_MEDIA_TYPE" };
    }
    const parameters = params(call);
    const rendered = template === undefined ? call.body
        : renderTemplate(template, { body: call.body, ...parameters, requestId: call.requestId, context: call.context }).output;

    let status: number;
    let answerBody: string;
    let integrationStatus: number | undefined;
    let integrationLatency: number | undefined;
    if (integration.type === "MOCK") {
        // A MOCK integration answers with the status its request template names; nothing is called.
        try {
            status = Number((JSON.parse(rendered || "{}") as { statusCode?: unknown }).statusCode ?? 200);
        } catch {
            return { gatewayError: "API_CONFIGURATION_ERROR" };
        }
        answerBody = "";
    } else {
        const target = queueOfUri(integration.uri);
        if (integration.type !== "AWS" || !target) {
            return { gatewayError: "API_CONFIGURATION_ERROR" };
        }
        const staticHeaders = Object.fromEntries(Object.entries(integration.requestParameters)
            .map(([name, value]) => [/^integration\.request\.header\.(.+)$/.exec(name)?.[1], /^'(.*)'$/.exec(value)?.[1]])
            .filter((entry): entry is [string, string] => entry[0] !== undefined && entry[1] !== undefined));
        const calledAt = call.now();
        try {
            ({ status, body: answerBody } = await call.sqs.send(target, rendered, staticHeaders));
        } catch {
            return { gatewayError: "INTEGRATION_FAILURE" };
        }
        integrationStatus = status;
        integrationLatency = call.now() - calledAt;
    }

    const chosen = selectResponse(call.method.integrationResponses, status);
    if (!chosen) {
        return { gatewayError: "API_CONFIGURATION_ERROR" };
    }
    const responseTemplate = chosen.responseTemplates["application/json"];
    let answer: Rendered;
    try {
        answer = responseTemplate === undefined ? { output: answerBody, headerOverrides: {} }
            : renderTemplate(responseTemplate, { body: answerBody, ...parameters, requestId: call.requestId });
    } catch (err) {
        // API Gateway answers a response template that overrides one value twice with a 5XX of its own.
        if (err instanceof OverrideTwice) {
            return { gatewayError: "API_CONFIGURATION_ERROR" };
        }
        throw err;
    }
    return {
        status: answer.statusOverride ?? Number(chosen.statusCode),
        headers: withOverrides({ "Content-Type": "application/json", ...chosen.headers }, answer.headerOverrides),
        body: answer.output,
        ...(integrationStatus !== undefined ? { integrationStatus, integrationLatency } : {}),
    };
}
