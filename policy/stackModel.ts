// Reads the resources of a stack the way the policies need them: which integrations send to SQS,
// which role they use, and every policy document that reaches that role.
import { PolicyResource } from "@pulumi/policy";

import { Unknowns } from "./unknowns";

export const TYPES = {
    integration: "aws:apigateway/integration:Integration",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    rolePoliciesExclusive: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
    rolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    redrivePolicy: "aws:sqs/redrivePolicy:RedrivePolicy",
    kmsKey: "aws:kms/key:Key",
    kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    kmsGrant: "aws:kms/grant:Grant",
    kmsAlias: "aws:kms/alias:Alias",
} as const;

export function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

const SQS_INTEGRATION_URI = /^arn:(aws[a-z-]*):apigateway:([a-z0-9-]+):sqs:path\/+(\d{12})\/+([^/]+?)\/*$/;

/** The queue ARN an integration URI addresses, or undefined when it does not address an SQS queue by path. */
export function queueArnOfIntegrationUri(uri: unknown): string | undefined {
    const match = typeof uri === "string" ? SQS_INTEGRATION_URI.exec(uri) : null;
    return match ? `arn:${match[1]}:sqs:${match[2]}:${match[3]}:${match[4]}` : undefined;
}

/** An AWS integration whose URI goes to SQS. */
export function isSqsIntegration(props: Record<string, any>): boolean {
    return props.type === "AWS" && typeof props.uri === "string" && /:apigateway:[a-z0-9-]+:sqs:/.test(props.uri);
}

/** The account id and queue name in an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
export function parseQueueUrl(url: unknown): { accountId: string; queueName: string } | undefined {
    const match = typeof url === "string" ? /\/(\d{12})\/([^/]+)\/?$/.exec(url) : null;
    return match ? { accountId: match[1], queueName: match[2] } : undefined;
}

export function parseJsonDocument(value: unknown): unknown {
    return typeof value === "string" ? JSON.parse(value) : value;
}

/** Does a reference (a role's name or ARN, as other resources hold it) name this role? */
function roleMatches(role: PolicyResource, reference: unknown, unknowns: Unknowns): boolean {
    return reference !== undefined
        && (reference === unknowns.peek(() => role.props.name) || reference === unknowns.peek(() => role.props.arn));
}

export interface RoleDocuments {
    /** Identity policy documents that reach the role, each with where it comes from. */
    readonly documents: readonly { readonly source: string; readonly document: unknown }[];
    /** Managed policies attached by ARN whose document is not in the stack, so cannot be read. */
    readonly unreadable: readonly string[];
}

/**
 * Every identity policy that reaches `role`: inline, attached, exclusive attachments. A record
 * with an unknown value is skipped and noted in `unknowns`, so the known ones are still checked.
 */
export function documentsOfRole(role: PolicyResource, resources: readonly PolicyResource[], unknowns: Unknowns): RoleDocuments {
    const documents: { source: string; document: unknown }[] = [];
    const attachedArns = new Set<string>();
    const add = (source: string, read: () => unknown) => {
        const document = unknowns.peek(read);
        if (document !== undefined && document !== null && document !== "") {
            documents.push({ source, document });
        }
    };

    const attach = (read: () => unknown) => {
        const arn = unknowns.peek(read);
        if (typeof arn === "string") {
            attachedArns.add(arn);
        }
    };
    // Lists are read item by item: reading an unknown item throws, and the others still count.
    const inline = (unknowns.peek(() => role.props.inlinePolicies) ?? []) as { policy?: string }[];
    for (let i = 0; i < inline.length; i++) {
        add(`inline policy ${i} of role ${role.name}`, () => inline[i].policy);
    }
    const managed = (unknowns.peek(() => role.props.managedPolicyArns) ?? []) as unknown[];
    for (let i = 0; i < managed.length; i++) {
        attach(() => managed[i]);
    }
    for (const rp of ofType(resources, TYPES.rolePolicy)) {
        if (roleMatches(role, unknowns.peek(() => rp.props.role), unknowns)) {
            add(`aws.iam.RolePolicy ${rp.name}`, () => rp.props.policy);
        }
    }
    for (const attachment of ofType(resources, TYPES.rolePolicyAttachment)) {
        if (roleMatches(role, unknowns.peek(() => attachment.props.role), unknowns)) {
            attach(() => attachment.props.policyArn);
        }
    }
    for (const attachment of ofType(resources, TYPES.policyAttachment)) {
        const roles = (unknowns.peek(() => attachment.props.roles) ?? []) as unknown[];
        if (Array.from({ length: roles.length }, (_, i) => unknowns.peek(() => roles[i])).some((r) => roleMatches(role, r, unknowns))) {
            attach(() => attachment.props.policyArn);
        }
    }
    for (const exclusive of ofType(resources, TYPES.rolePolicyAttachmentsExclusive)) {
        if (roleMatches(role, unknowns.peek(() => exclusive.props.roleName), unknowns)) {
            const arns = (unknowns.peek(() => exclusive.props.policyArns) ?? []) as unknown[];
            for (let i = 0; i < arns.length; i++) {
                attach(() => arns[i]);
            }
        }
    }

    const unreadable: string[] = [];
    const policies = ofType(resources, TYPES.policy);
    for (const arn of attachedArns) {
        const policy = policies.find((p) => unknowns.peek(() => p.props.arn) === arn);
        if (policy) {
            add(`aws.iam.Policy ${policy.name}`, () => policy.props.policy);
        } else if (!unknowns.any) {
            // With an unknown ARN about, the policy may be in the stack after all.
            unreadable.push(arn);
        }
    }
    return { documents, unreadable };
}

/** Statements of a policy document, or [] when it is not an object with statements. */
export function statementsOf(document: unknown): Record<string, unknown>[] {
    let parsed: unknown;
    try {
        parsed = parseJsonDocument(document);
    } catch {
        return [];
    }
    if (parsed === null || typeof parsed !== "object") {
        return [];
    }
    return ([] as unknown[]).concat((parsed as { Statement?: unknown }).Statement ?? [])
        .filter((s): s is Record<string, unknown> => s !== null && typeof s === "object" && !Array.isArray(s));
}

function principals(value: unknown): unknown[] {
    if (value === "*") {
        return ["*"];
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    return ([] as unknown[]).concat((value as Record<string, unknown>).AWS ?? []);
}

/**
 * Does a resource policy's Allow statement reach the role? It does when it names the role's ARN,
 * names everyone (`*`), or uses NotPrincipal without excluding the role. Naming the account only
 * delegates to the account's IAM policies, which are checked on their own.
 */
export function statementReachesRole(statement: Record<string, unknown>, roleArn: string): boolean {
    if (statement.Effect !== "Allow") {
        return false;
    }
    if (statement.NotPrincipal !== undefined) {
        return !principals(statement.NotPrincipal).includes(roleArn);
    }
    const named = principals(statement.Principal);
    return named.includes("*") || named.includes(roleArn);
}

/** What resource policies in the stack (queue and key policies, KMS grants) give the role, as identity-style documents. */
export function resourcePolicyGrants(roleArn: string, resources: readonly PolicyResource[], unknowns: Unknowns): object[] {
    const documents: object[] = [];
    const fromPolicy = (resourceArn: unknown, policy: unknown) => {
        if (typeof resourceArn !== "string" || !policy) {
            return;
        }
        const statements = statementsOf(policy).filter((s) => statementReachesRole(s, roleArn))
            // A resource policy's statement applies to its own resource; "*" there means that resource.
            .map(({ Principal: _p, NotPrincipal: _n, Resource, ...rest }) => (rest.NotResource !== undefined ? rest
                : { ...rest, Resource: Resource === undefined || Resource === "*" ? resourceArn : Resource }));
        if (statements.length > 0) {
            documents.push({ Version: "2012-10-17", Statement: statements });
        }
    };
    const queues = ofType(resources, TYPES.queue);
    for (const queue of queues) {
        fromPolicy(unknowns.peek(() => queue.props.arn), unknowns.peek(() => queue.props.policy));
    }
    for (const queuePolicy of ofType(resources, TYPES.queuePolicy)) {
        const url = unknowns.peek(() => queuePolicy.props.queueUrl);
        const queue = queues.find((q) => unknowns.peek(() => q.props.url) === url);
        fromPolicy(queue ? unknowns.peek(() => queue.props.arn) : url, unknowns.peek(() => queuePolicy.props.policy));
    }
    const keys = ofType(resources, TYPES.kmsKey);
    const keyArn = (id: unknown) => {
        const key = keys.find((k) => id !== undefined && (unknowns.peek(() => k.props.arn) === id || unknowns.peek(() => k.props.keyId) === id));
        return key ? unknowns.peek(() => key.props.arn) : id;
    };
    for (const key of keys) {
        fromPolicy(unknowns.peek(() => key.props.arn), unknowns.peek(() => key.props.policy));
    }
    for (const keyPolicy of ofType(resources, TYPES.kmsKeyPolicy)) {
        fromPolicy(keyArn(unknowns.peek(() => keyPolicy.props.keyId)), unknowns.peek(() => keyPolicy.props.policy));
    }
    for (const grant of ofType(resources, TYPES.kmsGrant)) {
        if (unknowns.peek(() => grant.props.granteePrincipal) !== roleArn) {
            continue;
        }
        const operations = (unknowns.peek(() => grant.props.operations) ?? []) as string[];
        const resource = keyArn(unknowns.peek(() => grant.props.keyId));
        if (typeof resource === "string" && operations.length > 0) {
            documents.push({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: operations.map((o) => `kms:${o}`), Resource: resource }] });
        }
    }
    return documents;
}
