// The CORS headers a REST API answers with, from its integration responses and gateway responses:
// never "any origin" together with credentials, and never the caller's own Origin echoed back with
// credentials.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { reportedUrn } from "./bodyResources";
import { apiPart } from "./keys";
import { StackIndex, TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** A response that sets headers through responseParameters: where its API is named and its header keys' prefix. */
const SOURCES = [
    { type: TYPES.integrationResponse, what: "integration response", apiProp: "restApi", prefix: "method.response.header." },
    { type: TYPES.gatewayResponse, what: "gateway response", apiProp: "restApiId", prefix: "gatewayresponse.header." },
] as const;

/** A static mapping value is in single quotes; anything else maps a request or integration value. */
const staticValue = (value: unknown) => (typeof value === "string" ? /^'(.*)'$/s.exec(value.trim())?.[1].trim() : undefined);

/** The Fetch standard compares Access-Control-Allow-Credentials with `true`, case and all. */
const allowsCredentials = (value: unknown) => staticValue(value) === "true";
const allowsAnyOrigin = (value: unknown) => staticValue(value) === "*";
const echoesOrigin = (value: unknown) => typeof value === "string" && value.trim().toLowerCase() === "method.request.header.origin";

interface CorsResponse {
    readonly resource: PolicyResource;
    /** "integration response ok-200". */
    readonly label: string;
    readonly origin: unknown;
    readonly credentials: unknown;
}

/** The two CORS headers a response sets (header names in any case); unknown values are noted and left out. */
function corsResponse(resource: PolicyResource, what: string, prefix: string, unknowns: Unknowns): CorsResponse {
    const read = unknowns.peek(() => resource.props.responseParameters);
    const parameters = read !== null && typeof read === "object" && !Array.isArray(read) ? read as Record<string, unknown> : {};
    const header = (name: string) => {
        const key = Object.keys(parameters).find((k) => k.toLowerCase() === `${prefix}${name}`);
        return key === undefined ? undefined : unknowns.peek(() => parameters[key]);
    };
    return { resource, label: `${what} ${resource.name}`, origin: header("access-control-allow-origin"), credentials: header("access-control-allow-credentials") };
}

const FETCH = "browsers refuse credentials with any origin (Fetch standard, CORS check), so credentialed calls fail";
const FIX = "Answer with the allowed origin itself (such as 'https://shop.example.com'), or drop Access-Control-Allow-Credentials";
const list = (responses: readonly CorsResponse[]) => responses.map((r) => r.label).join(", ");

export const corsNoWildcardWithCredentials: StackValidationPolicy = {
    name: "cors-no-wildcard-with-credentials",
    description: "A REST API's integration and gateway responses never allow credentials (Access-Control-Allow-Credentials "
        + "'true') together with any origin ('*'), in one response or across the API's responses, nor while echoing the "
        + "caller's Origin (method.request.header.Origin) in Access-Control-Allow-Origin: browsers refuse the first, and "
        + "the second lets any site call the API with its visitors' credentials. Name the allowed origin instead.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const index = StackIndex.of(args.resources);
        const unknowns = new Unknowns();
        index.absorbUnknownBodies(unknowns);
        const byApi = new Map<string, { api?: PolicyResource; display: string; responses: CorsResponse[] }>();
        // Responses whose API is unknown: each may share an API with any other response.
        const unplaced: { response: CorsResponse; unknowns: Unknowns }[] = [];
        const all: CorsResponse[] = [];
        for (const { type, what, apiProp, prefix } of SOURCES) {
            for (const resource of index.ofType(type)) {
                const response = corsResponse(resource, what, prefix, unknowns);
                if (allowsCredentials(response.credentials) && allowsAnyOrigin(response.origin)) {
                    reportViolation(`${response.label} answers Access-Control-Allow-Origin '*' with Access-Control-Allow-Credentials `
                        + `'true': ${FETCH}. ${FIX}; do not echo the request's Origin instead.`, reportedUrn(resource));
                } else if (allowsCredentials(response.credentials) && echoesOrigin(response.origin)) {
                    reportViolation(`${response.label} echoes the request's Origin (method.request.header.Origin) in `
                        + "Access-Control-Allow-Origin and answers Access-Control-Allow-Credentials 'true': any site can then call "
                        + `the API with its visitors' credentials and read the answers. ${FIX}.`, reportedUrn(resource));
                }
                if (!allowsCredentials(response.credentials) && !allowsAnyOrigin(response.origin)) {
                    continue;
                }
                all.push(response);
                const api = apiPart(index, resource, apiProp);
                if (api && !api.known) {
                    unplaced.push({ response, unknowns: api.unknowns });
                } else if (api) {
                    const entry = byApi.get(api.id) ?? { api: api.resource, display: api.display, responses: [] };
                    entry.responses.push(response);
                    byApi.set(api.id, entry);
                }
            }
        }
        for (const { response, unknowns: unknownApi } of unplaced) {
            const completes = (other: CorsResponse) => other !== response
                && ((allowsAnyOrigin(response.origin) && allowsCredentials(other.credentials))
                    || (allowsCredentials(response.credentials) && allowsAnyOrigin(other.origin)));
            if (all.some(completes)) {
                unknowns.absorb(unknownApi);
            }
        }
        for (const { api, display, responses } of byApi.values()) {
            const anyOrigin = responses.filter((r) => allowsAnyOrigin(r.origin));
            const credentials = responses.filter((r) => allowsCredentials(r.credentials));
            // One response with both is reported above; this is about two different responses.
            if (anyOrigin.some((w) => credentials.some((c) => c !== w))) {
                reportViolation(`API ${display} allows credentials in ${list(credentials)} while ${list(anyOrigin)} `
                    + `allow${anyOrigin.length === 1 ? "s" : ""} any origin ('*'): ${FETCH} wherever '*' answers, the preflight `
                    + `included. ${FIX} in every response.`, api?.urn);
            }
        }
        unknowns.rethrow();
    },
};
