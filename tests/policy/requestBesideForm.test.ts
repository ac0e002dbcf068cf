// Class: what an SQS integration sends beside the form its template prints. SQS's query API reads a
// POST's parameters from its query string as well as from its body, so a request value mapped into
// the integration's query string or path, a header other than a static Content-Type or Accept, or a
// template's `$context.requestOverride` lets the client choose what SQS is sent. Each fails, written
// as an Integration resource or in an OpenAPI body; the static headers the component sends pass.
import assert from "node:assert/strict";

import { requestOverrides } from "../../policy/integrationRequest";
import { bodyStack, openApi, signedOrders } from "../support/bodyFixtures";
import { bad, checkFixtures, good, integration, Labelled, queue, role, rolePolicy, sendOnly } from "../support/policyFixtures";

const POLICY = "integration-encodes-body";
const FORM = { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" };
const ENCODED = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
const withIntegration = (props: Record<string, unknown>) => [queue(), role(), rolePolicy(sendOnly()), integration(props)];
const mapped = (parameters: Record<string, string>) => withIntegration({ requestParameters: { ...FORM, ...parameters } });
const templated = (template: string) => withIntegration({ requestTemplates: { "application/json": template } });
const UNSAFE = "This SQS integration is unsafe:";
const BODY_UNSAFE = "The SQS integration of POST /orders in this API's body is unsafe:";
const QUERY = "SQS reads a POST's query-string parameters beside its form, so the client would choose what SQS is sent";
const OVERRIDE = "may change the request's query string, headers or path through $context.requestOverride, which SQS reads beside the form:";

const PARAMETERS: Labelled[] = [
    bad("the body mapped into the query string", "the classic integration: SQS reads MessageBody from a POST's query string", POLICY,
        mapped({ "integration.request.querystring.Action": "'SendMessage'", "integration.request.querystring.MessageBody": "method.request.body" }),
        [`${UNSAFE} its requestParameters map the client's method.request.body into integration.request.querystring.MessageBody: ${QUERY}.`]),
    bad("a query-string parameter of the client's as DelaySeconds", "the client chooses an SQS parameter the form does not set", POLICY,
        mapped({ "integration.request.querystring.DelaySeconds": "method.request.querystring.delay" }),
        [`${UNSAFE} its requestParameters map the client's method.request.querystring.delay into integration.request.querystring.DelaySeconds: ${QUERY}.`]),
    bad("a multi-valued query string mapped through", "every value the client repeats reaches SQS's query string", POLICY,
        mapped({ "integration.request.querystring.MessageGroupId": "method.request.multivaluequerystring.group" }),
        [`${UNSAFE} its requestParameters map the client's method.request.multivaluequerystring.group into `
            + `integration.request.querystring.MessageGroupId: ${QUERY}.`]),
    bad("a path parameter of the client's in the integration's path", "the path API Gateway calls is the client's to choose", POLICY,
        mapped({ "integration.request.path.queue": "method.request.path.queue" }),
        [`${UNSAFE} its requestParameters map the client's method.request.path.queue into integration.request.path.queue: `
            + "SQS reads a POST's path parameters beside its form, so the client would choose what SQS is sent."]),
    bad("a request value the pack cannot judge in the query string", "a context value the client may influence fails closed", POLICY,
        mapped({ "integration.request.querystring.MessageAttribute.1.Value.StringValue": "context.identity.userAgent" }),
        [`${UNSAFE} its requestParameters map "context.identity.userAgent" (a value the pack cannot judge) into `
            + `integration.request.querystring.MessageAttribute.1.Value.StringValue: ${QUERY}.`]),
    bad("a client header forwarded to SQS", "a header the client fills reaches SQS as it is", POLICY,
        mapped({ "integration.request.header.X-Amz-Date": "method.request.header.X-Amz-Date" }),
        [`${UNSAFE} its requestParameters send the header X-Amz-Date to SQS (from "method.request.header.X-Amz-Date"): only a static Content-Type and Accept may be sent.`]),
    bad("a static X-Amz-Target header", "X-Amz-Target turns the call into SQS's JSON protocol, which reads no form", POLICY,
        mapped({ "integration.request.header.X-Amz-Target": "'AmazonSQS.SendMessage'" }),
        [`${UNSAFE} its requestParameters send the header X-Amz-Target to SQS (from "'AmazonSQS.SendMessage'"): only a static Content-Type and Accept may be sent.`]),
    bad("an Accept header the client chooses", "Accept is sent to SQS as the client wrote it", POLICY,
        mapped({ "integration.request.header.Accept": "method.request.header.Accept" }),
        [`${UNSAFE} its requestParameters set the Accept header from the client's method.request.header.Accept: it must be a static value in single quotes.`]),
    good("the component's static Content-Type and Accept", "both are literals the stack writes", POLICY,
        mapped({ "integration.request.header.Accept": "'application/json'" })),
    good("the stack's own values in the query string", "a literal, a stage variable and the request's epoch time are not the client's", POLICY,
        mapped({ "integration.request.querystring.Action": "'SendMessage'", "integration.request.querystring.DelaySeconds": "stageVariables.delay",
            "integration.request.querystring.MessageAttribute.1.Value.StringValue": "context.requestTimeEpoch" })),
];

const TEMPLATES: Labelled[] = [
    bad("a template that sets a query-string parameter", "the override becomes an SQS parameter of the request's choosing", POLICY,
        templated(`#set($context.requestOverride.querystring.DelaySeconds = $input.params('delay'))${ENCODED}`),
        [`${UNSAFE} its application/json template ${OVERRIDE} $context.requestOverride.querystring.DelaySeconds (line 1, column 1).`]),
    bad("a template that sets a header through put", "a header set by the template reaches SQS as a header does", POLICY,
        templated(`#set($previous = $context.requestOverride.header.put("X-Amz-Target", "AmazonSQS.SendMessage"))${ENCODED}`),
        [`${UNSAFE} its application/json template ${OVERRIDE} $context.requestOverride.header.put(…) (line 1, column 1).`]),
    bad("a template that reaches the override by a computed key", "$context copied whole can be changed where the pack cannot follow", POLICY,
        templated(`#set($c = $context)#set($key = "request$stageVariables.suffix")#set($previous = $c.get($key).path.put("queue", "other"))${ENCODED}`),
        [`${UNSAFE} its application/json template ${OVERRIDE} $context (line 1, column 1).`]),
    good("a template that only mentions the override in a comment", "a Velocity comment prints and sets nothing", POLICY,
        templated(`## no $context.requestOverride here\n${ENCODED}`)),
];

const BODIES: Labelled[] = [
    bad("a body integration mapping the body into the query string", "the same mapping in x-amazon-apigateway-integration", POLICY,
        bodyStack(openApi(signedOrders({ requestParameters: { ...FORM, "integration.request.querystring.MessageBody": "method.request.body" } }))),
        [`${BODY_UNSAFE} its requestParameters map the client's method.request.body into integration.request.querystring.MessageBody: ${QUERY}.`]),
    bad("a body integration whose template sets a header", "the same override in a body's requestTemplates", POLICY,
        bodyStack(openApi(signedOrders({ requestTemplates: { "application/json": `#set($context.requestOverride.header.X-Amz-Target = "x")${ENCODED}` } }))),
        [`${BODY_UNSAFE} its application/json template ${OVERRIDE} $context.requestOverride.header.X-Amz-Target (line 1, column 1).`]),
    good("a body integration with the static Content-Type and Accept", "both are literals the body writes", POLICY,
        bodyStack(openApi(signedOrders({ requestParameters: { ...FORM, "integration.request.header.Accept": "'application/json'" } })))),
];

describe("policy integration-encodes-body: what the request sends beside its form", () => {
    checkFixtures([...PARAMETERS, ...TEMPLATES, ...BODIES]);

    it("finds the override in a double-quoted string and through a string key", () => {
        assert.deepEqual(requestOverrides(`#set($x = "$context.requestOverride.path.queue")$context["requestOverride"]`), [
            "the string \"$context.requestOverride.path.queue\" (line 1, column 1)",
            "the string \"requestOverride\" (line 1, column 49)",
        ]);
    });
});
