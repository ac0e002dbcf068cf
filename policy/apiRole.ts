// Policies on the role an API Gateway integration (REST or HTTP API) assumes to write into SQS: it
// may send messages to the queues its integrations target (and use their customer-managed KMS
// keys), nothing else, wherever the grant is written, and only API Gateway may assume it. Roles
// that are no integration's credentials are left alone.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { IamCatalogue, loadIamCatalogue } from "./catalogue";
import { globMatch, hasWildcard } from "./globs";
import { Allowance, allows, effectivePermissions, Excess, parseDocument, Permissions as RolePermissions, PolicyDocumentError, permissionsBeyond, rolePermissions } from "./iam";
import { reportedUrn } from "./bodyResources";
import { keysOfQueues, QueueKeys } from "./identifiers";
import { sqsIntegrations } from "./integrations";
import { RoleIdentity } from "./principals";
import { resourcePolicyGrants } from "./resourcePolicies";
import { documentsOfRole, identityOfRole, roleByArn, RoleDocuments } from "./roleDocuments";
import { parseJsonDocument, StackIndex, statementsOf, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

export const SEND_MESSAGE = "sqs:SendMessage";
/**
 * The tag the QueueApi component puts on a retired route's queue: it answers 410 and sends nothing,
 * and its role keeps the grant until the route is removed, so that the deployment the retiring
 * update replaces can send to it until the stage stops serving it.
 */
export const RETIRED_QUEUE_TAG = "queue-load-leveling:retired-route";
/** Credentials that make API Gateway call the backend as the caller (`arn:aws:iam::*:user/*`), not as a role. */
const CALLER_CREDENTIALS = /^arn:aws[a-z-]*:iam::\*:user\/\*$/;
export const KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;
const API_GATEWAY = "apigateway.amazonaws.com";
/** The component type whose IAM documents the resource-level companion checks. */
export const DEFAULT_API_COMPONENT_TYPES = ["queue-load-leveling:index:QueueApi"];
/** Component types inside those whose IAM documents are not the API's: its consumers' (checked by consumer-role-least-privilege). */
export const DEFAULT_CONSUMER_COMPONENT_TYPES = ["queue-load-leveling:index:QueueConsumer"];

interface ApiRole {
    readonly arn: string;
    readonly role: PolicyResource | undefined;
    readonly identity: RoleIdentity;
    /** The integrations that use the role, and the queues they send to. */
    readonly integrations: string[];
    readonly queueArns: string[];
    /** For each integration that names no queue the pack can read, why. */
    readonly unnamedQueues: string[];
    /** For each integration whose queue cannot be resolved offline, why: then what it may send to is not judged. */
    readonly unresolvedQueues: string[];
}

/** The roles used as credentials by SQS integrations (REST and HTTP APIs), with the queues each one must reach. */
function apiRoles(resources: readonly PolicyResource[], unknowns: Unknowns): ApiRole[] {
    const byArn = new Map<string, ApiRole>();
    const index = StackIndex.of(resources);
    for (const integration of sqsIntegrations(resources, unknowns)) {
        const arn = integration.credentials;
        // Without its queue (unknown at preview) the role cannot be judged: the SDK reports it.
        if (arn === undefined || !integration.queuesKnown) {
            continue;
        }
        const role = roleByArn(index, arn, unknowns);
        // Role names are one name whatever their case: credentials that differ only in case are the same role.
        const key = role ? role.urn : arn;
        const entry = byArn.get(key) ?? { arn, role, identity: identityOfRole(arn, role), integrations: [], queueArns: [], unnamedQueues: [], unresolvedQueues: [] };
        entry.integrations.push(integration.resource.name);
        integration.queueArns.filter((q) => !entry.queueArns.includes(q)).forEach((q) => entry.queueArns.push(q));
        if (integration.unnamedQueue) {
            entry.unnamedQueues.push(`${integration.resource.name}: ${integration.unnamedQueue}`);
        }
        if (integration.unresolvedQueue) {
            entry.unresolvedQueues.push(`${integration.resource.name}: ${integration.unresolvedQueue}`);
        }
        byArn.set(key, entry);
    }
    return [...byArn.values()];
}

/**
 * The ARNs of the queues of retired routes beside the role, in the same component: tagged by it,
 * and still granted to the role until their route is removed.
 */
function drainingQueues(role: PolicyResource | undefined, resources: readonly PolicyResource[]): string[] {
    const parent = role?.parent?.urn;
    if (parent === undefined) {
        return [];
    }
    return StackIndex.of(resources).ofType(TYPES.queue).filter((queue) => queue.parent?.urn === parent).flatMap((queue) => {
        const reading = new Unknowns();
        const tags = reading.peek(() => queue.props.tags) as Record<string, unknown> | undefined;
        const arn = reading.peek(() => queue.props.arn);
        return !reading.any && tags?.[RETIRED_QUEUE_TAG] === "true" && typeof arn === "string" ? [arn] : [];
    });
}

/**
 * Excess KMS grants are judged only where the queues' keys are known: a key that cannot be resolved,
 * or (when the role has KMS grants to judge) a queue outside the stack that no `queueKeys` entry
 * speaks for, is said once instead, and the KMS grants are left out.
 */
export function judgeKms(excess: readonly Excess[], keys: QueueKeys): { excess: Excess[]; problems: string[] } {
    const problems = keys.unresolved.map((why) => `${why}, so its use of KMS is not judged`);
    const kmsExcess = excess.some((e) => e.action.startsWith("kms:"));
    if (kmsExcess && keys.outside.length > 0) {
        problems.push(`${keys.outside.length === 1 ? "queue" : "queues"} ${keys.outside.join(", ")} ${keys.outside.length === 1 ? "is" : "are"} not in `
            + "this stack, so the key it is encrypted with cannot be read offline and its use of KMS is not judged: declare the key in this "
            + "policy's queueKeys");
    }
    const unjudged = keys.unresolved.length > 0 || (kmsExcess && keys.outside.length > 0);
    return { excess: unjudged ? excess.filter((e) => !e.action.startsWith("kms:")) : [...excess], problems };
}

/** Excess permissions as text, a service's many actions on the same resources folded into one entry. */
export function describeExcess(excess: readonly Excess[], limit = 12): string {
    const groups = new Map<string, { service: string; resources: string; actions: string[] }>();
    for (const e of excess) {
        const service = e.action.split(":")[0];
        const resources = e.resources.join(", ");
        const key = `${service} ${resources}`;
        const group = groups.get(key) ?? { service, resources, actions: [] };
        group.actions.push(e.action);
        groups.set(key, group);
    }
    const entries = [...groups.values()].map(({ service, resources, actions }) => (actions.length > 3
        ? `${actions.length} ${service} actions (${actions.slice(0, 3).join(", ")}, …) on ${resources}`
        : `${actions.join(", ")} on ${resources}`));
    return entries.length > limit ? `${entries.slice(0, limit).join("; ")}; and ${entries.length - limit} more` : entries.join("; ");
}

/** A role of the stack as IAM resolves it, wherever its grants are written. */
export interface ResolvedRole {
    /** What it may do: its own policies and the resource policies that name it, capped by its boundary. */
    readonly permissions: RolePermissions;
    readonly boundary: RoleDocuments["boundary"];
    /** True when unknown values among its policies leave what it may do partly unknown. */
    readonly partlyUnknown: boolean;
    /** The problem of policies attached whose documents the stack does not hold, if any. */
    readonly unreadable: string[];
    /** A problem per role whose trust policy lets this one assume it, and so do whatever that role may do. */
    readonly assumable: string[];
}

/**
 * Reads a role's documents and the grants that name it, unknown values among them going to
 * `unknowns`. Throws PolicyDocumentError when a document cannot be read.
 */
export function resolveRole(role: PolicyResource, identity: RoleIdentity, resources: readonly PolicyResource[], catalogue: IamCatalogue,
    unknowns: Unknowns): ResolvedRole {
    // Unknown values among this role's policies make what it lacks unprovable, not the rest.
    const reading = new Unknowns();
    const { documents, unreadable, boundary } = documentsOfRole(role, identity, resources, reading);
    const grants = resourcePolicyGrants(identity, resources, reading);
    unknowns.peek(() => reading.rethrow());
    const permissions = rolePermissions({
        identity: documents.map((d) => d.document),
        resource: grants.documents,
        // A boundary not known yet may cap anything: only what resource policies give is certain.
        boundary: boundary && "document" in boundary ? boundary.document : boundary && "unknown" in boundary ? {} : undefined,
    }, catalogue);
    const assumable = grants.trustedBy.filter((trusting) => {
        const trustingArn = new Unknowns().peek(() => trusting.props.arn);
        return typeof trustingArn === "string" && allows(permissions, "sts:AssumeRole", trustingArn);
    }).map((trusting) => `may assume role ${trusting.name}, whose trust policy names it, and so do whatever that role may do`);
    return {
        permissions,
        boundary,
        partlyUnknown: reading.any,
        unreadable: unreadable.length > 0 ? [`has policies attached whose documents are not in the stack and cannot be read: ${unreadable.join(", ")}`] : [],
        assumable,
    };
}

/** The setting of the policies that judge a role against its queues: the keys of queues outside the stack. */
export const QUEUE_KEYS_CONFIG = {
    properties: {
        queueKeys: {
            type: "object" as const,
            additionalProperties: { type: "string" as const },
            default: {},
            description: "For queues outside the stack: the ARN of the KMS key each is encrypted with, by queue ARN",
        },
    },
};

export const apiRoleSendMessageOnly: StackValidationPolicy = {
    name: "api-role-sendmessage-only",
    description: "The role an API Gateway integration (REST, or HTTP API subtype SQS-*) uses to write to SQS may allow "
        + "sqs:SendMessage on exactly the queues its integrations target and the queues of its component's retired routes, "
        + "until they are removed (plus kms:GenerateDataKey and kms:Decrypt on their customer-managed keys) and nothing else, counting its own policies (by its name or ARN in any case), "
        + "resource policies that name it and roles that trust it. Remove the extra actions or resources the violation "
        + "names, and attach no policy whose document is not in the stack.",
    enforcementLevel: "mandatory",
    configSchema: QUEUE_KEYS_CONFIG,
    validateStack: async (args, reportViolation) => {
        const catalogue = await loadIamCatalogue();
        const { queueKeys = {} } = args.getConfig<{ queueKeys?: Record<string, string> }>();
        const unknowns = new Unknowns();
        for (const integration of sqsIntegrations(args.resources, unknowns).filter((i) => i.unresolvedCredentials)) {
            reportViolation(`integration ${integration.resource.name} writes to SQS with credentials that cannot be resolved offline `
                + `(${integration.unresolvedCredentials}), so what they allow cannot be checked.`, reportedUrn(integration.resource));
        }
        for (const api of apiRoles(args.resources, unknowns)) {
            const subject = `role ${api.arn} (credentials of ${api.integrations.join(", ")})`;
            if (!api.role) {
                if (!unknowns.any) {
                    reportViolation(CALLER_CREDENTIALS.test(api.arn)
                        ? `${subject} passes each caller's own credentials to SQS: what callers may do there is decided by their own IAM `
                            + "policies, which the pack cannot see, so it cannot be checked. Give the integration a role of this stack."
                        : `${subject} is not in this stack, so what it allows cannot be checked.`);
                }
                continue;
            }
            let resolved: ResolvedRole;
            try {
                resolved = resolveRole(api.role, api.identity, args.resources, catalogue, unknowns);
            } catch (err) {
                if (err instanceof PolicyDocumentError) {
                    reportViolation(`${subject}: a policy document cannot be read: ${err.message}`, api.role.urn);
                    continue;
                }
                throw err;
            }
            const { permissions, boundary } = resolved;
            const problems = [...resolved.unreadable];
            problems.push(...api.unnamedQueues.map((why) => `is used by an integration that names no queue the pack can read (${why})`));
            problems.push(...api.unresolvedQueues.map((why) => `is used by an integration whose queue cannot be resolved offline (${why}), so where it `
                + "may send is not judged"));
            const granted = [...api.queueArns, ...drainingQueues(api.role, args.resources).filter((arn) => !api.queueArns.includes(arn))];
            const keys = keysOfQueues(granted, args.resources, unknowns, queueKeys);
            const allowances: Allowance[] = [
                { action: SEND_MESSAGE, resources: granted },
                ...KMS_ACTIONS.map((action) => ({ action, resources: keys.arns })),
            ];
            // A queue that cannot be resolved is said once above, not guessed: the grants it would decide are left out.
            const unjudged = new Set(api.unresolvedQueues.length > 0 ? [SEND_MESSAGE, ...KMS_ACTIONS] : []);
            const kms = judgeKms(permissionsBeyond(permissions, allowances).filter((e) => !unjudged.has(e.action)), keys);
            problems.push(...kms.problems);
            const excess = kms.excess;
            if (excess.length > 0) {
                problems.push(`allows more than it needs: ${describeExcess(excess)}`);
            }
            for (const queueArn of resolved.partlyUnknown ? [] : api.queueArns) {
                if (!allows(permissions, SEND_MESSAGE, queueArn)) {
                    problems.push(`does not allow ${SEND_MESSAGE} on ${queueArn}, so every request to it would fail`);
                }
            }
            problems.push(...resolved.assumable);
            if (excess.length > 0 && boundary && "unreadable" in boundary) {
                problems.push(`its permissions boundary ${boundary.unreadable} is not in the stack, so what it caps cannot be read`);
            }
            if (problems.length > 0 && permissions.unknownActions.length > 0) {
                problems.push(`names actions that do not exist in IAM: ${permissions.unknownActions.join(", ")}`);
            }
            if (problems.length > 0) {
                reportViolation(`${subject} ${problems.join("; ")}.`, api.role.urn);
            }
        }
        unknowns.rethrow();
    },
};

export const apiRoleUnknownActions: StackValidationPolicy = {
    name: "api-role-unknown-actions",
    description: "A policy of an API integration role names an action that does not exist in IAM (such as "
        + "sqs:SendMessageBatch, which sqs:SendMessage covers). It grants nothing; remove it or fix its spelling.",
    enforcementLevel: "advisory",
    validateStack: async (args, reportViolation) => {
        const catalogue = await loadIamCatalogue();
        const unknowns = new Unknowns();
        for (const api of apiRoles(args.resources, unknowns)) {
            if (!api.role) {
                continue;
            }
            const names = new Set<string>();
            for (const { document } of documentsOfRole(api.role, api.identity, args.resources, unknowns).documents) {
                try {
                    parseDocument(document, catalogue).unknown.forEach((name) => names.add(name));
                } catch (err) {
                    if (!(err instanceof PolicyDocumentError)) {
                        throw err;
                    }
                }
            }
            if (names.size > 0) {
                reportViolation(`role ${api.arn} names actions that do not exist in IAM: ${[...names].join(", ")}.`, api.role.urn);
            }
        }
        unknowns.rethrow();
    },
};

/** Is the resource (by its URN's type chain) inside one of the given component types? */
export function insideComponent(urn: string, componentTypes: readonly string[]): boolean {
    const typeChain = urn.split("::")[2] ?? "";
    return typeChain.split("$").slice(0, -1).some((type) => componentTypes.includes(type));
}

const SQS_QUEUE_ARN = "arn:aws*:sqs:*:*:*";
const KMS_KEY_ARN = "arn:aws*:kms:*:*:key/*";

export const apiRolePolicyDocument: ResourceValidationPolicy = {
    name: "api-role-policy-document",
    description: "An IAM policy inside an API-to-SQS component (and not inside one of its consumers) may allow only "
        + "sqs:SendMessage on named queues and kms:GenerateDataKey/kms:Decrypt on named keys: no other action, no "
        + "wildcard resource. Checked on the document alone, so it stops a change at preview whenever the document is known then.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            componentTypes: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_API_COMPONENT_TYPES,
                description: "Component types whose IAM policies are API integration policies",
            },
            consumerComponentTypes: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_CONSUMER_COMPONENT_TYPES,
                description: "Component types, inside those, whose IAM policies are a consumer's and not the API's",
            },
        },
    },
    validateResource: async (args, reportViolation) => {
        if (args.type !== TYPES.policy && args.type !== TYPES.rolePolicy) {
            return;
        }
        const { componentTypes = DEFAULT_API_COMPONENT_TYPES, consumerComponentTypes = DEFAULT_CONSUMER_COMPONENT_TYPES } =
            args.getConfig<{ componentTypes?: string[]; consumerComponentTypes?: string[] }>();
        if (!insideComponent(args.urn, componentTypes) || insideComponent(args.urn, consumerComponentTypes)) {
            return;
        }
        let permissions;
        try {
            permissions = effectivePermissions([args.props.policy], await loadIamCatalogue());
        } catch (err) {
            if (err instanceof PolicyDocumentError) {
                reportViolation(`the policy document cannot be read: ${err.message}`);
                return;
            }
            throw err;
        }
        const problems: string[] = [];
        for (const [action, scopes] of permissions.allowed) {
            const pattern = action === SEND_MESSAGE ? SQS_QUEUE_ARN
                : (KMS_ACTIONS as readonly string[]).includes(action) ? KMS_KEY_ARN : undefined;
            const wide = scopes.filter((s) => !pattern || s.except.length > 0 || hasWildcard(s.pattern) || !globMatch(pattern, s.pattern));
            if (wide.length > 0) {
                problems.push(`${action} on ${wide.map((s) => s.pattern).join(", ")}`);
            }
        }
        if (problems.length > 0) {
            reportViolation(`this API integration policy allows more than sqs:SendMessage on named queues: ${problems.sort().join("; ")}.`);
        }
    },
};

function onlyValue(value: unknown, expected: string, ignoreCase: boolean): boolean {
    const values = Array.isArray(value) ? value : [value];
    return values.length === 1 && typeof values[0] === "string"
        && (ignoreCase ? values[0].toLowerCase() === expected.toLowerCase() : values[0] === expected);
}

/** What is wrong with a trust policy for an API integration role; empty when nothing is. */
export function trustProblems(document: unknown): string[] {
    try {
        parseJsonDocument(document);
    } catch {
        return ["it is not valid JSON"];
    }
    const problems: string[] = [];
    const allowing = statementsOf(document).filter((s) => s.Effect === "Allow");
    if (allowing.length === 0) {
        problems.push("it lets no one assume the role");
    }
    for (const statement of allowing) {
        if (statement.NotPrincipal !== undefined || statement.NotAction !== undefined) {
            problems.push("an Allow statement uses NotPrincipal or NotAction");
            continue;
        }
        const principal = statement.Principal as Record<string, unknown> | string | undefined;
        const keys = principal && typeof principal === "object" ? Object.keys(principal) : [];
        if (keys.length !== 1 || keys[0] !== "Service" || !onlyValue((principal as Record<string, unknown>).Service, API_GATEWAY, false)) {
            problems.push(`it trusts ${JSON.stringify(principal)} instead of only {"Service":"${API_GATEWAY}"}`);
        }
        if (!onlyValue(statement.Action, "sts:AssumeRole", true)) {
            problems.push(`it allows ${JSON.stringify(statement.Action)} instead of only sts:AssumeRole`);
        }
    }
    return problems;
}

export const apiRoleTrust: StackValidationPolicy = {
    name: "api-role-trust",
    description: "The role an API Gateway integration uses may be assumed only by the service apigateway.amazonaws.com, "
        + "with sts:AssumeRole only: no AWS principal, no NotPrincipal, no other service. Fix the role's "
        + "assumeRolePolicy. (An aws:SourceAccount condition is not required: API Gateway does not set it here.)",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const unknowns = new Unknowns();
        for (const api of apiRoles(args.resources, unknowns)) {
            const role = api.role;
            const trust = role ? unknowns.peek(() => role.props.assumeRolePolicy) : undefined;
            if (role && trust !== undefined) {
                const problems = trustProblems(trust);
                if (problems.length > 0) {
                    reportViolation(`role ${api.arn} trust policy: ${problems.join("; ")}.`, role.urn);
                }
            }
        }
        unknowns.rethrow();
    },
};
