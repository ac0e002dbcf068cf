// Reads the resources of a stack the way the policies need them: resource types, lookups built once
// per stack, integration URIs, queue URLs and policy documents. (Which documents reach a role is
// roleDocuments.ts; which integrations write to SQS, integrations.ts.)
import { PolicyResource } from "@pulumi/policy";

import { TYPES } from "./awsTypes";
import { ApiWithBody, apiWithBody } from "./bodyResources";
import { Unknowns } from "./unknowns";

export { TYPES } from "./awsTypes";

/**
 * Lookups over one stack's resources, built once per stack and shared by every policy, so that
 * checking a stack costs time in proportion to its size rather than to its size squared.
 */
export class StackIndex {
    private static readonly cache = new WeakMap<readonly PolicyResource[], StackIndex>();
    private readonly types = new Map<string, PolicyResource[]>();
    private readonly lookups = new Map<string, { byValue: Map<unknown, PolicyResource[]>; unknowns: Unknowns }>();
    private readonly memo = new Map<string, { value: unknown; unknowns: Unknowns }>();

    /** The APIs of the stack written as OpenAPI bodies, and the bodies RestApiPuts put; what each body defines is among the resources of their types. */
    readonly bodies: readonly ApiWithBody[];
    private readonly bodiesUnknown = new Unknowns();

    private constructor(resources: readonly PolicyResource[]) {
        for (const resource of resources) {
            this.types.set(resource.type, [...(this.types.get(resource.type) ?? []), resource]);
        }
        const bodies: ApiWithBody[] = [];
        for (const api of [...this.ofType(TYPES.restApi), ...this.ofType(TYPES.httpApi), ...this.ofType(TYPES.restApiPut)]) {
            const read = apiWithBody(api);
            if (read) {
                bodies.push(read);
                read.resources.forEach((r) => this.types.set(r.type, [...(this.types.get(r.type) ?? []), r]));
                if (read.unknowns) {
                    this.bodiesUnknown.absorb(read.unknowns);
                }
            }
        }
        this.bodies = bodies;
    }

    /**
     * Notes in `unknowns` that a body is not known yet (at a first preview), so that a policy whose
     * verdict depends on what APIs define leaves the stack to the SDK rather than pass it unread.
     */
    absorbUnknownBodies(unknowns: Unknowns): void {
        unknowns.absorb(this.bodiesUnknown);
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

    /** Every resource type the stack holds. */
    allTypes(): readonly string[] {
        return [...this.types.keys()];
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

/** A list property read item by item: an unknown item is noted and left out, the others count. */
export function knownItems(read: () => unknown, unknowns: Unknowns): unknown[] {
    const list = unknowns.peek(read);
    if (list === undefined || list === null) {
        return [];
    }
    if (!Array.isArray(list)) {
        return [list];
    }
    return Array.from({ length: list.length }, (_, i) => unknowns.peek(() => list[i])).filter((v) => v !== undefined);
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
