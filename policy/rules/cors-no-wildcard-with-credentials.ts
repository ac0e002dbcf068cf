import { PolicyResource } from "@pulumi/policy";

import { TYPES } from "../awsTypes";
import { reportedUrn } from "../bodyResources";
import { allowsAnyOrigin, allowsCredentials, CorsResponse, corsResponse, echoesOrigin, FETCH, FIX, list, SOURCES } from "../cors";
import { apiPart } from "../keys";
import { definePolicy } from "../registry";
import { StackIndex } from "../stackModel";
import { Unknowns } from "../unknowns";

export const corsNoWildcardWithCredentials = definePolicy({
    name: "cors-no-wildcard-with-credentials",
    description: "A REST API's integration and gateway responses never allow credentials (Access-Control-Allow-Credentials "
        + "'true') together with any origin ('*'), in one response or across the API's responses, nor while echoing the "
        + "caller's Origin (method.request.header.Origin) in Access-Control-Allow-Origin: browsers refuse the first, and "
        + "the second lets any site call the API with its visitors' credentials. Name the allowed origin instead.",
    enforcementLevel: "mandatory",
    judges: [TYPES.integrationResponse, TYPES.gatewayResponse, TYPES.restApi, TYPES.restApiPut],
    checks: "no integration response or gateway response of a REST API answers `Access-Control-Allow-Credentials: "
        + "'true'` with `Access-Control-Allow-Origin: '*'`, in one response or in two responses of one API, or "
        + "while echoing the caller's `method.request.header.Origin`",
    rationale: "browsers refuse `*` with credentials, and an echoed origin with credentials lets any site call the "
        + "API as its visitors",
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
});
