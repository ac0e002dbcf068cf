// The rules of the API's front door (who may call, from which browsers, at which address, behind
// which firewall), beyond each value's own declaration: what AWS would refuse at deploy, and what
// would leave an API open while looking closed, refused before anything is created. One resolver
// per feature; API keys are apiKeyRules.ts's, CORS corsRules.ts's.
import { resolveApiKeys } from "./apiKeyRules";
import { Checker, show } from "./checks";
import { resolveCors } from "./corsRules";
import { walkObject, walkValues } from "./fieldWalk";
import { FRONT_DOOR } from "./frontDoorDeclarations";
import { globMatchesRoute } from "./globs";
import { perIpLimits } from "./rateRule";
import { FrontDoorSettings, LambdaAuthorizerSettings, QueueApiSettings, RouteSettings } from "./settingsTypes";

/** What the front door is resolved from besides its own settings (its region rules are regionRules.ts's). */
export interface FrontDoorOptions {
    readonly idempotencyHeader: string;
    /** Requests a second one caller may send across the API's routes: a created web ACL's default limit follows it. */
    readonly callerRate: number;
}

function resolveCognitoAuthorizer(check: Checker, value: unknown): FrontDoorSettings["cognitoAuthorizer"] {
    const { values: cognito } = walkObject(check, value, "cognitoAuthorizer", FRONT_DOOR.cognitoAuthorizer.type);
    if (value === undefined) {
        return undefined;
    }
    if (cognito.userPoolArns.length === 0) {
        check.problem(`${check.key("cognitoAuthorizer.userPoolArns")} is required: at least one user pool`);
    }
    return cognito;
}

function resolveLambdaAuthorizer(check: Checker, value: unknown): LambdaAuthorizerSettings | undefined {
    const { given, values: lambda } = walkObject(check, value, "lambdaAuthorizer", FRONT_DOOR.lambdaAuthorizer.type);
    if (value === undefined) {
        return undefined;
    }
    const sources = lambda.identitySources;
    if (lambda.type === "TOKEN" && (sources.length !== 1 || !/^method\.request\.header\./.test(sources[0]))) {
        check.problem(`${check.key("lambdaAuthorizer.identitySources")} must be one header (method.request.header.<name>) for a TOKEN authorizer, got ${show(sources)}`);
    }
    if (sources.length === 0) {
        check.problem(`${check.key("lambdaAuthorizer.identitySources")} must name at least one request value`);
    }
    if (given.functionArn === undefined) {
        check.problem(`${check.key("lambdaAuthorizer.functionArn")} is required`);
    }
    // Without a valid function the settings are refused (reported above); the rules after this one read the rest.
    return { ...lambda, functionArn: lambda.functionArn ?? "" };
}

function resolveDomain(check: Checker, value: unknown): FrontDoorSettings["domain"] {
    if (value === undefined) {
        return undefined;
    }
    const type = FRONT_DOOR.domain.type;
    const given = check.record(value, "domain", Object.keys(type.fields));
    for (const required of ["name", "certificateArn"]) {
        if (given[required] === undefined) {
            check.problem(`${check.key(`domain.${required}`)} is required`);
        }
    }
    const domain = walkValues(check, given, (field) => `domain.${field}`, type.fields);
    const { name = "", certificateArn = "" } = domain;
    // A base path of several segments is an API mapping, which API Gateway takes only on a domain of the TLS 1.2 policy.
    if (domain.basePath?.includes("/") && domain.securityPolicy !== "TLS_1_2") {
        check.problem(`${check.key("domain.basePath")} ${show(domain.basePath)} has several segments, which API Gateway maps only on a domain `
            + `of the TLS_1_2 security policy (an API mapping of API Gateway V2), got ${check.key("domain.securityPolicy")} `
            + `${show(domain.securityPolicy)}: give a base path of one segment, or the TLS_1_2 policy`);
    }
    return { ...domain, name, certificateArn };
}

/** A PRIVATE API is reachable through the VPC endpoints given, and has no regional custom domain. */
function checkEndpoint(check: Checker, api: Pick<FrontDoorSettings, "endpointType" | "vpcEndpointIds">, top: Readonly<Record<string, unknown>>, domain: FrontDoorSettings["domain"]): void {
    if (api.endpointType === "PRIVATE" && api.vpcEndpointIds.length === 0) {
        check.problem(`${check.key("vpcEndpointIds")} is required with ${check.key("endpointType")} PRIVATE: without a resource policy that lets `
            + "given VPC endpoints in, API Gateway refuses to deploy a private API, and one that lets everyone in is not private");
    }
    if (api.endpointType !== "PRIVATE" && top.vpcEndpointIds !== undefined) {
        check.problem(`${check.key("vpcEndpointIds")} is for ${check.key("endpointType")} PRIVATE, got endpointType ${show(api.endpointType)}`);
    }
    if (api.endpointType === "PRIVATE" && domain) {
        check.problem(`${check.key("domain")} is a regional custom domain, which a PRIVATE API cannot have: remove one of them`);
    }
}

/** A web ACL by ARN or created; a created one's limit per address defaults to the advised one for `callerRate` (rateRule.ts). */
function resolveWebAcl(check: Checker, value: unknown, callerRate: number): FrontDoorSettings["webAcl"] {
    const { given, values: webAcl } = walkObject(check, value, "webAcl", FRONT_DOOR.webAcl.type);
    if (value === undefined) {
        return undefined;
    }
    const { create } = webAcl;
    if ((given.arn !== undefined) === create) {
        check.problem(`${check.key("webAcl")} needs exactly one of arn (an existing web ACL) and create: true, got ${show(value)}`);
    }
    if (!create && given.rateLimitPerIp !== undefined) {
        check.problem(`${check.key("webAcl.rateLimitPerIp")} is for a web ACL created here (create: true)`);
    }
    return { ...webAcl, rateLimitPerIp: webAcl.rateLimitPerIp ?? perIpLimits(callerRate).advised };
}

/** The front door's settings, before the routes are read (their API-key default depends on the clients). */
export function resolveFrontDoor(check: Checker, top: Readonly<Record<string, unknown>>, options: FrontDoorOptions): FrontDoorSettings {
    // The front door's own top-level values: the endpoint's type and VPC endpoints, tracing.
    const api = walkValues(check, top, (key) => key, FRONT_DOOR);
    const cognitoAuthorizer = resolveCognitoAuthorizer(check, top.cognitoAuthorizer);
    const lambdaAuthorizer = resolveLambdaAuthorizer(check, top.lambdaAuthorizer);
    const apiClients = resolveApiKeys(check, top.apiKeys);
    const domain = resolveDomain(check, top.domain);
    checkEndpoint(check, api, top, domain);
    const webAcl = resolveWebAcl(check, top.webAcl, options.callerRate);
    const cors = resolveCors(check, top.cors, options.idempotencyHeader);
    return {
        ...(cognitoAuthorizer ? { cognitoAuthorizer } : {}),
        ...(lambdaAuthorizer ? { lambdaAuthorizer } : {}),
        apiClients,
        ...(cors ? { cors } : {}),
        ...(domain ? { domain } : {}),
        ...api,
        ...(webAcl ? { webAcl } : {}),
    };
}

/**
 * The authorizers the routes need exist. One that no route uses is kept, not refused: the update
 * that removes its last route makes a deployment that still serves that route, with its
 * authorizer, so the authorizer (and a Lambda's permission) must outlive it by one update. The
 * offline plan warns about it until it is removed.
 */
export function checkAuthorizers(check: Checker, routes: readonly RouteSettings[], frontDoor: QueueApiSettings["frontDoor"]): void {
    const uses = (authorization: string) => routes.some((r) => r.authorization === authorization);
    if (uses("COGNITO_USER_POOLS") && !frontDoor.cognitoAuthorizer) {
        check.problem(`${check.key("cognitoAuthorizer")} is required: a route's authorization is COGNITO_USER_POOLS`);
    }
    if (uses("CUSTOM") && !frontDoor.lambdaAuthorizer) {
        check.problem(`${check.key("lambdaAuthorizer")} is required: a route's authorization is CUSTOM`);
    }
}

/**
 * `privateIamCallers` names the callers of a PRIVATE API's AWS_IAM routes. The resource policy lets
 * everyone (`*`) call the other routes, naming each route's path with its parameters as `*`: such a
 * pattern must not also match a request of an AWS_IAM route of the same method, or it would let
 * everyone in there too.
 */
export function checkPrivateCallers(check: Checker, routes: readonly RouteSettings[], frontDoor: QueueApiSettings["frontDoor"],
    top: Readonly<Record<string, unknown>>): void {
    const signed = routes.filter((r) => r.authorization === "AWS_IAM");
    if (frontDoor.endpointType !== "PRIVATE") {
        if (top.privateIamCallers !== undefined) {
            check.problem(`${check.key("privateIamCallers")} is for ${check.key("endpointType")} PRIVATE, got endpointType ${show(frontDoor.endpointType)}`);
        }
        return;
    }
    if (top.privateIamCallers !== undefined && signed.length === 0) {
        check.problem(`${check.key("privateIamCallers")} is given, but no route's authorization is AWS_IAM: set it, or remove the callers`);
    }
    // Only a mix of AWS_IAM and other routes names routes one by one; a path without parameters is named exactly.
    for (const other of signed.length === routes.length ? [] : routes.filter((r) => r.authorization !== "AWS_IAM" && r.path.includes("{"))) {
        const pattern = other.path.replace(/\{[^}]+\}/g, "*");
        for (const route of signed.filter((r) => r.method === other.method && globMatchesRoute(pattern, r.path))) {
            check.problem(`${check.key("routes")}: ${other.key} (${other.authorization}) would let everyone call ${route.key} (AWS_IAM) on a PRIVATE API: `
                + `its resource policy names ${other.path}'s parameters as *, which also matches ${route.path}; give one of them another path or method`);
        }
    }
}
