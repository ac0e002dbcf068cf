// What must be in the stack's region (and so its partition), checked on settings already resolved:
// AWS refuses each of these only at deploy, halfway through, after other resources exist. The region
// is the one the stack's AWS provider deploys to: the default provider's, known as settings are
// resolved, or an explicit provider's, known only once it is (componentSettings.ts).
import { Checker, show } from "./checks";
import { isListed } from "./routeRules";
import { QueueApiSettings, RouteSettings } from "./settingsTypes";

const regionOf = (arn: string) => arn.split(":")[3];
const partitionOfArn = (arn: string) => arn.split(":")[1];

/** The partition of a region: its ARNs' second field. */
export function partitionOf(region: string): string {
    const prefixes: readonly (readonly [string, string])[] = [
        ["cn-", "aws-cn"], ["us-gov-", "aws-us-gov"], ["us-isob-", "aws-iso-b"], ["us-iso-", "aws-iso"], ["eu-isoe-", "aws-iso-e"], ["us-isof-", "aws-iso-f"],
    ];
    return prefixes.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

/** The key of one of a route's settings: the single route's at the top, a listed route's under `routes[i]`. */
function routeKey(route: RouteSettings, i: number, key: string): string {
    return isListed(route) ? `routes[${i}].${key}` : key;
}

/** Where an ARN is when it is not in the stack's region or partition, in words; undefined when it is. */
function elsewhere(arn: string, region: string): string | undefined {
    if (partitionOfArn(arn) !== partitionOf(region)) {
        return `the partition ${partitionOfArn(arn)}, not the stack's ${partitionOf(region)} (region ${region})`;
    }
    return regionOf(arn) !== region ? `${regionOf(arn)}, not the stack's ${region}` : undefined;
}

function checkAlarmTopic(check: Checker, settings: QueueApiSettings, region: string): void {
    const topic = settings.alarms.snsTopicArn;
    const where = topic ? elsewhere(topic, region) : undefined;
    if (topic && where) {
        const key = settings.alarms.deadLettersOnly ? "deadLetterAlarm" : "alarms";
        check.problem(`${check.key(`${key}.snsTopicArn`)} is a topic in ${where}: a CloudWatch alarm notifies only a topic of its own `
            + `region and partition, and AWS refuses the alarm at deploy; give a topic in ${region}, or ${check.key(`${key}.subscribers`)} `
            + `for a topic the stack creates, got ${show(topic)}`);
    }
}

function checkLambdaAuthorizer(check: Checker, settings: QueueApiSettings, region: string): void {
    const functionArn = settings.frontDoor.lambdaAuthorizer?.functionArn;
    const where = functionArn ? elsewhere(functionArn, region) : undefined;
    if (functionArn && where) {
        check.problem(`${check.key("lambdaAuthorizer.functionArn")} is a function in ${where}: the permission that lets API Gateway `
            + `invoke it is added through the stack's region, where Lambda does not reach it; deploy the authorizer in ${region}, `
            + `got ${show(functionArn)}`);
    }
}

function checkFrontDoor(check: Checker, settings: QueueApiSettings, region: string): void {
    const { domain, webAcl } = settings.frontDoor;
    // A regional domain name takes a certificate of its own region only.
    if (domain?.certificateArn && regionOf(domain.certificateArn) !== region) {
        check.problem(`${check.key("domain.certificateArn")} must be a certificate of the API's region ${region}, got one of `
            + `${regionOf(domain.certificateArn)}: ${show(domain.certificateArn)}`);
    }
    if (webAcl?.arn && regionOf(webAcl.arn) !== region) {
        check.problem(`${check.key("webAcl.arn")} must be a web ACL of the API's region ${region}, got one of ${regionOf(webAcl.arn)}`);
    }
}

function checkRoute(check: Checker, route: RouteSettings, i: number, region: string): void {
    const key = (k: string) => routeKey(route, i, k);
    const kmsKeyArn = route.existingQueue ? undefined : route.queue.kmsKeyArn;
    const where = kmsKeyArn ? elsewhere(kmsKeyArn, region) : undefined;
    if (kmsKeyArn && where) {
        check.problem(`${check.key(key("queue.kmsKeyArn"))} is a key in ${where}, where the queue is: SQS encrypts a queue only `
            + `with a key of its own region, and refuses the queue at deploy; give a key of ${region}, got ${show(kmsKeyArn)}`);
    }
    const queueRegion = route.existingQueue ? regionOf(route.existingQueue.arn) : undefined;
    if (route.consumer && route.existingQueue && queueRegion !== region) {
        check.problem(`${check.key(key("consumer"))} would read ${route.existingQueue.arn}, a queue in ${queueRegion}, but the stack `
            + `deploys to ${region}: an event source mapping reads only queues of its own region; consume it from a stack `
            + `in ${queueRegion}, or with a long-running worker`);
    }
}

/** Every rule of the stack's region, over settings already resolved. */
export function checkRegions(check: Checker, settings: QueueApiSettings, region: string): void {
    checkFrontDoor(check, settings, region);
    settings.routes.forEach((route, i) => checkRoute(check, route, i, region));
    checkAlarmTopic(check, settings, region);
    checkLambdaAuthorizer(check, settings, region);
}
