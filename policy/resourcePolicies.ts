// Grants that live outside a role: resource-based policies that name it (queue, key, bucket, topic
// and other resource policies, Lambda permissions, KMS grants) and trust policies of other roles
// that let it assume them (role chaining hands it everything such a role may do).
import { PolicyResource } from "@pulumi/policy";

import { excludesRole, hasCondition } from "./conditions";
import { awsPrincipals, principalIsRole, RoleIdentity } from "./principals";
import { functionByReference, queueByUrl } from "./identifiers";
import { knownItems, queueArnOfUrl, StackIndex, statementsOf, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** One statement of a resource policy, made identity-style: no principal, its resource filled in. */
export interface ResourceStatement {
    readonly statement: Record<string, unknown>;
    /** The AWS principals it names (`*` for everyone); with `except`, none. */
    readonly principals: readonly string[];
    /** Set for NotPrincipal: everyone except these. */
    readonly except?: readonly string[];
    /** Where it was written, as a user reads it. */
    readonly source: string;
    /** For a role's trust policy: that role, which a principal it reaches may assume. */
    readonly trustOf?: PolicyResource;
    /** Whether a grant to everyone (`*`, NotPrincipal) counts as the role's: see `reaches`. */
    readonly everyoneCounts: boolean;
}

/** Types whose resource policies are read below by name; any other type's `policy` is read generically. */
const READ_BY_NAME = new Set<string>([TYPES.queue, TYPES.queuePolicy, TYPES.kmsKey, TYPES.kmsKeyPolicy, TYPES.kmsGrant, TYPES.bucket,
    TYPES.bucketV2, TYPES.bucketPolicy, TYPES.topic, TYPES.topicPolicy, TYPES.lambdaPermission, TYPES.role]);
/** Properties that hold a resource-based policy on resources of other types (a secret's, a repository's, a domain's…). */
const GENERIC_POLICY_PROPS = ["policy", "accessPolicies"];
/** Where such resources name what their policy is attached to. */
const GENERIC_ARN_PROPS = ["arn", "resourceArn", "secretArn"];

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** Every statement of every resource policy in the stack, once per stack. */
function stackResourceStatements(index: StackIndex, unknowns: Unknowns): ResourceStatement[] {
    return index.derived("resource policy statements", (met) => {
        const found: ResourceStatement[] = [];
        const read = <T>(get: () => T) => met.peek(get);
        /** A resource policy's statements; `*` or no Resource means the resources the policy is attached to. */
        const fromPolicy = (own: readonly string[], policy: unknown, source: string, everyoneCounts: boolean, trustOf?: PolicyResource) => {
            if (policy === undefined || policy === null || policy === "") {
                return;
            }
            for (const s of statementsOf(policy)) {
                const { Principal, NotPrincipal, Resource, ...rest } = s;
                if (Principal === undefined && NotPrincipal === undefined) {
                    continue;
                }
                const ownResource = rest.NotResource === undefined && (Resource === undefined || Resource === "*");
                // The resource it is attached to is not known yet (a new queue's ARN): the SDK reports it, not "*".
                if (ownResource && own.length === 0) {
                    continue;
                }
                const statement = ownResource ? { ...rest, Resource: [...own] } : { ...rest, ...(Resource === undefined ? {} : { Resource }) };
                found.push(NotPrincipal !== undefined
                    ? { statement, principals: [], except: awsPrincipals(NotPrincipal), source, trustOf, everyoneCounts }
                    : { statement, principals: awsPrincipals(Principal), source, trustOf, everyoneCounts });
            }
        };
        const arnOf = (resource: PolicyResource | undefined) => (resource ? text(read(() => resource.props.arn)) : undefined);
        const own = (...arns: (string | undefined)[]) => arns.filter((a): a is string => a !== undefined);

        for (const queue of index.ofType(TYPES.queue)) {
            fromPolicy(own(arnOf(queue)), read(() => queue.props.policy), `the policy of queue ${queue.name}`, true);
        }
        for (const queuePolicy of index.ofType(TYPES.queuePolicy)) {
            const url = read(() => queuePolicy.props.queueUrl);
            const queue = queueByUrl(index, url, met);
            fromPolicy(own(arnOf(queue) ?? queueArnOfUrl(url) ?? text(url)), read(() => queuePolicy.props.policy), `aws.sqs.QueuePolicy ${queuePolicy.name}`, true);
        }

        const keyArn = (id: unknown) => arnOf([...index.find(TYPES.kmsKey, "arn", id, met), ...index.find(TYPES.kmsKey, "keyId", id, met)][0]) ?? text(id);
        for (const key of index.ofType(TYPES.kmsKey)) {
            fromPolicy(own(arnOf(key)), read(() => key.props.policy), `the key policy of ${key.name}`, true);
        }
        for (const keyPolicy of index.ofType(TYPES.kmsKeyPolicy)) {
            fromPolicy(own(keyArn(read(() => keyPolicy.props.keyId))), read(() => keyPolicy.props.policy), `aws.kms.KeyPolicy ${keyPolicy.name}`, true);
        }
        for (const grant of index.ofType(TYPES.kmsGrant)) {
            const grantee = text(read(() => grant.props.granteePrincipal));
            const operations = knownItems(() => grant.props.operations, met).filter((o): o is string => typeof o === "string");
            const resource = keyArn(read(() => grant.props.keyId));
            if (grantee && resource && operations.length > 0) {
                found.push({ statement: { Effect: "Allow", Action: operations.map((o) => `kms:${o}`), Resource: resource },
                    principals: [grantee], source: `aws.kms.Grant ${grant.name}`, everyoneCounts: true });
            }
        }

        // A bucket policy's resources are the bucket and its objects.
        const bucketArns = (name: unknown, bucket: PolicyResource | undefined) => {
            const arn = arnOf(bucket) ?? (text(name) ? `arn:aws:s3:::${name as string}` : undefined);
            return arn ? [arn, `${arn}/*`] : [];
        };
        for (const type of [TYPES.bucket, TYPES.bucketV2]) {
            for (const bucket of index.ofType(type)) {
                fromPolicy(bucketArns(read(() => bucket.props.bucket), bucket), read(() => bucket.props.policy), `the policy of bucket ${bucket.name}`, false);
            }
        }
        for (const bucketPolicy of index.ofType(TYPES.bucketPolicy)) {
            const name = read(() => bucketPolicy.props.bucket);
            const [bucket] = [...index.find(TYPES.bucket, "bucket", name, met), ...index.find(TYPES.bucketV2, "bucket", name, met)];
            fromPolicy(bucketArns(name, bucket), read(() => bucketPolicy.props.policy), `aws.s3.BucketPolicy ${bucketPolicy.name}`, false);
        }

        for (const topic of index.ofType(TYPES.topic)) {
            fromPolicy(own(arnOf(topic)), read(() => topic.props.policy), `the policy of topic ${topic.name}`, false);
        }
        for (const topicPolicy of index.ofType(TYPES.topicPolicy)) {
            fromPolicy(own(text(read(() => topicPolicy.props.arn))), read(() => topicPolicy.props.policy), `aws.sns.TopicPolicy ${topicPolicy.name}`, false);
        }

        for (const permission of index.ofType(TYPES.lambdaPermission)) {
            const statement = lambdaPermissionStatement(permission, index, met);
            if (statement) {
                found.push(statement);
            }
        }

        // A trust policy is the resource policy of its role: whom it names may assume the role.
        for (const role of index.ofType(TYPES.role)) {
            fromPolicy(own(arnOf(role)), read(() => role.props.assumeRolePolicy), `the trust policy of role ${role.name}`, true, role);
        }

        for (const type of index.allTypes().filter((t) => !READ_BY_NAME.has(t) && !t.startsWith("aws:iam/") && t.startsWith("aws:"))) {
            for (const resource of index.ofType(type)) {
                for (const prop of GENERIC_POLICY_PROPS) {
                    const document = read(() => resource.props[prop]);
                    if (typeof document === "string" ? document.includes("rincipal") : document !== null && typeof document === "object") {
                        const target = GENERIC_ARN_PROPS.map((p) => text(read(() => resource.props[p]))).find((a) => a !== undefined);
                        fromPolicy(own(target ?? `${type.split(":")[1]} ${resource.name}`), document, `the ${prop} of ${resource.name} (${type})`, false);
                    }
                }
            }
        }
        return found;
    }, unknowns);
}

/**
 * A Lambda permission as the statement Lambda adds to the function's policy: its principal may
 * call `action`, under the conditions its source and organisation settings add.
 */
function lambdaPermissionStatement(permission: PolicyResource, index: StackIndex, met: Unknowns): ResourceStatement | undefined {
    const read = <T>(get: () => T) => met.peek(get);
    const principal = text(read(() => permission.props.principal));
    const action = text(read(() => permission.props.action));
    const fn = text(read(() => permission.props.function));
    if (!principal || !action || !fn) {
        return undefined;
    }
    const found = functionByReference(index, fn, met);
    const functionArn = (found ? text(read(() => found.props.arn)) : undefined) ?? fn;
    const qualifier = text(read(() => permission.props.qualifier));
    const condition: Record<string, Record<string, string>> = {};
    const add = (operator: string, key: string, value: unknown) => {
        if (text(value)) {
            condition[operator] = { ...condition[operator], [key]: value as string };
        }
    };
    add("ArnLike", "AWS:SourceArn", read(() => permission.props.sourceArn));
    add("StringEquals", "AWS:SourceAccount", read(() => permission.props.sourceAccount));
    add("StringEquals", "aws:PrincipalOrgID", read(() => permission.props.principalOrgId));
    add("StringEquals", "lambda:FunctionUrlAuthType", read(() => permission.props.functionUrlAuthType));
    const statement = { Effect: "Allow", Action: action, Resource: qualifier ? `${functionArn}:${qualifier}` : functionArn,
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}) };
    // A service principal (`s3.amazonaws.com`) is no role; `*`, an account or an ARN is an AWS principal.
    const service = principal !== "*" && !/^\d{12}$/.test(principal) && !principal.startsWith("arn:");
    return { statement, principals: service ? [] : [principal], source: `aws.lambda.Permission ${permission.name}`, everyoneCounts: false };
}

/**
 * Does a statement of a resource policy apply to this role's own requests? One that designates the
 * role always may. One open to everyone (`*`, NotPrincipal) counts in the policies of queues and
 * keys, the resources the role works with, and in trust policies, where it lets the role assume
 * another; in a bucket's, topic's, function's or API's policy it makes that resource public, which
 * is that resource's matter, not a grant to this role in particular (README: out of scope).
 */
function reaches(grant: ResourceStatement, role: RoleIdentity): boolean {
    const named = grant.except ? grant.everyoneCounts && !grant.except.some((p) => principalIsRole(p, role))
        : grant.principals.some((p) => principalIsRole(p, role) || (grant.everyoneCounts && p.includes("*")));
    if (!named || excludesRole(grant.statement.Condition, role)) {
        return false;
    }
    // A conditional deny may not apply: it narrows nothing.
    return grant.statement.Effect === "Allow" || (grant.statement.Effect === "Deny" && !hasCondition(grant.statement.Condition));
}

export interface ResourceGrants {
    /** The statements that reach the role, as one identity-style document (none when nothing reaches it). */
    readonly documents: readonly object[];
    /** Roles of the stack whose trust policy lets this role assume them. */
    readonly trustedBy: readonly PolicyResource[];
}

/**
 * What resource policies in the stack give the role: statements that name its ARN (in any case, as
 * IAM finds roles), one of its sessions or its unique id, and in queue, key and trust policies also
 * those open to everyone (`*`, or NotPrincipal without it), unless their condition can never hold
 * for its own requests. Naming the account only delegates to the account's IAM policies, which are
 * checked on their own.
 */
export function resourcePolicyGrants(role: RoleIdentity, resources: readonly PolicyResource[], unknowns: Unknowns): ResourceGrants {
    const reaching = stackResourceStatements(StackIndex.of(resources), unknowns).filter((g) => reaches(g, role));
    const trustedBy = [...new Set(reaching.filter((g) => g.trustOf && g.statement.Effect === "Allow").map((g) => g.trustOf!))];
    return {
        documents: reaching.length > 0 ? [{ Version: "2012-10-17", Statement: reaching.map((g) => g.statement) }] : [],
        trustedBy,
    };
}
