import { LAMBDA_DEFAULT_TIMEOUT, SQS_DEFAULT_VISIBILITY, sqsMappings, VISIBILITY_PER_TIMEOUT } from "../consumers";
import { definePolicy } from "../registry";
import { StackIndex, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const consumerBatchSafety = definePolicy({
    name: "consumer-batch-safety",
    description: "Every event source mapping that feeds a Lambda function from SQS reports partial batch failures "
        + "(functionResponseTypes with ReportBatchItemFailures), and its queue's visibility timeout is at least six "
        + "times the function's timeout (AWS's guidance). Add ReportBatchItemFailures, and raise the queue's "
        + "visibilityTimeoutSeconds or lower the function's timeout.",
    enforcementLevel: "advisory",
    prodLevel: "mandatory",
    judges: [TYPES.eventSourceMapping],
    checks: "every event source mapping from SQS reports partial batch failures (`functionResponseTypes` with "
        + "`ReportBatchItemFailures`), and when the stack holds its queue and function, the queue's visibility "
        + "timeout is at least six times the function's timeout (SQS's default 30 s and Lambda's 3 s when "
        + "unset)",
    rationale: "without partial responses one failed message sends its whole batch back to be processed again; with "
        + "a shorter visibility timeout a batch still running reappears and is processed twice (AWS's guidance)",
    validateStack: (args, reportViolation) => {
        const unknowns = new Unknowns();
        const index = StackIndex.of(args.resources);
        for (const { mapping, queueArn, fn } of sqsMappings(args.resources, unknowns)) {
            const problems: string[] = [];
            const reading = new Unknowns();
            const types = reading.peek(() => mapping.props.functionResponseTypes);
            const reported = Array.isArray(types) ? Array.from({ length: types.length }, (_, i) => reading.peek(() => types[i])) : [];
            unknowns.absorb(reading);
            if (!reading.any && !reported.includes("ReportBatchItemFailures")) {
                problems.push("does not report partial batch failures (functionResponseTypes has no ReportBatchItemFailures): "
                    + "one failed message sends its whole batch back to the queue, to be processed again");
            }
            const [queue] = index.find(TYPES.queue, "arn", queueArn, unknowns);
            if (fn && queue) {
                const timeout = unknowns.peek(() => fn.props.timeout);
                const visibility = unknowns.peek(() => queue.props.visibilityTimeoutSeconds);
                const seconds = (value: unknown, fallback: number) => (value === undefined || value === null ? fallback : value);
                const timeoutSeconds = seconds(timeout, LAMBDA_DEFAULT_TIMEOUT);
                const visibilitySeconds = seconds(visibility, SQS_DEFAULT_VISIBILITY);
                if (typeof timeoutSeconds === "number" && typeof visibilitySeconds === "number"
                    && visibilitySeconds < VISIBILITY_PER_TIMEOUT * timeoutSeconds) {
                    problems.push(`reads queue ${queue.name}, whose visibility timeout (${visibilitySeconds} s) is less than `
                        + `${VISIBILITY_PER_TIMEOUT} × the timeout of function ${fn.name} (${timeoutSeconds} s) = ${VISIBILITY_PER_TIMEOUT * timeoutSeconds} s: `
                        + "AWS advises six times, or a batch that is retried is delivered again while it runs");
                }
            }
            if (problems.length > 0) {
                reportViolation(`event source mapping ${mapping.name} ${problems.join("; ")}.`, mapping.urn);
            }
        }
        unknowns.rethrow();
    },
});
