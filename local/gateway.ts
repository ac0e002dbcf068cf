// What API Gateway does with one request to a REST API stage, in the order it does it: find the
// resource and method, check authorization (a SigV4 signature's shape, an authorizer's identity
// sources), the API key and its usage plan's throttling and quota, the stage's throttling, the
// request (validator and model), then integrate (integration.ts) and log the request in the
// stage's format. API Gateway's own errors are gateway responses, filled by plain substitution,
// with the headers they map (CORS). A CORS preflight is an OPTIONS method with a MOCK integration,
// answered on the same path as any other method.
import { randomUUID } from "node:crypto";

import Ajv from "ajv";
import draft04 from "ajv/lib/refs/json-schema-draft-04.json";

import { ApiModel, MethodModel, ResourceNode } from "./apiModel";
import { authorizerContext, gatewayHeaders, lacksIdentity, RequestValues, UsagePlans } from "./frontDoor";
import { integrate } from "./integration";
import { TokenBucket } from "./limits";
import { SqsBackend } from "./sqsBackend";
import { substitute } from "./substitution";

export interface GatewayRequest {
    readonly method: string;
    /** The path and query string, as the client sent them: `/v1/orders?channel=web`. */
    readonly url: string;
    /** Header names as the client sent them. */
    readonly headers: Readonly<Record<string, string>>;
    readonly body: Buffer;
    /** Set when the body was over API Gateway's payload limit, and so not read whole. */
    readonly bodyTooLarge?: boolean;
    readonly sourceIp: string;
    readonly protocol?: string;
}

export interface GatewayResponse {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
}

/** API Gateway's payload limit for REST APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The gateway response types the local API raises, with API Gateway's default status and message. */
export const GATEWAY_ERRORS = {
    MISSING_AUTHENTICATION_TOKEN: { status: 403, message: "Missing Authentication Token" },
    INCOMPLETE_SIGNATURE: { status: 403, message: "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters." },
    UNAUTHORIZED: { status: 401, message: "Unauthorized" },
    INVALID_API_KEY: { status: 403, message: "Forbidden" },
    ACCESS_DENIED: { status: 403, message: "Forbidden" },
    QUOTA_EXCEEDED: { status: 429, message: "Limit Exceeded" },
    THROTTLED: { status: 429, message: "Too Many Requests" },
    REQUEST_TOO_LARGE: { status: 413, message: "Request Too Long" },
    UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Unsupported Media Type" },
    BAD_REQUEST_BODY: { status: 400, message: "Invalid request body" },
    BAD_REQUEST_PARAMETERS: { status: 400, message: "Missing required request parameters" },
    INTEGRATION_FAILURE: { status: 504, message: "Internal server error" },
    API_CONFIGURATION_ERROR: { status: 500, message: "Internal server error" },
} as const satisfies Record<string, { status: number; message: string }>;

export type GatewayErrorType = keyof typeof GATEWAY_ERRORS;

// SigV4's Authorization header: the algorithm, then Credential, SignedHeaders and Signature.
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/execute-api\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/** The CLF time API Gateway logs: `30/Nov/2026:09:00:00 +0000`. */
function clfTime(date: Date): string {
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][date.getUTCMonth()];
    const two = (n: number) => String(n).padStart(2, "0");
    return `${two(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** The media type of a Content-Type header, without parameters; API Gateway assumes JSON when there is none. */
export function mediaType(contentType: string | undefined): string {
    return (contentType ?? "application/json").split(";")[0].trim().toLowerCase() || "application/json";
}

/** Matches a path against the resource tree: exact path parts first, then a `{parameter}`. */
function findResource(root: ResourceNode, segments: readonly string[]): { node: ResourceNode; parameters: Record<string, string> } | undefined {
    let node = root;
    const parameters: Record<string, string> = {};
    for (const segment of segments) {
        const exact = node.children.find((c) => c.pathPart === segment);
        const variable = node.children.find((c) => /^\{[^}+]+\}$/.test(c.pathPart));
        const next = exact ?? (segment !== "" ? variable : undefined);
        if (!next) {
            return undefined;
        }
        if (!exact && variable) {
            parameters[variable.pathPart.slice(1, -1)] = segment;
        }
        node = next;
    }
    return { node, parameters };
}

export interface GatewayOptions {
    /** Milliseconds; a test can move time for throttling. */
    readonly now?: () => number;
    /** Each request's access log line, in the stage's format. */
    readonly accessLog?: (line: string) => void;
}

/** A request's values while it is handled: its context grows, its path parameters are known once its resource is. */
interface RequestState extends RequestValues {
    readonly context: Record<string, string>;
    readonly pathParameters: Record<string, string>;
}

export class LocalGateway {
    private readonly buckets = new Map<string, TokenBucket>();
    private readonly validators = new Map<string, (value: unknown) => boolean>();
    private readonly usagePlans: UsagePlans;
    private readonly now: () => number;

    constructor(readonly api: ApiModel, private readonly sqs: SqsBackend, private readonly options: GatewayOptions = {}) {
        this.now = options.now ?? Date.now;
        this.usagePlans = new UsagePlans(api.apiKeys, this.now());
    }

    /**
     * Answers a request, or, with `refusal`, refuses it with that message as ACCESS_DENIED in the
     * API's own error shape and headers, and logs it, before finding its route.
     */
    async handle(request: GatewayRequest, refusal?: string): Promise<GatewayResponse> {
        const started = this.now();
        const context: Record<string, string> = {
            "context.requestId": randomUUID(),
            "context.extendedRequestId": randomUUID().replace(/-/g, "").slice(0, 16),
            "context.requestTime": clfTime(new Date(started)),
            "context.requestTimeEpoch": String(started),
            "context.identity.sourceIp": request.sourceIp,
            "context.httpMethod": request.method,
            "context.protocol": request.protocol ?? "HTTP/1.1",
            "context.stage": this.api.stageName,
            "context.apiId": this.api.restApiId,
            "context.path": request.url.split("?")[0],
        };
        const userAgent = Object.entries(request.headers).find(([name]) => name.toLowerCase() === "user-agent")?.[1];
        if (userAgent !== undefined) {
            context["context.identity.userAgent"] = userAgent;
        }
        const search = request.url.split("?")[1] ?? "";
        const values: RequestState = {
            header: (name) => Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
            headerNames: () => Object.keys(request.headers),
            query: Object.fromEntries(new URLSearchParams(search)),
            pathParameters: {},
            context,
            stageVariables: this.api.stageVariables,
        };
        const response = refusal === undefined ? await this.respond(request, values) : this.gatewayError("ACCESS_DENIED", values, refusal);
        context["context.status"] = String(response.status);
        context["context.responseLength"] = String(Buffer.byteLength(response.body));
        context["context.responseLatency"] = String(this.now() - started);
        if (this.api.accessLogFormat && this.options.accessLog) {
            this.options.accessLog(substitute(this.api.accessLogFormat, context, { absent: "-" }));
        }
        return { ...response, headers: { ...response.headers, "x-amzn-RequestId": context["context.requestId"] } };
    }

    private gatewayError(type: GatewayErrorType, values: RequestState, message?: string): GatewayResponse {
        const known = GATEWAY_ERRORS[type];
        const text = message ?? known.message;
        const context = values.context;
        context["context.error.responseType"] = type;
        context["context.error.message"] = text;
        context["context.error.messageString"] = JSON.stringify(text);
        // The API's response of this type, else its default for the class, else API Gateway's own.
        const configured = this.api.gatewayResponses.get(type) ?? this.api.gatewayResponses.get(known.status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX");
        const status = Number(this.api.gatewayResponses.get(type)?.statusCode ?? known.status);
        const template = configured?.responseTemplates["application/json"] ?? "{\"message\":$context.error.messageString}";
        return {
            status,
            headers: { ...gatewayHeaders(configured?.headers ?? {}, values), "Content-Type": "application/json", "x-amzn-ErrorType": type },
            body: substitute(template, context, { absent: "" }),
        };
    }

    private throttled(method: MethodModel): boolean {
        const path = `${method.resourcePath.slice(1).replace(/\//g, "~1")}/${method.httpMethod}`;
        const limits = this.api.throttling.get(path) ?? this.api.throttling.get("*/*");
        if (!limits) {
            return false;
        }
        const key = `${method.httpMethod} ${method.resourcePath}`;
        let bucket = this.buckets.get(key);
        if (!bucket) {
            bucket = new TokenBucket(limits.rateLimit, limits.burstLimit, this.now());
            this.buckets.set(key, bucket);
        }
        return !bucket.take(this.now());
    }

    private validator(name: string): (value: unknown) => boolean {
        let validate = this.validators.get(name);
        if (!validate) {
            // API Gateway checks bodies against models with JSON Schema draft 4.
            const ajv = new Ajv({ schemaId: "id", meta: false, logger: false });
            ajv.addMetaSchema(draft04);
            const compiled = ajv.compile(this.api.models.get(name) ?? {});
            validate = (value) => compiled(value) === true;
            this.validators.set(name, validate);
        }
        return validate;
    }

    /** Who may call: AWS_IAM's signature (its shape only), an authorizer's identity sources, the API key and its usage plan. */
    private refusedAtTheDoor(method: MethodModel, values: RequestValues): GatewayErrorType | undefined {
        if (method.authorization === "AWS_IAM") {
            // The signature is not verified here: only that a signed request is what arrives.
            const authorization = values.header("Authorization");
            if (authorization === undefined) {
                return "MISSING_AUTHENTICATION_TOKEN";
            }
            if (!SIGV4.test(authorization)) {
                return "INCOMPLETE_SIGNATURE";
            }
        }
        // Nor is a token: only that the request carries what the authorizer would be asked about.
        if (method.authorizer && lacksIdentity(method.authorizer, values)) {
            return "UNAUTHORIZED";
        }
        // The key is checked after the authorizer, which can be the key's source (apiKeySource AUTHORIZER).
        return method.apiKeyRequired ? this.usagePlans.admit(values.header("x-api-key"), this.now()) : undefined;
    }

    private async respond(request: GatewayRequest, values: RequestState): Promise<GatewayResponse> {
        const context = values.context;
        if (request.bodyTooLarge || request.body.length > MAX_PAYLOAD_BYTES) {
            return this.gatewayError("REQUEST_TOO_LARGE", values);
        }
        const pathname = request.url.split("?")[0];
        const segments = pathname.split("/").slice(1).map((s) => decodeURIComponent(s));
        if (segments[0] !== this.api.stageName) {
            return this.gatewayError("MISSING_AUTHENTICATION_TOKEN", values);
        }
        const found = findResource(this.api.root, segments.slice(1).filter((s, i, all) => !(s === "" && i === all.length - 1)));
        const method = found?.node.methods.get(request.method) ?? found?.node.methods.get("ANY");
        if (!found || !method) {
            return this.gatewayError("MISSING_AUTHENTICATION_TOKEN", values);
        }
        context["context.resourcePath"] = method.resourcePath;
        Object.assign(values.pathParameters, found.parameters);

        const refused = this.refusedAtTheDoor(method, values);
        if (refused) {
            return this.gatewayError(refused, values);
        }
        // The caller's ARN, which API Gateway takes from the verified signature. Verifying none, the
        // local API names the caller after the signature's access key id, in a made-up account.
        const accessKeyId = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\//.exec(values.header("Authorization") ?? "")?.[1];
        const identity = method.authorization === "AWS_IAM" && accessKeyId ? { userArn: `arn:aws:iam::000000000000:user/${accessKeyId}` } : {};
        if (this.throttled(method)) {
            return this.gatewayError("THROTTLED", values);
        }

        const contentType = mediaType(values.header("Content-Type"));
        const body = request.body.toString("utf8");
        if (method.validator?.parameters) {
            const missing = Object.entries(method.requestParameters).filter(([, required]) => required)
                .map(([name]) => /^method\.request\.header\.(.+)$/.exec(name)?.[1])
                .filter((name): name is string => name !== undefined && (values.header(name) ?? "") === "");
            if (missing.length > 0) {
                return this.gatewayError("BAD_REQUEST_PARAMETERS", values, `Missing required request parameters: [${missing.join(", ")}]`);
            }
        }
        const modelName = method.requestModels[contentType];
        if (method.validator?.body && modelName && modelName !== "Empty") {
            let parsed: unknown;
            try {
                parsed = JSON.parse(body);
            } catch {
                return this.gatewayError("BAD_REQUEST_BODY", values);
            }
            if (!this.validator(modelName)(parsed)) {
                return this.gatewayError("BAD_REQUEST_BODY", values);
            }
        }

        const answer = await integrate({
            method,
            mediaType: contentType,
            body,
            values,
            requestId: context["context.requestId"],
            context: {
                stage: this.api.stageName,
                httpMethod: request.method,
                resourcePath: method.resourcePath,
                identity: { sourceIp: request.sourceIp, userAgent: context["context.identity.userAgent"] ?? "", ...identity },
                ...(method.authorizer ? { authorizer: authorizerContext(method.authorizer, values) } : {}),
            },
            sqs: this.sqs,
            now: this.now,
        });
        if ("gatewayError" in answer) {
            return this.gatewayError(answer.gatewayError, values);
        }
        if (answer.integrationStatus !== undefined) {
            context["context.integration.status"] = String(answer.integrationStatus);
            context["context.integration.latency"] = String(answer.integrationLatency);
        }
        return { status: answer.status, headers: answer.headers, body: answer.body };
    }
}
