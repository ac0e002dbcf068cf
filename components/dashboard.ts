// The stack's CloudWatch dashboard, as data: per route, the API's requests, errors and latency, the
// queue's depth and oldest message, the dead letters, and the consumer's invocations, errors,
// throttles and duration. One row per subject, one line per route.

export interface DashboardRoute {
    /** `POST /orders`, each line's label. */
    readonly key: string;
    readonly method: string;
    /** The resource path as API Gateway's metrics name it: `/orders`, `/stores/{storeId}/orders`. */
    readonly resourcePath: string;
    /** Absent for a route to an existing queue in another region: its metrics are not here. */
    readonly queueName?: string;
    readonly deadLetterQueueName?: string;
    readonly functionName?: string;
}

export interface DashboardInput {
    readonly region: string;
    /** The REST API's name and stage, API Gateway's metric dimensions. */
    readonly apiName: string;
    readonly stageName: string;
    readonly routes: readonly DashboardRoute[];
}

type Metric = (string | { readonly label: string; readonly stat?: string })[];

const WIDTH = 8;
const HEIGHT = 6;

/**
 * A dashboard's name: letters, digits, '-' and '_', at most 255 characters, unique in the account.
 * The project's and the stack's names, then the component's when it is not the project's, so that
 * two programs using the component in one account keep their dashboards apart.
 */
export function dashboardName(project: string, componentName: string, stack: string): string {
    return [project, stack, ...(componentName === project ? [] : [componentName])].join("-").replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

/** The dashboard's body, as CloudWatch's PutDashboard takes it. */
export function dashboardBody(input: DashboardInput): string {
    const api = (route: DashboardRoute, metricName: string, label: string, stat?: string): Metric => [
        "AWS/ApiGateway", metricName, "ApiName", input.apiName, "Method", route.method, "Resource", route.resourcePath, "Stage", input.stageName,
        { label, ...(stat ? { stat } : {}) },
    ];
    const queues = input.routes.filter((r) => r.queueName !== undefined);
    const deadLetters = input.routes.filter((r) => r.deadLetterQueueName !== undefined);
    const consumers = input.routes.filter((r) => r.functionName !== undefined);
    const sqs = (queueName: string, metricName: string, label: string): Metric => ["AWS/SQS", metricName, "QueueName", queueName, { label }];
    const fn = (route: DashboardRoute, metricName: string, label: string, stat?: string): Metric =>
        ["AWS/Lambda", metricName, "FunctionName", route.functionName!, { label, ...(stat ? { stat } : {}) }];

    const rows: { title: string; stat: string; metrics: Metric[] }[][] = [
        [
            { title: "Requests", stat: "Sum", metrics: input.routes.map((r) => api(r, "Count", r.key)) },
            { title: "Errors (4XX, 5XX)", stat: "Sum", metrics: input.routes.flatMap((r) => [api(r, "4XXError", `${r.key} 4XX`), api(r, "5XXError", `${r.key} 5XX`)]) },
            { title: "Latency (ms)", stat: "p99", metrics: input.routes.flatMap((r) => [api(r, "Latency", `${r.key} p50`, "p50"), api(r, "Latency", `${r.key} p99`, "p99")]) },
        ],
        [
            { title: "Queue depth", stat: "Maximum", metrics: queues.flatMap((r) => [
                sqs(r.queueName!, "ApproximateNumberOfMessagesVisible", `${r.key} waiting`),
                sqs(r.queueName!, "ApproximateNumberOfMessagesNotVisible", `${r.key} in flight`),
            ]) },
            { title: "Oldest message (s)", stat: "Maximum", metrics: queues.map((r) => sqs(r.queueName!, "ApproximateAgeOfOldestMessage", r.key)) },
            { title: "Dead letters", stat: "Maximum", metrics: deadLetters.map((r) => sqs(r.deadLetterQueueName!, "ApproximateNumberOfMessagesVisible", r.key)) },
        ],
        ...(consumers.length === 0 ? [] : [[
            { title: "Consumer invocations", stat: "Sum", metrics: consumers.flatMap((r) => [
                fn(r, "Invocations", `${r.key} invocations`), fn(r, "Errors", `${r.key} errors`), fn(r, "Throttles", `${r.key} throttles`),
            ]) },
            { title: "Consumer duration (ms)", stat: "p99", metrics: consumers.map((r) => fn(r, "Duration", `${r.key} p99`, "p99")) },
            { title: "Consumer concurrency", stat: "Maximum", metrics: consumers.map((r) => fn(r, "ConcurrentExecutions", r.key)) },
        ]]),
    ];
    // A widget with nothing to show (no queue of this stack's, say) is left out, and its row closes up.
    const widgets = rows.map((row) => row.filter((widget) => widget.metrics.length > 0)).flatMap((row, y) => row.map((widget, x) => ({
        type: "metric",
        x: x * WIDTH,
        y: y * HEIGHT,
        width: WIDTH,
        height: HEIGHT,
        properties: { title: widget.title, region: input.region, view: "timeSeries", stacked: false, stat: widget.stat, period: 60, metrics: widget.metrics },
    })));
    return JSON.stringify({ widgets });
}
