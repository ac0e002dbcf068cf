// The program: reads this stack's config, builds the queue-backed API, exports what callers and
// workers need. All checks happen in resolveStackConfig, before any resource is registered, and
// the component is built from the settings it resolved. It uses the component the way any program
// does: through the package's public entry point.
import * as pulumi from "@pulumi/pulumi";
import { QueueApi, resolveStackConfig } from "queue-load-leveling";

import { PROGRAM_DEFAULTS } from "./programDefaults";

const { settings } = resolveStackConfig(pulumi.getProject(), pulumi.runtime.allConfig(), PROGRAM_DEFAULTS);

const api = QueueApi.fromSettings(pulumi.getProject(), settings);

/** POST orders here. */
export const url = api.url;
export const queueUrl = api.queueUrl;
export const queueArn = api.queueArn;
export const deadLetterQueueUrl = api.deadLetterQueueUrl;
export const deadLetterQueueArn = api.deadLetterQueueArn;
export const roleArn = api.roleArn;
export const kmsKeyArn = api.kmsKeyArn;
export const stageName = api.stageName;
/** The same per route, keyed by method and path ("POST /orders"). */
export const routeUrls = api.routeUrls;
export const queueUrls = api.queueUrls;
export const queueArns = api.queueArns;
export const deadLetterQueueUrls = api.deadLetterQueueUrls;
export const deadLetterQueueArns = api.deadLetterQueueArns;
/** Per client of orders:apiKeys, its API key (a secret: pulumi stack output apiKeys --show-secrets). */
export const apiKeys = api.apiKeys;
/** Per route, its URL under orders:domain. */
export const domainRouteUrls = api.domainRouteUrls;
export const webAclArn = api.webAclArn;
/** Each route's Lambda consumer, by route; the stack's CloudWatch dashboard. */
export const consumerFunctionNames = api.consumerFunctionNames;
export const consumerRoleArns = api.consumerRoleArns;
export const consumerRoleNames = api.consumerRoleNames;
export const dashboardName = api.dashboardName;
