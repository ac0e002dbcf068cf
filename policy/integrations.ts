// The integrations that write to SQS, and the queues they write to. A REST API integration names its
// queue in its URI (`sqs:path/<account>/<queue>`) or, in the `sqs:action/SendMessage` form, through
// a `QueueUrl` request parameter or template field; an HTTP API integration of subtype `SQS-*` names
// it in its `QueueUrl` request parameter. Stage variables in any of these, and in the credentials,
// are resolved through each stage that deploys the API.
import { PolicyResource } from "@pulumi/policy";

import { queueByUrl } from "./identifiers";
import { isSqsIntegration, queueArnOfIntegrationUri, queueArnOfUrl, StackIndex, TYPES } from "./stackModel";
import { anyStage, namesStageVariable, Resolved, resolveStageVariables } from "./stageVariables";
import { Unknowns } from "./unknowns";

export interface SqsIntegration {
    readonly resource: PolicyResource;
    readonly api: "REST" | "HTTP";
    /** The ARN of the role API Gateway assumes for it (on one of its stages); undefined when it has none or it cannot be resolved. */
    readonly credentials?: string;
    /** Why its credentials cannot be resolved offline (a stage variable no stage sets…). */
    readonly unresolvedCredentials?: string;
    /** The queues it writes to, as ARNs; empty when it names none statically. */
    readonly queueArns: readonly string[];
    /** Why it names no queue the pack can read (a QueueUrl taken from the request…). */
    readonly unnamedQueue?: string;
    /** Why the queue it names cannot be resolved offline; then the queues it writes to are not all known. */
    readonly unresolvedQueue?: string;
    /** False while a value that names its queue is unknown (a new queue's URL at preview). */
    readonly queuesKnown: boolean;
}

const SQS_ACTION_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:sqs:action\//;
const QUEUE_URL_PARAMETER = "integration.request.querystring.queueurl";
/** A template's QueueUrl taken from a stage variable: `$stageVariables.x`, `${stageVariables.x}`, or either URL-encoded. */
const TEMPLATE_STAGE_VARIABLE = /^(?:\$util\.urlEncode\()?\$\{?stageVariables\.([A-Za-z0-9_]+)\}?\)?$/;

/** The queue a static QueueUrl names: the stack's queue with that URL, else the ARN the URL spells. */
function queueOfUrl(url: string, index: StackIndex, unknowns: Unknowns): string | undefined {
    const queue = queueByUrl(index, url, unknowns);
    const arn = queue ? unknowns.peek(() => queue.props.arn) : undefined;
    return typeof arn === "string" ? arn : queueArnOfUrl(url);
}

interface QueueUrls {
    readonly urls: string[];
    /** Where a QueueUrl taken from the request comes from. */
    readonly dynamic?: string;
    readonly unresolved?: string;
}

/** Static URLs, and URLs from stage variables as each stage resolves them. */
function addResolved(urls: string[], resolved: Resolved): string | undefined {
    if ("unresolved" in resolved) {
        return resolved.unresolved;
    }
    urls.push(...resolved.values);
    return undefined;
}

/** Where a REST integration in the action form takes its QueueUrl from: static URLs, stage variables, or the request. */
function restQueueUrls(integration: PolicyResource, index: StackIndex, unknowns: Unknowns): QueueUrls {
    const urls: string[] = [];
    const parameters = unknowns.peek(() => integration.props.requestParameters) as Record<string, unknown> | undefined;
    for (const name of Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {})) {
        if (name.toLowerCase() !== QUEUE_URL_PARAMETER) {
            continue;
        }
        const value = unknowns.peek(() => parameters![name]);
        // A mapping value in single quotes is static, stageVariables.x is the stage's; anything else comes from the request or the context.
        const quoted = typeof value === "string" ? /^'(.*)'$/s.exec(value.trim()) : null;
        if (quoted) {
            urls.push(quoted[1]);
        } else if (typeof value === "string" && namesStageVariable(value)) {
            const unresolved = addResolved(urls, resolveStageVariables(index, integration, value, `its ${name}`, unknowns));
            if (unresolved) {
                return { urls, unresolved };
            }
        } else if (typeof value === "string") {
            return { urls, dynamic: value };
        }
    }
    const templates = unknowns.peek(() => integration.props.requestTemplates) as Record<string, unknown> | undefined;
    for (const contentType of Object.keys(templates !== null && typeof templates === "object" ? templates : {})) {
        const template = unknowns.peek(() => templates![contentType]);
        for (const match of typeof template === "string" ? template.matchAll(/(?:^|[&?\s])QueueUrl=([^&\s"']*)/g) : []) {
            const variable = TEMPLATE_STAGE_VARIABLE.exec(match[1]);
            if (variable) {
                const unresolved = addResolved(urls, resolveStageVariables(index, integration, `\${stageVariables.${variable[1]}}`,
                    `its ${contentType} template's QueueUrl`, unknowns));
                if (unresolved) {
                    return { urls, unresolved };
                }
                continue;
            }
            if (/[$#]/.test(match[1])) {
                return { urls, dynamic: `its ${contentType} template (QueueUrl=${match[1]})` };
            }
            try {
                urls.push(decodeURIComponent(match[1]));
            } catch {
                return { urls, dynamic: `its ${contentType} template (QueueUrl=${match[1]})` };
            }
        }
    }
    return { urls };
}

/** One entry per role the integration's credentials name on its stages (one, unless they name a stage variable). */
function withCredentials(index: StackIndex, integration: PolicyResource, prop: string, unknowns: Unknowns,
    entry: Omit<SqsIntegration, "credentials" | "unresolvedCredentials">): SqsIntegration[] {
    const credentials = unknowns.peek(() => integration.props[prop]);
    if (typeof credentials !== "string" || credentials === "") {
        return [entry];
    }
    const resolved = resolveStageVariables(index, integration, credentials, `its ${prop}`, unknowns);
    if ("unresolved" in resolved) {
        return [{ ...entry, unresolvedCredentials: resolved.unresolved }];
    }
    return resolved.values.map((arn) => ({ ...entry, credentials: arn }));
}

function restIntegration(integration: PolicyResource, index: StackIndex, unknowns: Unknowns): SqsIntegration[] {
    const uri = unknowns.peek(() => integration.props.uri);
    const type = unknowns.peek(() => integration.props.type);
    // A stage variable may stand for any part of the URI: the integration is one for SQS if it is once they are filled in.
    if (typeof uri !== "string" || !isSqsIntegration({ type, uri: anyStage(uri) })) {
        return [];
    }
    const reading = new Unknowns();
    const resolvedUris = resolveStageVariables(index, integration, uri, "its uri", reading);
    const uris = "values" in resolvedUris ? resolvedUris.values.filter((u) => isSqsIntegration({ type, uri: u })) : [];
    let unresolvedQueue = "unresolved" in resolvedUris ? resolvedUris.unresolved : undefined;
    const queueArns: string[] = [];
    let unnamedQueue: string | undefined;
    for (const value of uris) {
        const path = queueArnOfIntegrationUri(value);
        if (path) {
            queueArns.push(path);
        } else if (SQS_ACTION_URI.test(value)) {
            const { urls, dynamic, unresolved } = restQueueUrls(integration, index, reading);
            queueArns.push(...urls.map((url) => queueOfUrl(url, index, reading)).filter((a): a is string => a !== undefined));
            unresolvedQueue ??= unresolved;
            unnamedQueue ??= dynamic ? `its QueueUrl comes from ${dynamic}, so the request chooses the queue`
                : urls.length === 0 && !unresolved ? "its URI names no queue and it sets no QueueUrl" : undefined;
        } else {
            unnamedQueue ??= `its URI ${value} names no queue`;
        }
    }
    unknowns.absorb(reading);
    return withCredentials(index, integration, "credentials", unknowns, { resource: integration, api: "REST", queueArns: [...new Set(queueArns)],
        unnamedQueue: reading.any ? undefined : unnamedQueue, unresolvedQueue: reading.any ? undefined : unresolvedQueue, queuesKnown: !reading.any });
}

function httpIntegration(integration: PolicyResource, index: StackIndex, unknowns: Unknowns): SqsIntegration[] {
    const subtype = unknowns.peek(() => integration.props.integrationSubtype);
    if (typeof subtype !== "string" || !/^SQS-/i.test(subtype)) {
        return [];
    }
    const reading = new Unknowns();
    const parameters = reading.peek(() => integration.props.requestParameters) as Record<string, unknown> | undefined;
    const name = Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {}).find((k) => k.toLowerCase() === "queueurl");
    const url = name === undefined ? undefined : reading.peek(() => parameters![name]);
    const urls: string[] = [];
    let unresolvedQueue: string | undefined;
    // HTTP API parameter mappings are static text unless they hold a `$` expression: `${stageVariables.x}` is the stage's, any other the request's or the context's.
    const dynamic = typeof url === "string" && anyStage(url).includes("$");
    if (typeof url === "string" && !dynamic) {
        unresolvedQueue = addResolved(urls, resolveStageVariables(index, integration, url, `its ${name}`, reading));
    }
    const arns = urls.map((u) => queueOfUrl(u, index, reading)).filter((a): a is string => a !== undefined);
    unknowns.absorb(reading);
    return withCredentials(index, integration, "credentialsArn", unknowns, {
        resource: integration, api: "HTTP", queueArns: [...new Set(arns)],
        unnamedQueue: reading.any || unresolvedQueue ? undefined : dynamic ? `its QueueUrl comes from ${url as string}, so the request chooses the queue`
            : arns.length > 0 ? undefined : `its QueueUrl ${url === undefined ? "is not set" : `${JSON.stringify(url)} is not a queue URL`}`,
        unresolvedQueue: reading.any ? undefined : unresolvedQueue,
        queuesKnown: !reading.any,
    });
}

/** Every integration of the stack that writes to SQS (REST and HTTP APIs), once per stack. */
export function sqsIntegrations(resources: readonly PolicyResource[], unknowns: Unknowns): readonly SqsIntegration[] {
    const index = StackIndex.of(resources);
    return index.derived("SQS integrations", (met) => {
        // An API whose body is not known yet may hold SQS integrations too.
        index.absorbUnknownBodies(met);
        return [
            ...index.ofType(TYPES.integration).flatMap((i) => restIntegration(i, index, met)),
            ...index.ofType(TYPES.httpIntegration).flatMap((i) => httpIntegration(i, index, met)),
        ];
    }, unknowns);
}

/**
 * The queues that SQS integrations write to, by ARN, and the queue resources an integration whose
 * URI is still unknown is built from (its property dependency), so that they are known at preview.
 * `complete` is false while some integration's queue cannot be told.
 */
export function integrationTargets(resources: readonly PolicyResource[], unknowns: Unknowns):
    { arns: ReadonlySet<string>; queues: ReadonlySet<PolicyResource>; complete: boolean } {
    const index = StackIndex.of(resources);
    return index.derived("integration targets", (met) => {
        const integrations = sqsIntegrations(resources, met);
        const arns = new Set(integrations.flatMap((i) => i.queueArns));
        const queues = new Set<PolicyResource>();
        let complete = integrations.every((i) => i.queuesKnown);
        for (const integration of index.ofType(TYPES.integration)) {
            const reading = new Unknowns();
            reading.peek(() => integration.props.uri);
            if (reading.any) {
                const sources = (integration.propertyDependencies?.uri ?? []).filter((r) => r.type === TYPES.queue);
                sources.forEach((q) => queues.add(q));
                complete &&= sources.length > 0;
            }
        }
        return { arns, queues, complete };
    }, unknowns);
}
