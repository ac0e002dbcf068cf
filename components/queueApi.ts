// The provider is imported by service rather than whole: the type check then reads a third of its
// declarations, which keeps `npm test` (and any type-checked preview) fast.
import * as apigateway from "@pulumi/aws/apigateway";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as sns from "@pulumi/aws/sns";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import * as pulumi from "@pulumi/pulumi";

import { accessLogFormat } from "./accessLog";
import { apiShapeHash } from "./deploymentHash";
import { apiDefinition } from "./apiDefinition";
import { bundleConsumers } from "./bundle";
import { QueueConsumer } from "./consumer";
import { apiGatewayTrustPolicy, pushToCloudWatchPolicyArn, sendMessagePolicy } from "./iam";
import { sqsIntegrationUri } from "./integration";
import { createApiKeys, createAuthorizers, createDomain, createPreflights, createWebAcl } from "./frontDoorResources";
import { createMonitoring } from "./monitoring";
import { apiResourcePolicy } from "./resourcePolicy";
import { createRouteQueue, existingRouteQueue } from "./routeQueue";
import { routePrefix, slug } from "./naming";
import { carrying, componentSettings, explicitAwsProvider, regionCheckedBy } from "./componentSettings";
import { QueueApiArgs, QueueApiSettings, subscriberId, subscriberProtocol } from "./settings";

export const QUEUE_API_TYPE = "queue-load-leveling:index:QueueApi";

/**
 * A REST API whose route writes each request body, unchanged, into an SQS queue, and answers 202
 * with the message id. Builds the queue with its dead-letter queue, the role API Gateway assumes
 * (allowed `sqs:SendMessage` on that queue only), the RestApi, Resource, Method, Integration with
 * its responses, a Deployment that follows every change, and a throttled, logged Stage; for a route
 * with a consumer, the Lambda function that drains its queue; alarms that page someone, and one
 * CloudWatch dashboard.
 */
export class QueueApi extends pulumi.ComponentResource {
    /** The (first) route's full URL. The other outputs without a map also describe the first route. */
    public readonly url: pulumi.Output<string>;
    public readonly queueUrl: pulumi.Output<string>;
    public readonly queueArn: pulumi.Output<string>;
    /** Undefined when the first route sends to an existing queue. */
    public readonly deadLetterQueueUrl: pulumi.Output<string | undefined>;
    public readonly deadLetterQueueArn: pulumi.Output<string | undefined>;
    /** The role API Gateway assumes to send messages; name it in cross-account queue policies. */
    public readonly roleArn: pulumi.Output<string>;
    /** The customer-managed KMS key of the queues, when `queue.encryption` is `kms`. */
    public readonly kmsKeyArn: pulumi.Output<string | undefined>;
    /** Per route, keyed `POST /orders`: its URL, its queue's and its dead-letter queue's URL and ARN. */
    public readonly routeUrls: pulumi.Output<Record<string, string>>;
    public readonly queueUrls: pulumi.Output<Record<string, string>>;
    public readonly queueArns: pulumi.Output<Record<string, string>>;
    public readonly deadLetterQueueUrls: pulumi.Output<Record<string, string>>;
    public readonly deadLetterQueueArns: pulumi.Output<Record<string, string>>;
    /** Per route with a consumer, keyed `POST /orders`: its Lambda function's name. */
    public readonly consumerFunctionNames: pulumi.Output<Record<string, string>>;
    /** Per route with a consumer, keyed `POST /orders`: its function's role ARN, to grant what the worker needs beyond its queue. */
    public readonly consumerRoleArns: pulumi.Output<Record<string, string>>;
    /** Per route with a consumer, keyed `POST /orders`: its function's role name, as an `aws.iam.RolePolicy` takes it. */
    public readonly consumerRoleNames: pulumi.Output<Record<string, string>>;
    /** The stack's CloudWatch dashboard. */
    public readonly dashboardName: pulumi.Output<string>;
    public readonly restApiId: pulumi.Output<string>;
    public readonly stageName: pulumi.Output<string>;
    /** Per client of `apiKeys`, its API key: a secret. Empty without clients. */
    public readonly apiKeys: pulumi.Output<Record<string, string>>;
    /** Per route, its URL under the custom domain. Empty without a domain. */
    public readonly domainRouteUrls: pulumi.Output<Record<string, string>>;
    /** The web ACL in front of the stage, given or created. Undefined without one. */
    public readonly webAclArn: pulumi.Output<string | undefined>;

    /**
     * The component from settings already resolved, as a program's stack config resolves them
     * (resolveStackConfig): they are not resolved again, and only the names made from `name` are
     * checked. The settings' region rules were checked for the stack's own region.
     */
    static fromSettings(name: string, settings: QueueApiSettings, opts?: pulumi.ComponentResourceOptions): QueueApi {
        return new QueueApi(name, carrying(settings), opts);
    }

    constructor(name: string, args: QueueApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Checked before super() so that bad arguments register nothing at all.
        const s = componentSettings(name, args, opts);
        const archives = bundleConsumers(name, s);
        const provider = explicitAwsProvider(opts);
        super(QUEUE_API_TYPE, name, {}, provider
            ? { ...opts, transformations: [...(opts?.transformations ?? []), waitingFor(regionCheckedBy(provider, name, s), name)] }
            : opts);

        const parent = { parent: this };
        const tags = s.tags;
        const routes = s.routes;
        const prefixes = routes.map((route) => routePrefix(name, route.nameFragment));

        const alarmTopicArn = s.alarms.enabled ? this.alarmTopic(name, s) : undefined;
        const queues = routes.map((route, i) => (route.existingQueue
            ? existingRouteQueue(route.existingQueue.arn, route.existingQueue.kmsKeyArn)
            : createRouteQueue({ prefix: prefixes[i], queueSettings: route.queue, settings: s, retired: route.retired, alarmTopicArn, parent: this })));
        const consumers = routes.map((route, i) => (route.consumer ? new QueueConsumer(`${prefixes[i]}-consumer`, {
            consumer: route.consumer, archive: archives[i]!, queueArn: queues[i].arn, kmsKeyArn: queues[i].kmsKeyArn, settings: s, alarmTopicArn,
        }, parent) : undefined));

        const role = new iam.Role(`${name}-role`, {
            description: "Assumed by API Gateway to send request bodies to SQS",
            assumeRolePolicy: JSON.stringify(apiGatewayTrustPolicy()),
            ...(s.permissionsBoundaries.api ? { permissionsBoundary: s.permissionsBoundaries.api } : {}),
            tags,
        }, parent);

        // One statement for all the API's queues, one for their customer-managed keys.
        const sendPolicy = new iam.RolePolicy(`${name}-send-message`, {
            role: role.id,
            policy: pulumi.all([pulumi.all(queues.map((q) => q.arn)), pulumi.all(queues.map((q) => q.kmsKeyArn))])
                .apply(([arns, keys]) => JSON.stringify(sendMessagePolicy(arns, keys.filter((k): k is string => !!k)))),
        }, parent);

        const definition = apiDefinition(s, name);
        const door = s.frontDoor;
        const api = new apigateway.RestApi(`${name}-api`, {
            description: "Writes each request into SQS for workers to drain at their own pace",
            endpointConfiguration: definition.restApi.endpointConfiguration,
            ...(definition.restApi.disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
            tags,
        }, parent);
        // Every API has its resource policy (resourcePolicy.ts): a private API's lets in only the given
        // VPC endpoints, and a switch of endpoint type rewrites it instead of deleting it.
        const apiPolicy = new apigateway.RestApiPolicy(`${name}-api-policy`, {
            restApiId: api.id,
            policy: api.executionArn.apply((executionArn) => apiResourcePolicy(definition.restApi.access, executionArn)),
        }, parent);

        const resourceIds = this.createPathResources(name, api, routes);
        const authorizers = createAuthorizers(name, api, definition.authorizers, door.lambdaAuthorizer?.functionArn, this);
        const preflights = createPreflights(name, api, definition.preflights, resourceIds, this);

        // Routes that require a header (a FIFO group id) or a body schema have API Gateway check
        // them, before SQS is called; routes without either are not affected by the validator. A
        // retired route validates nothing, but keeps the validator until it is removed.
        const validator = routes.some((r) => r.requestSchema || r.messageGroupId?.header)
            ? new apigateway.RequestValidator(`${name}-request-validator`, {
                restApi: api.id,
                name: "body-and-required-parameters",
                validateRequestBody: true,
                validateRequestParameters: true,
            }, parent)
            : undefined;

        const integrations: apigateway.Integration[] = [];
        const responses: pulumi.Resource[] = [];
        const uris = queues.map((q) => q.arn.apply(sqsIntegrationUri));
        definition.routes.forEach((route, i) => {
            const prefix = prefixes[i];
            const resourceId = resourceIds.get(route.path)!;
            const model = route.model
                ? new apigateway.Model(`${prefix}-model`, { restApi: api.id, ...route.model }, parent)
                : undefined;
            const method = new apigateway.Method(`${prefix}-method`, {
                restApi: api.id,
                resourceId,
                ...route.method,
                ...(route.authorizer ? { authorizerId: authorizers[route.authorizer]!.id } : {}),
                ...((route.method.requestParameters || route.method.requestModels) && validator ? { requestValidatorId: validator.id } : {}),
            }, { parent: this, dependsOn: model ? [model] : [] });
            const integration = new apigateway.Integration(`${prefix}-integration`, {
                restApi: api.id,
                resourceId,
                httpMethod: method.httpMethod,
                ...(route.retired ? {} : { credentials: role.arn, uri: uris[i] }),
                ...route.integration,
            }, parent);
            const methodResponses = route.methodResponses.map((response) =>
                new apigateway.MethodResponse(`${prefix}-method-response-${response.statusCode}`, {
                    restApi: api.id,
                    resourceId,
                    httpMethod: method.httpMethod,
                    ...response,
                }, parent));
            // The method comes from the integration, so that the engine replaces these with it: the
            // provider replaces an integration (a new type, as when a route retires) by deleting it
            // first, and API Gateway deletes its integration responses with it.
            const integrationResponses = route.integrationResponses.map((response) =>
                new apigateway.IntegrationResponse(`${prefix}-integration-response-${responseSuffix(response.selectionPattern)}`, {
                    restApi: api.id,
                    resourceId,
                    httpMethod: integration.httpMethod,
                    ...response,
                }, { parent: this, dependsOn: [integration, ...methodResponses] }));
            integrations.push(integration);
            responses.push(...methodResponses, ...integrationResponses);
        });

        const gatewayResponses = definition.gatewayResponses.map((response) =>
            new apigateway.Response(`${name}-gateway-${response.responseType.toLowerCase().replace(/_/g, "-")}`, {
                restApiId: api.id,
                ...response,
            }, parent));

        const shape = pulumi.all([pulumi.all(uris), role.arn]).apply(([integrationUris, credentials]) => apiShapeHash({
            ...definition,
            routes: definition.routes.map((route, i) => (route.retired ? route
                : { ...route, integration: { ...route.integration, uri: integrationUris[i], credentials } })),
        }));

        const deployment = new apigateway.Deployment(`${name}-deployment`, {
            restApi: api.id,
            description: "Managed by Pulumi; replaced whenever the API's shape changes",
            triggers: { apiShape: shape },
        }, {
            parent: this,
            // Created before its integration it fails ("No integration defined for method"); the
            // role's permission must exist before the first request can be queued; the resource
            // policy reaches callers only through the deployment made after it.
            dependsOn: [...integrations, ...responses, ...gatewayResponses, ...preflights, sendPolicy, apiPolicy,
                ...(validator ? [validator] : [])],
        });

        const accountLogging = s.manageCloudWatchRole ? this.manageAccountLogging(name, tags, s.permissionsBoundaries.cloudWatchRole) : undefined;

        let accessLogSettings: apigateway.StageArgs["accessLogSettings"] | undefined;
        if (s.accessLogs.enabled) {
            // Kept in AWS when access logs are turned off or the stack goes: the retention then
            // expires the events, and nothing is deleted with what it holds.
            const logGroup = new cloudwatch.LogGroup(`${name}-access-logs`, {
                retentionInDays: s.accessLogs.retentionInDays,
                tags,
            }, { parent: this, retainOnDelete: true });
            accessLogSettings = { destinationArn: logGroup.arn, format: accessLogFormat() };
        }

        const stage = new apigateway.Stage(`${name}-stage`, {
            restApi: api.id,
            deployment: deployment.id,
            stageName: s.stageName,
            accessLogSettings,
            xrayTracingEnabled: door.tracing,
            tags,
        }, { parent: this, dependsOn: accountLogging ? [accountLogging] : [] });

        new apigateway.MethodSettings(`${name}-method-settings`, {
            restApi: api.id,
            stageName: stage.stageName,
            methodPath: "*/*",
            settings: {
                throttlingRateLimit: s.throttle.rateLimit,
                throttlingBurstLimit: s.throttle.burstLimit,
                metricsEnabled: true,
                // Execution logs would need the account role too, and data traces log bodies.
                loggingLevel: "OFF",
                dataTraceEnabled: false,
            },
        }, parent);

        this.apiKeys = door.apiClients.length > 0
            ? createApiKeys(name, api, stage, door.apiClients, tags, this)
            : pulumi.output<Record<string, string>>({});
        const domainUrl = door.domain ? createDomain(name, api, stage, door.domain, tags, this) : undefined;
        this.webAclArn = pulumi.output(door.webAcl ? createWebAcl(name, stage, door.webAcl, tags, this) : undefined);
        const dashboardName = createMonitoring({
            name, settings: s, prefixes, parent: this, alarmTopicArn,
            region: getRegionOutput({}, { parent: this }).region,
            apiName: api.name,
            stageName: stage.stageName,
            // The dashboard shows the queues this stack owns; an existing queue's metrics may be in another account or region.
            queueNames: queues.map((q, i) => (routes[i].existingQueue ? undefined : q.name)),
            deadLetterQueueNames: queues.map((q) => q.deadLetterQueue?.name),
            functionNames: consumers.map((c) => c?.functionName),
        });

        // Routes to an existing queue have no dead-letter queue of ours: the maps leave them out.
        const byRoute = <T>(values: (pulumi.Input<T> | undefined)[]) => pulumi.all(values.map((v) => pulumi.output(v)))
            .apply((resolved) => Object.fromEntries(routes.map((route, i) => [route.key, resolved[i]])
                .filter(([, value]) => value !== undefined)) as Record<string, T>);
        this.routeUrls = byRoute(routes.map((route) => pulumi.interpolate`${stage.invokeUrl}/${route.path}`));
        this.queueUrls = byRoute(queues.map((q) => q.url));
        this.queueArns = byRoute(queues.map((q) => q.arn));
        this.deadLetterQueueUrls = byRoute(queues.map((q) => q.deadLetterQueue?.url));
        this.deadLetterQueueArns = byRoute(queues.map((q) => q.deadLetterQueue?.arn));
        this.domainRouteUrls = domainUrl ? byRoute(routes.map((route) => pulumi.interpolate`${domainUrl}/${route.path}`)) : pulumi.output<Record<string, string>>({});
        this.consumerFunctionNames = byRoute(consumers.map((c) => c?.functionName));
        this.consumerRoleArns = byRoute(consumers.map((c) => c?.roleArn));
        this.consumerRoleNames = byRoute(consumers.map((c) => c?.roleName));
        this.dashboardName = dashboardName;

        const [first] = queues;
        this.url = pulumi.interpolate`${stage.invokeUrl}/${routes[0].path}`;
        this.queueUrl = first.url;
        this.queueArn = first.arn;
        this.deadLetterQueueUrl = pulumi.output(first.deadLetterQueue?.url);
        this.deadLetterQueueArn = pulumi.output(first.deadLetterQueue?.arn);
        this.roleArn = role.arn;
        this.kmsKeyArn = pulumi.output(first.kmsKeyArn);
        this.restApiId = api.id;
        this.stageName = stage.stageName;

        this.registerOutputs({
            url: this.url,
            queueUrl: this.queueUrl,
            queueArn: this.queueArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
            deadLetterQueueArn: this.deadLetterQueueArn,
            roleArn: this.roleArn,
            kmsKeyArn: this.kmsKeyArn,
            routeUrls: this.routeUrls,
            queueUrls: this.queueUrls,
            queueArns: this.queueArns,
            deadLetterQueueUrls: this.deadLetterQueueUrls,
            deadLetterQueueArns: this.deadLetterQueueArns,
            consumerFunctionNames: this.consumerFunctionNames,
            consumerRoleArns: this.consumerRoleArns,
            consumerRoleNames: this.consumerRoleNames,
            dashboardName: this.dashboardName,
            restApiId: this.restApiId,
            stageName: this.stageName,
            apiKeys: this.apiKeys,
            domainRouteUrls: this.domainRouteUrls,
            webAclArn: this.webAclArn,
        });
    }

    /**
     * One API Gateway resource per path prefix, shared by the routes below it. Returns each route
     * path's resource id. The single route's path (a route without a name fragment) keeps its
     * historical `<name>-resource`, whichever route below it comes first.
     */
    private createPathResources(name: string, api: apigateway.RestApi, routes: QueueApiSettings["routes"])
        : Map<string, pulumi.Output<string>> {
        const ids = new Map<string, pulumi.Output<string>>();
        const singlePath = routes.find((route) => !route.nameFragment)?.path;
        for (const route of routes) {
            const segments = route.path.split("/");
            segments.forEach((segment, depth) => {
                const prefix = segments.slice(0, depth + 1).join("/");
                if (ids.has(prefix)) {
                    return;
                }
                const parentId = depth === 0 ? api.rootResourceId : ids.get(segments.slice(0, depth).join("/"))!;
                const resourceName = prefix === singlePath ? `${name}-resource` : `${name}-resource-${slug(prefix)}`;
                ids.set(prefix, new apigateway.Resource(resourceName, {
                    restApi: api.id,
                    parentId,
                    pathPart: segment,
                }, { parent: this }).id);
            });
        }
        return ids;
    }

    /**
     * Where the alarms send: the given topic, or a topic created here with the given subscribers.
     * Email subscriptions wait for the recipient to confirm them.
     */
    private alarmTopic(name: string, s: QueueApiSettings): pulumi.Input<string> {
        if (s.alarms.snsTopicArn) {
            return s.alarms.snsTopicArn;
        }
        const parent = { parent: this };
        const topic = new sns.Topic(`${name}-alarms`, { tags: s.tags }, parent);
        for (const endpoint of s.alarms.subscribers) {
            new sns.TopicSubscription(`${name}-alarms-${subscriberId(endpoint)}`, {
                topic: topic.arn,
                protocol: subscriberProtocol(endpoint),
                endpoint,
            }, parent);
        }
        return topic.arn;
    }

    /**
     * The account-wide CloudWatch role for API Gateway. One per account and region: whoever
     * creates it sets it for every API there, which is why it is opt-in. All three are kept in
     * AWS when the stack or the setting goes: deleting an apigateway.Account resets the
     * region's account settings, and deleting the role would leave every API there unable to log.
     */
    private manageAccountLogging(name: string, tags: QueueApiSettings["tags"], permissionsBoundary: string | undefined): apigateway.Account {
        const parent = { parent: this, retainOnDelete: true };
        const partition = getPartitionOutput({}, { parent: this }).partition;
        const role = new iam.Role(`${name}-cloudwatch-role`, {
            description: "Lets API Gateway write logs for every API in this account and region",
            assumeRolePolicy: JSON.stringify(apiGatewayTrustPolicy()),
            ...(permissionsBoundary ? { permissionsBoundary } : {}),
            tags,
        }, parent);
        const attachment = new iam.RolePolicyAttachment(`${name}-cloudwatch-role-logs`, {
            role: role.name,
            policyArn: partition.apply(pushToCloudWatchPolicyArn),
        }, parent);
        return new apigateway.Account(`${name}-account`, {
            cloudwatchRoleArn: role.arn,
        }, { ...parent, dependsOn: [attachment] });
    }
}

/**
 * Makes every resource inside the component (not the component itself) wait for `gate`: a resource
 * whose dependency fails is never registered, so a failed check creates nothing.
 */
function waitingFor(gate: pulumi.Output<void>, componentName: string): pulumi.ResourceTransformation {
    return (args) => (args.type === QUEUE_API_TYPE && args.name === componentName ? undefined : {
        props: args.props,
        opts: { ...args.opts, dependsOn: gate.apply(() => args.opts.dependsOn ?? []) as pulumi.Input<pulumi.Input<pulumi.Resource>[]> },
    });
}

/** Names an integration response by the SQS statuses it selects: 2xx, 4xx, 5xx or default. */
function responseSuffix(selectionPattern: string | undefined): string {
    return selectionPattern === undefined ? "default" : `${selectionPattern[0]}xx`;
}
