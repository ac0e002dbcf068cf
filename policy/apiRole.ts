// Policies on the role an API Gateway integration (REST or HTTP API) assumes to write into SQS: it
// may send messages to the queues its integrations target (and use their customer-managed KMS
// keys), nothing else, wherever the grant is written, and only API Gateway may assume it. Roles
// that are no integration's credentials are left alone.
import { PolicyResource } from "@pulumi/policy";

import { IamCatalogue } from "./catalogue";
import { allows, Excess, Permissions as RolePermissions, rolePermissions } from "./iam";
import { QueueKeys } from "./identifiers";
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
export const CALLER_CREDENTIALS = /^arn:aws[a-z-]*:iam::\*:user\/\*$/;
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
export function apiRoles(resources: readonly PolicyResource[], unknowns: Unknowns): ApiRole[] {
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
export function drainingQueues(role: PolicyResource | undefined, resources: readonly PolicyResource[]): string[] {
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



/** Is the resource (by its URN's type chain) inside one of the given component types? */
export function insideComponent(urn: string, componentTypes: readonly string[]): boolean {
    const typeChain = urn.split("::")[2] ?? "";
    return typeChain.split("$").slice(0, -1).some((type) => componentTypes.includes(type));
}

export const SQS_QUEUE_ARN = "arn:aws*:sqs:*:*:*";
export const KMS_KEY_ARN = "arn:aws*:kms:*:*:key/*";


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

