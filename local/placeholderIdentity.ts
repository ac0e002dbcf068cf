// The identity a client of the local API sends when it has none to give (the conformance suite, the
// demo). The local API checks that a route's identity is there and shaped as AWS wants it, and
// verifies none of it, so placeholders let every route be called, each carrying what the route
// reads of its caller: a SigV4-shaped signature (the caller's ARN names its access key id), a
// Cognito token whose unverified payload holds a `sub` and the route's scopes, a Lambda
// authorizer's identity sources, and the key of a client whose usage plan does not limit it.
import { ApiModel, MethodModel } from "./apiModel";

/** The access key id of the placeholder signature: the local API names the caller arn:aws:iam::000000000000:user/<it>. */
export const PLACEHOLDER_ACCESS_KEY_ID = "AKIDLOCALPLACEHOLDER";

/** A SigV4 Authorization header of the right shape, whose signature nothing verifies locally. */
export const PLACEHOLDER_SIGNATURE = `AWS4-HMAC-SHA256 Credential=${PLACEHOLDER_ACCESS_KEY_ID}/20260101/us-east-1/execute-api/aws4_request, `
    + `SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

/** The `sub` of the placeholder Cognito token: a user id of a pool, as Cognito writes them. */
export const PLACEHOLDER_SUBJECT = "0c0ffee0-0000-4000-8000-00000000c0de";

/** A value a Lambda authorizer's identity source takes as present. */
export const PLACEHOLDER_TOKEN = "local-placeholder-token";

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A Cognito token for a route, unsigned: an access token with the route's scopes when it asks for
 * some (Cognito puts scopes in access tokens only), an ID token otherwise.
 */
export function placeholderCognitoToken(scopes: readonly string[]): string {
    const claims = scopes.length > 0
        ? { sub: PLACEHOLDER_SUBJECT, token_use: "access", scope: scopes.join(" "), client_id: "local-placeholder-client" }
        : { sub: PLACEHOLDER_SUBJECT, token_use: "id", "cognito:username": "local-placeholder-user" };
    return `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.placeholder-signature`;
}

/** A request's identity: the headers to add, and the URL with any query parameter an authorizer reads. */
export interface Identity {
    readonly headers: Record<string, string>;
    readonly url: string;
}

/** What a request to `method` at `url` carries to be let in by the local API: its signature or its authorizer's identity sources. */
export function placeholderIdentity(method: MethodModel, url: string): Identity {
    const headers: Record<string, string> = {};
    const withQuery = new URL(url);
    if (method.authorization === "AWS_IAM") {
        headers.Authorization = PLACEHOLDER_SIGNATURE;
        headers["X-Amz-Date"] = "20260101T000000Z";
    }
    const authorizer = method.authorizer;
    for (const source of authorizer?.identitySources ?? []) {
        const [, where, name] = /^method\.request\.(header|querystring)\.(.+)$/.exec(source) ?? [];
        const value = authorizer!.type === "COGNITO_USER_POOLS" ? placeholderCognitoToken(method.authorizationScopes) : PLACEHOLDER_TOKEN;
        if (where === "header") {
            headers[name] = value;
        } else if (where === "querystring") {
            withQuery.searchParams.set(name, value);
        }
    }
    return { headers, url: authorizer ? withQuery.toString() : url };
}

/** The key of a client whose usage plan neither throttles nor caps it, else of any client; undefined without keys. */
export function unlimitedApiKey(model: ApiModel, apiKeys: Readonly<Record<string, string>> = {}): string | undefined {
    const keys = Object.entries(apiKeys);
    const unlimited = keys.find(([client]) => {
        const plan = model.apiKeys.find((k) => k.client === client)?.plan;
        return plan !== undefined && !plan.throttle && !plan.quota;
    });
    return (unlimited ?? keys[0])?.[1];
}
