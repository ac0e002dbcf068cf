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
