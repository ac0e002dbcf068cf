// The rules of the API's front door (who may call, from which browsers, at which address, behind
// which firewall), beyond each value's own declaration: what AWS would refuse at deploy, and what
// would leave an API open while looking closed, refused before anything is created.
import { FrontDoorSettings, RouteSettings } from "./args";
import { Checker, isPlainObject, show } from "./checks";
import { COGNITO_USER_POOL_ARN, FRONT_DOOR, HEADER_NAME } from "./declarations";

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const CLIENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const VPC_ENDPOINT = /^vpce-[0-9a-f]{8,17}$/;
const IDENTITY_SOURCE = /^(method\.request\.(header|querystring)\.[A-Za-z0-9._-]+|context\.[A-Za-z0-9.]+|stageVariables\.[A-Za-z0-9_]+)$/;
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
const METHOD = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/;

/** A list of strings, each matching `pattern` (`item` says what one must be); [] when absent. */
function stringList(check: Checker, value: unknown, key: string, pattern: RegExp, item: string): string[] {
    if (value === undefined) {
        return [];
    }
    if (!Array.isArray(value)) {
        check.problem(`${check.key(key)} must be a list, each item ${item}, got ${show(value)}`);
        return [];
    }
    value.forEach((element, i) => {
        if (typeof element !== "string" || !pattern.test(element)) {
            check.problem(`${check.key(`${key}[${i}]`)} must be ${item}, got ${show(element)}`);
        }
    });
    const repeated = value.find((item, i) => value.indexOf(item) !== i);
    if (repeated !== undefined) {
        check.problem(`${check.key(key)} lists ${show(repeated)} twice`);
    }
    return value.filter((item): item is string => typeof item === "string");
}

const regionOf = (arn: string) => arn.split(":")[3];

function resolveClients(check: Checker, value: unknown): FrontDoorSettings["apiClients"] {
    if (!Array.isArray(value) || value.length === 0) {
        check.problem(`${check.key("apiKeys.clients")} must be a non-empty list of clients (objects with name, quota, throttle), got ${show(value)}`);
        return [];
    }
    const clients = value.map((item, i) => {
        const at = `apiKeys.clients[${i}]`;
        const client = check.record(item, at, ["name", "quota", "throttle"]);
        const name = check.matching(client.name, `${at}.name`, CLIENT_NAME, "1 to 64 letters, digits, '-' or '_'", "");
        if (client.name === undefined && isPlainObject(item)) {
            check.problem(`${check.key(`${at}.name`)} is required`);
        }
        const quotaIn = check.record(client.quota, `${at}.quota`, ["limit", "period"]);
        const quota = client.quota === undefined ? undefined : {
            limit: check.integer(quotaIn.limit, `${at}.quota.limit`, { min: 1, max: 2_000_000_000 }, 1),
            period: check.oneOf(quotaIn.period, `${at}.quota.period`, ["DAY", "WEEK", "MONTH"] as const, "DAY"),
        };
        if (client.quota !== undefined && (quotaIn.limit === undefined || quotaIn.period === undefined)) {
            check.problem(`${check.key(`${at}.quota`)} needs both limit and period, got ${show(client.quota)}`);
        }
        const throttleIn = check.record(client.throttle, `${at}.throttle`, ["rateLimit", "burstLimit"]);
        const throttle = client.throttle === undefined ? undefined : {
            rateLimit: check.declaredAs<number>(throttleIn.rateLimit, `${at}.throttle.rateLimit`, "throttle.rateLimit"),
            burstLimit: check.declaredAs<number>(throttleIn.burstLimit, `${at}.throttle.burstLimit`, "throttle.burstLimit"),
        };
        if (client.throttle !== undefined && (throttleIn.rateLimit === undefined || throttleIn.burstLimit === undefined)) {
            check.problem(`${check.key(`${at}.throttle`)} needs both rateLimit and burstLimit, got ${show(client.throttle)}`);
        }
        return { name, ...(quota ? { quota } : {}), ...(throttle ? { throttle } : {}) };
    });
    const names = clients.map((c) => c.name.toLowerCase());
    const repeated = names.find((name, i) => name !== "" && names.indexOf(name) !== i);
    if (repeated !== undefined) {
        check.problem(`${check.key("apiKeys.clients")} names the client ${show(repeated)} twice (names are compared in any case)`);
    }
    return clients;
}

function resolveCors(check: Checker, value: unknown, idempotencyHeader: string): FrontDoorSettings["cors"] {
    const cors = check.declared<Record<string, unknown>>(value, "cors");
    if (value === undefined) {
        return undefined;
    }
    const allowOrigins = stringList(check, cors.allowOrigins, "cors.allowOrigins", /^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/,
        "an origin such as https://shop.example.com (a scheme and a host, no path), or *");
    if (cors.allowOrigins === undefined || (Array.isArray(cors.allowOrigins) && cors.allowOrigins.length === 0)) {
        check.problem(`${check.key("cors.allowOrigins")} is required: the origins whose pages may call the API`);
    }
    const allowCredentials = check.declared<boolean>(cors.allowCredentials, "cors.allowCredentials");
    if (allowOrigins.includes("*") && allowOrigins.length > 1) {
        check.problem(`${check.key("cors.allowOrigins")} has * and other origins: * already allows every origin, give one or the other`);
    }
    // Browsers refuse a credentialed response to the origin *, and an API that echoed any origin instead would let every site in.
    if (allowOrigins.includes("*") && allowCredentials) {
        check.problem(`${check.key("cors.allowCredentials")} is true with the origin *: browsers refuse credentials for *, `
            + "and allowing them for every origin would let any site call the API as its visitors; list the origins");
    }
    const allowMethods = stringList(check, cors.allowMethods, "cors.allowMethods", METHOD, "an HTTP method such as POST");
    const allowHeaders = stringList(check, cors.allowHeaders, "cors.allowHeaders", HEADER_NAME, "a header name");
    const exposeHeaders = stringList(check, cors.exposeHeaders, "cors.exposeHeaders", HEADER_NAME, "a header name");
    return {
        allowOrigins: allowOrigins.filter((o) => o === "*" || ORIGIN.test(o)),
        allowMethods,
        allowHeaders: cors.allowHeaders === undefined
            ? ["Content-Type", "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key", idempotencyHeader] : allowHeaders,
        exposeHeaders: cors.exposeHeaders === undefined ? ["x-amzn-RequestId"] : exposeHeaders,
        maxAgeSeconds: check.declared(cors.maxAgeSeconds, "cors.maxAgeSeconds"),
        allowCredentials,
    };
}

/**
 * The front door with CORS's allowed headers following the routes: a browser's preflight names
 * every header its request will send, and the browser sends none the preflight did not allow. By
 * default the headers the routes read (a FIFO group's header, message attributes' headers, a
 * Lambda authorizer's identity headers) are allowed too; a given `cors.allowHeaders` that leaves out
 * one a route requires (those, and its JSON content type, its API key, its Cognito token or its
 * SigV4 signature) is refused, as a browser could never call that route.
 */
export function withRouteHeaders(check: Checker, door: FrontDoorSettings, routes: readonly RouteSettings[], given: boolean): FrontDoorSettings {
    if (!door.cors) {
        return door;
    }
    const authorizerHeaders = (door.lambdaAuthorizer?.identitySources ?? [])
        .map((source) => /^method\.request\.header\.(.+)$/.exec(source)?.[1]).filter((name): name is string => name !== undefined);
    const read = routes.flatMap((route) => [
        // Every route takes JSON, a content type a browser sends only after a preflight allowed the header.
        { route, header: "Content-Type", required: "its JSON body's media type" },
        ...(route.apiKeyRequired ? [{ route, header: "X-Api-Key", required: "apiKeyRequired" }] : []),
        ...(route.authorization === "COGNITO_USER_POOLS" ? [{ route, header: "Authorization", required: "the Cognito token of COGNITO_USER_POOLS" }] : []),
        // A page signs with temporary credentials (never long-lived keys), so the session token goes with the signature.
        ...(route.authorization === "AWS_IAM" ? ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"]
            .map((header) => ({ route, header, required: "the SigV4 signature of AWS_IAM, with temporary credentials" })) : []),
        ...(route.messageGroupId?.header ? [{ route, header: route.messageGroupId.header, required: "messageGroupId.header" }] : []),
        ...(route.authorization === "CUSTOM" ? authorizerHeaders.map((header) => ({ route, header, required: "lambdaAuthorizer.identitySources" })) : []),
        ...Object.values(route.messageAttributes).flatMap((source) => (source.header ? [{ route, header: source.header, required: undefined }] : [])),
    ]);
    const allowed = new Set(door.cors.allowHeaders.map((name) => name.toLowerCase()));
    if (given) {
        // Each header once, for the first route that requires it.
        for (const { route, header, required } of read.filter((r) => r.required)) {
            if (allowed.has(header.toLowerCase())) {
                continue;
            }
            check.problem(`${check.key("cors.allowHeaders")} leaves out ${show(header)}, which ${route.key} requires (${required}): `
                + `browsers would never send it; add it, or leave cors.allowHeaders out to allow every header the routes read`);
            allowed.add(header.toLowerCase());
        }
        return door;
    }
    const added: string[] = [];
    for (const { header } of read) {
        if (!allowed.has(header.toLowerCase())) {
            allowed.add(header.toLowerCase());
            added.push(header);
        }
    }
    return added.length === 0 ? door : { ...door, cors: { ...door.cors, allowHeaders: [...door.cors.allowHeaders, ...added] } };
}

export interface FrontDoorOptions {
    /** The stack's region, when known: certificates and web ACLs must be in it. */
    readonly region?: string;
    readonly idempotencyHeader: string;
}

/** The front door's settings, before the routes are read (their API-key default depends on the clients). */
export function resolveFrontDoor(check: Checker, top: Record<string, unknown>, options: FrontDoorOptions): FrontDoorSettings {
    const cognitoIn = check.declared<Record<string, unknown>>(top.cognitoAuthorizer, "cognitoAuthorizer");
    const cognitoAuthorizer = top.cognitoAuthorizer === undefined ? undefined : {
        userPoolArns: stringList(check, cognitoIn.userPoolArns, "cognitoAuthorizer.userPoolArns", COGNITO_USER_POOL_ARN,
            "a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<id>)"),
    };
    if (cognitoAuthorizer && cognitoAuthorizer.userPoolArns.length === 0) {
        check.problem(`${check.key("cognitoAuthorizer.userPoolArns")} is required: at least one user pool`);
    }

    const lambdaIn = check.declared<Record<string, unknown>>(top.lambdaAuthorizer, "lambdaAuthorizer");
    let lambdaAuthorizer: FrontDoorSettings["lambdaAuthorizer"];
    if (top.lambdaAuthorizer !== undefined) {
        const type = check.declared<"TOKEN" | "REQUEST">(lambdaIn.type, "lambdaAuthorizer.type");
        const sources = lambdaIn.identitySources === undefined ? ["method.request.header.Authorization"]
            : stringList(check, lambdaIn.identitySources, "lambdaAuthorizer.identitySources", IDENTITY_SOURCE,
                "a request value such as method.request.header.Authorization, method.request.querystring.token or context.sourceIp");
        if (type === "TOKEN" && (sources.length !== 1 || !/^method\.request\.header\./.test(sources[0]))) {
            check.problem(`${check.key("lambdaAuthorizer.identitySources")} must be one header (method.request.header.<name>) for a TOKEN authorizer, got ${show(sources)}`);
        }
        if (sources.length === 0) {
            check.problem(`${check.key("lambdaAuthorizer.identitySources")} must name at least one request value`);
        }
        if (lambdaIn.functionArn === undefined) {
            check.problem(`${check.key("lambdaAuthorizer.functionArn")} is required`);
        }
        lambdaAuthorizer = {
            functionArn: check.declared<string>(lambdaIn.functionArn, "lambdaAuthorizer.functionArn", ""),
            type,
            identitySources: sources,
            resultTtlSeconds: check.declared(lambdaIn.resultTtlSeconds, "lambdaAuthorizer.resultTtlSeconds"),
        };
    }

    const keysIn = check.declared<Record<string, unknown>>(top.apiKeys, "apiKeys");
    const apiClients = top.apiKeys === undefined ? [] : resolveClients(check, keysIn.clients);

    const domainIn = check.declared<Record<string, unknown>>(top.domain, "domain");
    let domain: FrontDoorSettings["domain"];
    if (top.domain !== undefined) {
        for (const required of ["name", "certificateArn"]) {
            if (domainIn[required] === undefined) {
                check.problem(`${check.key(`domain.${required}`)} is required`);
            }
        }
        const name = check.declared<string>(domainIn.name, "domain.name", "");
        const certificateArn = check.declared<string>(domainIn.certificateArn, "domain.certificateArn", "");
        // A regional domain name takes a certificate of its own region only.
        if (certificateArn && options.region && regionOf(certificateArn) !== options.region) {
            check.problem(`${check.key("domain.certificateArn")} must be a certificate of the API's region ${options.region}, got one of ${regionOf(certificateArn)}: ${show(certificateArn)}`);
        }
        domain = {
            name,
            certificateArn,
            securityPolicy: check.declared(domainIn.securityPolicy, "domain.securityPolicy"),
            basePath: check.declared<string>(domainIn.basePath, "domain.basePath", ""),
            ...(domainIn.hostedZoneId === undefined ? {} : { hostedZoneId: check.declared<string>(domainIn.hostedZoneId, "domain.hostedZoneId", "") }),
            disableExecuteApiEndpoint: check.declared(domainIn.disableExecuteApiEndpoint, "domain.disableExecuteApiEndpoint"),
        };
    }

    const endpointType = check.declared<FrontDoorSettings["endpointType"]>(top.endpointType, "endpointType");
    const vpcEndpointIds = stringList(check, top.vpcEndpointIds, "vpcEndpointIds", VPC_ENDPOINT, "a VPC endpoint id (vpce-…)");
    if (endpointType === "PRIVATE" && vpcEndpointIds.length === 0) {
        check.problem(`${check.key("vpcEndpointIds")} is required with ${check.key("endpointType")} PRIVATE: without a resource policy that lets `
            + "given VPC endpoints in, API Gateway refuses to deploy a private API, and one that lets everyone in is not private");
    }
    if (endpointType !== "PRIVATE" && top.vpcEndpointIds !== undefined) {
        check.problem(`${check.key("vpcEndpointIds")} is for ${check.key("endpointType")} PRIVATE, got endpointType ${show(endpointType)}`);
    }
    if (endpointType === "PRIVATE" && domain) {
        check.problem(`${check.key("domain")} is a regional custom domain, which a PRIVATE API cannot have: remove one of them`);
    }

    const webAclIn = check.declared<Record<string, unknown>>(top.webAcl, "webAcl");
    let webAcl: FrontDoorSettings["webAcl"];
    if (top.webAcl !== undefined) {
        const create = check.declared<boolean>(webAclIn.create, "webAcl.create");
        const arn = webAclIn.arn === undefined ? undefined : check.declared<string>(webAclIn.arn, "webAcl.arn", "");
        if ((arn !== undefined) === create) {
            check.problem(`${check.key("webAcl")} needs exactly one of arn (an existing web ACL) and create: true, got ${show(top.webAcl)}`);
        }
        if (arn && options.region && regionOf(arn) !== options.region) {
            check.problem(`${check.key("webAcl.arn")} must be a web ACL of the API's region ${options.region}, got one of ${regionOf(arn)}`);
        }
        if (!create && webAclIn.rateLimitPerIp !== undefined) {
            check.problem(`${check.key("webAcl.rateLimitPerIp")} is for a web ACL created here (create: true)`);
        }
        webAcl = { ...(arn ? { arn } : {}), create, rateLimitPerIp: check.declared(webAclIn.rateLimitPerIp, "webAcl.rateLimitPerIp") };
    }

    return {
        ...(cognitoAuthorizer ? { cognitoAuthorizer } : {}),
        ...(lambdaAuthorizer ? { lambdaAuthorizer } : {}),
        apiClients,
        ...(top.cors !== undefined ? { cors: resolveCors(check, top.cors, options.idempotencyHeader) } : {}),
        ...(domain ? { domain } : {}),
        endpointType,
        vpcEndpointIds,
        ...(webAcl ? { webAcl } : {}),
        tracing: check.declared(top.tracing, "tracing"),
    };
}

/** A route's scopes and API-key requirement; `at` names its keys in messages. */
export function resolveRouteDoor(check: Checker, values: Record<string, unknown>, at: (key: string) => string, authorization: string,
    frontDoor: FrontDoorSettings): Pick<RouteSettings, "oauthScopes" | "apiKeyRequired"> {
    const oauthScopes = stringList(check, values.oauthScopes, at("oauthScopes"), SCOPE, "an OAuth scope such as orders/write");
    if (values.oauthScopes !== undefined && authorization !== "COGNITO_USER_POOLS") {
        check.problem(`${check.key(at("oauthScopes"))} is for COGNITO_USER_POOLS routes, and this route's authorization is ${show(authorization)}`);
    }
    const apiKeyRequired = check.declared<boolean>(values.apiKeyRequired, at("apiKeyRequired"), frontDoor.apiClients.length > 0);
    if (apiKeyRequired && frontDoor.apiClients.length === 0) {
        check.problem(`${check.key(at("apiKeyRequired"))} is true, but ${check.key("apiKeys.clients")} lists no client to give a key to`);
    }
    return { oauthScopes, apiKeyRequired };
}

/** The authorizers the routes need exist, and no authorizer is declared that no route uses. */
export function checkAuthorizers(check: Checker, routes: readonly RouteSettings[], frontDoor: FrontDoorSettings): void {
    const uses = (authorization: string) => routes.some((r) => r.authorization === authorization);
    if (uses("COGNITO_USER_POOLS") && !frontDoor.cognitoAuthorizer) {
        check.problem(`${check.key("cognitoAuthorizer")} is required: a route's authorization is COGNITO_USER_POOLS`);
    }
    if (uses("CUSTOM") && !frontDoor.lambdaAuthorizer) {
        check.problem(`${check.key("lambdaAuthorizer")} is required: a route's authorization is CUSTOM`);
    }
    if (frontDoor.cognitoAuthorizer && !uses("COGNITO_USER_POOLS")) {
        check.problem(`${check.key("cognitoAuthorizer")} is given, but no route's authorization is COGNITO_USER_POOLS: set it, or remove the authorizer`);
    }
    if (frontDoor.lambdaAuthorizer && !uses("CUSTOM")) {
        check.problem(`${check.key("lambdaAuthorizer")} is given, but no route's authorization is CUSTOM: set it, or remove the authorizer`);
    }
}

/** The front door's keys, for the known-keys check. */
export const FRONT_DOOR_KEYS = Object.keys(FRONT_DOOR);
