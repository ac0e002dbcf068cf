// The CORS headers a REST API answers with, from its integration responses and gateway responses:
// never "any origin" together with credentials, and never the caller's own Origin echoed back with
// credentials.
import { PolicyResource } from "@pulumi/policy";

import { TYPES } from "./stackModel";
import { Unknowns } from "./unknowns";

/** A response that sets headers through responseParameters: where its API is named and its header keys' prefix. */
export const SOURCES = [
    { type: TYPES.integrationResponse, what: "integration response", apiProp: "restApi", prefix: "method.response.header." },
    { type: TYPES.gatewayResponse, what: "gateway response", apiProp: "restApiId", prefix: "gatewayresponse.header." },
] as const;

/** A static mapping value is in single quotes; anything else maps a request or integration value. */
const staticValue = (value: unknown) => (typeof value === "string" ? /^'(.*)'$/s.exec(value.trim())?.[1].trim() : undefined);

/** The Fetch standard compares Access-Control-Allow-Credentials with `true`, case and all. */
export const allowsCredentials = (value: unknown) => staticValue(value) === "true";
export const allowsAnyOrigin = (value: unknown) => staticValue(value) === "*";
export const echoesOrigin = (value: unknown) => typeof value === "string" && value.trim().toLowerCase() === "method.request.header.origin";

export interface CorsResponse {
    readonly resource: PolicyResource;
    /** "integration response ok-200". */
    readonly label: string;
    readonly origin: unknown;
    readonly credentials: unknown;
}

/** The two CORS headers a response sets (header names in any case); unknown values are noted and left out. */
export function corsResponse(resource: PolicyResource, what: string, prefix: string, unknowns: Unknowns): CorsResponse {
    const read = unknowns.peek(() => resource.props.responseParameters);
    const parameters = read !== null && typeof read === "object" && !Array.isArray(read) ? read as Record<string, unknown> : {};
    const header = (name: string) => {
        const key = Object.keys(parameters).find((k) => k.toLowerCase() === `${prefix}${name}`);
        return key === undefined ? undefined : unknowns.peek(() => parameters[key]);
    };
    return { resource, label: `${what} ${resource.name}`, origin: header("access-control-allow-origin"), credentials: header("access-control-allow-credentials") };
}

export const FETCH = "browsers refuse credentials with any origin (Fetch standard, CORS check), so credentialed calls fail";
export const FIX = "Answer with the allowed origin itself (such as 'https://shop.example.com'), or drop Access-Control-Allow-Credentials";
export const list = (responses: readonly CorsResponse[]) => responses.map((r) => r.label).join(", ");

