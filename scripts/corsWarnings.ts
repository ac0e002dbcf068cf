// The headers a route reads that its CORS preflight does not allow. A browser sends only the
// headers a preflight allowed, so a page's request reaches the route without them: the component
// refuses a given cors.allowHeaders that leaves out a header a route requires (components/corsRules.ts);
// one it reads but does not require (the idempotency key, a message attribute's header) is planned
// with a warning instead, since requests from elsewhere than a page still send it.
import { apiModel, methodsOf } from "../local/apiModel";
import { Registered } from "../offline/mockRuntime";
import { isSizable } from "./capacity/plannedStack";

/** The headers a request template reads: the component matches each by name, in any case. */
function headersRead(templates: Readonly<Record<string, string>>): string[] {
    const names = Object.values(templates).flatMap((template) => [...template.matchAll(/\$header\.equalsIgnoreCase\("([^"]+)"\)/g)].map((m) => m[1]));
    return [...new Set(names)];
}

/** One line per header a route reads that the preflight of its path leaves out; none for a stack this reading cannot model. */
export function corsHeaderWarnings(resources: readonly Registered[], project: string): string[] {
    if (!isSizable(resources)) {
        return [];
    }
    const methods = methodsOf(apiModel(resources));
    const allowedOn = new Map(methods.filter((m) => m.httpMethod === "OPTIONS").map((preflight) => [preflight.resourcePath,
        preflight.integrationResponses.map((r) => r.headers["Access-Control-Allow-Headers"]).find((h) => h !== undefined)]));
    return methods.flatMap((method) => {
        const allowHeaders = allowedOn.get(method.resourcePath);
        if (method.httpMethod === "OPTIONS" || !method.integration || allowHeaders === undefined) {
            return [];
        }
        const allowed = new Set(allowHeaders.split(",").map((h) => h.trim().toLowerCase()));
        return headersRead(method.integration.requestTemplates).filter((h) => !allowed.has(h.toLowerCase())).map((header) =>
            `${project}:cors.allowHeaders leaves out ${header}, which ${method.httpMethod} ${method.resourcePath} reads: a browser `
            + "sends only the headers a preflight allows, so requests from pages reach the route without it; add it, or leave "
            + "cors.allowHeaders out to allow every header the routes read");
    });
}
