// A stack file with every part of the front door the local API enforces: two CORS origins, two API
// clients (one with a quota and its own throttling), a Cognito route, a Lambda (REQUEST) route, an
// AWS_IAM route and a FIFO route, beside a route with a schema and one without.
export const FRONT_DOOR_STACK = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: orders
      requestSchema:
        type: object
        required: [orderId]
        properties:
          orderId: {type: string}
    - path: intake
      queue: {maxMessageSize: 1024}
    - path: members
      authorization: COGNITO_USER_POOLS
      oauthScopes: [orders/write]
    - path: partners
      authorization: CUSTOM
    - path: signed
      authorization: AWS_IAM
    - path: stores/{storeId}/orders
      queue: {fifo: true}
      messageGroupId: {header: Customer-Id}
  orders:throttle:
    rateLimit: 10
    burstLimit: 20
  orders:cors:
    allowOrigins: [https://shop.example.com, https://admin.example.com]
  orders:apiKeys:
    clients:
      - name: web-shop
      - name: partner
        quota: {limit: 3, period: DAY}
        throttle: {rateLimit: 1, burstLimit: 2}
  orders:cognitoAuthorizer:
    userPoolArns: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123]
  orders:lambdaAuthorizer:
    functionArn: arn:aws:lambda:eu-west-1:123456789012:function:orders-authorizer
    type: REQUEST
    identitySources: [method.request.header.Authorization, method.request.querystring.token]
`;

export const SHOP = "https://shop.example.com";
export const ADMIN = "https://admin.example.com";

/** What every response of a route says to a page of an allowed origin, besides the origin itself. */
export const CORS_RESPONSE_HEADERS = { "access-control-expose-headers": "x-amzn-RequestId", vary: "Origin" };

/** A SigV4-shaped Authorization header: the local API checks its shape, not its signature. */
export const SIGV4_SHAPED = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;
