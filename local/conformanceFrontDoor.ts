// The conformance suite's checks of the front door, each applying when the stack has what it checks
// and skipped with the reason otherwise: the CORS preflight, the CORS headers on a 202, on an
// integration error and on a gateway response, 403 INVALID_API_KEY without a key, 401 UNAUTHORIZED
// without an authorizer's identity sources, and a client's usage plan throttling.
import { HeaderSource, MethodModel, ResourceNode } from "./apiModel";
import { Answer, expect, notApplicable, paddedPastQueueSize, RouteFacts, Suite, UNSUPPORTED_MEDIA_TYPE } from "./conformanceSuite";

const ALLOW_ORIGIN = "access-control-allow-origin";

/** An origin no stack allows: the suite's stand-in for another site. */
export const STRANGER_ORIGIN = "https://conformance-stranger.invalid";

/** The OPTIONS method with a MOCK integration on the route's path, if the stack has one. */
function preflightOf(suite: Suite, route: RouteFacts): MethodModel | undefined {
    const parts = route.method.resourcePath.split("/").filter(Boolean);
    let node: ResourceNode | undefined = suite.target.model.root;
    for (const part of parts) {
        node = node?.children.find((c) => c.pathPart === part);
    }
    const method = node?.methods.get("OPTIONS");
    return method?.integration?.type === "MOCK" ? method : undefined;
}

/** The origins the suite calls from: the stack's allowed ones, or the one its responses name statically. */
function originsOf(suite: Suite, route: RouteFacts): string[] {
    const configured = suite.target.allowedOrigins ?? [];
    if (configured.length > 0) {
        return [...configured];
    }
    const named = route.method.integrationResponses.map((r) => r.headers["Access-Control-Allow-Origin"]).find((o) => o !== undefined);
    return named ? [named] : [];
}

/** The origin a page of `origin` must be named back with: itself, or * when every origin is allowed. */
function allowed(origins: readonly string[], origin: string): string {
    return origins.includes("*") ? "*" : origin;
}

/** The origin the suite calls from for one answer: the last allowed, which a template must name back when there are several. */
function callingOrigin(origins: readonly string[]): string {
    const last = origins[origins.length - 1];
    return last === "*" ? "https://conformance.example.com" : last;
}

function corsOrigins(suite: Suite, route: RouteFacts): string[] {
    const origins = originsOf(suite, route);
    if (origins.length === 0) {
        notApplicable("the stack allows no browser origin (no cors)");
    }
    return origins;
}

function expectOrigin(answer: Answer, expected: string, what: string): void {
    expect(answer.headers.get(ALLOW_ORIGIN) === expected,
        `${what} should name ${expected} in Access-Control-Allow-Origin, got ${JSON.stringify(answer.headers.get(ALLOW_ORIGIN))}`);
}

/**
 * What a browser's request to the route must send beyond the safelisted headers, and so ask a
 * preflight for: the JSON content type, the headers the method requires (a FIFO group's), its API
 * key, its authorizer's identity headers, a SigV4 signature's headers with temporary credentials.
 */
export function headersRequired(method: MethodModel): string[] {
    const headers = [
        "content-type",
        ...Object.entries(method.requestParameters).filter(([, required]) => required)
            .map(([name]) => /^method\.request\.header\.(.+)$/.exec(name)?.[1]).filter((name): name is string => name !== undefined),
        ...(method.apiKeyRequired ? ["x-api-key"] : []),
        ...(method.authorizer?.identitySources ?? []).map((source) => /^method\.request\.header\.(.+)$/.exec(source)?.[1])
            .filter((name): name is string => name !== undefined),
        ...(method.authorization === "AWS_IAM" ? ["authorization", "x-amz-date", "x-amz-security-token"] : []),
    ].map((name) => name.toLowerCase());
    return headers.filter((name, i) => headers.indexOf(name) === i);
}

/** The route's checks of the front door. `valid` is a body the route's schema accepts: an order, or a batch of orders. */
export async function frontDoorChecks(suite: Suite, route: RouteFacts, valid: Record<string, unknown> | readonly unknown[]): Promise<void> {
    const { send, check, errorShape } = suite;

    await check(route.key, "204: the CORS preflight names each allowed origin and allows the route's method and headers, and names no other origin", async () => {
        if (!preflightOf(suite, route)) {
            notApplicable("the route's path has no CORS preflight (no cors)");
        }
        const origins = corsOrigins(suite, route);
        const requested = headersRequired(route.method);
        const url = route.target.url.replace(/\{[^}]+\}/g, "conformance");
        const preflight = async (origin: string) => {
            const response = await fetch(url, {
                method: "OPTIONS",
                headers: { Origin: origin, "Access-Control-Request-Method": route.method.httpMethod, "Access-Control-Request-Headers": requested.join(",") },
            });
            return { status: response.status, text: await response.text(), headers: response.headers };
        };
        for (const origin of origins.filter((o) => o !== "*").concat(origins.includes("*") ? [callingOrigin(origins)] : [])) {
            const answer = await preflight(origin);
            expect(answer.status === 204, `the preflight from ${origin}: expected 204, got ${answer.status}: ${answer.text.slice(0, 200)}`);
            expectOrigin(answer, allowed(origins, origin), `the preflight from ${origin}`);
            const methods = (answer.headers.get("access-control-allow-methods") ?? "").split(",").map((m) => m.trim());
            expect(methods.includes(route.method.httpMethod), `the preflight allows ${JSON.stringify(methods)}, not ${route.method.httpMethod}`);
            const headers = (answer.headers.get("access-control-allow-headers") ?? "").split(",").map((h) => h.trim().toLowerCase());
            const refused = requested.filter((header) => !headers.includes(header));
            expect(refused.length === 0, `the preflight allows the headers ${JSON.stringify(headers)}, not ${JSON.stringify(refused)}, which the route's requests send`);
        }
        if (!origins.includes("*")) {
            const stranger = await preflight(STRANGER_ORIGIN);
            expect(stranger.headers.get(ALLOW_ORIGIN) !== STRANGER_ORIGIN, `the preflight names ${STRANGER_ORIGIN}, which the stack does not allow`);
        }
    });

    await check(route.key, "CORS: the 202 names the caller's allowed origin", async () => {
        const origins = corsOrigins(suite, route);
        const origin = callingOrigin(origins);
        const answer = await send(route, JSON.stringify(valid), { Origin: origin });
        expect(answer.status === 202, `expected 202, got ${answer.status}: ${answer.text.slice(0, 200)}`);
        expectOrigin(answer, allowed(origins, origin), "the 202");
        await suite.collect(route.target.queueUrl, new Set([String(answer.json?.requestId)]), 1);
    });

    await check(route.key, "CORS: an integration error (413 over the queue's maxMessageSize) names it too", async () => {
        const origins = corsOrigins(suite, route);
        if (Array.isArray(valid)) {
            notApplicable("a batch's orders are serialised again, without the padding: none grows past the queue's size");
        }
        const origin = callingOrigin(origins);
        const answer = await send(route, paddedPastQueueSize(route, valid), { Origin: origin });
        errorShape(answer, 413, "PayloadTooLarge");
        expectOrigin(answer, allowed(origins, origin), "the 413");
    });

    await check(route.key, "403: a request without an API key, and one with a key of no usage plan, in the API's JSON shape", async () => {
        if (!route.method.apiKeyRequired) {
            notApplicable("the route takes no API key");
        }
        errorShape(await send(route, JSON.stringify(valid), {}, { apiKey: false }), 403, "INVALID_API_KEY");
        errorShape(await send(route, JSON.stringify(valid), {}, { apiKey: "conformance-not-a-key-of-this-stage" }), 403, "INVALID_API_KEY");
    });

    await check(route.key, "401: a request without the authorizer's identity sources, in the API's JSON shape", async () => {
        if (!route.method.authorizer) {
            notApplicable("the route has no Cognito or Lambda authorizer");
        }
        errorShape(await send(route, JSON.stringify(valid), {}, { identity: false }), 401, "UNAUTHORIZED");
    });
}

/**
 * The origins a gateway response may name to a page of `origin`: that origin (or *), or the
 * static value the stack maps, since a gateway response runs no template and a stack with several
 * origins and credentials can only name one of them (components/cors.ts).
 */
function gatewayOrigins(source: HeaderSource | undefined, origins: readonly string[], origin: string): string[] {
    return [allowed(origins, origin), ...(source && "value" in source ? [source.value] : [])];
}

/** The stage's checks of the front door: on gateway responses and usage plans, through the first route that fits. */
export async function frontDoorStageChecks(suite: Suite, routes: readonly RouteFacts[]): Promise<void> {
    const { send, check, errorShape } = suite;
    const [first] = routes;

    await check("(stage)", "CORS: a gateway response (403 for an unknown path) names the caller's allowed origin", async () => {
        const origins = corsOrigins(suite, first);
        const origin = callingOrigin(origins);
        const configured = suite.target.model.gatewayResponses.get("MISSING_AUTHENTICATION_TOKEN") ?? suite.target.model.gatewayResponses.get("DEFAULT_4XX");
        const expected = gatewayOrigins(configured?.headers["Access-Control-Allow-Origin"], origins, origin);
        const url = first.target.url.replace(/\/[^/]*$/, "/conformance-no-such-path");
        const answer = await send(first, "{}", { Origin: origin }, { url });
        errorShape(answer, 403, "MISSING_AUTHENTICATION_TOKEN");
        const named = answer.headers.get(ALLOW_ORIGIN);
        expect(named !== null && expected.includes(named),
            `the 403 should name ${expected.join(" or ")} in Access-Control-Allow-Origin, got ${JSON.stringify(named)}: a page cannot read the error`);
    });

    await check("(stage)", "429: a burst above a client's usage plan throttling, in the API's JSON shape", async () => {
        const stage = suite.target.model.throttling.get("*/*");
        const limited = suite.target.model.apiKeys.find((k) => k.plan.throttle && suite.target.apiKeys?.[k.client] !== undefined
            && (!stage || k.plan.throttle.burstLimit < stage.burstLimit));
        if (!limited) {
            notApplicable("no client's usage plan throttles it below the stage");
        }
        const route = routes.find((r) => r.method.apiKeyRequired && (!r.method.authorizer || suite.target.tokensUnverified));
        if (!route) {
            notApplicable("no route the suite can call takes an API key");
        }
        const { rateLimit, burstLimit } = limited.plan.throttle!;
        // Refused before SQS (another media type), the burst queues nothing, however large it grows.
        const cap = burstLimit * 2 + rateLimit * 10 + 100;
        const key = suite.target.apiKeys![limited.client];
        let sent = 0;
        let throttled: Answer | undefined;
        while (!throttled && sent < cap) {
            const wave = await Promise.all(Array.from({ length: Math.min(50, cap - sent) },
                () => send(route, "conformance", { "Content-Type": UNSUPPORTED_MEDIA_TYPE }, { apiKey: key, paced: false })));
            sent += wave.length;
            throttled = wave.find((a) => a.status === 429);
            expect(wave.every((a) => a.status === 429 || a.status === 415), `expected 415 or 429 in a burst, got ${[...new Set(wave.map((a) => a.status))].join(", ")}`);
        }
        expect(throttled !== undefined, `${sent} requests of ${limited.client} (burst ${burstLimit}, rate ${rateLimit}/s), none answered 429`);
        errorShape(throttled!, 429, "THROTTLED");
    });
}
