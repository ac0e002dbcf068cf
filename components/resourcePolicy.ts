// The API's resource policy, built in this one place for both endpoint types. Every API has one,
// so that switching between REGIONAL and PRIVATE rewrites it in the update that switches, before
// the new deployment is made (a resource policy reaches callers only through a deployment), rather
// than deleting it after that deployment has snapshotted the old one.
//
// Its resources are written as API Gateway reads them back: under the API's own execution ARN, not
// the `execute-api:/` shorthand, which API Gateway stores expanded, so that every later preview
// would show a change that is none.

/** What the resource policy is made from: the endpoint, and each method the API serves with its authorization. */
export interface ApiAccess {
    readonly endpointType: string;
    /** With PRIVATE: the VPC endpoints let in. */
    readonly vpcEndpointIds: readonly string[];
    /** Each method of the API, routes and preflights, as `invokePath` names it (naming.ts), with its authorization. */
    readonly methods: readonly { readonly invokePath: string; readonly authorization: string }[];
    /** With PRIVATE: who may call the AWS_IAM methods, by ARN; none: the API's own account. */
    readonly iamCallers: readonly string[];
}

const INVOKE = "execute-api:Invoke";

const one = (values: readonly string[]) => (values.length === 1 ? values[0] : [...values]);

/** The API's account, as a principal, from its execution ARN. */
function accountRoot(executionArn: string | undefined): string {
    if (executionArn === undefined) {
        throw new Error("the API's resource policy names its account for the AWS_IAM routes, from the RestApi's executionArn, "
            + "which this runtime did not give: a mocked runtime must give aws:apigateway/restApi:RestApi an executionArn "
            + "(arn:<partition>:execute-api:<region>:<account>:<api-id>)");
    }
    const [, partition, , , account] = executionArn.split(":");
    return `arn:${partition}:iam::${account}:root`;
}

/**
 * The statements that let callers in, adding no access beyond each method's own authorization.
 * Within one account, a resource policy that lets everyone (`*`) call an AWS_IAM method is enough
 * on its own, whatever the caller's own policies say; so AWS_IAM methods name their callers: the
 * account (`:root`), which leaves it to each caller's own IAM policies, or the roles given. `*`
 * stays for the methods an authorizer, a token or nothing guards, as they are without a policy.
 */
function allowStatements(access: ApiAccess, under: string, executionArn: string | undefined): object[] {
    const everything = `${under}/*`;
    const signed = access.methods.filter((m) => m.authorization === "AWS_IAM");
    const others = access.methods.filter((m) => m.authorization !== "AWS_IAM");
    const resource = (methods: typeof signed) => (signed.length === 0 || others.length === 0
        ? everything : one(methods.map((m) => `${under}/${m.invokePath}`)));
    const callers = access.iamCallers.length > 0 || signed.length === 0 ? access.iamCallers : [accountRoot(executionArn)];
    return [
        ...(signed.length > 0 ? [{ Effect: "Allow", Principal: { AWS: one(callers) }, Action: INVOKE, Resource: resource(signed) }] : []),
        ...(others.length > 0 ? [{ Effect: "Allow", Principal: "*", Action: INVOKE, Resource: resource(others) }] : []),
    ];
}

/**
 * The API's resource policy, as JSON, for its execution ARN (`arn:<partition>:execute-api:<region>:
 * <account>:<api-id>`, which names its partition and account). A private API's also denies every
 * request that does not come through one of its VPC endpoints, so that being reachable from some
 * VPC is not being reachable from all of them.
 *
 * AWS always gives an API its execution ARN; a mocked runtime (an adopter's unit tests) may not,
 * and then the policy is written with the `execute-api:` shorthand, which means the same, unless it
 * needs the account for AWS_IAM routes.
 */
export function apiResourcePolicy(access: ApiAccess, executionArn: string | undefined): string {
    const under = executionArn ?? "execute-api:";
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            ...allowStatements(access, under, executionArn),
            ...(access.endpointType === "PRIVATE" ? [{
                Effect: "Deny", Principal: "*", Action: INVOKE, Resource: `${under}/*`,
                Condition: { StringNotEquals: { "aws:SourceVpce": [...access.vpcEndpointIds] } },
            }] : []),
        ],
    });
}
