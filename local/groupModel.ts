// Where a FIFO route's message group comes from, read back from its request template as the
// component writes it (components/integration.ts): a header, a path parameter or a body field the
// client chooses, a context value (the authenticated caller, which the client does not choose), or
// a constant; and whether SQS or the worker drops a retry. The conformance suite and the capacity
// report read it from the stack's program, so that neither is told twice.

export type GroupSource =
    | { readonly header: string }
    | { readonly pathParameter: string }
    | { readonly bodyField: string }
    | { readonly context: string }
    | { readonly constant: string };

/** The group a request template sets, or undefined for a template that sets none (a standard queue's). */
export function groupSourceOf(template: string | undefined): GroupSource | undefined {
    const text = template ?? "";
    const sets = [...text.matchAll(/#set\(\$messageGroupId = "([^"]*)"\)/g)].map((m) => m[1]);
    if (sets.length === 0) {
        return undefined;
    }
    // A header's lookup sets the group empty, then to the header whose name matches in any case.
    const header = /\$header\.equalsIgnoreCase\("([^"]+)"\)\)#set\(\$messageGroupId = /.exec(text)?.[1];
    if (header !== undefined) {
        return { header };
    }
    const [set] = sets;
    const pathParameter = /^\$!input\.params\(\)\.path\.get\('([^']+)'\)$/.exec(set)?.[1];
    const bodyField = /^\$!input\.path\('\$\.([^']+)'\)$/.exec(set)?.[1];
    const context = /^\$!(context\.[A-Za-z.]+)$/.exec(set)?.[1];
    return pathParameter !== undefined ? { pathParameter } : bodyField !== undefined ? { bodyField } : context !== undefined ? { context: `$${context}` }
        : { constant: set };
}

/**
 * Whether SQS drops a FIFO retry by its idempotency key, the deduplication id the template gives a
 * request with a key; a route whose callers may choose each other's groups gives the request id
 * instead, and the worker drops the retry by its key and caller.
 */
export function retriesDroppedByQueue(template: string | undefined): boolean {
    return (template ?? "").includes("#if($idempotencyKey != \"\")&MessageDeduplicationId=$util.urlEncode($idempotencyKey)");
}
