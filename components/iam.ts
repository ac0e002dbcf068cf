// IAM and queue policy documents, as plain objects.

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: unknown;
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

export const API_GATEWAY_SERVICE = "apigateway.amazonaws.com";
export const LAMBDA_SERVICE = "lambda.amazonaws.com";

/** What a consumer needs of its queue: take messages, delete the processed ones, return failed ones, read its attributes. */
export const CONSUMER_QUEUE_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];
/** What a function needs to write its logs to a log group that exists. */
export const LOG_WRITING_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];

/** The API's role may be assumed by API Gateway and by nothing else. */
export function apiGatewayTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: API_GATEWAY_SERVICE },
            Action: "sts:AssumeRole",
        }],
    };
}

/**
 * What the API's role may do: send messages to its queues, and use the customer-managed keys
 * they are encrypted with (to encrypt a message SQS needs a data key), nothing else. SendMessage
 * also covers batches (there is no separate SendMessageBatch permission). No logs permissions:
 * access logs are written by the account's CloudWatch role, not by this one.
 */
export function sendMessagePolicy(queueArns: readonly string[], kmsKeyArns: readonly string[] = []): PolicyDocument {
    const one = (arns: readonly string[]) => (arns.length === 1 ? arns[0] : [...arns]);
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "SendToQueues", Effect: "Allow", Action: "sqs:SendMessage", Resource: one(queueArns) },
            ...(kmsKeyArns.length === 0 ? [] : [{
                Sid: "UseQueueKeys",
                Effect: "Allow" as const,
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: one([...new Set(kmsKeyArns)]),
            }]),
        ],
    };
}

/** A consumer's role may be assumed by Lambda and by nothing else. */
export function lambdaTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: LAMBDA_SERVICE }, Action: "sts:AssumeRole" }],
    };
}

/**
 * What a consumer's role may do: receive, delete and return the messages of its own queue and read
 * its attributes (the event source mapping checks them), decrypt them with the queue's
 * customer-managed key if it has one, and write to its own log group. Never send, never another queue.
 */
export function consumerPolicy(queueArn: string, logGroupArn: string, kmsKeyArn?: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ConsumeOwnQueue", Effect: "Allow", Action: CONSUMER_QUEUE_ACTIONS, Resource: queueArn },
            ...(kmsKeyArn === undefined ? [] : [{ Sid: "DecryptQueueKey", Effect: "Allow" as const, Action: "kms:Decrypt", Resource: kmsKeyArn }]),
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: LOG_WRITING_ACTIONS, Resource: `${logGroupArn}:*` },
        ],
    };
}

/** A queue policy that refuses every request not made over TLS. */
export function denyInsecureTransportPolicy(queueArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: queueArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    };
}

/** The AWS-managed policy that lets API Gateway write logs, for the account-level role. */
export function pushToCloudWatchPolicyArn(partition: string): string {
    return `arn:${partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`;
}
