// The REST API a stack would deploy, read back from what its program registers: the resource tree,
// methods with their authorizers and API-key requirement, integrations and their responses (with
// their header mappings), models, validators, gateway responses, the stage, its throttling and
// access log format, the API keys of its usage plans, and the queues. The local API serves exactly this, so nothing
// about the API is described twice: a change to the component changes what runs locally.
import { Registered } from "../offline/mockRuntime";
import { queueAttributes } from "./queueModel";
import { ApiKeyModel, apiKeysOf, AuthorizerModel, authorizersOf, gatewayResponseHeaders, GatewayResponseModel, integrationResponseHeaders } from "./frontDoorModel";
import { TYPES } from "../policy/awsTypes";

export type { ApiKeyModel, AuthorizerModel, GatewayResponseModel, HeaderSource, UsagePlanModel } from "./frontDoorModel";

export interface IntegrationResponseModel {
    readonly statusCode: string;
    /** Absent for the default response. */
    readonly selectionPattern?: string;
    readonly responseTemplates: Readonly<Record<string, string>>;
    /** The response's headers, by name: static values, unquoted. */
    readonly headers: Readonly<Record<string, string>>;
}

export interface MethodModel {
    readonly httpMethod: string;
    /** The resource path as API Gateway writes it: `/stores/{storeId}/orders`. */
    readonly resourcePath: string;
    readonly authorization: string;
    /** The authorizer of a COGNITO_USER_POOLS or CUSTOM method. */
    readonly authorizer?: AuthorizerModel;
    readonly authorizationScopes: readonly string[];
    readonly apiKeyRequired: boolean;
    /** `method.request.header.Customer-Id` → required. */
    readonly requestParameters: Readonly<Record<string, boolean>>;
    /** Content type → model name. */
    readonly requestModels: Readonly<Record<string, string>>;
    readonly validator?: { readonly body: boolean; readonly parameters: boolean };
    readonly integration?: {
        readonly type: string;
        readonly uri: string;
        readonly requestTemplates: Readonly<Record<string, string>>;
        readonly requestParameters: Readonly<Record<string, string>>;
        readonly passthroughBehavior: string;
    };
    /** In the order API Gateway holds them: one per status code, the last write winning. */
    readonly integrationResponses: readonly IntegrationResponseModel[];
}

export interface ResourceNode {
    readonly pathPart: string;
    readonly path: string;
    readonly children: ResourceNode[];
    readonly methods: Map<string, MethodModel>;
}

export interface QueueModel {
    /** The queue's name as AWS would have it (the offline names stand for the generated ones). */
    readonly name: string;
    readonly attributes: Readonly<Record<string, string>>;
}

export interface ApiModel {
    readonly restApiId: string;
    readonly stageName: string;
    readonly root: ResourceNode;
    readonly models: ReadonlyMap<string, Record<string, unknown>>;
    readonly gatewayResponses: ReadonlyMap<string, GatewayResponseModel>;
    /** Throttling by method path (`*\/*`, `orders/POST`): requests per second and burst. */
    readonly throttling: ReadonlyMap<string, { readonly rateLimit: number; readonly burstLimit: number }>;
    readonly accessLogFormat?: string;
    readonly stageVariables: Readonly<Record<string, string>>;
    /** The enabled keys of this stage's usage plans. */
    readonly apiKeys: readonly ApiKeyModel[];
    readonly queues: readonly QueueModel[];
}

function ofType(resources: readonly Registered[], type: string): Registered[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource of a type the local API serves; a stack with several is not one it can serve. */
function single(resources: readonly Registered[], type: string, what: string): Registered {
    const found = ofType(resources, type);
    if (found.length !== 1) {
        throw new Error(`the local API serves a stack with one ${what}; this one has ${found.length}`);
    }
    return found[0];
}

const asStrings = (value: unknown) => Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));

/**
 * Reads the stack's REST API (one API, one stage) and its queues from the registered resources;
 * `outputs`, the program's outputs, name the clients of its API keys.
 */
export function apiModel(resources: readonly Registered[], outputs: Readonly<Record<string, unknown>> = {}): ApiModel {
    const api = single(resources, TYPES.restApi, "REST API");
    const stage = single(resources, TYPES.stage, "stage");
    const restApiId = api.id;
    const rootId = String(api.state.rootResourceId);
    const mine = (r: Registered, prop = "restApi") => r.inputs[prop] === restApiId;

    const root: ResourceNode = { pathPart: "", path: "/", children: [], methods: new Map() };
    const nodes = new Map<string, ResourceNode>([[rootId, root]]);
    // Resources arrive parents first (a child's parentId is its parent's output).
    for (const resource of ofType(resources, TYPES.apiResource).filter((r) => mine(r))) {
        const parent = nodes.get(String(resource.inputs.parentId));
        if (!parent) {
            throw new Error(`resource ${resource.name} has a parent that is not in the stack`);
        }
        const node: ResourceNode = {
            pathPart: String(resource.inputs.pathPart),
            path: `${parent.path === "/" ? "" : parent.path}/${String(resource.inputs.pathPart)}`,
            children: [],
            methods: new Map(),
        };
        parent.children.push(node);
        nodes.set(resource.id, node);
    }

    const validators = new Map(ofType(resources, TYPES.requestValidator).filter((r) => mine(r)).map((v) =>
        [v.id, { body: v.inputs.validateRequestBody === true, parameters: v.inputs.validateRequestParameters === true }]));
    const key = (r: Registered) => `${String(r.inputs.resourceId)} ${String(r.inputs.httpMethod)}`;
    const integrations = new Map(ofType(resources, TYPES.integration).filter((r) => mine(r)).map((r) => [key(r), r]));
    const responsesByMethod = new Map<string, Map<string, IntegrationResponseModel>>();
    for (const response of ofType(resources, TYPES.integrationResponse).filter((r) => mine(r))) {
        const byStatus = responsesByMethod.get(key(response)) ?? new Map<string, IntegrationResponseModel>();
        // One integration response per status code: a later one with the same code replaces it.
        byStatus.set(String(response.inputs.statusCode), {
            statusCode: String(response.inputs.statusCode),
            ...(response.inputs.selectionPattern ? { selectionPattern: String(response.inputs.selectionPattern) } : {}),
            responseTemplates: asStrings(response.inputs.responseTemplates),
            headers: integrationResponseHeaders(response.inputs.responseParameters, `integration response ${response.name}`),
        });
        responsesByMethod.set(key(response), byStatus);
    }
    const authorizerOf = authorizersOf(resources, restApiId);
    for (const method of ofType(resources, TYPES.method).filter((r) => mine(r))) {
        const node = nodes.get(String(method.inputs.resourceId));
        if (!node) {
            throw new Error(`method ${method.name} is on a resource that is not in the stack`);
        }
        const integration = integrations.get(key(method));
        const authorizer = authorizerOf(method);
        node.methods.set(String(method.inputs.httpMethod), {
            httpMethod: String(method.inputs.httpMethod),
            resourcePath: node.path,
            authorization: String(method.inputs.authorization ?? "NONE"),
            ...(authorizer ? { authorizer } : {}),
            authorizationScopes: ((method.inputs.authorizationScopes ?? []) as unknown[]).map(String),
            apiKeyRequired: method.inputs.apiKeyRequired === true,
            requestParameters: (method.inputs.requestParameters ?? {}) as Record<string, boolean>,
            requestModels: asStrings(method.inputs.requestModels),
            ...(method.inputs.requestValidatorId && validators.has(String(method.inputs.requestValidatorId))
                ? { validator: validators.get(String(method.inputs.requestValidatorId))! } : {}),
            ...(integration ? {
                integration: {
                    type: String(integration.inputs.type),
                    uri: String(integration.inputs.uri ?? ""),
                    requestTemplates: asStrings(integration.inputs.requestTemplates),
                    requestParameters: asStrings(integration.inputs.requestParameters),
                    passthroughBehavior: String(integration.inputs.passthroughBehavior ?? "WHEN_NO_MATCH"),
                },
            } : {}),
            integrationResponses: [...(responsesByMethod.get(key(method))?.values() ?? [])],
        });
    }

    const models = new Map(ofType(resources, TYPES.model).filter((r) => mine(r)).map((m) =>
        [String(m.inputs.name), JSON.parse(String(m.inputs.schema)) as Record<string, unknown>]));
    const gatewayResponses = new Map(ofType(resources, TYPES.gatewayResponse).filter((r) => mine(r, "restApiId")).map((g) =>
        [String(g.inputs.responseType), {
            ...(g.inputs.statusCode ? { statusCode: String(g.inputs.statusCode) } : {}),
            responseTemplates: asStrings(g.inputs.responseTemplates),
            headers: gatewayResponseHeaders(g.inputs.responseParameters, `gateway response ${g.name}`),
        }]));
    const throttling = new Map(ofType(resources, TYPES.methodSettings)
        .filter((m) => mine(m) && m.inputs.stageName === stage.inputs.stageName)
        .filter((m) => m.inputs.settings?.throttlingRateLimit !== undefined)
        .map((m) => [String(m.inputs.methodPath), {
            rateLimit: Number(m.inputs.settings.throttlingRateLimit),
            burstLimit: Number(m.inputs.settings.throttlingBurstLimit ?? m.inputs.settings.throttlingRateLimit),
        }]));

    const redriveAllow = new Map(ofType(resources, TYPES.redriveAllowPolicy).map((r) => [String(r.inputs.queueUrl), String(r.inputs.redriveAllowPolicy)]));
    const queues = ofType(resources, TYPES.queue).map((queue) => ({
        name: String(queue.state.name),
        attributes: queueAttributes(queue, redriveAllow),
    }));

    return {
        restApiId,
        stageName: String(stage.inputs.stageName),
        root,
        models,
        gatewayResponses,
        throttling,
        ...(stage.inputs.accessLogSettings?.format ? { accessLogFormat: String(stage.inputs.accessLogSettings.format) } : {}),
        stageVariables: asStrings(stage.inputs.variables),
        apiKeys: apiKeysOf(resources, restApiId, String(stage.inputs.stageName), outputs),
        queues,
    };
}

/** Every method of the API with its resource path, in tree order. */
export function methodsOf(model: ApiModel): MethodModel[] {
    const out: MethodModel[] = [];
    const visit = (node: ResourceNode) => {
        out.push(...node.methods.values());
        node.children.forEach(visit);
    };
    visit(model.root);
    return out;
}

/** The queue an SQS integration URI addresses by path: `arn:…:apigateway:<region>:sqs:path/<account>/<queue>`. */
export function queueOfUri(uri: string): { region: string; accountId: string; queueName: string } | undefined {
    const match = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):sqs:path\/(\d{12})\/([^/]+)$/.exec(uri);
    return match ? { region: match[1], accountId: match[2], queueName: match[3] } : undefined;
}

/** The queue an SQS queue ARN names (an event source mapping's source). */
export function queueOfArn(arn: string): { region: string; accountId: string; queueName: string } | undefined {
    const match = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([^:]+)$/.exec(arn);
    return match ? { region: match[1], accountId: match[2], queueName: match[3] } : undefined;
}
