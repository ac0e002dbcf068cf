// Class: CORS with credentials. A browser sends cookies or credentials cross-origin only when the
// answer names the caller's origin and allows credentials: '*' with credentials is refused, and an
// echoed Origin with credentials lets every site in.
import assert from "node:assert/strict";

import { UNKNOWN_STRING } from "../../offline/policyRunner";
import { bad, checkFixtures, good, Labelled, messagesOf } from "../support/policyFixtures";
import { gatewayResponse, integrationResponse, restApi } from "../support/restApiFixtures";

const POLICY = "cors-no-wildcard-with-credentials";
const ORIGIN = "Access-Control-Allow-Origin";
const CREDENTIALS = "Access-Control-Allow-Credentials";
const ECHO = "method.request.header.Origin";
const SHOP = "'https://shop.example.com'";
const FIX = "Answer with the allowed origin itself (such as 'https://shop.example.com'), or drop Access-Control-Allow-Credentials";
const FETCH = "browsers refuse credentials with any origin (Fetch standard, CORS check), so credentialed calls fail";

const wildcardWithCredentials = (label: string) =>
    `${label} answers Access-Control-Allow-Origin '*' with Access-Control-Allow-Credentials 'true': ${FETCH}. ${FIX}; do not echo the request's Origin instead.`;
const echoWithCredentials = (label: string) => `${label} echoes the request's Origin (method.request.header.Origin) in Access-Control-Allow-Origin `
    + `and answers Access-Control-Allow-Credentials 'true': any site can then call the API with its visitors' credentials and read the answers. ${FIX}.`;

const FIXTURES: Labelled[] = [
    bad("an integration response with any origin and credentials",
        "the Fetch standard's CORS check fails a credentialed request answered with '*'", POLICY,
        [restApi(), integrationResponse("post-200", { [ORIGIN]: "'*'", [CREDENTIALS]: "'true'" })],
        [wildcardWithCredentials("integration response post-200")]),
    bad("a gateway response with any origin and credentials, its header names in lower case",
        "header names compare in any case; a 4XX answered that way fails in the browser as well", POLICY,
        [restApi(), gatewayResponse("default-4xx", { "access-control-allow-origin": "'*'", "access-control-allow-credentials": "'true'" })],
        [wildcardWithCredentials("gateway response default-4xx")]),
    bad("an integration response that echoes the caller's Origin and allows credentials",
        "every site's origin is then the allowed one, and the browser sends the visitor's cookies and shows the answer to the site", POLICY,
        [restApi(), integrationResponse("post-200", { [ORIGIN]: ECHO, [CREDENTIALS]: "'true'" })],
        [echoWithCredentials("integration response post-200")]),
    bad("a gateway response that echoes the caller's Origin and allows credentials",
        "gateway responses map request headers too, so an error answer can leak just the same", POLICY,
        [restApi(), gatewayResponse("default-4xx", { [ORIGIN]: ECHO, [CREDENTIALS]: "'true'" })],
        [echoWithCredentials("gateway response default-4xx")]),
    bad("a preflight that allows any origin, and a POST that allows credentials for a named one",
        "a credentialed request's preflight is checked too: '*' there fails it before the POST is sent", POLICY,
        [restApi(), integrationResponse("options-200", { [ORIGIN]: "'*'" }, { httpMethod: "OPTIONS" }),
            integrationResponse("post-200", { [ORIGIN]: SHOP, [CREDENTIALS]: "'true'" })],
        [`API api allows credentials in integration response post-200 while integration response options-200 allows any origin ('*'): ${FETCH} `
            + `wherever '*' answers, the preflight included. ${FIX} in every response.`]),
    good("a CORS API whose responses echo the caller's Origin without credentials",
        "without credentials the browser sends no cookies, so answering each origin with itself shares only public answers", POLICY,
        [restApi(), integrationResponse("post-200", { [ORIGIN]: ECHO }), integrationResponse("options-200", { [ORIGIN]: ECHO }, { httpMethod: "OPTIONS" }),
            gatewayResponse("default-4xx", { [ORIGIN]: ECHO })]),
    good("any origin without credentials",
        "a public API may be read from any site when no credentials are involved", POLICY,
        [restApi(), integrationResponse("post-200", { [ORIGIN]: "'*'" }), gatewayResponse("default-4xx", { [ORIGIN]: "'*'", [CREDENTIALS]: "'false'" })]),
    good("a named origin with credentials, in every response",
        "the browser allows credentials when the answer names the caller's origin exactly", POLICY,
        [restApi(), integrationResponse("post-200", { [ORIGIN]: SHOP, [CREDENTIALS]: "'true'" }),
            gatewayResponse("default-4xx", { [ORIGIN]: SHOP, [CREDENTIALS]: "'true'" })]),
    good("any origin on one API and credentials on another",
        "each API answers for itself: a browser never mixes the answers of two APIs", POLICY,
        [restApi(), restApi({ id: "f6g7h8i9j0" }, "admin-api"), integrationResponse("post-200", { [ORIGIN]: "'*'" }),
            integrationResponse("admin-200", { [ORIGIN]: SHOP, [CREDENTIALS]: "'true'" }, { restApi: "f6g7h8i9j0" })]),
];

describe("cors-no-wildcard-with-credentials: credentials only for a named origin", () => {
    checkFixtures(FIXTURES);

    it("leaves a response to the SDK while its API is unknown, as it may share one with a response that allows credentials", async () => {
        assert.deepEqual(await messagesOf(POLICY, [restApi(), integrationResponse("new-200", { [ORIGIN]: "'*'" }, { restApi: UNKNOWN_STRING }),
            integrationResponse("post-200", { [ORIGIN]: SHOP, [CREDENTIALS]: "'true'" })]),
        ["can't run during preview: string value at .restApi can't be known during preview"]);
    });

    it("passes a response of an unknown API at preview when no response of the stack allows credentials", async () => {
        assert.deepEqual(await messagesOf(POLICY, [restApi(), integrationResponse("new-200", { [ORIGIN]: "'*'" }, { restApi: UNKNOWN_STRING }),
            integrationResponse("post-200", { [ORIGIN]: "'*'" })]), []);
    });
});
