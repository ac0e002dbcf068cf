// The rules of CORS beyond each value's own declaration: what browsers refuse, and the headers a
// preflight must allow for the routes' callers to be able to send what the routes read.
import { Checker, show } from "./checks";
import { walkObject } from "./fieldWalk";
import { FRONT_DOOR } from "./frontDoorDeclarations";
import { CorsSettings, FrontDoorSettings, RouteSettings } from "./settingsTypes";

const CORS = FRONT_DOOR.cors.type;

/** The API's CORS settings, or undefined without `cors`. */
export function resolveCors(check: Checker, value: unknown, idempotencyHeader: string): CorsSettings | undefined {
    const { given, values: cors } = walkObject(check, value, "cors", CORS);
    if (value === undefined) {
        return undefined;
    }
    const { allowOrigins } = cors;
    if (given.allowOrigins === undefined || (Array.isArray(given.allowOrigins) && given.allowOrigins.length === 0)) {
        check.problem(`${check.key("cors.allowOrigins")} is required: the origins whose pages may call the API`);
    }
    if (allowOrigins.includes("*") && allowOrigins.length > 1) {
        check.problem(`${check.key("cors.allowOrigins")} has * and other origins: * already allows every origin, give one or the other`);
    }
    // Browsers refuse a credentialed response to the origin *, and an API that echoed any origin instead would let every site in.
    if (allowOrigins.includes("*") && cors.allowCredentials) {
        check.problem(`${check.key("cors.allowCredentials")} is true with the origin *: browsers refuse credentials for *, `
            + "and allowing them for every origin would let any site call the API as its visitors; list the origins");
    }
    return {
        ...cors,
        allowOrigins: allowOrigins.filter((origin) => CORS.fields.allowOrigins.items.pattern.test(origin)),
        // The idempotency header is the API's own, so the declared default cannot name it.
        allowHeaders: given.allowHeaders === undefined ? [...cors.allowHeaders, idempotencyHeader] : cors.allowHeaders,
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
