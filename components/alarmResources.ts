// The one place an alarm of alarms.ts becomes a CloudWatch alarm: a queue's, a route's or a
// consumer's, each with its metric's dimensions, paging the stack's topic when it goes off and again
// when it is back to normal.
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";

import { AlarmDefinition } from "./alarms";

export interface AlarmTarget {
    /** What the alarm's name starts with: a route's prefix or a consumer's name (`orders` gives `orders-dlq-alarm`). */
    readonly prefix: string;
    /** The metric's dimensions: the queue, the API's method or the function the alarm watches. */
    readonly dimensions: Record<string, pulumi.Input<string>>;
    /** The SNS topic the alarm notifies. */
    readonly topicArn: pulumi.Input<string>;
    readonly tags: Record<string, string>;
    readonly parent: pulumi.Resource;
}

/** Raises one alarm for `target`, named `<prefix>-<suffix>`. */
export function raiseAlarm(alarm: AlarmDefinition, target: AlarmTarget): cloudwatch.MetricAlarm {
    const topic = [target.topicArn];
    return new cloudwatch.MetricAlarm(`${target.prefix}-${alarm.suffix}`, {
        ...alarm.args,
        dimensions: target.dimensions,
        alarmActions: topic,
        okActions: topic,
        tags: target.tags,
    }, { parent: target.parent });
}
