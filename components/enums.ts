// The choices of the component's arguments, each declared once: its name, its values in order and
// what each means. args.ts turns each into an object of constants with a type of the same name
// (npm run docs writes it), which Pulumi's component analyzer makes an enum of the package schema;
// the settings' declarations check values against the same list.
import { namedEnum } from "./declarationKinds";

export const AUTHORIZATION = namedEnum("Authorization", "How callers must authenticate. `NONE` is an open write endpoint protected only by throttling.", {
    NONE: { value: "NONE", doc: "Anyone who knows the URL can write; throttling is the only limit." },
    AWS_IAM: { value: "AWS_IAM", doc: "Callers sign their requests with SigV4 and need `execute-api:Invoke`." },
    COGNITO_USER_POOLS: { value: "COGNITO_USER_POOLS", doc: "Callers send a token of one of `cognitoAuthorizer`'s user pools." },
    CUSTOM: { value: "CUSTOM", doc: "`lambdaAuthorizer` decides." },
});

export const ENCRYPTION = namedEnum("Encryption", "How the queues are encrypted at rest.", {
    SqsManaged: { value: "sqs-managed", doc: "SSE with keys SQS owns." },
    Kms: { value: "kms", doc: "A customer-managed KMS key, which the API's role may then use." },
});

export const HTTP_METHOD = namedEnum("HttpMethod", "The HTTP methods a route may take: each carries a body, and SQS refuses an empty message.", {
    POST: { value: "POST" },
    PUT: { value: "PUT" },
    PATCH: { value: "PATCH" },
});

export const LAMBDA_AUTHORIZER_TYPE = namedEnum("LambdaAuthorizerType", "What a Lambda authorizer reads: one token, or request values.", {
    TOKEN: { value: "TOKEN" },
    REQUEST: { value: "REQUEST" },
});

export const DOMAIN_SECURITY_POLICY = namedEnum("DomainSecurityPolicy", "The TLS versions a custom domain accepts.", {
    TLS_1_2: { value: "TLS_1_2", doc: "TLS 1.2 and 1.3." },
    TLS_1_3: { value: "SecurityPolicy_TLS13_1_3_2025_09", doc: "TLS 1.3 only (an enhanced policy; the endpoint access mode is then STRICT)." },
});

export const ENDPOINT_TYPE = namedEnum("EndpointType", "Where the API can be reached from.", {
    REGIONAL: { value: "REGIONAL" },
    PRIVATE: { value: "PRIVATE" },
});

export const QUOTA_PERIOD = namedEnum("QuotaPeriod", "The period of a client's quota.", {
    DAY: { value: "DAY" },
    WEEK: { value: "WEEK" },
    MONTH: { value: "MONTH" },
});

export const RUNTIME = namedEnum("Runtime", "The Lambda runtimes a consumer may use: Node.js LTS lines Lambda supports (nodejs20.x is deprecated).", {
    Nodejs24: { value: "nodejs24.x" },
    Nodejs22: { value: "nodejs22.x" },
});

export const CONTEXT_VALUE = namedEnum("ContextValue", "Request values a message attribute can come from, by name.", {
    sourceIp: { value: "sourceIp" },
    userAgent: { value: "userAgent" },
    stage: { value: "stage" },
    callerArn: { value: "callerArn", doc: "The caller's ARN, for AWS_IAM routes." },
    authorizerPrincipalId: { value: "authorizerPrincipalId", doc: "The principal a CUSTOM route's Lambda authorizer returns." },
    cognitoSubject: { value: "cognitoSubject", doc: "The `sub` claim of a COGNITO_USER_POOLS route's token: the user's id in the pool." },
});

export const ATTRIBUTE_DATA_TYPE = namedEnum("AttributeDataType", "The SQS data type of a message attribute.", {
    String: { value: "String" },
    Number: { value: "Number" },
});
