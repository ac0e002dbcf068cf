// An API written as an OpenAPI body is the same API as one written as resources: the methods,
// integrations, integration and gateway responses, authorizers, validators and resource policy
// its body defines are read here as the resources they become in API Gateway, so that every policy
// judges them as it judges resources. Each stands for the resource that holds the body (its
// findings are reported on that resource) and is named after its route. A body is held by a REST
// API, an HTTP API, or a RestApiPut, which puts its body into the REST API its restApiId names.
import { PolicyResource } from "@pulumi/policy";

import { TYPES } from "./awsTypes";
import { ApiBody, BasePathMode, BodyOperation, readApiBody } from "./openApiBody";
import { UNKNOWN, unknownProps, Unknowns } from "./unknowns";

/** An API with a body: what the body defines, or the unknown value that hides it at preview. */
export interface ApiWithBody {
    /** The resource that holds the body: the RestApi or apigatewayv2 Api itself, or a RestApiPut. */
    readonly api: PolicyResource;
    readonly rest: boolean;
    /** Undefined while the body is not known. */
    readonly body?: ApiBody;
    readonly unknowns?: Unknowns;
    /** The resources the body defines, as the policies read resources. */
    readonly resources: readonly PolicyResource[];
}

const owners = new WeakMap<PolicyResource, { api: PolicyResource; label: string }>();

/** The API resource a body-defined resource stands for; undefined for a resource of the stack. */
export function bodyOwner(resource: PolicyResource): PolicyResource | undefined {
    return owners.get(resource)?.api;
}

/** Methods and routes whose security the body holds but the pack could not read (api-definition-readable reports it). */
const unreadAuthorization = new WeakSet<PolicyResource>();

/** Is a body-defined method or route one whose authorization the pack could not read? */
export function authorizationUnread(resource: PolicyResource): boolean {
    return unreadAuthorization.has(resource);
}

/** Where a body-defined resource is within its body: `POST /orders`, `POST /orders, response default`, `DEFAULT_4XX`. */
export function bodyLabel(resource: PolicyResource): string | undefined {
    return owners.get(resource)?.label;
}

/** The URN to report a finding on: the API's for what its body defines, the resource's own otherwise. */
export function reportedUrn(resource: PolicyResource): string {
    return owners.get(resource)?.api.urn ?? resource.urn;
}

/** The REST API's basepath import parameter, as API Gateway reads it (ignore unless set); undefined while unknown. */
function basePathMode(api: PolicyResource, unknowns: Unknowns): BasePathMode | undefined {
    const reading = new Unknowns();
    const parameters = reading.peek(() => api.props.parameters) as Record<string, unknown> | undefined;
    const key = Object.keys(parameters !== null && typeof parameters === "object" ? parameters : {}).find((k) => k.toLowerCase() === "basepath");
    const mode = key === undefined ? "ignore" : reading.peek(() => parameters![key]);
    unknowns.absorb(reading);
    return reading.any ? undefined : mode === "prepend" || mode === "split" ? mode : "ignore";
}

/** The body an API resource (RestApi, or apigatewayv2 Api) or a RestApiPut holds, and the resources it defines. */
export function apiWithBody(api: PolicyResource): ApiWithBody | undefined {
    const rest = api.type === TYPES.restApi || api.type === TYPES.restApiPut;
    if (!rest && api.type !== TYPES.httpApi) {
        return undefined;
    }
    const unknowns = new Unknowns();
    const text = unknowns.peek(() => api.props.body);
    // A RestApiPut's import parameters are its own `parameters`, as a RestApi's are.
    const mode = rest ? basePathMode(api, unknowns) : "ignore";
    if (unknowns.any || mode === undefined) {
        return { api, rest, unknowns, resources: [] };
    }
    if (typeof text !== "string" || text.trim() === "") {
        return undefined;
    }
    const body = readApiBody(text, rest, mode);
    return { api, rest, body, resources: rest ? restResources(api, body) : httpResources(api, body) };
}

/** The body of the API a resource policy is called with (its args name, type, URN and props, as a resource has them). */
export function apiWithBodyOfArgs(args: { type: string; name: string; urn: string; props: Record<string, any>; opts: unknown }): ApiWithBody | undefined {
    return apiWithBody({ type: args.type, name: args.name, urn: args.urn, props: args.props, opts: args.opts } as unknown as PolicyResource);
}

/** Builds the resources of one API, each linked to the API (and to its parent resource) as the engine would link them. */
class Builder {
    readonly resources: PolicyResource[] = [];
    /** The API's id where known, else UNKNOWN with `apiSource` as its source. */
    readonly apiRef: string;
    /** The resource an unknown API id comes from: the API itself, or what a RestApiPut's restApiId comes from. */
    private readonly apiSource?: PolicyResource;
    private readonly key: string;

    constructor(readonly api: PolicyResource) {
        const put = api.type === TYPES.restApiPut;
        const id = new Unknowns().peek(() => (put ? api.props.restApiId : api.props.id));
        this.apiRef = typeof id === "string" && id !== "" ? id : UNKNOWN;
        const sources = api.propertyDependencies?.restApiId ?? [];
        this.apiSource = !put ? api : sources.length === 1 ? sources[0] : undefined;
        // A RestApiPut's ids stay apart from those of the body its REST API may hold itself.
        this.key = this.apiRef === UNKNOWN || put ? api.urn : this.apiRef;
    }

    id(what: string): string {
        return `${this.key}:body:${what}`;
    }

    add(type: string, label: string, props: Record<string, unknown>, sources: Record<string, PolicyResource> = {}): PolicyResource {
        const apiProp = Object.keys(props).find((k) => props[k] === UNKNOWN);
        const propertyDependencies: Record<string, PolicyResource[]> = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, [v]]));
        if (apiProp && this.apiSource) {
            propertyDependencies[apiProp] = [this.apiSource];
        }
        const resource = {
            type, name: `${this.api.name}'s body at ${label}`, urn: `${this.api.urn}/body/${type}/${label}`,
            props: unknownProps(Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined))),
            opts: this.api.opts, dependencies: [], propertyDependencies, provider: this.api.provider, parent: this.api,
            isType: () => false, asType: () => undefined,
        } as unknown as PolicyResource;
        owners.set(resource, { api: this.api, label });
        this.resources.push(resource);
        return resource;
    }
}

const route = (operation: BodyOperation) => (operation.path === "$default" ? "$default" : `${operation.verb} ${operation.path}`);

function restResources(api: PolicyResource, body: ApiBody): PolicyResource[] {
    const build = new Builder(api);
    // The root stands apart from the API's own rootResourceId (unknown at preview): it names no API, so
    // quotas and collisions, which count and key resources by API, leave it out, as they leave out the root.
    const rootRef = build.id("/");
    const root = build.add(TYPES.apiResource, "/", { id: rootRef, path: "/" });
    const byPath = new Map<string, { ref: string; resource?: PolicyResource }>([["/", { ref: rootRef, resource: root }]]);
    const resourceOf = (path: string): { ref: string; resource?: PolicyResource } => {
        let found = byPath.get(path);
        if (!found) {
            const parentPath = path.slice(0, path.lastIndexOf("/")) || "/";
            const parent = resourceOf(parentPath);
            const ref = build.id(path);
            const resource = build.add(TYPES.apiResource, path,
                { id: ref, restApi: build.apiRef, parentId: parent.ref, pathPart: path.slice(path.lastIndexOf("/") + 1), path },
                { parentId: parent.resource ?? api });
            found = { ref, resource };
            byPath.set(path, found);
        }
        return found;
    };
    for (const validator of body.validators) {
        build.add(TYPES.requestValidator, `request validator ${validator}`, { id: build.id(`validator:${validator}`), restApi: build.apiRef, name: validator });
    }
    for (const authorizer of body.authorizers) {
        build.add(TYPES.authorizer, `authorizer ${authorizer.name}`, { id: build.id(`authorizer:${authorizer.name}`), restApi: build.apiRef,
            name: authorizer.name, type: authorizer.type, providerArns: authorizer.providerArns, authorizerUri: authorizer.authorizerUri,
            authorizerCredentials: authorizer.authorizerCredentials, identitySource: authorizer.identitySource });
    }
    for (const operation of body.operations) {
        const resource = resourceOf(operation.path);
        const place = { restApi: build.apiRef, resourceId: resource.ref, httpMethod: operation.verb };
        const sources = { resourceId: resource.resource ?? api };
        if (operation.authorization !== undefined) {
            build.add(TYPES.method, route(operation), { ...place, authorization: operation.authorization, apiKeyRequired: operation.apiKeyRequired,
                authorizerId: operation.authorizer === undefined ? undefined : build.id(`authorizer:${operation.authorizer}`),
                authorizationScopes: operation.scopes, requestValidatorId: operation.requestValidator === undefined ? undefined
                    : build.id(`validator:${operation.requestValidator}`) }, sources);
        }
        const integration = operation.integration;
        if (integration) {
            build.add(TYPES.integration, route(operation), { ...place, type: integration.type, uri: integration.uri,
                credentials: integration.credentials, integrationHttpMethod: integration.httpMethod, requestParameters: integration.requestParameters,
                requestTemplates: integration.requestTemplates, passthroughBehavior: integration.passthroughBehavior }, sources);
            for (const response of integration.responses) {
                build.add(TYPES.integrationResponse, `${route(operation)}, response ${response.pattern}`, { ...place,
                    statusCode: response.statusCode, selectionPattern: response.pattern === "default" ? undefined : response.pattern,
                    responseParameters: response.responseParameters, responseTemplates: response.responseTemplates }, sources);
            }
        }
    }
    for (const response of body.gatewayResponses) {
        build.add(TYPES.gatewayResponse, response.type, { restApiId: build.apiRef, responseType: response.type,
            statusCode: response.statusCode, responseParameters: response.responseParameters, responseTemplates: response.responseTemplates });
    }
    if (body.policy !== undefined) {
        build.add(TYPES.restApiPolicy, "x-amazon-apigateway-policy", { restApiId: build.apiRef,
            policy: typeof body.policy === "string" ? body.policy : JSON.stringify(body.policy) });
    }
    return build.resources;
}

function httpResources(api: PolicyResource, body: ApiBody): PolicyResource[] {
    const build = new Builder(api);
    for (const authorizer of body.authorizers) {
        build.add(TYPES.httpAuthorizer, `authorizer ${authorizer.name}`, { id: build.id(`authorizer:${authorizer.name}`), apiId: build.apiRef,
            name: authorizer.name, authorizerType: authorizer.type, authorizerUri: authorizer.authorizerUri, identitySources: authorizer.identitySource });
    }
    for (const operation of body.operations) {
        const integration = operation.integration;
        const integrationId = integration ? build.id(`integration:${route(operation)}`) : undefined;
        if (integration) {
            build.add(TYPES.httpIntegration, route(operation), { id: integrationId, apiId: build.apiRef,
                integrationType: integration.type, integrationSubtype: integration.subtype, credentialsArn: integration.credentials,
                integrationUri: integration.uri, integrationMethod: integration.httpMethod, requestParameters: integration.requestParameters });
        }
        const routeResource = build.add(TYPES.httpRoute, route(operation), { apiId: build.apiRef, routeKey: route(operation),
            target: integrationId === undefined ? undefined : `integrations/${integrationId}`, authorizationType: operation.authorization,
            authorizerId: operation.authorizer === undefined ? undefined : build.id(`authorizer:${operation.authorizer}`), authorizationScopes: operation.scopes });
        if (operation.authorization === undefined) {
            unreadAuthorization.add(routeResource);
        }
    }
    return build.resources;
}
