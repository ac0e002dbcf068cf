// What a REST API method's or an HTTP API route's OpenAPI `security` makes of it in API Gateway: its
// authorization type, authorizer and (REST) API key requirement, from the security schemes the body
// declares. A scheme API Gateway would not enforce, or a combination whose effect it does not
// document, is a problem.
import { at, BodyDocument, isObject, JsonObject } from "./openApiDocument";

/** How API Gateway authorizes a method or route imported from a body. */
export interface MethodAuthorization {
    /**
     * NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS, as on an aws.apigateway.Method; for an HTTP API's
     * route NONE, AWS_IAM, CUSTOM or JWT, as its authorizationType.
     */
    readonly authorization: string;
    /** The security scheme that defines its authorizer (CUSTOM, COGNITO_USER_POOLS and JWT). */
    readonly authorizer?: string;
    readonly apiKeyRequired: boolean;
    readonly scopes: readonly string[];
}

/** An authorizer a security scheme defines. */
export interface BodyAuthorizer {
    readonly name: string;
    readonly where: string;
    /** TOKEN, REQUEST or COGNITO_USER_POOLS, as on an aws.apigateway.Authorizer; REQUEST or JWT for an HTTP API. */
    readonly type: string;
    readonly providerArns?: unknown;
    readonly authorizerUri?: unknown;
    readonly authorizerCredentials?: unknown;
    readonly identitySource?: unknown;
}

type Scheme = { readonly kind: "iam" } | { readonly kind: "apiKey" } | { readonly kind: "authorizer"; readonly type: string } | { readonly kind: "none"; readonly why: string };

const AUTHORIZER_PROPERTIES = ["type", "authorizerUri", "authorizerCredentials", "identitySource", "identityValidationExpression",
    "authorizerResultTtlInSeconds", "providerARNs", "authorizerPayloadFormatVersion", "enableSimpleResponses", "jwtConfiguration"];
const REST_AUTHORIZER_TYPES: Record<string, string> = { token: "TOKEN", request: "REQUEST", cognito_user_pools: "COGNITO_USER_POOLS" };
// An HTTP API's authorizers: Lambda (request) and JWT; AWS documents no other type for them.
const HTTP_AUTHORIZER_TYPES: Record<string, string> = { request: "REQUEST", jwt: "JWT" };
/** The authorization a method or route takes from an authorizer of each type. */
const AUTHORIZATION_OF: Record<string, string> = { TOKEN: "CUSTOM", REQUEST: "CUSTOM", COGNITO_USER_POOLS: "COGNITO_USER_POOLS", JWT: "JWT" };

/** The security schemes of a body (OpenAPI 2 `securityDefinitions`, OpenAPI 3 `components.securitySchemes`), read once. */
export class SecuritySchemes {
    readonly authorizers: BodyAuthorizer[] = [];
    private readonly schemes = new Map<string, Scheme>();

    constructor(private readonly body: BodyDocument, private readonly rest: boolean) {
        const root = body.root;
        const components = isObject(root.components) ? root.components : undefined;
        const [declared, where] = isObject(root.securityDefinitions) ? [root.securityDefinitions, "securityDefinitions"]
            : [components?.securitySchemes, "components.securitySchemes"];
        const found = declared === undefined ? undefined : body.object(declared, where, "the security schemes");
        for (const [name, value] of Object.entries(found?.node ?? {})) {
            const scheme = body.object(value, at(found!.where, name), `security scheme ${name}`);
            if (scheme) {
                this.schemes.set(name, this.read(name, scheme.node, scheme.where, rest));
            }
        }
    }

    /**
     * How a method with this `security` (or the body's, when it has none) is authorized. API Gateway
     * gives a method one authorization and an API key requirement, and takes them from every scheme
     * the requirements name (@pulumi/aws-apigateway writes an authorizer and the API key as two
     * requirements of one method): an empty requirement adds nothing. The operation's
     * `x-amazon-apigateway-auth` (`auth`, at `authWhere`) sets AWS_IAM or NONE. A scheme it would not
     * enforce, and two different authorizations, are problems (undefined).
     */
    authorizationOf(security: unknown, where: string, auth: unknown, authWhere: string): MethodAuthorization | undefined {
        const requirements = security === undefined || security === null ? [] : Array.isArray(security) ? security : undefined;
        if (requirements === undefined) {
            this.body.problem(where, `security must be a list of requirements, got ${JSON.stringify(security)}`);
            return undefined;
        }
        let result: MethodAuthorization = OPEN;
        for (const [i, requirement] of requirements.entries()) {
            if (!isObject(requirement)) {
                this.body.problem(at(where, i), `a security requirement must be an object, got ${JSON.stringify(requirement)}`);
                return undefined;
            }
            for (const [name, scopes] of Object.entries(requirement)) {
                const next = this.withScheme(result, name, scopes, at(where, i));
                if (!next) {
                    return undefined;
                }
                result = next;
            }
        }
        const own = this.explicitAuth(auth, authWhere);
        if (own === null) {
            return undefined;
        }
        // NONE is documented as open access, a scheme as its authorization; which one API Gateway applies
        // when both are written is not documented, so the pack does not guess.
        if (own !== undefined && result.authorization !== "NONE" && result.authorization !== own) {
            this.body.problem(authWhere, `its type ${own}${own === "NONE" ? " (open access)" : ""} and the security of ${where} `
                + `(${result.authorizer ?? result.authorization}) disagree: which one API Gateway applies is not documented`);
            return undefined;
        }
        // AWS documents the extension on methods; whether an HTTP API's import reads it is not, so on a
        // route it may not be the only thing that authorizes.
        if (!this.rest && own === "AWS_IAM" && result.authorization === "NONE") {
            this.body.problem(authWhere, "it is the route's only authorization, and whether API Gateway reads x-amazon-apigateway-auth for an "
                + "HTTP API is not documented: authorize with a security scheme (x-amazon-apigateway-authtype awsSigv4)");
            return undefined;
        }
        return own ? { ...result, authorization: own } : result;
    }

    /** x-amazon-apigateway-auth: AWS_IAM or NONE (in any case); null after a problem. */
    private explicitAuth(auth: unknown, where: string): string | undefined | null {
        if (auth === undefined) {
            return undefined;
        }
        const type = isObject(auth) && typeof auth.type === "string" ? auth.type.toUpperCase() : undefined;
        if (type !== "AWS_IAM" && type !== "NONE") {
            this.body.problem(where, `its type must be AWS_IAM or NONE, got ${JSON.stringify(isObject(auth) ? auth.type : auth)}`);
            return null;
        }
        if (isObject(auth)) {
            this.body.onlyKnown(auth, where, ["type"], "x-amazon-apigateway-auth");
        }
        return type;
    }

    /** The authorization so far, with one more scheme; undefined after a problem. */
    private withScheme(result: MethodAuthorization, name: string, scopes: unknown, where: string): MethodAuthorization | undefined {
        const scheme = this.schemes.get(name);
        if (!scheme) {
            this.body.problem(where, `it names security scheme ${name}, which the body does not declare`);
            return undefined;
        }
        if (scheme.kind === "none") {
            this.body.problem(where, `it names security scheme ${name}, which ${scheme.why}`);
            return undefined;
        }
        if (scheme.kind === "apiKey") {
            return { ...result, apiKeyRequired: true };
        }
        const next: MethodAuthorization = scheme.kind === "iam" ? { ...result, authorization: "AWS_IAM" }
            : { ...result, authorization: AUTHORIZATION_OF[scheme.type], authorizer: name };
        if (result.authorization !== "NONE" && (result.authorization !== next.authorization || result.authorizer !== next.authorizer)) {
            this.body.problem(where, `it names two authorizations (${result.authorizer ?? result.authorization} and ${name}): API Gateway gives a `
                + "method one, and which it keeps is not documented");
            return undefined;
        }
        const own = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
        return { ...next, scopes: [...new Set([...result.scopes, ...own])] };
    }

    /**
     * What API Gateway makes of one scheme: an authorizer (`x-amazon-apigateway-authorizer`), IAM
     * (`x-amazon-apigateway-authtype: awsSigv4`), an API key (the `x-api-key` header, REST APIs
     * only), or nothing it enforces.
     */
    private read(name: string, scheme: JsonObject, where: string, rest: boolean): Scheme {
        this.body.consume(scheme, "x-amazon-apigateway-authtype", "x-amazon-apigateway-authorizer");
        const authorizer = scheme["x-amazon-apigateway-authorizer"];
        const authType = scheme["x-amazon-apigateway-authtype"];
        // AWS documents both extensions on apiKey schemes (and an HTTP API's JWT authorizer on an oauth2 one);
        // on another type the import may read them or not.
        if (scheme.type !== "apiKey" && ((rest && authorizer !== undefined) || authType !== undefined)) {
            const documented = rest ? "x-amazon-apigateway-authorizer and -authtype on a REST API's" : "x-amazon-apigateway-authtype on";
            return { kind: "none", why: `is of type ${JSON.stringify(scheme.type)}: AWS documents ${documented} apiKey schemes only, so whether API `
                + "Gateway enforces it cannot be judged" };
        }
        if (authorizer !== undefined) {
            const found = this.body.object(authorizer, at(where, "x-amazon-apigateway-authorizer"), "x-amazon-apigateway-authorizer");
            if (!found) {
                return { kind: "none", why: "cannot be read" };
            }
            this.body.onlyKnown(found.node, found.where, AUTHORIZER_PROPERTIES, "x-amazon-apigateway-authorizer");
            const types = rest ? REST_AUTHORIZER_TYPES : HTTP_AUTHORIZER_TYPES;
            const type = typeof found.node.type === "string" ? types[found.node.type.toLowerCase()] : undefined;
            if (!type) {
                this.body.problem(at(found.where, "type"), `${rest ? "a REST" : "an HTTP"} API authorizer is of type ${Object.keys(types).join(", ").replace(/, ([^,]*)$/, " or $1")}, `
                    + `got ${JSON.stringify(found.node.type)}`);
                return { kind: "none", why: `defines no authorizer ${rest ? "a REST" : "an HTTP"} API has` };
            }
            this.authorizers.push({ name, where: found.where, type, providerArns: found.node.providerARNs, authorizerUri: found.node.authorizerUri,
                authorizerCredentials: found.node.authorizerCredentials, identitySource: found.node.identitySource });
            return { kind: "authorizer", type };
        }
        if (typeof authType === "string" && authType.toLowerCase() === "awssigv4") {
            return { kind: "iam" };
        }
        if (rest && scheme.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string" && scheme.name.toLowerCase() === "x-api-key"
            && authType === undefined) {
            return { kind: "apiKey" };
        }
        const described = `type ${JSON.stringify(scheme.type)}${authType === undefined ? "" : `, authtype ${JSON.stringify(authType)}`}`;
        return { kind: "none", why: rest ? `API Gateway does not enforce on a REST API: it is no x-amazon-apigateway-authorizer, no awsSigv4 authtype and `
            + `not the x-api-key header (${described})` : `API Gateway does not enforce on an HTTP API: it is no x-amazon-apigateway-authorizer and no `
            + `awsSigv4 authtype, and HTTP APIs have no API keys (${described})` };
    }
}

const OPEN: MethodAuthorization = { authorization: "NONE", apiKeyRequired: false, scopes: [] };
