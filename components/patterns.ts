// The patterns values are checked against, shared by the settings' declarations and the rules that
// look at several values together.
export { SQS_ARN } from "./integration";

// `.` and `..` are path segments that URL normalisation removes, so no client could reach them.
export const PATH_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
export const PATH_PARAMETER = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
/** A listed route's path: segments separated by '/', each a PATH_SEGMENT or a PATH_PARAMETER, with no '/' at either end. */
export const ROUTE_PATH = /^(?:(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+|\{[A-Za-z_][A-Za-z0-9_]*\})(?:\/(?:(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))*$/;
export const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
export const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** A principal a resource policy may name: an account's root, or one of its roles. */
export const IAM_CALLER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;
export const IAM_POLICY_ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
export const COGNITO_USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/[A-Za-z0-9_-]+$/;
export const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
export const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):\d{12}:regional\/webacl\/[A-Za-z0-9_-]{1,128}\/[a-f0-9-]{36}$/;
export const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
