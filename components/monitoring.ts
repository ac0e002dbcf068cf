// What watches the API once it runs: each route's 5XX and latency alarms (the queues' alarms are
// raised with the queues, the consumers' with the consumers) and the stack's one dashboard.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";

import { raiseAlarm } from "./alarmResources";
import { routeAlarms } from "./alarms";
import { QueueApiSettings } from "./settingsTypes";
import { dashboardBody, dashboardName } from "./dashboard";

export interface MonitoringOptions {
    /** The component's name: the dashboard is `<name>-dashboard`, named `<name>-<stack>` in CloudWatch. */
    readonly name: string;
    readonly settings: QueueApiSettings;
    /** Each route's resource prefix, in the order of the settings' routes. */
    readonly prefixes: readonly string[];
    readonly region: pulumi.Input<string>;
    readonly apiName: pulumi.Input<string>;
    readonly stageName: pulumi.Input<string>;
    /** Per route: its queue's and dead-letter queue's names when this stack watches them, its consumer's function name. */
    readonly queueNames: readonly (pulumi.Input<string> | undefined)[];
    readonly deadLetterQueueNames: readonly (pulumi.Input<string> | undefined)[];
    readonly functionNames: readonly (pulumi.Input<string> | undefined)[];
    /** The topic the alarms notify; no alarms without one. */
    readonly alarmTopicArn: pulumi.Input<string> | undefined;
    readonly parent: pulumi.Resource;
}

/** Raises each route's API alarms and builds the dashboard; returns the dashboard's name. */
export function createMonitoring(options: MonitoringOptions): pulumi.Output<string> {
    const { settings: s, parent } = options;
    const dimensions = (i: number) => ({
        ApiName: options.apiName,
        Stage: options.stageName,
        Method: s.routes[i].method,
        Resource: `/${s.routes[i].path}`,
    });
    if (options.alarmTopicArn !== undefined && !s.alarms.deadLettersOnly) {
        const topicArn = options.alarmTopicArn;
        s.routes.forEach((_, i) => {
            for (const alarm of routeAlarms(s.alarms)) {
                raiseAlarm(alarm, { prefix: options.prefixes[i], dimensions: dimensions(i), topicArn, tags: s.tags, parent });
            }
        });
    }

    const optional = (values: readonly (pulumi.Input<string> | undefined)[]) => pulumi.all(values.map((v) => pulumi.output(v)));
    const dashboard = new cloudwatch.Dashboard(`${options.name}-dashboard`, {
        // Dashboard names are unique in an account: the project's and the stack's names keep two stacks' apart.
        dashboardName: dashboardName(pulumi.getProject(), options.name, pulumi.getStack()),
        dashboardBody: pulumi.all([options.region, options.apiName, options.stageName, optional(options.queueNames),
            optional(options.deadLetterQueueNames), optional(options.functionNames)])
            .apply(([region, apiName, stageName, queueNames, deadLetterQueueNames, functionNames]) => dashboardBody({
                region,
                apiName,
                stageName,
                routes: s.routes.map((route, i) => ({
                    key: route.key,
                    method: route.method,
                    resourcePath: `/${route.path}`,
                    ...(queueNames[i] ? { queueName: queueNames[i] } : {}),
                    ...(deadLetterQueueNames[i] ? { deadLetterQueueName: deadLetterQueueNames[i] } : {}),
                    ...(functionNames[i] ? { functionName: functionNames[i] } : {}),
                })),
            })),
    }, { parent });
    return dashboard.dashboardName;
}
