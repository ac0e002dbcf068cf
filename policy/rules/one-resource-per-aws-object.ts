import { OBJECT_KINDS } from "../awsObjects";
import { TYPES } from "../awsTypes";
import { bodyConflicts } from "../bodyConflicts";
import { reportedUrn } from "../bodyResources";
import { clashesOf, message } from "../collisions";
import { definePolicy } from "../registry";
import { StackIndex } from "../stackModel";
import { Unknowns } from "../unknowns";

export const oneResourcePerAwsObject = definePolicy({
    name: "one-resource-per-aws-object",
    description: "No two resources write one AWS object. AWS keys integration and method responses by method and status "
        + "code, gateway responses by type, methods, integrations, resources, models, stages and method settings by their "
        + "API and path or name; a queue has one policy, one redrive policy and one redrive-allow policy; a role one inline "
        + "policy per name; API Gateway one account setting per region; queues, roles, log groups, alarms and topics one "
        + "per name; an API defined by an OpenAPI body in overwrite mode (a RestApi's by default, a RestApiPut's always) has "
        + "no other writer, in merge mode none of the body's methods. Two resources with one key fight: AWS refuses the second or each update undoes the other. Give them "
        + "different keys or keep one.",
    enforcementLevel: "mandatory",
    // Each kind of object keyed in awsObjects.ts, and an API whose OpenAPI body another resource also writes.
    judges: [
        TYPES.apiGatewayAccount, TYPES.apiResource, TYPES.method, TYPES.methodResponse, TYPES.integration,
        TYPES.integrationResponse, TYPES.gatewayResponse, TYPES.model, TYPES.stage, TYPES.methodSettings, TYPES.queue,
        TYPES.queuePolicy, TYPES.redrivePolicy, TYPES.redriveAllowPolicy, TYPES.role, TYPES.rolePolicy, TYPES.logGroup,
        TYPES.metricAlarm, TYPES.topic, TYPES.restApi, TYPES.restApiPut, TYPES.httpApi,
    ],
    checks: "no two resources write one AWS object, keyed as AWS keys it: integration and method responses by "
        + "API, resource, method and status code; gateway responses by API and type; methods and integrations "
        + "by API, resource and method; resources by API, parent and path part; models and stages by API and "
        + "name; method settings by API, stage and method path; a queue's policy, redrive policy and "
        + "redrive-allow policy once per queue (on the `Queue` or in a separate resource); role policies by "
        + "role and name, in any case (`RolePolicy` or the role's `inlinePolicies`); one API Gateway `Account` "
        + "per region; queues, log groups, alarms and topics by region and name, roles by name in any case; and "
        + "an API defined by an OpenAPI body has no other writer in overwrite mode (the provider's default, and "
        + "a `RestApiPut`'s only mode), nor one of a path, method or gateway response its body defines in merge "
        + "mode. A property of a queue or role that holds the separate resource's document (in any equivalent "
        + "spelling) is what a refresh reads back, not a second writer",
    rationale: "two resources with one key are one object: AWS refuses the second or each update undoes the other, "
        + "and mocks never notice",
    validateStack: (args, reportViolation) => {
        const index = StackIndex.of(args.resources);
        const unknowns = new Unknowns();
        for (const kind of OBJECT_KINDS) {
            for (const [first, second] of clashesOf(kind, index, unknowns)) {
                reportViolation(message(kind, first, second), reportedUrn(second.resource));
            }
        }
        for (const { api, message: conflict } of bodyConflicts(index, unknowns)) {
            reportViolation(conflict, api.urn);
        }
        unknowns.rethrow();
    },
});
