// Every policy of the pack, importable without starting the pack (index.ts does that).
import { Policies } from "@pulumi/policy";

import { integrationEncodesBody } from "./api";
import { apiDefinitionReadable } from "./apiBodies";
import { apiRolePolicyDocument, apiRoleSendMessageOnly, apiRoleTrust, apiRoleUnknownActions } from "./apiRole";
import { apiMethodsAuthorized } from "./authorization";
import { oneResourcePerAwsObject } from "./collisions";
import { corsNoWildcardWithCredentials } from "./cors";
import { domainTlsPolicy } from "./domains";
import { consumerBatchSafety, consumerRoleLeastPrivilege } from "./consumers";
import { queueNotPublic } from "./queueAccess";
import { queueEncrypted, queueHasDlq, queueTlsOnly } from "./queues";
import { apiResourceQuota } from "./quotas";
import { stageThrottledAndLogged } from "./stages";
import { internetFacingApiHasWaf } from "./waf";

export const policies: Policies = [
    apiRoleSendMessageOnly,
    apiRolePolicyDocument,
    apiRoleTrust,
    apiRoleUnknownActions,
    queueNotPublic,
    queueTlsOnly,
    queueEncrypted,
    queueHasDlq,
    integrationEncodesBody,
    stageThrottledAndLogged,
    oneResourcePerAwsObject,
    apiResourceQuota,
    apiMethodsAuthorized,
    corsNoWildcardWithCredentials,
    domainTlsPolicy,
    internetFacingApiHasWaf,
    consumerRoleLeastPrivilege,
    consumerBatchSafety,
    apiDefinitionReadable,
];
