// Which browser requests the local API refuses. A page of any site can make a browser send a
// no-cors POST to 127.0.0.1 with a body of no declared type: no preflight goes first, and its Host
// is the local API's own, so the Host check lets it through. With --sqs-endpoint such a request
// would be signed with the developer's AWS credentials. A browser names the page's site in
// `Origin` and `Sec-Fetch-Site`; clients that are no browser (curl, the SDKs) send neither.
import { ApiModel, methodsOf } from "./apiModel";
import { overriddenOrigins } from "../components/cors";

const ALLOW_ORIGIN = "access-control-allow-origin";

/**
 * The browser origins the stack's CORS allows, as its responses name them: each response's static
 * `Access-Control-Allow-Origin` and the origins its template names back. `*` is left out: it lets
 * a page read answers, and is no reason to take a request from every site on a developer's machine.
 */
export function stackOrigins(model: ApiModel): string[] {
    const named = methodsOf(model).flatMap((method) => method.integrationResponses.flatMap((response) => [
        ...Object.entries(response.headers).filter(([name]) => name.toLowerCase() === ALLOW_ORIGIN).map(([, value]) => value),
        ...Object.values(response.responseTemplates).flatMap(overriddenOrigins),
    ]));
    return [...new Set(named)].filter((origin) => origin !== "*");
}

/**
 * Why a request is refused, or undefined when it is taken: an `Origin` that is neither the local
 * API's own nor one the stack allows, or, without an `Origin`, a `Sec-Fetch-Site` that says
 * another site's page sent it.
 */
export function crossSiteRefusal(
    request: { readonly method?: string; readonly headers: { readonly origin?: string; readonly "sec-fetch-site"?: string } },
    ownOrigins: readonly string[],
    allowedOrigins: readonly string[],
): string | undefined {
    // A CORS preflight queues nothing (its integration is a MOCK), and its answer is how a page
    // of another origin learns it may not send: it is answered as API Gateway answers it.
    if (request.method === "OPTIONS") {
        return undefined;
    }
    const { headers } = request;
    const origin = headers.origin;
    const allowed = [...ownOrigins, ...allowedOrigins];
    if (origin !== undefined) {
        if (ownOrigins.includes(origin.toLowerCase()) || allowedOrigins.includes(origin)) {
            return undefined;
        }
        return `this local API takes no request from another site's page: Origin ${JSON.stringify(origin)} is none of ${allowed.join(", ")}`;
    }
    const site = headers["sec-fetch-site"]?.toLowerCase();
    if (site === "cross-site" || site === "same-site") {
        return `this local API takes no request from another site's page: Sec-Fetch-Site is ${JSON.stringify(site)} and the request has no Origin of ${allowed.join(", ")}`;
    }
    return undefined;
}
