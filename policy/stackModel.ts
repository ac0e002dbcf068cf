// Reads the resources of a stack the way the policies need them: which integrations send to SQS,
// which role they use, and every policy document that reaches that role.
import { PolicyResource } from "@pulumi/policy";

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

/** Everything that names a role: its name, and its ARN. */
function roleMatches(role: PolicyResource, reference: unknown): boolean {
    return reference !== undefined && (reference === role.props.name || reference === role.props.arn || reference === role.name);
}

export interface RoleDocuments {
    /** Identity policy documents that reach the role, each with where it comes from. */
    readonly documents: readonly { readonly source: string; readonly document: unknown }[];
    /** Managed policies attached by ARN whose document is not in the stack, so cannot be read. */
    readonly unreadable: readonly string[];
}

/** Every identity policy that reaches `role`: inline, attached, exclusive attachments. */
export function documentsOfRole(role: PolicyResource, resources: readonly PolicyResource[]): RoleDocuments {
    const documents: { source: string; document: unknown }[] = [];
    const attachedArns = new Set<string>();

    for (const inline of (role.props.inlinePolicies ?? []) as { name?: string; policy?: string }[]) {
        if (inline.policy) {
            documents.push({ source: `inline policy ${inline.name ?? "(unnamed)"} of role ${role.name}`, document: inline.policy });
        }
    }
    for (const arn of (role.props.managedPolicyArns ?? []) as string[]) {
        attachedArns.add(arn);
    }
    for (const rp of ofType(resources, TYPES.rolePolicy)) {
        if (roleMatches(role, rp.props.role)) {
            documents.push({ source: `aws.iam.RolePolicy ${rp.name}`, document: rp.props.policy });
        }
    }
    for (const attachment of ofType(resources, TYPES.rolePolicyAttachment)) {
        if (roleMatches(role, attachment.props.role)) {
            attachedArns.add(attachment.props.policyArn);
        }
    }
    for (const attachment of ofType(resources, TYPES.policyAttachment)) {
        if (((attachment.props.roles ?? []) as unknown[]).some((r) => roleMatches(role, r))) {
            attachedArns.add(attachment.props.policyArn);
        }
    }
    for (const exclusive of ofType(resources, TYPES.rolePolicyAttachmentsExclusive)) {
        if (roleMatches(role, exclusive.props.roleName)) {
            ((exclusive.props.policyArns ?? []) as string[]).forEach((arn) => attachedArns.add(arn));
        }
    }

    const unreadable: string[] = [];
    const policies = ofType(resources, TYPES.policy);
    for (const arn of attachedArns) {
        const policy = policies.find((p) => p.props.arn === arn);
        if (policy) {
            documents.push({ source: `aws.iam.Policy ${policy.name}`, document: policy.props.policy });
        } else {
            unreadable.push(arn);
        }
    }
    return { documents, unreadable };
}

/** Does a statement's Principal name the role (by ARN)? `*` is not the role: it is everyone. */
export function principalNamesRole(principal: unknown, roleArn: string): boolean {
    if (principal === null || typeof principal !== "object") {
        return false;
    }
    const aws = (principal as Record<string, unknown>).AWS;
    return (Array.isArray(aws) ? aws : [aws]).includes(roleArn);
}
