// Which AWS object each resource writes, keyed as AWS keys it: an integration response by API,
// resource, method and status code; a queue's policy by its queue; a role by its name. Each kind
// lists its writers, the resources (or properties of a resource) that set such an object.
import { PolicyResource } from "@pulumi/policy";

import { apiPart, apiResourcePart, namePart, Part, queuePart, regionPart, rolePart, selfPart, text, valuePart } from "./keys";
import { parseJsonDocument, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** A document as written: canonical JSON text, or unknown. */
export type Document = { readonly known: true; readonly text: string } | { readonly known: false; readonly unknowns: Unknowns };

/** A resource that writes one object of a kind. */
export interface Writer {
    readonly resource: PolicyResource;
    /** Set when the resource writes the object through one of its own properties (a queue's `policy`). */
    readonly through?: string;
    readonly parts: readonly Part[];
    /** What it writes, where an inline property may only mirror a separate resource (see `clash` in collisions.ts). */
    readonly document?: Document;
}

export interface ObjectKind {
    /** What the object is, e.g. "API Gateway integration response". */
    readonly what: string;
    /** Names of the key's parts, in order. */
    readonly labels: readonly string[];
    /** How AWS keys the object. */
    readonly rule: string;
    readonly fix: string;
    /** A top-level object with a name of its own (a queue), rather than a part of another (a method). */
    readonly named?: boolean;
    writers(index: StackIndex): Writer[];
}

/**
 * A document in one spelling of the many AWS treats alike, so that the copy a refresh reads back
 * compares equal to what was written: keys sorted, a one-item list as its item, lists in any order,
 * an account as its id or its root ARN, a number as a number or as text.
 */
function canonical(value: unknown): unknown {
    if (Array.isArray(value)) {
        const items = value.map(canonical);
        return items.length === 1 ? items[0] : items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
    }
    if (typeof value === "string") {
        const account = /^(\d{12})$/.exec(value) ?? /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(value);
        if (account) {
            return `account ${account[1]}`;
        }
        return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    }
    return value;
}

/** A document property: undefined when absent or empty, else its canonical JSON (or its text, when it is not JSON). */
function documentOf(read: () => unknown): Document | undefined {
    const unknowns = new Unknowns();
    const value = unknowns.peek(read);
    if (unknowns.any) {
        return { known: false, unknowns };
    }
    if (value === undefined || value === null || value === "") {
        return undefined;
    }
    try {
        return { known: true, text: JSON.stringify(canonical(parseJsonDocument(value))) };
    } catch {
        return { known: true, text: String(value) };
    }
}

/** Writers of every resource of `type` whose key parts can all be read; the others name no object. */
function each(index: StackIndex, type: string, read: (resource: PolicyResource) => (Part | undefined)[]): Writer[] {
    return index.ofType(type).flatMap((resource) => {
        const parts = read(resource);
        return parts.every((p) => p !== undefined) ? [{ resource, parts: parts as Part[] }] : [];
    });
}

/**
 * One attribute of a queue, set either on the Queue itself or by a separate resource naming the
 * queue's URL. An unknown value on the Queue may be set or not, and is kept as unknown.
 */
function queueAttribute(what: string, attribute: string, separateType: string, separateName: string): ObjectKind {
    return {
        what: `SQS ${what}`,
        labels: ["queue"],
        rule: `SQS keeps one ${what} per queue`,
        fix: `Set it once: in the queue's ${attribute} or in one ${separateName}.`,
        writers: (index) => [
            ...index.ofType(TYPES.queue).flatMap((queue) => {
                const document = documentOf(() => queue.props[attribute]);
                return document ? [{ resource: queue, through: attribute, parts: [selfPart(queue)], document }] : [];
            }),
            ...each(index, separateType, (r) => [queuePart(index, r)]).map((w) => ({
                ...w, document: documentOf(() => w.resource.props[attribute]) ?? { known: true as const, text: "" },
            })),
        ],
    };
}

/** The role's own inline policies, each with its name and document; an unknown entry may have any name. */
function inlineRolePolicies(role: PolicyResource): Writer[] {
    const unknownEntry = (unknowns: Unknowns): Writer =>
        ({ resource: role, through: "inlinePolicies", parts: [selfPart(role), { known: false, unknowns }], document: { known: false, unknowns } });
    const unknowns = new Unknowns();
    const entries = unknowns.peek(() => role.props.inlinePolicies);
    if (unknowns.any) {
        return [unknownEntry(unknowns)];
    }
    if (!Array.isArray(entries)) {
        return [];
    }
    return Array.from({ length: entries.length }, (_, i): Writer[] => {
        const reading = new Unknowns();
        const entry = reading.peek(() => entries[i]) as unknown;
        const name = entry !== null && typeof entry === "object" ? reading.peek(() => (entry as Record<string, unknown>).name) : undefined;
        if (reading.any) {
            return [unknownEntry(reading)];
        }
        const known = text(name);
        // An entry without a name (`inlinePolicies: [{}]`) writes no policy of its own.
        return known === undefined ? [] : [{
            resource: role, through: "inlinePolicies",
            parts: [selfPart(role), { known: true, id: `v:${known.toLowerCase()}`, display: known }],
            document: documentOf(() => (entry as Record<string, unknown>).policy) ?? { known: true, text: "" },
        }];
    }).flat();
}

const API_GATEWAY_OBJECTS: readonly ObjectKind[] = [
    {
        what: "API Gateway integration response",
        labels: ["API", "resource", "method", "status code"],
        rule: "API Gateway keeps one integration response per method and status code",
        fix: "Give each integration response of a method its own statusCode.",
        writers: (index) => each(index, TYPES.integrationResponse, (r) => [apiPart(index, r), apiResourcePart(index, r, "resourceId"),
            valuePart(r, "httpMethod"), valuePart(r, "statusCode")]),
    },
    {
        what: "API Gateway method response",
        labels: ["API", "resource", "method", "status code"],
        rule: "API Gateway keeps one method response per method and status code",
        fix: "Declare each status code of a method once.",
        writers: (index) => each(index, TYPES.methodResponse, (r) => [apiPart(index, r), apiResourcePart(index, r, "resourceId"),
            valuePart(r, "httpMethod"), valuePart(r, "statusCode")]),
    },
    {
        what: "API Gateway gateway response",
        labels: ["API", "response type"],
        rule: "API Gateway keeps one gateway response per API and response type",
        fix: "Keep one Response per responseType.",
        writers: (index) => each(index, TYPES.gatewayResponse, (r) => [apiPart(index, r, "restApiId"), valuePart(r, "responseType")]),
    },
    {
        what: "API Gateway method",
        labels: ["API", "resource", "method"],
        rule: "API Gateway keeps one method per resource and HTTP method",
        fix: "Declare each method of a resource once.",
        writers: (index) => each(index, TYPES.method, (r) => [apiPart(index, r), apiResourcePart(index, r, "resourceId"), valuePart(r, "httpMethod")]),
    },
    {
        what: "API Gateway integration",
        labels: ["API", "resource", "method"],
        rule: "API Gateway keeps one integration per method",
        fix: "Keep one Integration per method.",
        writers: (index) => each(index, TYPES.integration, (r) => [apiPart(index, r), apiResourcePart(index, r, "resourceId"), valuePart(r, "httpMethod")]),
    },
    {
        what: "API Gateway resource",
        labels: ["API", "parent", "path part"],
        rule: "API Gateway keeps one resource per parent and path part",
        fix: "Declare each path once and reuse its Resource, or give them different pathParts.",
        writers: (index) => each(index, TYPES.apiResource, (r) => [apiPart(index, r), apiResourcePart(index, r, "parentId"), valuePart(r, "pathPart")]),
    },
    {
        what: "API Gateway model",
        labels: ["API", "name"],
        rule: "API Gateway keeps one model per API and name",
        fix: "Give each Model of an API its own name.",
        writers: (index) => each(index, TYPES.model, (r) => [apiPart(index, r), valuePart(r, "name")]),
    },
    {
        what: "API Gateway stage",
        labels: ["API", "stage name"],
        rule: "API Gateway keeps one stage per API and name",
        fix: "Give each Stage of an API its own stageName.",
        writers: (index) => each(index, TYPES.stage, (r) => [apiPart(index, r), valuePart(r, "stageName")]),
    },
    {
        what: "API Gateway method setting",
        labels: ["API", "stage name", "method path"],
        rule: "API Gateway keeps one setting per stage and method path",
        fix: "Merge them into one MethodSettings, or give each its own methodPath.",
        writers: (index) => each(index, TYPES.methodSettings, (r) => [apiPart(index, r), valuePart(r, "stageName"), valuePart(r, "methodPath")]),
    },
    {
        what: "API Gateway account setting",
        labels: ["region"],
        rule: "API Gateway keeps one account setting (the CloudWatch role for logs) per account and region",
        fix: "Manage it with one Account per region, from one stack of the account.",
        writers: (index) => each(index, TYPES.apiGatewayAccount, (r) => [regionPart(r)]),
    },
];

const QUEUE_AND_ROLE_OBJECTS: readonly ObjectKind[] = [
    queueAttribute("queue policy", "policy", TYPES.queuePolicy, "QueuePolicy"),
    queueAttribute("redrive policy", "redrivePolicy", TYPES.redrivePolicy, "RedrivePolicy"),
    queueAttribute("redrive-allow policy", "redriveAllowPolicy", TYPES.redriveAllowPolicy, "RedriveAllowPolicy"),
    {
        what: "IAM role policy",
        labels: ["role", "name"],
        rule: "IAM keeps one inline policy per role and name, and names that differ only in case are one name",
        fix: "Give each policy of a role its own name, or leave name unset so that one is generated.",
        writers: (index) => [
            ...index.ofType(TYPES.role).flatMap(inlineRolePolicies),
            ...each(index, TYPES.rolePolicy, (r) => [rolePart(index, r), namePart(r, "name", true)])
                .map((w) => ({ ...w, document: documentOf(() => w.resource.props.policy) ?? { known: true as const, text: "" } })),
        ],
    },
];

/** Resources with an explicit physical name: a name left unset is generated, unique, and never collides. */
const NAMED_OBJECTS: readonly ObjectKind[] = [
    ["SQS queue", TYPES.queue, "queue names are unique in an account and region"],
    ["CloudWatch log group", TYPES.logGroup, "log group names are unique in an account and region"],
    ["CloudWatch metric alarm", TYPES.metricAlarm, "alarm names are unique in an account and region"],
    ["SNS topic", TYPES.topic, "topic names are unique in an account and region"],
].map(([what, type, rule]): ObjectKind => ({
    what, rule, named: true,
    labels: ["region", "name"],
    fix: "Give each its own name, or leave name unset so that one is generated.",
    // @pulumi/aws v7 calls an alarm's name `name`; earlier versions called it `alarmName`.
    writers: (index) => each(index, type, (r) => [regionPart(r), namePart(r, "name") ?? (type === TYPES.metricAlarm ? namePart(r, "alarmName") : undefined)]),
})).concat({
    what: "IAM role",
    named: true,
    labels: ["name"],
    rule: "role names are unique in an account, whatever the region and whatever their case",
    fix: "Give each role its own name, or leave name unset so that one is generated.",
    writers: (index) => each(index, TYPES.role, (r) => [namePart(r, "name", true)]),
});

export const OBJECT_KINDS: readonly ObjectKind[] = [...API_GATEWAY_OBJECTS, ...QUEUE_AND_ROLE_OBJECTS, ...NAMED_OBJECTS];
