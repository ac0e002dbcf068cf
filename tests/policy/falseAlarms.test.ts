// False alarms the pack raised on stacks that AWS makes safe, each beside the bad stacks that look
// like it: the action/SendMessage integration form, an Allow to everyone confined by a Deny to the
// organisation, set operators on multi-valued keys, a form Content-Type with parameters.
import { FixtureResource } from "../../offline/policyRunner";
import {
    ACCOUNT, api, bad, checkFixtures, doc, good, integration, Labelled, QUEUE_ARN, QUEUE_URL, queue, queuePolicy, role, rolePolicy, ROLE_ARN, sendOnly,
} from "../support/policyFixtures";

const ACTION_URI = `arn:aws:apigateway:eu-west-1:sqs:action/SendMessage`;
const actionForm = (props: Record<string, any>) => integration({ uri: ACTION_URI, ...props });
const FORM = "'application/x-www-form-urlencoded'";
const SUBJECT = `role ${ROLE_ARN} (credentials of orders-integration)`;

const ORG = "o-a1b2c3d4e5";
const ALLOW_EVERYONE = { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: QUEUE_ARN };
const denyOutside = (condition: object, extra: object = {}) =>
    ({ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: QUEUE_ARN, Condition: condition, ...extra });
const confined = (...statements: object[]): FixtureResource[] => [queuePolicy(doc(ALLOW_EVERYONE, ...statements))];
const PUBLIC = "an Allow statement grants everyone (Principal *) without a condition on source or account.";
const WIDE = "an Allow statement grants everyone (Principal *) under a condition that narrows nothing.";
const orgPaths = (operator: string, paths: string[]): FixtureResource[] =>
    [queuePolicy(doc({ ...ALLOW_EVERYONE, Condition: { [operator]: { "aws:PrincipalOrgPaths": paths } } }))];
const contentType = (value: string, key = "integration.request.header.Content-Type") => [integration({ requestParameters: { [key]: value } })];
const MUST_BE_FORM = (got: string) => [`This SQS integration is unsafe: it must set integration.request.header.Content-Type to ${FORM}, got ${JSON.stringify(got)}.`];

const ACTION_FORM: Labelled[] = [
    good("the action form with a static QueueUrl request parameter",
        "SQS's query API takes the queue from the QueueUrl parameter, here a static value naming the queue", "api-role-sendmessage-only",
        api().map((r) => (r.name === "orders-integration" ? actionForm({ requestParameters: {
            "integration.request.header.Content-Type": FORM, "integration.request.querystring.QueueUrl": `'${QUEUE_URL}'` } }) : r))),
    good("the action form with the QueueUrl in the template",
        "a form field QueueUrl in the request body names the queue as the query string would", "api-role-sendmessage-only",
        api().map((r) => (r.name === "orders-integration" ? actionForm({ requestTemplates: {
            "application/json": `Action=SendMessage&QueueUrl=${encodeURIComponent(QUEUE_URL)}&MessageBody=$util.urlEncode($input.body)` } }) : r))),
    good("the action form to a queue of another stack",
        "the queue URL spells the queue's region, account and name", "api-role-sendmessage-only",
        [role(), rolePolicy(sendOnly(`arn:aws:sqs:us-east-1:${ACCOUNT}:fulfilment`)), actionForm({ requestParameters: {
            "integration.request.header.Content-Type": FORM, "integration.request.querystring.QueueUrl": `'https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/fulfilment'` } })]),
    bad("the action form with a QueueUrl from the method request",
        "a method.request mapping lets each client pick the queue", "api-role-sendmessage-only",
        api().map((r) => (r.name === "orders-integration" ? actionForm({ requestParameters: {
            "integration.request.header.Content-Type": FORM, "integration.request.querystring.QueueUrl": "method.request.querystring.queue" } }) : r)),
        [`${SUBJECT} is used by an integration that names no queue the pack can read (orders-integration: its QueueUrl comes from `
            + `method.request.querystring.queue, so the request chooses the queue); allows more than it needs: sqs:SendMessage on ${QUEUE_ARN}.`]),
    bad("the action form naming a queue the role may not send to",
        "the role's grant must match the queue the QueueUrl names, or every request fails", "api-role-sendmessage-only",
        [queue(), role(), rolePolicy(sendOnly(`arn:aws:sqs:eu-west-1:${ACCOUNT}:payments`)), actionForm({ requestParameters: {
            "integration.request.header.Content-Type": FORM, "integration.request.querystring.QueueUrl": `'${QUEUE_URL}'` } })],
        [`${SUBJECT} allows more than it needs: sqs:SendMessage on arn:aws:sqs:eu-west-1:${ACCOUNT}:payments; does not allow sqs:SendMessage on `
            + `${QUEUE_ARN}, so every request to it would fail.`]),
];

const ORG_DENY: Labelled[] = [
    good("an Allow to everyone with a Deny for every principal outside the organisation",
        "an explicit Deny wins, and StringNotEquals holds for every principal whose organisation is not o-a1b2c3d4e5, or who has none", "queue-not-public",
        confined(denyOutside({ StringNotEquals: { "aws:PrincipalOrgID": ORG } }))),
    good("an Allow to everyone with a Deny for every principal outside the account",
        "the Deny leaves only principals of the account, as a narrowing condition would", "queue-not-public",
        confined(denyOutside({ StringNotEqualsIfExists: { "aws:PrincipalAccount": ACCOUNT } }, { Action: "*", Resource: "*" }))),
    bad("a Deny outside an organisation pattern",
        "StringNotLike o-* excludes only principals outside every organisation, and anyone can create one", "queue-not-public",
        confined(denyOutside({ StringNotLike: { "aws:PrincipalOrgID": "o-*" } })), [PUBLIC]),
    bad("a Deny outside the organisation on another queue",
        "a Deny applies only to the resources its Resource matches", "queue-not-public",
        confined(denyOutside({ StringNotEquals: { "aws:PrincipalOrgID": ORG } }, { Resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:payments` })), [PUBLIC]),
    bad("a Deny outside the organisation for fewer actions than the Allow",
        "what the Deny does not name stays allowed to everyone", "queue-not-public",
        [queuePolicy(doc({ ...ALLOW_EVERYONE, Action: "sqs:*" }, denyOutside({ StringNotEquals: { "aws:PrincipalOrgID": ORG } }, { Action: "sqs:SendMessage" })))], [PUBLIC]),
    bad("a Deny outside the organisation that needs another condition as well",
        "every condition of a Deny must hold for it to apply, so requests over TLS escape it", "queue-not-public",
        confined(denyOutside({ StringNotEquals: { "aws:PrincipalOrgID": ORG }, Bool: { "aws:SecureTransport": "false" } })), [PUBLIC]),
];

const SET_OPERATORS: Labelled[] = [
    good("ForAnyValue:StringLike on the organisation paths",
        "aws:PrincipalOrgPaths is multi-valued; ForAnyValue holds when one path is under the organisation, and not when the key is absent", "queue-not-public",
        orgPaths("ForAnyValue:StringLike", [`${ORG}/r-ab12/ou-ab12-11111111/*`])),
    good("ForAnyValue:StringEquals on the organisation id",
        "on a single-valued key ForAnyValue holds only for the value named", "queue-not-public",
        [queuePolicy(doc({ ...ALLOW_EVERYONE, Condition: { "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": ORG } } }))]),
    bad("ForAnyValue:StringLike on an organisation paths pattern",
        "o-*/* is a path in any organisation", "queue-not-public",
        orgPaths("ForAnyValue:StringLike", ["o-*/*"]), [WIDE]),
    bad("ForAnyValue:StringLikeIfExists on the organisation paths",
        "IfExists holds when the key is absent, so principals in no organisation get in", "queue-not-public",
        orgPaths("ForAnyValue:StringLikeIfExists", [`${ORG}/*`]), [WIDE]),
];

const FORM_PARAMETERS: Labelled[] = [
    good("the form Content-Type with a charset",
        "a media type's parameters do not change the type: SQS reads a form either way", "integration-encodes-body",
        contentType("'application/x-www-form-urlencoded; charset=utf-8'")),
    good("the form Content-Type in capitals",
        "media types compare in any case", "integration-encodes-body",
        contentType("'Application/X-WWW-Form-Urlencoded'")),
    good("the form Content-Type under a lower-case header name",
        "HTTP header names compare in any case", "integration-encodes-body",
        contentType("'application/x-www-form-urlencoded'", "integration.request.header.content-type")),
    bad("JSON with a charset",
        "SQS's query API reads a form; a JSON body is not one", "integration-encodes-body",
        contentType("'application/json; charset=utf-8'"), MUST_BE_FORM("'application/json; charset=utf-8'")),
    bad("the client's own Content-Type",
        "without single quotes the value is the method request's header, which the client chooses", "integration-encodes-body",
        contentType("method.request.header.Content-Type"), MUST_BE_FORM("method.request.header.Content-Type")),
];

describe("false alarms, and the bad stacks beside them", () => {
    describe("an integration URI in the action/SendMessage form", () => checkFixtures(ACTION_FORM));
    describe("an Allow to everyone confined by a Deny outside the organisation", () => checkFixtures(ORG_DENY));
    describe("set operators on multi-valued keys", () => checkFixtures(SET_OPERATORS));
    describe("a form Content-Type with parameters", () => checkFixtures(FORM_PARAMETERS));
});
