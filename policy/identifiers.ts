// Every form AWS accepts for a field, resolved before a policy judges it: a queue by its URL in any
// of SQS's endpoint spellings, a KMS key by key id, key ARN, alias name or alias ARN, a Lambda
// function by name, ARN, partial ARN or qualified name. A form that cannot be resolved offline (an
// alias the stack does not hold) is reported as such, never guessed either way.
import { PolicyResource } from "@pulumi/policy";

import { queueArnOfUrl, StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** The queue of the stack a queue URL names: by its URL as written, else by the ARN both spell (another endpoint, a trailing slash). */
export function queueByUrl(index: StackIndex, url: unknown, unknowns: Unknowns): PolicyResource | undefined {
    const [exact] = index.find(TYPES.queue, "url", url, unknowns);
    if (exact) {
        return exact;
    }
    const arn = queueArnOfUrl(url);
    return arn === undefined ? undefined : index.find(TYPES.queue, "arn", arn, unknowns)[0];
}

/** The key a queue's `kmsMasterKeyId` names: its ARN, none (SQS's own AWS-managed key), or why it cannot be told offline. */
export type KeyResolution = { readonly arn: string } | { readonly awsManaged: true } | { readonly unresolved: string };

const KEY_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/;
const ALIAS_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;
/** A key id: a UUID, or a multi-Region key's `mrk-` id. */
const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** The ARN of a key of the stack with this key id or ARN. */
function stackKeyArn(index: StackIndex, id: string, unknowns: Unknowns): string | undefined {
    const [key] = [...index.find(TYPES.kmsKey, "arn", id, unknowns), ...index.find(TYPES.kmsKey, "keyId", id, unknowns)];
    return key ? text(unknowns.peek(() => key.props.arn)) : undefined;
}

/**
 * The key a reference names, as AWS resolves it for a resource in `context` (the queue's partition,
 * region and account): a key id in that account and region; a key ARN as itself; an alias, by name or
 * ARN, through the alias resource of the stack that holds it. `where` names the field for a message.
 */
export function resolveKey(index: StackIndex, reference: unknown, context: { partition: string; region: string; account: string },
    where: string, unknowns: Unknowns): KeyResolution | undefined {
    const value = text(reference)?.trim();
    if (value === undefined) {
        return undefined;
    }
    const aliasArn = ALIAS_ARN.exec(value);
    const aliasName = aliasArn ? aliasArn[4] : value.startsWith("alias/") ? value : undefined;
    if (aliasName === "alias/aws/sqs") {
        return { awsManaged: true };
    }
    if (aliasName !== undefined) {
        const [alias] = [...index.find(TYPES.kmsAlias, "arn", value, unknowns), ...index.find(TYPES.kmsAlias, "name", aliasName, unknowns)];
        const target = alias ? text(unknowns.peek(() => alias.props.targetKeyArn)) ?? text(unknowns.peek(() => alias.props.targetKeyId)) : undefined;
        if (target === undefined) {
            return { unresolved: `${where} names key alias ${value}, which is not in this stack, so which key it stands for cannot be read offline; `
                + "name the key by its ARN, or manage the alias in this stack" };
        }
        const own = aliasArn ? { partition: aliasArn[1], region: aliasArn[2], account: aliasArn[3] } : context;
        return resolveKey(index, target, own, where, unknowns);
    }
    const arn = KEY_ARN.exec(value);
    if (arn) {
        return { arn: stackKeyArn(index, value, unknowns) ?? value };
    }
    if (KEY_ID.test(value)) {
        return { arn: stackKeyArn(index, value, unknowns) ?? `arn:${context.partition}:kms:${context.region}:${context.account}:key/${value}` };
    }
    return { unresolved: `${where} ${value} is neither a key id, a key ARN nor an alias, so which key it names cannot be read offline` };
}

/**
 * The customer-managed key a queue is encrypted with, resolved as AWS resolves its `kmsMasterKeyId`
 * (identifiers.ts): its ARN, nothing for SQS-managed encryption or SQS's AWS-managed key, or why it
 * cannot be told offline. A queue outside the stack cannot be read: its key is declared in `queueKeys`.
 */
export function queueKey(queueArn: string, resources: readonly PolicyResource[], unknowns: Unknowns,
    queueKeys: Readonly<Record<string, string>>): { arn?: string; unresolved?: string } {
    const index = StackIndex.of(resources);
    const [queue] = index.find(TYPES.queue, "arn", queueArn, unknowns);
    const [, partition = "aws", region = "", account = ""] = /^arn:([^:]+):sqs:([^:]*):([^:]*):/.exec(queueArn) ?? [];
    const reference = queue ? unknowns.peek(() => queue.props.kmsMasterKeyId) : queueKeys[queueArn];
    const where = queue ? `queue ${queue.name}'s kmsMasterKeyId` : `queueKeys' entry for ${queueArn}`;
    const resolved = resolveKey(index, reference, { partition, region, account }, where, unknowns);
    return resolved === undefined || "awsManaged" in resolved ? {} : resolved;
}

/** The keys of some queues: their ARNs, why some cannot be resolved, and the queues outside the stack no `queueKeys` entry speaks for. */
export interface QueueKeys {
    readonly arns: readonly string[];
    readonly unresolved: readonly string[];
    readonly outside: readonly string[];
}

export function keysOfQueues(queueArns: readonly string[], resources: readonly PolicyResource[], unknowns: Unknowns,
    queueKeys: Readonly<Record<string, string>>): QueueKeys {
    const index = StackIndex.of(resources);
    const keys = queueArns.map((arn) => queueKey(arn, resources, unknowns, queueKeys));
    return {
        arns: [...new Set(keys.flatMap((k) => (k.arn ? [k.arn] : [])))],
        unresolved: [...new Set(keys.flatMap((k) => (k.unresolved ? [k.unresolved] : [])))],
        outside: queueArns.filter((arn) => queueKeys[arn] === undefined && index.find(TYPES.queue, "arn", arn, new Unknowns()).length === 0),
    };
}

/** The function a Lambda reference names: a name, an ARN, a partial ARN (`<account>:function:<name>`), each with or without a version or alias. */
export function functionByReference(index: StackIndex, reference: string, unknowns: Unknowns): PolicyResource | undefined {
    const arn = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:([^:]+)(?::[^:]+)?$/.exec(reference);
    const partial = /^(?:\d{12}:)?function:([^:]+)(?::[^:]+)?$/.exec(reference);
    const name = arn?.[1] ?? partial?.[1] ?? reference.split(":")[0];
    const unqualified = arn ? reference.split(":").slice(0, 7).join(":") : undefined;
    const candidates = [reference, unqualified, name].filter((v): v is string => v !== undefined);
    const found = candidates.flatMap((value) => [
        ...index.find(TYPES.lambdaFunction, "arn", value, unknowns),
        ...index.find(TYPES.lambdaFunction, "name", value, unknowns),
    ]);
    // A name alone is the function of that name in the mapping's account: with an ARN, the accounts must agree.
    const account = /:(\d{12}):function:/.exec(reference)?.[1] ?? /^(\d{12}):function:/.exec(reference)?.[1];
    return found.find((fn) => {
        const own = /:(\d{12}):function:/.exec(String(new Unknowns().peek(() => fn.props.arn) ?? ""))?.[1];
        return account === undefined || own === undefined || own === account;
    });
}
