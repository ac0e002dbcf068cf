// The resources of the API's front door: authorizers, preflights, API keys with usage plans, the
// custom domain, the web ACL. Each function creates what one setting asks for, as children of the
// QueueApi component; what shapes the deployed API comes from the API's definition (apiDefinition.ts).
import * as apigateway from "@pulumi/aws/apigateway";
import * as apigatewayv2 from "@pulumi/aws/apigatewayv2";
import * as lambda from "@pulumi/aws/lambda";
import * as route53 from "@pulumi/aws/route53";
import * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";

import { ApiDefinition, AuthorizerKind } from "./apiDefinition";
import { FrontDoorSettings } from "./settingsTypes";
import { slug } from "./naming";
import { RATE_LIMITED_BODY, RATE_LIMITED_BODY_KEY, RATE_RULE_BLOCK, RATE_RULE_WINDOW_SECONDS } from "./rateRule";

type Tags = Readonly<Record<string, string>>;

/**
 * The authorizers the routes use. A Lambda authorizer's function gets a permission that lets API
 * Gateway invoke it for this API's authorizer only, not for any API of the account.
 */
export function createAuthorizers(name: string, api: apigateway.RestApi, authorizers: ApiDefinition["authorizers"],
    functionArn: string | undefined, parent: pulumi.Resource): Partial<Record<AuthorizerKind, apigateway.Authorizer>> {
    const created: Partial<Record<AuthorizerKind, apigateway.Authorizer>> = {};
    if (authorizers.cognito) {
        created.cognito = new apigateway.Authorizer(`${name}-cognito-authorizer`, { restApi: api.id, ...authorizers.cognito }, { parent });
    }
    if (authorizers.lambda && functionArn) {
        const authorizer = new apigateway.Authorizer(`${name}-lambda-authorizer`, { restApi: api.id, ...authorizers.lambda }, { parent });
        new lambda.Permission(`${name}-lambda-authorizer-invoke`, {
            action: "lambda:InvokeFunction",
            function: functionArn,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${api.executionArn}/authorizers/${authorizer.id}`,
        }, { parent });
        created.lambda = authorizer;
    }
    return created;
}

/** The preflight OPTIONS methods; returns what the deployment must wait for. */
export function createPreflights(name: string, api: apigateway.RestApi, preflights: ApiDefinition["preflights"],
    resourceIds: ReadonlyMap<string, pulumi.Output<string>>, parent: pulumi.Resource): pulumi.Resource[] {
    return preflights.flatMap((preflight) => {
        const prefix = `${name}-preflight-${slug(preflight.path)}`;
        const resourceId = resourceIds.get(preflight.path)!;
        const method = new apigateway.Method(`${prefix}-method`, { restApi: api.id, resourceId, ...preflight.method }, { parent });
        const integration = new apigateway.Integration(`${prefix}-integration`, {
            restApi: api.id, resourceId, httpMethod: method.httpMethod, ...preflight.integration,
        }, { parent });
        const methodResponse = new apigateway.MethodResponse(`${prefix}-method-response`, {
            restApi: api.id, resourceId, httpMethod: method.httpMethod, ...preflight.methodResponse,
        }, { parent });
        const integrationResponse = new apigateway.IntegrationResponse(`${prefix}-integration-response`, {
            restApi: api.id, resourceId, httpMethod: method.httpMethod, ...preflight.integrationResponse,
        }, { parent, dependsOn: [integration, methodResponse] });
        return [integration, methodResponse, integrationResponse];
    });
}

/**
 * One API key and usage plan per client. AWS generates each key; the map of client name to key is
 * a secret output, so that it is encrypted in the state and masked in the CLI's output.
 */
export function createApiKeys(name: string, api: apigateway.RestApi, stage: apigateway.Stage, clients: FrontDoorSettings["apiClients"],
    tags: Tags, parent: pulumi.Resource): pulumi.Output<Record<string, string>> {
    const keys = clients.map((client) => {
        const prefix = `${name}-client-${client.name.toLowerCase()}`;
        const key = new apigateway.ApiKey(`${prefix}-key`, { description: `API key of the client ${client.name}`, tags }, { parent });
        const plan = new apigateway.UsagePlan(`${prefix}-plan`, {
            description: `Usage plan of the client ${client.name}`,
            apiStages: [{ apiId: api.id, stage: stage.stageName }],
            ...(client.quota ? { quotaSettings: { limit: client.quota.limit, period: client.quota.period } } : {}),
            ...(client.throttle ? { throttleSettings: { rateLimit: client.throttle.rateLimit, burstLimit: client.throttle.burstLimit } } : {}),
            tags,
        }, { parent });
        new apigateway.UsagePlanKey(`${prefix}-plan-key`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id }, { parent });
        return key.value;
    });
    return pulumi.secret(pulumi.all(keys).apply((values) => Object.fromEntries(clients.map((c, i) => [c.name, values[i]]))));
}

/** The custom domain, its mapping to the stage and, given a zone, its alias record; returns the domain's base URL. */
export function createDomain(name: string, api: apigateway.RestApi, stage: apigateway.Stage, domain: NonNullable<FrontDoorSettings["domain"]>,
    tags: Tags, parent: pulumi.Resource): pulumi.Output<string> {
    const domainName = new apigateway.DomainName(`${name}-domain`, {
        domainName: domain.name,
        regionalCertificateArn: domain.certificateArn,
        endpointConfiguration: { types: "REGIONAL" },
        securityPolicy: domain.securityPolicy,
        // The enhanced (SecurityPolicy_*) policies need an access mode; STRICT also checks that the
        // request's host is this domain.
        ...(domain.securityPolicy.startsWith("SecurityPolicy_") ? { endpointAccessMode: "STRICT" } : {}),
        tags,
    }, { parent });
    // API Gateway's v1 base path mappings take one segment; a base path of several is an API mapping
    // of API Gateway V2 (which takes REST APIs, on a domain of the TLS 1.2 policy). A single segment
    // keeps its v1 mapping, so that existing stacks keep theirs.
    if (domain.basePath?.includes("/")) {
        new apigatewayv2.ApiMapping(`${name}-api-mapping`, {
            apiId: api.id,
            domainName: domainName.domainName,
            stage: stage.stageName,
            apiMappingKey: domain.basePath,
        }, { parent });
    } else {
        new apigateway.BasePathMapping(`${name}-base-path`, {
            domainName: domainName.domainName,
            restApi: api.id,
            stageName: stage.stageName,
            ...(domain.basePath ? { basePath: domain.basePath } : {}),
        }, { parent });
    }
    if (domain.hostedZoneId) {
        new route53.Record(`${name}-domain-alias`, {
            zoneId: domain.hostedZoneId,
            name: domain.name,
            type: "A",
            aliases: [{ name: domainName.regionalDomainName, zoneId: domainName.regionalZoneId, evaluateTargetHealth: false }],
        }, { parent });
    }
    return pulumi.output(`https://${domain.name}${domain.basePath ? `/${domain.basePath}` : ""}`);
}

// No sampled requests: WAF keeps them with every header (Authorization, x-api-key, a SigV4
// signature, a Cognito token) for anyone allowed wafv2:GetSampledRequests, which read-only roles
// have, and offers no redaction for them short of a data-protection setting. Metrics stay on.
const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: false });

/**
 * A web ACL with AWS's managed rules for common attacks, known bad inputs and IP reputation, and a
 * rate limit per client IP. The common rule set blocks bodies over 8 KB (SizeRestrictions_BODY),
 * far below what the queue takes: that rule only counts here, since a blocked order is a lost
 * order, and the queue's own limit answers 413 above its size. WAF inspects the first 16 KB of a
 * body (API Gateway's default), so the rest of a larger body passes uninspected. The rate rule's
 * blocks are answered 429 with Retry-After (rateRule.ts); the managed rules' stay 403.
 */
export function webAclRules(rateLimitPerIp: number): wafv2.WebAclArgs["rules"] {
    const managed = (priority: number, ruleGroup: string, countOnly: string[] = []) => ({
        name: ruleGroup,
        priority,
        overrideAction: { none: {} },
        statement: {
            managedRuleGroupStatement: {
                vendorName: "AWS",
                name: ruleGroup,
                ...(countOnly.length > 0 ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
            },
        },
        visibilityConfig: visibility(ruleGroup),
    });
    return [
        managed(10, "AWSManagedRulesCommonRuleSet", ["SizeRestrictions_BODY"]),
        managed(20, "AWSManagedRulesKnownBadInputsRuleSet"),
        managed(30, "AWSManagedRulesAmazonIpReputationList"),
        {
            name: "rate-per-ip",
            priority: 40,
            action: { block: RATE_RULE_BLOCK },
            statement: { rateBasedStatement: { limit: rateLimitPerIp, aggregateKeyType: "IP", evaluationWindowSec: RATE_RULE_WINDOW_SECONDS } },
            visibilityConfig: visibility("rate-per-ip"),
        },
    ];
}

/** The stage's web ACL, given or created, and its association with the stage. */
export function createWebAcl(name: string, stage: apigateway.Stage, webAcl: NonNullable<FrontDoorSettings["webAcl"]>,
    tags: Tags, parent: pulumi.Resource): pulumi.Output<string> {
    const arn = webAcl.arn ? pulumi.output(webAcl.arn) : new wafv2.WebAcl(`${name}-web-acl`, {
        scope: "REGIONAL",
        description: "In front of the queue's API: AWS's managed rules and a rate limit per client IP",
        defaultAction: { allow: {} },
        rules: webAclRules(webAcl.rateLimitPerIp),
        customResponseBodies: [{ key: RATE_LIMITED_BODY_KEY, contentType: "APPLICATION_JSON", content: RATE_LIMITED_BODY }],
        visibilityConfig: visibility(`${name}-web-acl`),
        tags,
    }, { parent }).arn;
    new wafv2.WebAclAssociation(`${name}-web-acl-association`, { resourceArn: stage.arn, webAclArn: arn }, { parent });
    return arn;
}
