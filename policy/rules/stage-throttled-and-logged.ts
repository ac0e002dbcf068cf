import { definePolicy } from "../registry";
import { ofType, StackIndex, TYPES } from "../stackModel";
import { HTTP_HINT, isJsonLogFormat, object, REST_HINT, throttlingProblem, unthrottledHttpRoutes, unthrottledRestMethods } from "../stages";
import { Unknowns } from "../unknowns";

export const stageThrottledAndLogged = definePolicy({
    name: "stage-throttled-and-logged",
    description: "Every API Gateway stage, of a REST or an HTTP API, throttles every method (REST: MethodSettings for */*, or "
        + "one per method, with a rate and a burst limit; HTTP: defaultRouteSettings or each route's routeSettings) and "
        + "writes JSON access logs, so a burst cannot exhaust the account's limits unseen and every request can be traced.",
    enforcementLevel: "advisory",
    prodLevel: "mandatory",
    judges: [TYPES.stage, TYPES.httpStage],
    checks: "every stage of a REST or HTTP API throttles every method or route (REST: `MethodSettings` for `*/*`, "
        + "or one per method; HTTP: `defaultRouteSettings`, or each route's `routeSettings`) and writes JSON "
        + "access logs (values in quotes, but for the always-numeric `$context.status`, `requestTimeEpoch`, "
        + "`responseLatency` and `responseLength`)",
    rationale: "bursts and failures must be bounded and traceable",
    validateStack: async (args, reportViolation) => {
        const index = StackIndex.of(args.resources);
        const unknowns = new Unknowns();
        // An API's body not known yet may define methods that per-method settings leave unthrottled.
        index.absorbUnknownBodies(unknowns);
        const stages = [...ofType(args.resources, TYPES.stage).map((stage) => ({ stage, http: false })),
            ...ofType(args.resources, TYPES.httpStage).map((stage) => ({ stage, http: true }))];
        for (const { stage, http } of stages) {
            await unknowns.guard(() => {
                const problems: string[] = [];
                // A setting whose API is unknown may be this stage's: then nothing can be said of throttling.
                const throttling = http ? throttlingProblem(unthrottledHttpRoutes(stage, index, unknowns), HTTP_HINT)
                    : throttlingProblem(unthrottledRestMethods(stage, index, unknowns), REST_HINT);
                if (throttling) {
                    problems.push(throttling);
                }
                const logs = object(stage.props.accessLogSettings);
                if (!logs?.destinationArn) {
                    problems.push("no access logs");
                } else if (!isJsonLogFormat(logs.format)) {
                    problems.push("access logs that are not JSON");
                }
                if (problems.length > 0) {
                    reportViolation(`stage ${stage.name} has ${problems.join(" and ")}.`, stage.urn);
                }
            });
        }
        unknowns.rethrow();
    },
});
