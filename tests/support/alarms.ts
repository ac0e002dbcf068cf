// The alarms a run registers, each as one line a reviewer reads: what it watches and when it goes off.
import { byType, MockRun } from "../../offline/mockRuntime";

/** Each alarm as `name: metric statistic comparison threshold (periods)`, with its dimensions. */
export const alarms = (run: { resources: MockRun<unknown>["resources"] }) => byType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [
    a.name,
    `${a.inputs.namespace} ${a.inputs.metricName} ${a.inputs.statistic ?? a.inputs.extendedStatistic} ${a.inputs.comparisonOperator} ${a.inputs.threshold} `
        + `(${a.inputs.datapointsToAlarm ?? a.inputs.evaluationPeriods} of ${a.inputs.evaluationPeriods} × ${a.inputs.period} s)`,
    a.inputs.dimensions,
]);
