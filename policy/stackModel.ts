// Reads the resources of a stack the way the policies need them: which integrations send to SQS,
// which role they use, and every policy document that reaches that role.
import { PolicyResource } from "@pulumi/policy";

import { Unknowns } from "./unknowns";

export const TYPES = {
    restApi: "aws:apigateway/restApi:RestApi",
    apiResource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    methodResponse: "aws:apigateway/methodResponse:MethodResponse",
    integration: "aws:apigateway/integration:Integration",
    integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
    gatewayResponse: "aws:apigateway/response:Response",
    model: "aws:apigateway/model:Model",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    apiGatewayAccount: "aws:apigateway/account:Account",
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
    redriveAllowPolicy: "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
    kmsKey: "aws:kms/key:Key",
    kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    kmsGrant: "aws:kms/grant:Grant",
    kmsAlias: "aws:kms/alias:Alias",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
} as const;

/**
 * Lookups over one stack's resources, built once per stack and shared by every policy, so that
 * checking a stack costs time in proportion to its size rather than to its size squared.
 */
export class StackIndex {
    private static readonly cache = new WeakMap<readonly PolicyResource[], StackIndex>();
    private readonly types = new Map<string, PolicyResource[]>();
    private readonly lookups = new Map<string, { byValue: Map<unknown, PolicyResource[]>; unknowns: Unknowns }>();
    private readonly memo = new Map<string, { value: unknown; unknowns: Unknowns }>();

    private constructor(resources: readonly PolicyResource[]) {
        for (const resource of resources) {
            this.types.set(resource.type, [...(this.types.get(resource.type) ?? []), resource]);
        }
    }

    static of(resources: readonly PolicyResource[]): StackIndex {
        let index = StackIndex.cache.get(resources);
        if (!index) {
            index = new StackIndex(resources);
            StackIndex.cache.set(resources, index);
        }
        return index;
    }

    ofType(type: string): readonly PolicyResource[] {
        return this.types.get(type) ?? [];
    }

    /**
     * The resources of `type` whose property `prop` is `value` (or, for a list, holds it). Resources
     * whose property is unknown are left out, and noted in `unknowns`.
     */
    find(type: string, prop: string, value: unknown, unknowns: Unknowns): readonly PolicyResource[] {
        const key = `${type}\u0000${prop}`;
        let lookup = this.lookups.get(key);
        if (!lookup) {
            lookup = { byValue: new Map(), unknowns: new Unknowns() };
            for (const resource of this.ofType(type)) {
                const held = lookup.unknowns.peek(() => resource.props[prop]);
                const values = Array.isArray(held) ? Array.from({ length: held.length }, (_, i) => lookup!.unknowns.peek(() => held[i])) : [held];
                for (const v of values.filter((x) => x !== undefined)) {
                    lookup.byValue.set(v, [...(lookup.byValue.get(v) ?? []), resource]);
                }
            }
            this.lookups.set(key, lookup);
        }
        unknowns.absorb(lookup.unknowns);
        return value === undefined ? [] : lookup.byValue.get(value) ?? [];
    }

    /** A value derived from the whole stack, computed once; unknowns met while computing it are noted in `unknowns`. */
    derived<T>(name: string, compute: (unknowns: Unknowns) => T, unknowns: Unknowns): T {
        let entry = this.memo.get(name);
        if (!entry) {
            const met = new Unknowns();
            entry = { value: compute(met), unknowns: met };
            this.memo.set(name, entry);
        }
        unknowns.absorb(entry.unknowns);
        return entry.value as T;
    }
}

export function ofType(resources: readonly PolicyResource[], type: string): readonly PolicyResource[] {
    return StackIndex.of(resources).ofType(type);
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

// SQS endpoints: sqs.<region>.amazonaws.com (.com.cn in China), the dual-stack sqs.<region>.api.aws,
// and the legacy <region>.queue.amazonaws.com and queue.amazonaws.com (us-east-1).
const QUEUE_URL = /^https?:\/\/(?:sqs\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?|api\.aws)|([a-z0-9-]+)\.queue\.(amazonaws\.com(?:\.cn)?)|queue\.(amazonaws\.com))\/(\d{12})\/([^/?#]+)\/?$/i;

/** The ARN of the queue an SQS queue URL names; undefined when it is not such a URL. */
export function queueArnOfUrl(url: unknown): string | undefined {
    const match = typeof url === "string" ? QUEUE_URL.exec(url.trim()) : null;
    if (!match) {
        return undefined;
    }
    const region = (match[1] ?? match[3] ?? "us-east-1").toLowerCase();
    const domain = (match[2] ?? match[4] ?? match[5]).toLowerCase();
    const partition = domain.endsWith(".cn") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return `arn:${partition}:sqs:${region}:${match[6]}:${match[7]}`;
}

export function parseJsonDocument(value: unknown): unknown {
    return typeof value === "string" ? JSON.parse(value) : value;
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
    const index = StackIndex.of(resources);
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
    // Other resources name a role by its name or its ARN.
    const references = [unknowns.peek(() => role.props.name), unknowns.peek(() => role.props.arn)].filter((r) => r !== undefined);
    const naming = (type: string, prop: string) => [...new Set(references.flatMap((r) => index.find(type, prop, r, unknowns)))];

    // Lists are read item by item: reading an unknown item throws, and the others still count.
    const inline = (unknowns.peek(() => role.props.inlinePolicies) ?? []) as { policy?: string }[];
    for (let i = 0; i < inline.length; i++) {
        add(`inline policy ${i} of role ${role.name}`, () => inline[i].policy);
    }
    const managed = (unknowns.peek(() => role.props.managedPolicyArns) ?? []) as unknown[];
    for (let i = 0; i < managed.length; i++) {
        attach(() => managed[i]);
    }
    for (const rp of naming(TYPES.rolePolicy, "role")) {
        add(`aws.iam.RolePolicy ${rp.name}`, () => rp.props.policy);
    }
    for (const attachment of [...naming(TYPES.rolePolicyAttachment, "role"), ...naming(TYPES.policyAttachment, "roles")]) {
        attach(() => attachment.props.policyArn);
    }
    for (const exclusive of naming(TYPES.rolePolicyAttachmentsExclusive, "roleName")) {
        const arns = (unknowns.peek(() => exclusive.props.policyArns) ?? []) as unknown[];
        for (let i = 0; i < arns.length; i++) {
            attach(() => arns[i]);
        }
    }

    const unreadable: string[] = [];
    for (const arn of attachedArns) {
        const [policy] = index.find(TYPES.policy, "arn", arn, unknowns);
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


interface ResourceGrant {
    /** The statement, made identity-style: no principal, its resource filled in. */
    readonly statement: Record<string, unknown>;
    readonly principals: readonly unknown[];
    /** Set for NotPrincipal: everyone except these. */
    readonly except?: readonly unknown[];
}

/** Every Allow statement of the stack's queue and key policies, and every KMS grant, once per stack. */
function resourceGrants(index: StackIndex, unknowns: Unknowns): { byPrincipal: Map<unknown, ResourceGrant[]>; everyone: ResourceGrant[] } {
    return index.derived("resource grants", (met) => {
        const byPrincipal = new Map<unknown, ResourceGrant[]>();
        const everyone: ResourceGrant[] = [];
        const file = (grant: ResourceGrant) => {
            if (grant.except || grant.principals.includes("*")) {
                everyone.push(grant);
            }
            for (const principal of grant.principals.filter((p) => p !== "*")) {
                byPrincipal.set(principal, [...(byPrincipal.get(principal) ?? []), grant]);
            }
        };
        const fromPolicy = (resourceArn: unknown, policy: unknown) => {
            if (typeof resourceArn !== "string" || !policy) {
                return;
            }
            for (const s of statementsOf(policy).filter((x) => x.Effect === "Allow")) {
                const { Principal, NotPrincipal, Resource, ...rest } = s;
                // A resource policy's statement applies to its own resource; "*" there means that resource.
                const statement = rest.NotResource !== undefined ? rest
                    : { ...rest, Resource: Resource === undefined || Resource === "*" ? resourceArn : Resource };
                file(NotPrincipal !== undefined ? { statement, principals: [], except: principals(NotPrincipal) }
                    : { statement, principals: principals(Principal) });
            }
        };
        for (const queue of index.ofType(TYPES.queue)) {
            fromPolicy(met.peek(() => queue.props.arn), met.peek(() => queue.props.policy));
        }
        for (const queuePolicy of index.ofType(TYPES.queuePolicy)) {
            const url = met.peek(() => queuePolicy.props.queueUrl);
            const [queue] = index.find(TYPES.queue, "url", url, met);
            fromPolicy(queue ? met.peek(() => queue.props.arn) : url, met.peek(() => queuePolicy.props.policy));
        }
        const keyArn = (id: unknown) => {
            const [key] = [...index.find(TYPES.kmsKey, "arn", id, met), ...index.find(TYPES.kmsKey, "keyId", id, met)];
            return key ? met.peek(() => key.props.arn) : id;
        };
        for (const key of index.ofType(TYPES.kmsKey)) {
            fromPolicy(met.peek(() => key.props.arn), met.peek(() => key.props.policy));
        }
        for (const keyPolicy of index.ofType(TYPES.kmsKeyPolicy)) {
            fromPolicy(keyArn(met.peek(() => keyPolicy.props.keyId)), met.peek(() => keyPolicy.props.policy));
        }
        for (const grant of index.ofType(TYPES.kmsGrant)) {
            const grantee = met.peek(() => grant.props.granteePrincipal);
            const operations = (met.peek(() => grant.props.operations) ?? []) as string[];
            const resource = keyArn(met.peek(() => grant.props.keyId));
            if (typeof resource === "string" && operations.length > 0) {
                file({ statement: { Effect: "Allow", Action: operations.map((o) => `kms:${o}`), Resource: resource }, principals: [grantee] });
            }
        }
        return { byPrincipal, everyone };
    }, unknowns);
}

/**
 * What resource policies in the stack (queue and key policies, KMS grants) give the role, as one
 * identity-style document. A statement reaches the role when it names the role's ARN, names
 * everyone (`*`), or uses NotPrincipal without excluding the role. Naming the account only
 * delegates to the account's IAM policies, which are checked on their own.
 */
export function resourcePolicyGrants(roleArn: string, resources: readonly PolicyResource[], unknowns: Unknowns): object[] {
    const { byPrincipal, everyone } = resourceGrants(StackIndex.of(resources), unknowns);
    const reaching = [...(byPrincipal.get(roleArn) ?? []), ...everyone.filter((g) => !g.except?.includes(roleArn))];
    return reaching.length > 0 ? [{ Version: "2012-10-17", Statement: reaching.map((g) => g.statement) }] : [];
}
