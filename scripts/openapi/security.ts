// Who may call each route, as OpenAPI security schemes: SigV4 (AWS_IAM), a Cognito token, a Lambda
// authorizer's identity sources, an API key. The schemes are written as API Gateway's own export
// writes them (`apiKey` schemes with `x-amazon-apigateway-authtype`), since SigV4 and a token
// API Gateway validates are none of OpenAPI's own types; a route's requirement names every scheme
// it needs at once (its authorization and its key).
import { COGNITO_IDENTITY_SOURCE } from "../../components/apiDefinition";
import { QueueApiSettings, RouteSettings } from "../../components/settings";

type Json = Record<string, unknown>;

/** A method request value (`method.request.header.Authorization`) as where an apiKey scheme reads it. */
function sourceOf(identitySource: string): { in: string; name: string } {
    const [, where, name] = /^method\.request\.(header|querystring)\.(.+)$/.exec(identitySource) ?? [];
    return { in: where === "querystring" ? "query" : "header", name: name ?? "Authorization" };
}

/** The schemes the stack's routes use, by name. */
export function securitySchemes(settings: QueueApiSettings): Json {
    const used = new Set(settings.routes.map((route) => route.authorization));
    const { lambdaAuthorizer } = settings.frontDoor;
    const lambdaSources = lambdaAuthorizer?.identitySources ?? [];
    return {
        ...(used.has("AWS_IAM") ? {
            sigv4: {
                type: "apiKey", in: "header", name: "Authorization", "x-amazon-apigateway-authtype": "awsSigv4",
                description: "A SigV4 signature for the execute-api service, by a principal allowed execute-api:Invoke",
            },
        } : {}),
        ...(used.has("COGNITO_USER_POOLS") ? {
            cognito: {
                ...sourceOf(COGNITO_IDENTITY_SOURCE), type: "apiKey", "x-amazon-apigateway-authtype": "cognito_user_pools",
                description: "An ID or access token of one of the stack's Cognito user pools; a route's scopes are those an access token must carry (one of them)",
            },
        } : {}),
        ...(used.has("CUSTOM") && lambdaAuthorizer ? {
            lambdaAuthorizer: {
                ...sourceOf(lambdaSources[0]), type: "apiKey", "x-amazon-apigateway-authtype": "custom",
                description: `What the stack's Lambda authorizer (${lambdaAuthorizer.type}) reads: ${lambdaSources.map((s) => sourceOf(s).name).join(", ")}`,
            },
        } : {}),
        ...(settings.routes.some((route) => route.apiKeyRequired) ? {
            apiKey: { type: "apiKey", in: "header", name: "x-api-key", description: "A client's API key: it identifies the client for its usage plan, it does not authenticate" },
        } : {}),
    };
}

const SCHEME_OF: Readonly<Record<string, string | undefined>> = { AWS_IAM: "sigv4", COGNITO_USER_POOLS: "cognito", CUSTOM: "lambdaAuthorizer", NONE: undefined };

/** The route's one security requirement (all its schemes at once), or none for an open route. */
export function securityOf(route: RouteSettings, settings: QueueApiSettings): Json[] {
    const scheme = SCHEME_OF[route.authorization];
    const requirement: Record<string, string[]> = {
        ...(scheme && (scheme !== "lambdaAuthorizer" || settings.frontDoor.lambdaAuthorizer) ? { [scheme]: scheme === "cognito" ? [...route.oauthScopes] : [] } : {}),
        ...(route.apiKeyRequired ? { apiKey: [] } : {}),
    };
    return Object.keys(requirement).length > 0 ? [requirement] : [];
}
