// What sizing a stack needs of it, read from the resources its program registers on the mocked
// runtime (as npm run plan runs it), so that the figures follow whatever config produced them: the
// stage's throttling, tracing and access log format, the usage plans, the web ACL's rate rule, each
// route's queue (FIFO, throughput mode, size, where its group comes from) and consumer (batch,
// concurrency, timeout, memory), and the counts that bound a deploy.
import { apiModel, methodsOf, queueOfArn, queueOfUri } from "../../local/apiModel";
import { UsagePlanModel } from "../../local/frontDoorModel";
import { groupSourceOf } from "../../local/groupModel";
import { Registered } from "../../offline/mockRuntime";
import { TYPES } from "../../policy/awsTypes";

/** Where a FIFO route's message group comes from, as its request template sets it. */
export type GroupSource = { readonly constant: string } | { readonly perRequest: true };

export interface PlannedQueue {
    readonly name: string;
    /** False for a queue of another stack: its settings are its owner's. */
    readonly created: boolean;
    readonly fifo: boolean;
    /** FIFO high-throughput mode: throughput limited per message group, not per queue. */
    readonly highThroughput: boolean;
    /** Undefined for a queue of another stack. */
    readonly maxMessageSize?: number;
    readonly group?: GroupSource;
    /** The queue's delay: how long SQS hides each new message from the workers; absent when none. */
    readonly delaySeconds?: number;
}

export interface PlannedConsumer {
    readonly batchSize: number;
    readonly batchingWindowSeconds: number;
    readonly maximumConcurrency: number;
    readonly timeoutSeconds: number;
    readonly memorySize: number;
}

export interface PlannedRoute {
    readonly method: string;
    /** The resource path: `/orders`. */
    readonly path: string;
    readonly authorization: string;
    readonly apiKeyRequired: boolean;
    /** The stage's throttling for this method: its own method setting, else the stage-wide one. */
    readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
    readonly queue?: PlannedQueue;
    readonly consumer?: PlannedConsumer;
}

export interface PlannedStack {
    readonly region: string;
    readonly stageName: string;
    readonly tracing: boolean;
    readonly metricsEnabled: boolean;
    readonly accessLogFormat?: string;
    /** The usage plans of the stage's API keys, by client. */
    readonly clients: readonly { readonly client: string; readonly plan: UsagePlanModel }[];
    /** The web ACL in front of the stage: created here (its rules known) or given by ARN (its owner's). */
    readonly webAcl?: { readonly created: boolean; readonly rules: number; readonly rateRule?: { readonly limit: number; readonly windowSeconds: number } };
    readonly routes: readonly PlannedRoute[];
    readonly resources: readonly Registered[];
}

/** The group a FIFO template sets: a constant, or one that each request sets (a header, a path parameter, a body field, the caller). */
function groupOf(template: string | undefined): GroupSource | undefined {
    const source = groupSourceOf(template);
    return source === undefined ? undefined : "constant" in source ? { constant: source.constant } : { perRequest: true };
}

function consumerOf(resources: readonly Registered[], queueName: string): PlannedConsumer | undefined {
    const mapping = resources.find((r) => r.type === TYPES.eventSourceMapping && queueOfArn(String(r.inputs.eventSourceArn))?.queueName === queueName);
    const fn = mapping && resources.find((r) => r.type === TYPES.lambdaFunction && r.state.arn === mapping.inputs.functionName);
    if (!mapping || !fn) {
        return undefined;
    }
    return {
        batchSize: Number(mapping.inputs.batchSize ?? 10),
        batchingWindowSeconds: Number(mapping.inputs.maximumBatchingWindowInSeconds ?? 0),
        maximumConcurrency: Number(mapping.inputs.scalingConfig?.maximumConcurrency ?? 1000),
        timeoutSeconds: Number(fn.inputs.timeout ?? 3),
        memorySize: Number(fn.inputs.memorySize ?? 128),
    };
}

function webAclOf(resources: readonly Registered[], stage: Registered): PlannedStack["webAcl"] {
    const association = resources.find((r) => r.type === TYPES.webAclAssociation && r.inputs.resourceArn === stage.state.arn);
    if (!association) {
        return undefined;
    }
    const created = resources.find((r) => r.type === TYPES.webAcl && r.state.arn === association.inputs.webAclArn);
    if (!created) {
        return { created: false, rules: 0 };
    }
    const rules = (created.inputs.rules ?? []) as { statement?: { rateBasedStatement?: { limit: number; evaluationWindowSec?: number } } }[];
    const rate = rules.map((r) => r.statement?.rateBasedStatement).find((s) => s !== undefined);
    return {
        created: true,
        rules: rules.length,
        // WAF counts over 300 seconds unless told otherwise.
        ...(rate ? { rateRule: { limit: Number(rate.limit), windowSeconds: Number(rate.evaluationWindowSec ?? 300) } } : {}),
    };
}

/** Reads a stack of one REST API and one stage (the program's) from its registered resources and outputs. */
export function plannedStack(resources: readonly Registered[], outputs: Readonly<Record<string, unknown>>, region: string): PlannedStack {
    const api = apiModel(resources, outputs);
    const stage = resources.find((r) => r.type === TYPES.stage)!;
    const queues = new Map(api.queues.map((q) => [q.name, q.attributes]));
    const throttleOf = (path: string, method: string) => api.throttling.get(`${path.slice(1).replace(/\//g, "~1")}/${method}`) ?? api.throttling.get("*/*");
    const routes = methodsOf(api).filter((m) => m.integration?.type === "AWS").map((method): PlannedRoute => {
        const queueName = queueOfUri(method.integration!.uri)?.queueName;
        const attributes = queueName === undefined ? undefined : queues.get(queueName);
        const fifo = attributes ? attributes.FifoQueue === "true" : queueName?.endsWith(".fifo") === true;
        const group = fifo ? groupOf(method.integration!.requestTemplates["application/json"]) : undefined;
        const throttle = throttleOf(method.resourcePath, method.httpMethod);
        const consumer = queueName === undefined ? undefined : consumerOf(resources, queueName);
        return {
            method: method.httpMethod,
            path: method.resourcePath,
            authorization: method.authorization,
            apiKeyRequired: method.apiKeyRequired,
            ...(throttle ? { throttle } : {}),
            ...(queueName === undefined ? {} : {
                queue: {
                    name: queueName,
                    created: attributes !== undefined,
                    fifo,
                    highThroughput: attributes?.FifoThroughputLimit === "perMessageGroupId",
                    ...(attributes?.MaximumMessageSize ? { maxMessageSize: Number(attributes.MaximumMessageSize) } : {}),
                    ...(group ? { group } : {}),
                    ...(Number(attributes?.DelaySeconds ?? 0) > 0 ? { delaySeconds: Number(attributes!.DelaySeconds) } : {}),
                },
            }),
            ...(consumer ? { consumer } : {}),
        };
    });
    const methodSettings = resources.find((r) => r.type === TYPES.methodSettings && r.inputs.stageName === stage.inputs.stageName);
    const webAcl = webAclOf(resources, stage);
    return {
        region,
        stageName: api.stageName,
        tracing: stage.inputs.xrayTracingEnabled === true,
        metricsEnabled: methodSettings?.inputs.settings?.metricsEnabled === true,
        ...(api.accessLogFormat ? { accessLogFormat: api.accessLogFormat } : {}),
        clients: api.apiKeys.map((key) => ({ client: key.client, plan: key.plan })),
        ...(webAcl ? { webAcl } : {}),
        routes,
        resources,
    };
}

/** Whether the stack is one this reading can take: one REST API with one stage, as the program registers. */
export function isSizable(resources: readonly Registered[]): boolean {
    const count = (type: string) => resources.filter((r) => r.type === type).length;
    return count(TYPES.restApi) === 1 && count(TYPES.stage) === 1;
}
