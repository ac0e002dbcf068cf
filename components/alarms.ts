// The alarms, as data: what each watches, when it goes off and what it tells whoever it pages.
// alarmResources.ts raises them, with the metric's dimensions, the topic and the tags, for the
// queues (routeQueue.ts), the routes (monitoring.ts) and the consumers (consumer.ts). Every alarm
// treats missing data as fine: SQS, API Gateway and Lambda send no data points for an idle queue,
// route or function, which is no emergency.
import { oldestMessageAgeThreshold } from "./alarmRules";
import { AlarmSettings } from "./settingsTypes";

export interface AlarmDefinition {
    /** The alarm's name after its route's prefix (a consumer's: after the consumer's name): `dlq-alarm` gives `orders-dlq-alarm`. */
    readonly suffix: string;
    readonly args: {
        readonly alarmDescription: string;
        readonly namespace: string;
        readonly metricName: string;
        readonly statistic?: string;
        readonly extendedStatistic?: string;
        readonly period: number;
        readonly evaluationPeriods: number;
        readonly datapointsToAlarm?: number;
        readonly threshold: number;
        readonly comparisonOperator: string;
        readonly treatMissingData: string;
    };
}

const FIVE_MINUTES = 300;

/** A message has failed for good: as soon as the dead-letter queue holds one. */
export const DEAD_LETTER_ALARM: AlarmDefinition = {
    suffix: "dlq-alarm",
    args: {
        alarmDescription: "A message has failed for good and waits in the dead-letter queue: look at it, fix the cause, redrive it",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
    },
};

/** A backlog: the queue's oldest message is older than the threshold, long before retention deletes it. */
export function oldestMessageAlarm(alarms: AlarmSettings, messageRetentionSeconds: number): AlarmDefinition {
    const threshold = oldestMessageAgeThreshold(alarms, messageRetentionSeconds);
    return {
        suffix: "age-alarm",
        args: {
            alarmDescription: `The queue's oldest message has waited over ${threshold} s, and SQS deletes it at `
                + `${messageRetentionSeconds} s: the workers are not keeping up, or not running`,
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            statistic: "Maximum",
            period: FIVE_MINUTES,
            evaluationPeriods: 1,
            threshold,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
    };
}

/** A route's API answers: its share of 5XX answers (the metric's average is that share), and its p99 latency. */
export function routeAlarms(alarms: AlarmSettings): AlarmDefinition[] {
    return [{
        suffix: "5xx-alarm",
        args: {
            alarmDescription: `Over ${alarms.serverErrorPercent}% of the route's requests answered 5XX in 3 of 5 minutes: `
                + "orders are refused (the access log's integrationStatus says what SQS answered)",
            namespace: "AWS/ApiGateway",
            metricName: "5XXError",
            statistic: "Average",
            period: 60,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            threshold: alarms.serverErrorPercent / 100,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
    }, {
        suffix: "latency-alarm",
        args: {
            alarmDescription: `The route's p99 latency was over ${alarms.latencyP99Milliseconds} ms in 2 of 3 five-minute periods`,
            namespace: "AWS/ApiGateway",
            metricName: "Latency",
            extendedStatistic: "p99",
            period: FIVE_MINUTES,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            threshold: alarms.latencyP99Milliseconds,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
        },
    }];
}

/** A consumer's failed invocations (a whole batch failed, or the function crashed or timed out) and throttles. */
export function consumerAlarms(alarms: AlarmSettings): AlarmDefinition[] {
    const count = (suffix: string, metricName: string, threshold: number, description: string): AlarmDefinition => ({
        suffix,
        args: {
            alarmDescription: description,
            namespace: "AWS/Lambda",
            metricName,
            statistic: "Sum",
            period: FIVE_MINUTES,
            evaluationPeriods: 1,
            threshold,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
        },
    });
    return [
        count("errors-alarm", "Errors", alarms.consumerErrors,
            `The consumer failed ${alarms.consumerErrors} or more invocations in 5 minutes: a whole batch failed, or the function crashed or timed out; its messages go back to the queue`),
        count("throttles-alarm", "Throttles", alarms.consumerThrottles,
            `Lambda throttled the consumer ${alarms.consumerThrottles} or more times in 5 minutes: the account's or function's concurrency is used up`),
    ];
}
