// The settings of the API's front door: who may call, from which browsers, at which address, behind
// which firewall. Each setting's kind, default, bounds and description, declared once; their rules
// beyond each value's own are frontDoor.ts's.
import { choiceOf, Fields, objectType, TopDeclaration } from "./declarationKinds";
import { DOMAIN_SECURITY_POLICY, ENDPOINT_TYPE, LAMBDA_AUTHORIZER_TYPE, QUOTA_PERIOD } from "./enums";
import { ACM_CERTIFICATE_ARN, COGNITO_USER_POOL_ARN, HEADER_NAME, HOSTNAME, IAM_CALLER_ARN, LAMBDA_FUNCTION_ARN, WEB_ACL_ARN } from "./patterns";
import { THROTTLE_TYPE } from "./stageDeclarations";

const GUIDE = "docs/front-door.md";
const HEADER_ITEM = { kind: "string", pattern: HEADER_NAME, allowed: "a header name" } as const;

export const CLIENT_FIELDS = {
    name: {
        kind: "string", pattern: /^[A-Za-z0-9_-]{1,64}$/, allowed: "1 to 64 letters, digits, '-' or '_'", example: "web-shop",
        description: "The client's name: letters, digits, `-` and `_`.",
    },
    quota: {
        kind: "object", defaultText: "none", description: "Its quota.",
        type: objectType("QuotaArgs", "A client's quota: at most `limit` requests per `period`.", {
            limit: { kind: "integer", min: 1, max: 2_000_000_000, unit: "requests", description: "Requests allowed in a period." },
            period: { ...choiceOf(QUOTA_PERIOD), description: "The period: `DAY`, `WEEK` or `MONTH`." },
        }),
    },
    throttle: { kind: "object", type: THROTTLE_TYPE, defaultText: "none", description: "Its own throttling, below the stage's." },
} as const satisfies Fields;

export const FRONT_DOOR = {
    cognitoAuthorizer: {
        scope: "api", guide: GUIDE, kind: "object", description: "The Cognito user pools whose tokens COGNITO_USER_POOLS routes take.",
        type: objectType("CognitoAuthorizerArgs", "The Cognito user pools whose tokens COGNITO_USER_POOLS routes take.", {
            userPoolArns: {
                kind: "list", allowed: "Cognito user pool ARNs", example: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"],
                items: { kind: "string", pattern: COGNITO_USER_POOL_ARN, allowed: "a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<id>)" },
                description: "The user pools, by ARN.",
            },
        }),
    },
    lambdaAuthorizer: {
        scope: "api", guide: GUIDE, kind: "object", description: "The Lambda authorizer of CUSTOM routes; its invoke permission is created for this API's authorizer only.",
        type: objectType("LambdaAuthorizerArgs", "The Lambda authorizer of CUSTOM routes.", {
            functionArn: {
                kind: "string", pattern: LAMBDA_FUNCTION_ARN, allowed: "a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)",
                example: "arn:aws:lambda:eu-west-1:123456789012:function:orders-authorizer",
                description: "The authorizer function, by ARN.",
            },
            type: {
                ...choiceOf(LAMBDA_AUTHORIZER_TYPE), default: "TOKEN",
                description: "TOKEN (one header holds a bearer token) or REQUEST (headers, query parameters or context values).",
            },
            identitySources: {
                kind: "list", allowed: "request values such as method.request.header.Authorization",
                items: {
                    kind: "string",
                    pattern: /^(method\.request\.(header|querystring)\.[A-Za-z0-9._-]+|context\.[A-Za-z0-9.]+|stageVariables\.[A-Za-z0-9_]+)$/,
                    allowed: "a request value such as method.request.header.Authorization, method.request.querystring.token or context.sourceIp",
                },
                default: ["method.request.header.Authorization"], example: ["method.request.header.Authorization"],
                description: "Where the caller's identity is; a request without them is answered 401 without calling the function.",
            },
            resultTtlSeconds: {
                kind: "integer", min: 0, max: 3600, default: 300, unit: "seconds",
                description: "How long API Gateway caches the function's answer for one identity.",
            },
        }),
    },
    apiKeys: {
        scope: "api", guide: GUIDE, kind: "object", description: "Named clients, each with an API key AWS generates and a usage plan of its own.",
        type: objectType("ApiKeysArgs", "Named clients, each with an API key AWS generates and a usage plan of its own.", {
            clients: {
                kind: "list", allowed: "clients, each with `name` and optionally `quota` (`limit`, `period`) and `throttle` (`rateLimit`, `burstLimit`)",
                items: { kind: "object", type: objectType("ApiClientArgs", "A named client of the API, with its own key and usage plan.", CLIENT_FIELDS) },
                example: [{ name: "web-shop" }],
                description: "The clients; their keys are outputs, as secrets.",
            },
        }),
    },
    cors: {
        scope: "api", guide: GUIDE, kind: "object", description: "Which browser origins may call the API; the preflight answers without calling SQS or asking for credentials.",
        type: objectType("CorsArgs", "Which browser origins may call the API.", {
            allowOrigins: {
                kind: "list", allowed: "origins such as https://shop.example.com, or * alone", example: ["https://shop.example.com"],
                items: {
                    kind: "string", pattern: /^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/,
                    allowed: "an origin such as https://shop.example.com (a scheme and a host, no path), or *",
                },
                description: "The origins allowed.",
            },
            allowMethods: {
                kind: "list", allowed: "HTTP methods", defaultText: "the routes' methods and OPTIONS",
                items: { kind: "string", pattern: /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/, allowed: "an HTTP method such as POST" },
                description: "The methods a preflight allows.",
            },
            allowHeaders: {
                kind: "list", allowed: "header names", items: HEADER_ITEM,
                default: ["Content-Type", "Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Api-Key"],
                defaultText: "`Content-Type`, `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token`, `X-Api-Key`, the idempotency header and every header a route reads (its FIFO group's, its attributes', a Lambda authorizer's)",
                description: "The request headers a preflight allows.",
            },
            exposeHeaders: {
                kind: "list", allowed: "header names", items: HEADER_ITEM, default: ["x-amzn-RequestId"], defaultText: "`x-amzn-RequestId`",
                description: "The response headers a browser may read.",
            },
            maxAgeSeconds: {
                kind: "integer", min: 0, max: 86400, default: 600, unit: "seconds",
                description: "How long a browser may keep a preflight's answer.",
            },
            allowCredentials: {
                kind: "boolean", default: false,
                description: "Let browsers send cookies and authorization; refused with the origin *.",
            },
        }),
    },
    domain: {
        scope: "api", guide: GUIDE, kind: "object", description: "A custom domain for the API, with a certificate you own.",
        type: objectType("DomainArgs", "A custom domain for the API.", {
            name: {
                kind: "string", pattern: HOSTNAME, allowed: "a host name such as orders.example.com", example: "orders.example.com",
                description: "The domain name.",
            },
            certificateArn: {
                kind: "string", pattern: ACM_CERTIFICATE_ARN, allowed: "an ACM certificate ARN in the API's region",
                example: "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab",
                description: "The ACM certificate for the name, in the API's region.",
            },
            securityPolicy: {
                ...choiceOf(DOMAIN_SECURITY_POLICY), default: "TLS_1_2",
                description: "TLS_1_2 (TLS 1.2 and 1.3) or SecurityPolicy_TLS13_1_3_2025_09 (TLS 1.3 only); never TLS 1.0.",
            },
            basePath: {
                kind: "string", pattern: /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, allowed: "path segments such as orders or v1/orders",
                example: "orders", defaultText: "none: the domain's root",
                description: "The path under the domain where the stage is mapped.",
            },
            hostedZoneId: {
                kind: "string", pattern: /^Z[A-Z0-9]{1,32}$/, allowed: "a Route 53 hosted zone id (Z…)", example: "Z0123456789ABCDEFGHIJ", defaultText: "none",
                description: "A Route 53 zone to create the name's alias record in.",
            },
            disableExecuteApiEndpoint: {
                kind: "boolean", default: false,
                description: "Turn off the default execute-api URL, so that callers must use the domain.",
            },
        }),
    },
    endpointType: {
        scope: "api", guide: GUIDE, ...choiceOf(ENDPOINT_TYPE), default: "REGIONAL",
        description: "REGIONAL (on the internet) or PRIVATE (reachable only through the VPC endpoints in vpcEndpointIds).",
    },
    vpcEndpointIds: {
        scope: "api", guide: GUIDE, kind: "list", allowed: "VPC endpoint ids (vpce-…)", defaultText: "none", example: ["vpce-0123456789abcdef0"],
        items: { kind: "string", pattern: /^vpce-[0-9a-f]{8,17}$/, allowed: "a VPC endpoint id (vpce-…)" },
        description: "With PRIVATE: the interface endpoints of execute-api allowed to call; the API's resource policy lets only them in.",
    },
    privateIamCallers: {
        scope: "api", guide: GUIDE, kind: "list", allowed: "IAM role ARNs, or an account's root ARN", defaultText: "the API's own account",
        example: ["arn:aws:iam::123456789012:role/checkout"],
        items: { kind: "string", pattern: IAM_CALLER_ARN, allowed: "an IAM role ARN (arn:aws:iam::<account>:role/<name>) or an account's root (arn:aws:iam::<account>:root)" },
        description: "With PRIVATE: who the resource policy lets call AWS_IAM routes; each caller also needs execute-api:Invoke in its own policies unless named by role.",
    },
    webAcl: {
        scope: "api", guide: GUIDE, kind: "object", description: "A WAF web ACL in front of the stage: an existing one by ARN, or one created.",
        type: objectType("WebAclArgs", "A WAF web ACL in front of the stage.", {
            arn: {
                kind: "string", pattern: WEB_ACL_ARN, allowed: "a regional WAFv2 web ACL ARN", defaultText: "none",
                example: "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/orders/a1b2c3d4-5678-90ab-cdef-111122223333",
                description: "An existing web ACL, such as one Firewall Manager owns.",
            },
            create: {
                kind: "boolean", default: false,
                description: "Create one: AWS's rules for common attacks, known bad inputs and IP reputation, and a rate limit per client IP.",
            },
            rateLimitPerIp: {
                kind: "integer", min: 10, max: 2000000000, unit: "requests",
                defaultText: "twice what one caller may send in 5 minutes at the stage's rate on every route: throttle.rateLimit × routes × 600, at most 2000000000",
                description: "With create: the requests one IP address may make in 5 minutes, over all the routes, before WAF answers 429; "
                    + "at least throttle.rateLimit × routes × 300.",
            },
        }),
    },
    tracing: {
        scope: "api", guide: GUIDE, kind: "boolean", default: false,
        description: "X-Ray tracing of the stage's requests.",
    },
} as const satisfies Readonly<Record<string, TopDeclaration>>;
