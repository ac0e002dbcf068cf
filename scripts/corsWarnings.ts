// The headers a route reads that its CORS preflight does not allow. A browser sends only the
// headers a preflight allowed, so a page's request reaches the route without them: the component
// refuses a given cors.allowHeaders that leaves out a header a route requires (components/corsRules.ts);
// one it reads but does not require (the idempotency key, a message attribute's header) is planned
// with a warning instead, since requests from elsewhere than a page still send it.
import { apiModel, ResourceNode } from "../local/apiModel";
import { Registered } from "../offline/mockRuntime";
import { isSizable } from "./capacity/plannedStack";

/** The headers a request template reads: the component matches each by name, in any case. */
function headersRead(templates: Readonly<Record<string, string>>): string[] {
    const names = Object.values(templates).flatMap((template) => [...template.matchAll(/\$header\.equalsIgnoreCase\("([^"]+)"\)/g)].map((m) => m[1]));
    return [...new Set(names)];
}

function nodes(root: ResourceNode): ResourceNode[] {
    return [root, ...root.children.flatMap(nodes)];
}

/** One line per header a route reads that the preflight of its path leaves out; none for a stack this reading cannot model. */
export function corsHeaderWarnings(resources: readonly Registered[], project: string): string[] {
    if (!isSizable(resources)) {
        return [];
    }
    const lines: string[] = [];
    for (const node of nodes(apiModel(resources).root)) {
        const allowHeaders = node.methods.get("OPTIONS")?.integrationResponses.map((r) => r.headers["Access-Control-Allow-Headers"]).find((h) => h !== undefined);
        if (allowHeaders === undefined) {
            continue;
        }
        const allowed = new Set(allowHeaders.split(",").map((h) => h.trim().toLowerCase()));
        for (const [verb, method] of node.methods) {
            const missing = verb === "OPTIONS" || !method.integration ? [] : headersRead(method.integration.requestTemplates).filter((h) => !allowed.has(h.toLowerCase()));
            lines.push(...missing.map((header) => `${project}:cors.allowHeaders leaves out ${header}, which ${verb} ${node.path} reads: a browser `
                + `sends only the headers a preflight allows, so requests from pages reach the route without it; add it, or leave cors.allowHeaders `
                + "out to allow every header the routes read"));
        }
    }
    return lines;
}
