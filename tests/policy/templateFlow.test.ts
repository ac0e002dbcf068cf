// Class: a request template is judged by what reaches the form SQS reads. A value is safe when it is
// URL-encoded, a constant, a stage variable (the stack's own), an always-numeric $context value, or
// text built only from those, however many #set steps it travels through (appending a constant to a
// form built from encoded values included); a raw $input value is not, wherever it travels.
import { bad, checkFixtures, good, integration, queue, role, rolePolicy, sendOnly } from "../support/policyFixtures";

const ENCODED = "Action=SendMessage&MessageBody=$util.urlEncode($input.body)";
const templated = (template: string) => [queue(), role(), rolePolicy(sendOnly()), integration({ requestTemplates: { "application/json": template } })];
const UNSAFE = "This SQS integration is unsafe: its application/json template outputs values without $util.urlEncode:";

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
    ]);
});
