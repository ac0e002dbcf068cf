// What a route's requests may carry: the media types it takes, and whether one request holds a batch
// of orders. Checked against the route's schema and message group before anything is created: a
// batch is a JSON array, each order's key must be a string field the schema lets through, and a body
// that is not JSON has no field a group could be read from.
import { MessageGroupSource } from "./args";
import { Checker, isPlainObject, show } from "./checks";
import { walkObject } from "./fieldWalk";
import { BATCH_TYPE, JSON_MEDIA_TYPE } from "./routeDeclarations";
import { BatchSettings } from "./settingsTypes";

/** What a route's body settings are checked against; `at` names one of the route's keys. */
export interface BodyContext {
    readonly at: (key: string) => string;
    readonly contentTypes: readonly string[];
    readonly schema: Readonly<Record<string, unknown>> | undefined;
    readonly messageGroupId: MessageGroupSource | undefined;
}

const takesOnlyJson = (contentTypes: readonly string[]) => contentTypes.every((type) => type === JSON_MEDIA_TYPE);

/**
 * Whether a route's messages carry their media type: on a route that takes more than JSON, where a
 * worker needs it to read a body. A route of JSON alone leaves SQS's 10 places to its own attributes.
 */
export function carriesContentType(contentTypes: readonly string[]): boolean {
    return !takesOnlyJson(contentTypes);
}

/**
 * The route's media types: at least one; a FIFO group read from the body needs every body to be
 * JSON; a request schema needs JSON among them, the only media type API Gateway checks by it.
 */
export function checkContentTypes(check: Checker, context: BodyContext): void {
    const { at, contentTypes, messageGroupId } = context;
    if (contentTypes.length === 0) {
        check.problem(`${check.key(at("contentTypes"))} must list at least one media type`);
    } else if (context.schema !== undefined && !contentTypes.includes(JSON_MEDIA_TYPE)) {
        check.problem(`${check.key(at("requestSchema"))} describes JSON bodies, and ${check.key(at("contentTypes"))} lists ${show(contentTypes)}, `
            + `without ${JSON_MEDIA_TYPE}: the schema would never be checked; add ${JSON_MEDIA_TYPE}, or remove ${check.key(at("requestSchema"))}`);
    }
    if (messageGroupId?.bodyField !== undefined && !takesOnlyJson(contentTypes)) {
        check.problem(`${check.key(at("messageGroupId.bodyField"))} reads the group from a JSON body, and ${check.key(at("contentTypes"))} `
            + `lists ${contentTypes.filter((type) => type !== JSON_MEDIA_TYPE).join(", ")}, whose bodies have no such field: `
            + "take the group from a header, a path parameter, a value or the caller, or take JSON only");
    }
}

/** A route's batch: a JSON array of orders, each with its idempotency key in `keyField`; undefined for one order per request. */
export function resolveBatch(check: Checker, value: unknown, context: BodyContext): BatchSettings | undefined {
    if (value === undefined) {
        return undefined;
    }
    const { at, contentTypes, schema } = context;
    const { given, values } = walkObject(check, value, at("batch"), BATCH_TYPE);
    if (isPlainObject(value) && given.keyField === undefined) {
        check.problem(`${check.key(at("batch.keyField"))} is required: the field of each order that holds its idempotency key, such as orderId`);
    }
    if (!takesOnlyJson(contentTypes)) {
        check.problem(`${check.key(at("batch"))} takes a JSON array of orders, and ${check.key(at("contentTypes"))} lists `
            + `${show(contentTypes)}: a batch route takes ${JSON_MEDIA_TYPE} only`);
    }
    const keyField = values.keyField;
    if (schema && keyField !== undefined) {
        // The schema describes one order of the batch; the key is added to what it requires.
        if (schema.type !== undefined && schema.type !== "object") {
            check.problem(`${check.key(at("requestSchema"))} describes each order of a batch, which is a JSON object: its type must be object, got ${show(schema.type)}`);
        }
        const property = (isPlainObject(schema.properties) ? schema.properties[keyField] : undefined) as Record<string, unknown> | undefined;
        if (property !== undefined && property.type !== "string") {
            check.problem(`${check.key(at(`requestSchema.properties.${keyField}`))} must be of type string: ${check.key(at("batch.keyField"))} `
                + `makes it each order's idempotency key, got type ${show(property.type)}`);
        }
    }
    return keyField === undefined ? undefined : { maxEntries: values.maxEntries, keyField };
}
