// What an API's OpenAPI body defines, as API Gateway imports it: for a REST API its methods (with
// their authorization, integration and integration responses), gateway responses, authorizers,
// request validators and resource policy; for an HTTP API its routes and their integrations.
// Everything is read from AWS's documentation of the extensions; what cannot be read is a problem.
import { at, BodyDocument, BodyProblem, isApiGatewayExtension, isObject, JsonObject, parseBody } from "./openApiDocument";
import { BodyAuthorizer, SecuritySchemes } from "./openApiSecurity";

export interface BodyIntegrationResponse {
    readonly where: string;
    /** The selection pattern (`2\d{2}`), or `default`. */
    readonly pattern: string;
    readonly statusCode?: string;
    readonly responseParameters?: Record<string, string>;
    readonly responseTemplates?: Record<string, string>;
}

export interface BodyIntegration {
    readonly where: string;
    /** AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK. */
    readonly type: string;
    readonly uri?: unknown;
    readonly credentials?: unknown;
    readonly httpMethod?: unknown;
    /** HTTP APIs: SQS-SendMessage and the like. */
    readonly subtype?: unknown;
    readonly requestParameters?: Record<string, string>;
    readonly requestTemplates?: Record<string, string>;
    /** NEVER, WHEN_NO_MATCH or WHEN_NO_TEMPLATES; undefined when the body leaves it to API Gateway. */
    readonly passthroughBehavior?: string;
    readonly responses: readonly BodyIntegrationResponse[];
}

export interface BodyOperation {
    readonly where: string;
    /** The path API Gateway serves it at (`/orders/{id}`), or `$default` for an HTTP API's default route. */
    readonly path: string;
    /** GET, POST…, or ANY. */
    readonly verb: string;
    /** How callers are authorized (a REST method's authorization, an HTTP route's authorizationType); undefined after a problem. */
    readonly authorization?: string;
    readonly authorizer?: string;
    readonly apiKeyRequired?: boolean;
    readonly scopes?: readonly string[];
    readonly requestValidator?: string;
    readonly integration?: BodyIntegration;
}

export interface BodyGatewayResponse {
    readonly where: string;
    readonly type: string;
    readonly statusCode?: string;
    readonly responseParameters?: Record<string, string>;
    readonly responseTemplates?: Record<string, string>;
}

export interface ApiBody {
    readonly operations: readonly BodyOperation[];
    readonly authorizers: readonly BodyAuthorizer[];
    readonly gatewayResponses: readonly BodyGatewayResponse[];
    readonly validators: readonly string[];
    /** x-amazon-apigateway-policy: the API's resource policy. */
    readonly policy?: unknown;
    readonly problems: readonly BodyProblem[];
}

const VERBS: Record<string, string> = { get: "GET", put: "PUT", post: "POST", delete: "DELETE", options: "OPTIONS", head: "HEAD", patch: "PATCH",
    "x-amazon-apigateway-any-method": "ANY" };
const INTEGRATION_TYPES = ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"];
const PASSTHROUGH = ["NEVER", "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES"];
const REST_INTEGRATION = ["cacheKeyParameters", "cacheNamespace", "connectionId", "connectionType", "credentials", "contentHandling", "httpMethod",
    "passthroughBehavior", "requestParameters", "requestTemplates", "responses", "timeoutInMillis", "type", "tlsConfig", "uri"];
const HTTP_INTEGRATION = ["connectionId", "connectionType", "credentials", "httpMethod", "integrationSubtype", "payloadFormatVersion",
    "requestParameters", "responseParameters", "timeoutInMillis", "type", "tlsConfig", "uri"];
const INTEGRATION_RESPONSE = ["statusCode", "responseTemplates", "responseParameters", "contentHandling"];
const GATEWAY_RESPONSE = ["statusCode", "responseParameters", "responseTemplates"];
export const GATEWAY_RESPONSE_TYPES = ["ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE",
    "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT",
    "INVALID_API_KEY", "INVALID_SIGNATURE", "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND",
    "THROTTLED", "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED"];
/**
 * Extensions at the top of a body that change nothing the pack judges (compression, binary types,
 * documentation, the API key source, the default endpoint's TLS and access mode, HTTP APIs' CORS,
 * versions of the importer), or that the provider ignores (the put mode, which `putRestApiMode` sets).
 */
const NOT_JUDGED = ["x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-minimum-compression-size",
    "x-amazon-apigateway-documentation", "x-amazon-apigateway-endpoint-configuration", "x-amazon-apigateway-importexport-version",
    "x-amazon-apigateway-importer-version", "x-amazon-apigateway-security-policy", "x-amazon-apigateway-endpoint-access-mode",
    "x-amazon-apigateway-cors", "x-amazon-apigateway-put-integration-method"];

/** How a REST API's import treats OpenAPI's base path (the RestApi's `parameters.basepath`). */
export type BasePathMode = "ignore" | "prepend" | "split";

/** A path as API Gateway keeps a resource's: leading slash, no trailing one, no empty parts. */
function normalPath(path: string): string {
    const parts = path.split("/").filter((p) => p !== "");
    return `/${parts.join("/")}`;
}

class BodyReader {
    readonly operations: BodyOperation[] = [];
    readonly gatewayResponses: BodyGatewayResponse[] = [];
    readonly validators: string[] = [];
    readonly schemes: SecuritySchemes;

    constructor(private readonly body: BodyDocument, private readonly rest: boolean, private readonly basePath: string) {
        this.schemes = new SecuritySchemes(body, rest);
    }

    read(): void {
        const root = this.body.root;
        this.body.consume(root, ...NOT_JUDGED, "x-amazon-apigateway-policy", "x-amazon-apigateway-gateway-responses",
            "x-amazon-apigateway-request-validators", "x-amazon-apigateway-request-validator");
        if (isObject(root.components)) {
            this.body.consume(root.components, "x-amazon-apigateway-integrations");
        }
        if (Array.isArray(root.tags)) {
            root.tags.filter(isObject).forEach((tag) => this.body.consume(tag, "x-amazon-apigateway-tag-value"));
        }
        this.readValidators();
        if (this.rest) {
            this.readGatewayResponses();
        }
        const paths = root.paths === undefined ? undefined : this.body.object(root.paths, "paths", "paths");
        for (const [path, value] of Object.entries(paths?.node ?? {})) {
            const where = at("paths", path);
            if (isApiGatewayExtension(path) || path.startsWith("x-")) {
                continue;
            }
            const item = this.body.object(value, where, `path ${path}`);
            if (!item) {
                continue;
            }
            if (!path.startsWith("/") && !(path === "$default" && !this.rest)) {
                this.body.problem(where, "a path must start with /");
                continue;
            }
            this.readPathItem(path === "$default" ? path : normalPath(this.basePath + path), item.node, item.where);
        }
    }

    private readPathItem(path: string, item: JsonObject, where: string): void {
        this.body.consume(item, "x-amazon-apigateway-any-method");
        for (const [key, value] of Object.entries(item)) {
            const verb = VERBS[key];
            if (verb === undefined) {
                if (key === "trace") {
                    this.body.problem(at(where, key), "API Gateway has no TRACE method");
                }
                continue;
            }
            const operation = this.body.object(value, at(where, key), `operation ${key}`);
            if (operation) {
                this.readOperation(path, verb, operation.node, operation.where);
            }
        }
    }

    private readOperation(path: string, verb: string, operation: JsonObject, where: string): void {
        this.body.consume(operation, "x-amazon-apigateway-integration", "x-amazon-apigateway-auth", "x-amazon-apigateway-request-validator");
        const integration = operation["x-amazon-apigateway-integration"] === undefined ? undefined
            : this.readIntegration(operation["x-amazon-apigateway-integration"], at(where, "x-amazon-apigateway-integration"));
        const security = operation.security !== undefined ? operation.security : this.body.root.security;
        const authorization = this.schemes.authorizationOf(security, operation.security !== undefined ? at(where, "security") : "security",
            operation["x-amazon-apigateway-auth"], at(where, "x-amazon-apigateway-auth"));
        if (!this.rest) {
            this.operations.push({ where, path, verb, ...authorization, integration });
            return;
        }
        const validator = operation["x-amazon-apigateway-request-validator"] ?? this.body.root["x-amazon-apigateway-request-validator"];
        if (validator !== undefined && (typeof validator !== "string" || !this.validators.includes(validator))) {
            this.body.problem(at(where, "x-amazon-apigateway-request-validator"),
                `it names request validator ${JSON.stringify(validator)}, which x-amazon-apigateway-request-validators does not declare`);
        }
        this.operations.push({ where, path, verb, ...authorization, requestValidator: typeof validator === "string" ? validator : undefined, integration });
    }

    private readIntegration(value: unknown, where: string): BodyIntegration | undefined {
        const found = this.body.object(value, where, "x-amazon-apigateway-integration");
        if (!found) {
            return undefined;
        }
        const { node } = found;
        this.body.onlyKnown(node, found.where, this.rest ? REST_INTEGRATION : HTTP_INTEGRATION, "x-amazon-apigateway-integration");
        const type = typeof node.type === "string" ? node.type.toUpperCase() : undefined;
        if (!type || !INTEGRATION_TYPES.includes(type)) {
            this.body.problem(at(found.where, "type"), `an integration's type is one of ${INTEGRATION_TYPES.join(", ").toLowerCase()}, got ${JSON.stringify(node.type)}`);
            return undefined;
        }
        const passthrough = typeof node.passthroughBehavior === "string" ? node.passthroughBehavior.toUpperCase() : undefined;
        if (node.passthroughBehavior !== undefined && (!passthrough || !PASSTHROUGH.includes(passthrough))) {
            this.body.problem(at(found.where, "passthroughBehavior"), `passthroughBehavior is when_no_match, when_no_templates or never, got ${JSON.stringify(node.passthroughBehavior)}`);
        }
        const responses = node.responses === undefined ? undefined : this.body.object(node.responses, at(found.where, "responses"), "responses");
        return {
            where: found.where,
            type,
            uri: node.uri,
            credentials: node.credentials,
            httpMethod: node.httpMethod,
            subtype: node.integrationSubtype,
            requestParameters: this.body.strings(node.requestParameters, at(found.where, "requestParameters"), "requestParameters"),
            requestTemplates: this.body.strings(node.requestTemplates, at(found.where, "requestTemplates"), "requestTemplates"),
            passthroughBehavior: passthrough,
            responses: Object.entries(responses?.node ?? {}).flatMap(([pattern, response]) => {
                const read = this.body.object(response, at(responses!.where, pattern), `integration response ${pattern}`);
                if (!read) {
                    return [];
                }
                this.body.onlyKnown(read.node, read.where, INTEGRATION_RESPONSE, "an integration response");
                return [{
                    where: read.where, pattern, statusCode: read.node.statusCode === undefined ? undefined : String(read.node.statusCode),
                    responseParameters: this.body.strings(read.node.responseParameters, at(read.where, "responseParameters"), "responseParameters"),
                    responseTemplates: this.body.strings(read.node.responseTemplates, at(read.where, "responseTemplates"), "responseTemplates"),
                }];
            }),
        };
    }

    /** Each entry of a top-level map extension, read as an object: gateway responses by type, request validators by name. */
    private entries(extension: string, each: (name: string, node: JsonObject, where: string) => void): void {
        const value = this.body.root[extension];
        const found = value === undefined ? undefined : this.body.object(value, extension, extension);
        for (const [name, entry] of Object.entries(found?.node ?? {})) {
            const read = this.body.object(entry, at(found!.where, name), `${extension}.${name}`);
            if (read) {
                each(name, read.node, read.where);
            }
        }
    }

    private readGatewayResponses(): void {
        this.entries("x-amazon-apigateway-gateway-responses", (type, node, where) => {
            if (!GATEWAY_RESPONSE_TYPES.includes(type)) {
                this.body.problem(where, `${type} is not a gateway response type of API Gateway`);
                return;
            }
            this.body.onlyKnown(node, where, GATEWAY_RESPONSE, "a gateway response");
            this.gatewayResponses.push({
                where, type, statusCode: node.statusCode === undefined ? undefined : String(node.statusCode),
                responseParameters: this.body.strings(node.responseParameters, at(where, "responseParameters"), "responseParameters"),
                responseTemplates: this.body.strings(node.responseTemplates, at(where, "responseTemplates"), "responseTemplates"),
            });
        });
    }

    private readValidators(): void {
        this.entries("x-amazon-apigateway-request-validators", (name, node, where) => {
            this.body.onlyKnown(node, where, ["validateRequestBody", "validateRequestParameters"], "a request validator");
            this.validators.push(name);
        });
    }
}

/** OpenAPI's base path: OpenAPI 2's `basePath`, or the path of OpenAPI 3's first server URL with its variables' defaults. */
function basePathOf(body: BodyDocument, mode: BasePathMode): string {
    if (mode === "ignore") {
        return "";
    }
    const root = body.root;
    let base: unknown = root.basePath;
    if (base === undefined && Array.isArray(root.servers) && isObject(root.servers[0])) {
        const server = root.servers[0];
        const variables = isObject(server.variables) ? server.variables : {};
        base = typeof server.url === "string" ? server.url.replace(/\{([^}]*)\}/g, (_, name: string) => {
            const variable = variables[name];
            return isObject(variable) && typeof variable.default === "string" ? variable.default : `{${name}}`;
        }) : undefined;
    }
    if (base === undefined) {
        return "";
    }
    const path = typeof base === "string" ? base.replace(/^[a-z]+:\/\/[^/]*/i, "") : undefined;
    if (path === undefined || /[{}]/.test(path)) {
        body.problem(root.basePath !== undefined ? "basePath" : "servers[0].url", `its base path ${JSON.stringify(base)} cannot be read, and basepath ${mode} puts it before every path`);
        return "";
    }
    const parts = path.split("/").filter((p) => p !== "");
    return mode === "prepend" ? `/${parts.join("/")}` : `/${parts.slice(1).join("/")}`;
}

const cache = new Map<string, ApiBody>();

/** A REST (`rest`) or HTTP API's body as API Gateway imports it; parsed once per text. */
export function readApiBody(text: string, rest: boolean, basePath: BasePathMode = "ignore"): ApiBody {
    const key = `${rest ? "REST" : "HTTP"} ${basePath}\u0000${text}`;
    let result = cache.get(key);
    if (!result) {
        result = read(text, rest, basePath);
        if (cache.size >= 200) {
            cache.clear();
        }
        cache.set(key, result);
    }
    return result;
}

function read(text: string, rest: boolean, basePath: BasePathMode): ApiBody {
    const parsed = parseBody(text);
    if (!parsed.root) {
        return { operations: [], authorizers: [], gatewayResponses: [], validators: [], problems: [{ where: "body", what: parsed.problem! }] };
    }
    const body = new BodyDocument(parsed.root);
    const reader = new BodyReader(body, rest, rest ? basePathOf(body, basePath) : "");
    reader.read();
    const policy = parsed.root["x-amazon-apigateway-policy"];
    body.unread();
    return {
        operations: reader.operations,
        authorizers: reader.schemes.authorizers,
        gatewayResponses: reader.gatewayResponses,
        validators: reader.validators,
        policy,
        problems: body.problems,
    };
}
