// The shapes of the API's definition (apiDefinition.ts builds it): plain data the component passes
// to the resources and the Deployment's trigger hashes. Apart from the code that builds them, so
// that the parts built elsewhere (a route's responses, a retired route) read them without
// importing the builder that imports them.
import { ApiAccess } from "./resourcePolicy";

/** Which of the API's authorizers a method uses; its id is known only once it exists. */
export type AuthorizerKind = "cognito" | "lambda";

export interface RouteDefinition {
    /** The route's path below the stage, which the API's resources are built from. */
    readonly path: string;
    /** A retired route answers 410 from a MOCK integration and sends nothing to its queue (retirement.ts). */
    readonly retired?: boolean;
    readonly authorizer?: AuthorizerKind;
    readonly method: {
        readonly httpMethod: string;
        readonly authorization: string;
        readonly authorizationScopes?: string[];
        readonly apiKeyRequired?: boolean;
        /** Headers the request must have; API Gateway answers 400 without them, before SQS is called. */
        readonly requestParameters?: Readonly<Record<string, boolean>>;
        /** The model JSON bodies must match; API Gateway answers 400 otherwise, before SQS is called. */
        readonly requestModels?: Readonly<Record<string, string>>;
    };
    /** The route's request body schema, as an API Gateway model. */
    readonly model?: { readonly name: string; readonly contentType: string; readonly schema: string };
    /** The integration's arguments, except the queue's URI and the role, which are outputs (and a MOCK has neither). */
    readonly integration: {
        readonly type: string;
        readonly integrationHttpMethod?: string;
        readonly requestParameters?: Readonly<Record<string, string>>;
        readonly requestTemplates: Readonly<Record<string, string>>;
        readonly passthroughBehavior: string;
    };
    readonly methodResponses: readonly MethodResponseDefinition[];
    readonly integrationResponses: readonly IntegrationResponseDefinition[];
}

export interface MethodResponseDefinition {
    readonly statusCode: string;
    readonly responseModels: Readonly<Record<string, string>>;
    /** The headers the response may carry (CORS). */
    readonly responseParameters?: Readonly<Record<string, boolean>>;
}

export interface IntegrationResponseDefinition {
    readonly statusCode: string;
    readonly selectionPattern?: string;
    readonly responseTemplates: Readonly<Record<string, string>>;
    /** Static header values (CORS). */
    readonly responseParameters?: Readonly<Record<string, string>>;
}

/** The CORS preflight of one path: answered by API Gateway itself, without credentials or SQS. */
export interface PreflightDefinition {
    readonly path: string;
    readonly method: { readonly httpMethod: "OPTIONS"; readonly authorization: "NONE" };
    readonly integration: {
        readonly type: "MOCK";
        readonly requestTemplates: Readonly<Record<string, string>>;
        readonly passthroughBehavior: string;
    };
    readonly methodResponse: MethodResponseDefinition;
    readonly integrationResponse: IntegrationResponseDefinition;
}

export interface AuthorizerDefinition {
    readonly name: string;
    readonly type: "COGNITO_USER_POOLS" | "TOKEN" | "REQUEST";
    readonly providerArns?: string[];
    readonly authorizerUri?: string;
    readonly identitySource: string;
    readonly authorizerResultTtlInSeconds?: number;
}

export interface ApiDefinition {
    readonly routes: readonly RouteDefinition[];
    readonly preflights: readonly PreflightDefinition[];
    readonly gatewayResponses: readonly {
        readonly responseType: string;
        readonly statusCode?: string;
        readonly responseTemplates: Readonly<Record<string, string>>;
        readonly responseParameters?: Readonly<Record<string, string>>;
    }[];
    readonly authorizers: { readonly cognito?: AuthorizerDefinition; readonly lambda?: AuthorizerDefinition };
    /** What the RestApi itself holds that a deployment reads. */
    readonly restApi: {
        readonly endpointConfiguration: { readonly types: string; readonly vpcEndpointIds?: string[] };
        readonly disableExecuteApiEndpoint?: boolean;
        /** What the resource policy is made from (resourcePolicy.ts), once the API's execution ARN is known. */
        readonly access: ApiAccess;
    };
}
