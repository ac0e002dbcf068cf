// Small REST APIs for the front-door policies' fixtures: the API and its resources, methods,
// integrations, responses, stages and custom domains, shaped as @pulumi/aws v7 declares them.
import { FixtureResource } from "../../offline/policyRunner";
import { ACCOUNT, REGION } from "./policyFixtures";

export const API_ID = "a1b2c3d4e5";
export const ROOT_ID = "r00t";
export const STAGE_ARN = `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/stages/v1`;
export const WEB_ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/orders-acl/0123abcd-ef01-2345-6789-abcdef012345`;

type Props = Record<string, unknown>;

export const restApi = (props: Props = {}, name = "api"): FixtureResource =>
    ({ type: "aws:apigateway/restApi:RestApi", name, props: { id: API_ID, rootResourceId: ROOT_ID, endpointConfiguration: { types: "REGIONAL" }, ...props } });

/** A resource under `parentId` (the root by default); its id is `<name>-id`. */
export const resource = (name: string, pathPart: string, parentId = ROOT_ID, props: Props = {}): FixtureResource =>
    ({ type: "aws:apigateway/resource:Resource", name, props: { id: `${name}-id`, restApi: API_ID, parentId, pathPart, ...props } });

export const method = (name: string, resourceId: string, httpMethod: string, props: Props = {}): FixtureResource =>
    ({ type: "aws:apigateway/method:Method", name, props: { restApi: API_ID, resourceId, httpMethod, authorization: "AWS_IAM", ...props } });

export const integration = (name: string, resourceId: string, httpMethod: string, props: Props = {}): FixtureResource =>
    ({ type: "aws:apigateway/integration:Integration", name, props: { restApi: API_ID, resourceId, httpMethod, type: "MOCK", ...props } });

export const integrationResponse = (name: string, headers: Record<string, string>, props: Props = {}): FixtureResource => ({
    type: "aws:apigateway/integrationResponse:IntegrationResponse", name,
    props: { restApi: API_ID, resourceId: "orders-id", httpMethod: "POST", statusCode: "200",
        responseParameters: Object.fromEntries(Object.entries(headers).map(([header, value]) => [`method.response.header.${header}`, value])), ...props },
});

export const gatewayResponse = (name: string, headers: Record<string, string>, props: Props = {}): FixtureResource => ({
    type: "aws:apigateway/response:Response", name,
    props: { restApiId: API_ID, responseType: "DEFAULT_4XX",
        responseParameters: Object.fromEntries(Object.entries(headers).map(([header, value]) => [`gatewayresponse.header.${header}`, value])), ...props },
});

export const stage = (stageName = "v1", props: Props = {}, name = `stage-${stageName}`): FixtureResource => ({
    type: "aws:apigateway/stage:Stage", name,
    props: { restApi: API_ID, stageName, arn: `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/stages/${stageName}`, ...props },
});

export const webAclAssociation = (resourceArn: string, name = "waf"): FixtureResource =>
    ({ type: "aws:wafv2/webAclAssociation:WebAclAssociation", name, props: { resourceArn, webAclArn: WEB_ACL_ARN } });

/** An internal API: PRIVATE (reached only through the VPC's endpoint), every method signed with IAM, no WAF. */
export const iamOnlyInternalApi = (): FixtureResource[] => [
    restApi({ endpointConfiguration: { types: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"] } }),
    resource("orders", "orders"), resource("order", "{orderId}", "orders-id"),
    method("post-orders", "orders-id", "POST"), method("get-order", "order-id", "GET"), method("get-root", ROOT_ID, "GET"),
    stage("v1"),
];

export const domainName = (props: Props = {}, name = "domain"): FixtureResource => ({
    type: "aws:apigateway/domainName:DomainName", name,
    props: { domainName: "api.example.com", regionalCertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`, endpointConfiguration: { types: "REGIONAL" }, ...props },
});
