// Where API Gateway finds the request values a message's group or attributes can come from, and
// which of them names a route's authenticated caller.
import { Authorization, ContextValue } from "./args";

/** Where API Gateway finds each context value. */
export const CONTEXT_VALUES: Readonly<Record<ContextValue, string>> = {
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    stage: "$context.stage",
    callerArn: "$context.identity.userArn",
    authorizerPrincipalId: "$context.authorizer.principalId",
    cognitoSubject: "$context.authorizer.claims.sub",
};

/**
 * The context value that names a route's authenticated caller, by the route's authorization;
 * none for NONE, whose callers are anyone.
 */
export const CALLER_IDENTITY: Readonly<Record<Authorization, ContextValue | undefined>> = {
    NONE: undefined,
    AWS_IAM: "callerArn",
    COGNITO_USER_POOLS: "cognitoSubject",
    CUSTOM: "authorizerPrincipalId",
};
