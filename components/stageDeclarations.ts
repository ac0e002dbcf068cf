// The stage's throttling and access logs: the types of their settings, declared once (a client's
// throttle of apiKeys takes the stage's type).
import { Fields, objectType } from "./declarationKinds";
import { LOG_RETENTION_DAYS } from "./patterns";

export const THROTTLE_FIELDS = {
    rateLimit: {
        kind: "integer", min: 1, max: 1000000, default: 100, unit: "requests per second",
        description: "Steady-state requests per second; more are answered 429.",
    },
    burstLimit: {
        kind: "integer", min: 1, max: 1000000, default: 200, unit: "requests",
        description: "Requests allowed in a burst above the rate.",
    },
} as const satisfies Fields;

export const THROTTLE_TYPE = objectType("ThrottleArgs", "Stage-wide throttling.", THROTTLE_FIELDS);

export const ACCESS_LOG_FIELDS = {
    enabled: {
        kind: "boolean", default: true,
        description: "Write access logs; the account needs API Gateway's CloudWatch role (see manageCloudWatchRole).",
    },
    retentionInDays: {
        kind: "enum", values: LOG_RETENTION_DAYS, default: 30, valuesText: "one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, … 3653)",
        description: "Days CloudWatch keeps the logs.",
    },
} as const satisfies Fields;

export const ACCESS_LOG_TYPE = objectType("AccessLogArgs", "JSON access logs of the stage.", ACCESS_LOG_FIELDS);
