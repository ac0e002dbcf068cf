// Class: a firewall in front of a public API. AWS WAF attaches to a REST API stage by the stage's
// ARN; an API reached only through a VPC endpoint (PRIVATE) needs none.
import assert from "node:assert/strict";

import { UNKNOWN_STRING } from "../../offline/policyRunner";
import { bad, checkFixtures, good, Labelled, messagesOf } from "../support/policyFixtures";
import { API_ID, iamOnlyInternalApi, restApi, stage, STAGE_ARN, WEB_ACL_ARN, webAclAssociation } from "../support/restApiFixtures";

const POLICY = "internet-facing-api-has-waf";
const unfiltered = (endpoint: string, stages: string) => `API api is reachable from the internet (${endpoint}) and no AWS WAF web ACL filters `
    + `its ${stages}: associate one with each stage (aws.wafv2.WebAclAssociation whose resourceArn is the stage's arn, `
    + "arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>) to block floods and known-bad requests before they are billed "
    + "and queued, or make the API PRIVATE if only your VPCs call it.";

const FIXTURES: Labelled[] = [
    bad("a REGIONAL API without a web ACL",
        "a regional endpoint is public: anyone on the internet can send it requests", POLICY,
        [restApi(), stage("v1")],
        [unfiltered("REGIONAL endpoint", "stage v1")]),
    bad("an API without an endpoint configuration",
        "API Gateway makes such an API edge-optimized, public through CloudFront", POLICY,
        [restApi({ endpointConfiguration: undefined }), stage("v1")],
        [unfiltered("EDGE endpoint, the default", "stage v1")]),
    bad("a web ACL on one stage of two",
        "WAF protects the stage it is associated with, not the API", POLICY,
        [restApi(), stage("v1"), stage("v2"), webAclAssociation(STAGE_ARN)],
        [unfiltered("REGIONAL endpoint", "stage v2")]),
    bad("a web ACL associated with another API's stage of the same name",
        "a stage ARN names its API's id: restapis/<id>/stages/<stage>", POLICY,
        [restApi(), stage("v1", { arn: undefined }), webAclAssociation(`arn:aws:apigateway:eu-west-1::/restapis/f6g7h8i9j0/stages/v1`)],
        [unfiltered("REGIONAL endpoint", "stage v1")]),
    good("an IAM-only internal API",
        "a PRIVATE API is reached only through VPC endpoints, not from the internet", POLICY,
        iamOnlyInternalApi()),
    good("a REGIONAL API with a web ACL on its stage's ARN",
        "the association names the stage's own ARN", POLICY,
        [restApi(), stage("v1"), webAclAssociation(STAGE_ARN)]),
    good("a web ACL on an ARN built from the API's id and the stage's name",
        "without the stage's arn output, the ARN's API id and stage name still identify it", POLICY,
        [restApi(), stage("v1", { arn: undefined }), webAclAssociation(`arn:aws:apigateway:eu-west-1::/restapis/${API_ID}/stages/v1`)]),
    good("a web ACL associated with a new stage, whose ARN is unknown at preview",
        "an unknown resourceArn taken from the stage is that stage's ARN", POLICY,
        [restApi(), stage("v1", { arn: UNKNOWN_STRING }), { ...webAclAssociation(UNKNOWN_STRING), propertyDependencies: { resourceArn: ["stage-v1"] } }]),
    good("a stage whose web ACL was associated outside the stack",
        "API Gateway reports a stage's web ACL in its webAclArn (Firewall Manager, for one, associates web ACLs itself)", POLICY,
        [restApi(), stage("v1", { webAclArn: WEB_ACL_ARN })]),
];

describe("internet-facing-api-has-waf: a web ACL on every stage the internet can reach", () => {
    checkFixtures(FIXTURES);

    it("does not report a stage while an association's ARN is unknown, as it may be that stage's", async () => {
        assert.deepEqual(await messagesOf(POLICY, [restApi(), stage("v1"), webAclAssociation(UNKNOWN_STRING)]),
            ["can't run during preview: string value at .resourceArn can't be known during preview"]);
    });
});
