// The integrations that write to SQS, and the queues they write to. A REST API integration names its
// queue in its URI (`sqs:path/<account>/<queue>`) or, in the `sqs:action/SendMessage` form, through
// a `QueueUrl` request parameter or template field; an HTTP API integration of subtype `SQS-*` names
// it in its `QueueUrl` request parameter.
import { PolicyResource } from "@pulumi/policy";

import { isSqsIntegration, queueArnOfIntegrationUri, queueArnOfUrl, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

export interface SqsIntegration {
    readonly resource: PolicyResource;
    readonly api: "REST" | "HTTP";
    /** The ARN of the role API Gateway assumes for it; undefined when it has none. */
    readonly credentials?: string;
    /** The queues it writes to, as ARNs; empty when it names none statically. */
    readonly queueArns: readonly string[];
    /** Why it names no queue the pack can read (a QueueUrl taken from the request…). */
    readonly unnamedQueue?: string;
    /** False while a value that names its queue is unknown (a new queue's URL at preview). */
    readonly queuesKnown: boolean;
}

const SQS_ACTION_URI = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:sqs:action\//;
const QUEUE_URL_PARAMETER = "integration.request.querystring.queueurl";

/** The queue a static QueueUrl names: the stack's queue with that URL, else the ARN the URL spells. */
function queueOfUrl(url: string, index: StackIndex, unknowns: Unknowns): string | undefined {
    const [queue] = index.find(TYPES.queue, "url", url, unknowns);
    const arn = queue ? unknowns.peek(() => queue.props.arn) : undefined;
    return typeof arn === "string" ? arn : queueArnOfUrl(url);
}

/** Where a REST integration in the action form takes its QueueUrl from: static URLs, or the expression that makes it dynamic. */
function restQueueUrls(integration: PolicyResource, unknowns: Unknowns): { urls: string[]; dynamic?: string } {
    const urls: string[] = [];
    const parameters = unknowns.peek(() => integration.props.requestParameters) as Record<string, unknown> | undefined;
    for (const name of Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {})) {
        if (name.toLowerCase() !== QUEUE_URL_PARAMETER) {
            continue;
        }
        const value = unknowns.peek(() => parameters![name]);
        // A mapping value in single quotes is static; anything else comes from the request, a stage variable or the context.
        const quoted = typeof value === "string" ? /^'(.*)'$/s.exec(value.trim()) : null;
        if (quoted) {
            urls.push(quoted[1]);
        } else if (typeof value === "string") {
            return { urls, dynamic: value };
        }
    }
    const templates = unknowns.peek(() => integration.props.requestTemplates) as Record<string, unknown> | undefined;
    for (const contentType of Object.keys(templates !== null && typeof templates === "object" ? templates : {})) {
        const template = unknowns.peek(() => templates![contentType]);
        for (const match of typeof template === "string" ? template.matchAll(/(?:^|[&?\s])QueueUrl=([^&\s"']*)/g) : []) {
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

function restIntegration(integration: PolicyResource, index: StackIndex, unknowns: Unknowns): SqsIntegration | undefined {
    const uri = unknowns.peek(() => integration.props.uri);
    const type = unknowns.peek(() => integration.props.type);
    if (typeof uri !== "string" || !isSqsIntegration({ type, uri })) {
        return undefined;
    }
    const credentials = unknowns.peek(() => integration.props.credentials);
    const reading = new Unknowns();
    const path = queueArnOfIntegrationUri(uri);
    let queueArns = path ? [path] : [];
    let unnamedQueue: string | undefined;
    if (!path && SQS_ACTION_URI.test(uri)) {
        const { urls, dynamic } = restQueueUrls(integration, reading);
        queueArns = urls.map((url) => queueOfUrl(url, index, reading)).filter((a): a is string => a !== undefined);
        unnamedQueue = dynamic ? `its QueueUrl comes from ${dynamic}, so the request chooses the queue`
            : queueArns.length === 0 ? "its URI names no queue and it sets no QueueUrl" : undefined;
    } else if (!path) {
        unnamedQueue = `its URI ${uri} names no queue`;
    }
    unknowns.absorb(reading);
    return { resource: integration, api: "REST", credentials: typeof credentials === "string" ? credentials : undefined,
        queueArns: [...new Set(queueArns)], unnamedQueue: reading.any ? undefined : unnamedQueue, queuesKnown: !reading.any };
}

function httpIntegration(integration: PolicyResource, index: StackIndex, unknowns: Unknowns): SqsIntegration | undefined {
    const subtype = unknowns.peek(() => integration.props.integrationSubtype);
    if (typeof subtype !== "string" || !/^SQS-/i.test(subtype)) {
        return undefined;
    }
    const credentials = unknowns.peek(() => integration.props.credentialsArn);
    const reading = new Unknowns();
    const parameters = reading.peek(() => integration.props.requestParameters) as Record<string, unknown> | undefined;
    const name = Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {}).find((k) => k.toLowerCase() === "queueurl");
    const url = name === undefined ? undefined : reading.peek(() => parameters![name]);
    unknowns.absorb(reading);
    // HTTP API parameter mappings are static text unless they hold a `$` selection expression.
    const dynamic = typeof url === "string" && url.includes("$");
    const arn = typeof url === "string" && !dynamic ? queueOfUrl(url, index, unknowns) : undefined;
    return {
        resource: integration, api: "HTTP", credentials: typeof credentials === "string" ? credentials : undefined,
        queueArns: arn ? [arn] : [],
        unnamedQueue: reading.any ? undefined : dynamic ? `its QueueUrl comes from ${url as string}, so the request chooses the queue`
            : arn ? undefined : `its QueueUrl ${url === undefined ? "is not set" : `${JSON.stringify(url)} is not a queue URL`}`,
        queuesKnown: !reading.any,
    };
}

/** Every integration of the stack that writes to SQS (REST and HTTP APIs), once per stack. */
export function sqsIntegrations(resources: readonly PolicyResource[], unknowns: Unknowns): readonly SqsIntegration[] {
    const index = StackIndex.of(resources);
    return index.derived("SQS integrations", (met) => [
        ...index.ofType(TYPES.integration).map((i) => restIntegration(i, index, met)),
        ...index.ofType(TYPES.httpIntegration).map((i) => httpIntegration(i, index, met)),
    ].filter((i): i is SqsIntegration => i !== undefined), unknowns);
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
