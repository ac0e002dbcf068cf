// The API's resource policy, built in this one place for both endpoint types. Every API has one,
// so that switching between REGIONAL and PRIVATE rewrites it in the update that switches, before
// the new deployment is made (a resource policy reaches callers only through a deployment), rather
// than deleting it after that deployment has snapshotted the old one.
//
// Its resources are written as API Gateway reads them back: the API's own execution ARN, not the
// `execute-api:/*` shorthand, which API Gateway stores expanded, so every later preview would show
// a change that is none.

/** What the resource policy is made from: the endpoint, and each method the API serves with its authorization. */
export interface ApiAccess {
    readonly endpointType: string;
    /** With PRIVATE: the VPC endpoints let in. */
    readonly vpcEndpointIds: readonly string[];
    readonly methods: readonly { readonly httpMethod: string; readonly path: string; readonly authorization: string }[];
}

const INVOKE = "execute-api:Invoke";

/** A method's ARN under the API's execution ARN, in every stage; a path parameter matches any segment. */
export function methodArn(executionArn: string, httpMethod: string, path: string): string {
    return `${executionArn}/*/${httpMethod}/${path.split("/").map((segment) => (/^\{.+\}$/.test(segment) ? "*" : segment)).join("/")}`;
}

/** The account that owns the API, as a principal: a grant to it defers to each caller's own IAM policies. */
function accountRoot(executionArn: string): string {
    const [, partition, , , account] = executionArn.split(":");
    return `arn:${partition}:iam::${account}:root`;
}

/**
 * A REGIONAL API's policy adds no access beyond each method's own authorization: AWS_IAM methods
 * are granted to the API's own account, so that a caller still needs an IAM policy of its own
 * (within one account a resource policy's allow would be enough on its own); the others, which
 * their authorizer, an API key or nothing guards, to anyone, as they are without a policy.
 */
function regionalStatements(access: ApiAccess, executionArn: string): object[] {
    const signed = access.methods.filter((m) => m.authorization === "AWS_IAM");
    const others = access.methods.filter((m) => m.authorization !== "AWS_IAM");
    const arns = (methods: typeof access.methods) => methods.map((m) => methodArn(executionArn, m.httpMethod, m.path));
    return [
        ...(others.length > 0 ? [{ Effect: "Allow", Principal: "*", Action: INVOKE, Resource: arns(others) }] : []),
        ...(signed.length > 0 ? [{ Effect: "Allow", Principal: { AWS: accountRoot(executionArn) }, Action: INVOKE, Resource: arns(signed) }] : []),
    ];
}

/**
 * A PRIVATE API's policy lets in requests through the given VPC endpoints and denies every other,
 * so that being reachable from some VPC is not being reachable from all of them.
 */
function privateStatements(access: ApiAccess, executionArn: string): object[] {
    const resource = `${executionArn}/*`;
    return [
        { Effect: "Allow", Principal: "*", Action: INVOKE, Resource: resource },
        {
            Effect: "Deny", Principal: "*", Action: INVOKE, Resource: resource,
            Condition: { StringNotEquals: { "aws:SourceVpce": [...access.vpcEndpointIds] } },
        },
    ];
}

/** The API's resource policy, as JSON, for its execution ARN (`arn:<partition>:execute-api:<region>:<account>:<api-id>`). */
export function apiResourcePolicy(access: ApiAccess, executionArn: string): string {
    const statements = access.endpointType === "PRIVATE" ? privateStatements(access, executionArn) : regionalStatements(access, executionArn);
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
