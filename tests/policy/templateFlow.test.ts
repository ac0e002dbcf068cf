// Class: a request template is judged by what reaches the form SQS reads. A value is safe when it is
// URL-encoded, a constant, a stage variable (the stack's own), an always-numeric $context value, or
// text built only from those, however many #set steps it travels through (appending a constant to a
// form built from encoded values included); a raw $input value is not, wherever it travels, a #set
// inside a double-quoted string included: Velocity renders such a string as a template with the
// template's own variables. A loop's count, index and flags are digits or true/false.
import assert from "node:assert/strict";

import { render } from "velocityjs";

import { javaUrlEncode, renderTemplate } from "../../local/vtl";
import { bad, checkFixtures, good, integration, queue, role, rolePolicy, sendOnly } from "../support/policyFixtures";

const ENCODED = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
const templated = (template: string) => [queue(), role(), rolePolicy(sendOnly()), integration({ requestTemplates: { "application/json": template } })];
const UNSAFE = "This SQS integration is unsafe: its application/json template outputs values without $util.urlEncode:";

/** The encoded body re-assigned raw by a #set that a string literal holds. */
const STRING_SET = "#set($x = $util.urlEncode($input.body))#set($y = \"#set($x = $input.body)\")Action=SendMessage&MessageBody=$x";
/** Each header of the request as a message attribute, numbered by the loop: `${foreach.count}`, as `$foreach.count.Name` would read a property of the count. */
const NUMBERED_BY_LOOP = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)#foreach($name in $input.params().header.keySet())"
    + "&MessageAttribute.${foreach.count}.Name=$util.urlEncode($name)&MessageAttribute.${velocityCount}.Value.DataType=String"
    + "#set($n = $foreach.index + 1)&MessageAttribute.${n}.Value.StringValue=$util.urlEncode($input.params().header.get($name))#end";
/** A batch of the JSON array's items, each encoded, with ids from the loop's index. */
const BATCH = "Action=SendMessageBatch#foreach($item in $input.path('$'))&SendMessageBatchRequestEntry.${foreach.count}.Id=m$foreach.index"
    + "&SendMessageBatchRequestEntry.${foreach.count}.MessageBody=$util.urlEncode($item)#end";

describe("policy integration-encodes-body: what reaches the form", () => {
    checkFixtures([
        good("a constant appended to an encoded form", "DelaySeconds=60 is the stack's own text; the form it extends holds only encoded values",
            "integration-encodes-body", templated(`#set($form = "${ENCODED}")#set($form = "\${form}&DelaySeconds=60")$form`)),
        good("an encoded value carried through two variables", "URL-encoding happens once, wherever the value then travels",
            "integration-encodes-body", templated("#set($body = $util.urlEncode($input.body))#set($form = \"Action=SendMessage&MessageBody=$body\")$form")),
        good("a raw value encoded where it is written", "the variable holds the raw body, and the output encodes it", "integration-encodes-body",
            templated("#set($raw = $input.body)#set($copy = \"$raw\")Action=SendMessage&MessageBody=$util.urlEncode($copy)")),
        good("the request's epoch time and a stage variable", "$context.requestTimeEpoch is always digits; a stage variable is the stack's own value",
            "integration-encodes-body", templated(`${ENCODED}&MessageAttribute.1.Name=at&MessageAttribute.1.Value.DataType=Number`
                + "&MessageAttribute.1.Value.StringValue=$context.requestTimeEpoch&DelaySeconds=$stageVariables.delay")),
        bad("a raw body appended to a form by #set", "appending keeps what is appended as it is: & and = in the body become SQS parameters",
            "integration-encodes-body", templated("#set($form = \"Action=SendMessage\")#set($form = \"${form}&MessageBody=$input.body\")$form"),
            [`${UNSAFE} $form (line 1, column 82).`]),
        bad("a raw value that travels through two variables", "the second variable holds the first's raw value", "integration-encodes-body",
            templated("#set($raw = $input.body)#set($copy = \"$raw\")Action=SendMessage&MessageBody=$copy"),
            [`${UNSAFE} $copy (line 1, column 76).`]),
        bad("a variable encoded on one branch and raw on another", "either assignment may be the one that reaches the form", "integration-encodes-body",
            templated("#if($input.params('raw') == 'yes')#set($body = $input.body)#else#set($body = $util.urlEncode($input.body))#end"
                + "Action=SendMessage&MessageBody=$body"),
            [`${UNSAFE} $body (line 1, column 142).`]),
        bad("a raw body to a queue whose region a stage variable names", "the integration writes to SQS whichever region each stage sets",
            "integration-encodes-body", [queue(), role(), rolePolicy(sendOnly()), integration({
                uri: "arn:aws:apigateway:${stageVariables.region}:sqs:path/123456789012/orders",
                requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$input.body" } })],
            [`${UNSAFE} $input.body (line 1, column 32).`]),
        bad("a caller-controlled $context value", "$context.identity.userAgent is the client's own header", "integration-encodes-body",
            templated(`${ENCODED}&MessageAttribute.1.Name=agent&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$context.identity.userAgent`),
            [`${UNSAFE} $context.identity.userAgent (line 1, column 169).`]),
        bad("a #set inside a double-quoted string that re-assigns an encoded variable raw", "Velocity renders the string as a template, and its #set "
            + "assigns $x for the rest of the template", "integration-encodes-body", templated(STRING_SET), [`${UNSAFE} $x (line 1, column 106).`]),
        bad("a #set inside a string handed to a method", "the argument is rendered before the call, its #set included", "integration-encodes-body",
            templated(`#set($x = $util.urlEncode($input.body))$util.urlEncode("#set($x = $input.body)")Action=SendMessage&MessageBody=$x`),
            [`${UNSAFE} $x (line 1, column 112).`]),
        bad("#evaluate inside a string literal", "#evaluate renders text as a template, which the pack does not follow", "integration-encodes-body",
            templated(`${ENCODED}#set($y = "#evaluate('#set($z = 1)')")`),
            [`${UNSAFE} #evaluate in a string literal cannot be checked: what it does is not followed.`]),
        bad("a template that assigns $foreach itself", "a #set of $foreach makes $foreach.count whatever it was set to, here the client's JSON",
            "integration-encodes-body", templated(`${ENCODED}#set($foreach = $input.path('$'))&DelaySeconds=$foreach.count`),
            [`${UNSAFE} $foreach.count (line 1, column 107).`]),
        bad("a template that assigns $context itself", "after #set($context = …), $context.status is what the template put there",
            "integration-encodes-body", templated(`${ENCODED}#set($context = $input.path('$'))&DelaySeconds=$context.status`),
            [`${UNSAFE} $context.status (line 1, column 107).`]),
        good("a #set inside a string that assigns an encoded value", "the string's #set is followed like any other: it assigns an encoded value",
            "integration-encodes-body", templated("#set($y = \"#set($x = $util.urlEncode($input.body))\")Action=SendMessage&MessageBody=$x")),
        good("attributes numbered by the loop's count, index and $velocityCount", "Velocity's loop count and index are integers: digits carry no form delimiter",
            "integration-encodes-body", templated(NUMBERED_BY_LOOP)),
        good("a batch of the JSON array's items, each encoded", "each item goes through $util.urlEncode; entry numbers and ids come from the loop",
            "integration-encodes-body", templated(BATCH)),
        good("a loop's flags", "$foreach.hasNext, first and last are true or false", "integration-encodes-body",
            templated(`${ENCODED}#foreach($item in $input.path('$'))&A=$foreach.hasNext$foreach.first$foreach.last#end`)),
    ]);

    it("renders a #set held by a string as the Velocity engine does: the raw body reaches the form", () => {
        const { output } = renderTemplate(STRING_SET, { body: "a&DelaySeconds=900" });
        assert.equal(output, "Action=SendMessage&MessageBody=a&DelaySeconds=900");
    });

    it("renders the loop's count and index as the integers that number the attributes and entries, in the Velocity engine", () => {
        // The engine itself, with only what these templates read of API Gateway's variables.
        const request = (body: string, header: Record<string, string> = {}) => ({
            input: { body, path: () => JSON.parse(body), params: () => ({ header }) },
            util: { urlEncode: (value: unknown) => javaUrlEncode(String(value)) },
        });
        assert.equal(render(NUMBERED_BY_LOOP, request("{}", { a: "x&y", b: "z" })), "Action=SendMessage&MessageBody=%7B%7D"
            + "&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=x%26y"
            + "&MessageAttribute.2.Name=b&MessageAttribute.2.Value.DataType=String&MessageAttribute.2.Value.StringValue=z");
        assert.equal(render(BATCH, request("[\"a&b\",\"c\"]")), "Action=SendMessageBatch"
            + "&SendMessageBatchRequestEntry.1.Id=m0&SendMessageBatchRequestEntry.1.MessageBody=a%26b&SendMessageBatchRequestEntry.2.Id=m1&SendMessageBatchRequestEntry.2.MessageBody=c");
    });
});
