import { apiPart, KnownPart } from "../keys";
import { DEFAULT_MAX_RESOURCES, QuotaConfig } from "../quotas";
import { definePolicy } from "../registry";
import { StackIndex, TYPES } from "../stackModel";
import { Unknowns } from "../unknowns";

export const apiResourceQuota = definePolicy({
    name: "api-resource-quota",
    description: `A REST API has at most maxResources API Gateway resources (aws.apigateway.Resource; default `
        + `${DEFAULT_MAX_RESOURCES}, API Gateway's default quota per API). Past the quota API Gateway refuses to create `
        + "more. The quota can be raised for an API through Service Quotas; then set maxResources to the new quota.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            maxResources: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MAX_RESOURCES,
                description: "Resources a REST API may have: the API's quota in Service Quotas (API Gateway, Resources per API)",
            },
        },
    },
    judges: [TYPES.restApi],
    checks: "no REST API has more than `maxResources` `aws.apigateway.Resource`s (configurable: `maxResources`, "
        + "default 300)",
    rationale: "API Gateway's default quota is 300 resources per API and creating more fails; the quota can be "
        + "raised per API through Service Quotas, then set `maxResources` to it",
    validateStack: (args, reportViolation) => {
        const { maxResources = DEFAULT_MAX_RESOURCES } = args.getConfig<QuotaConfig>();
        const index = StackIndex.of(args.resources);
        const apis = new Map<string, { api: KnownPart; count: number }>();
        // Resources whose API is unknown, and which may therefore belong to any API.
        const unplaced = new Unknowns();
        let unplacedCount = 0;
        for (const resource of index.ofType(TYPES.apiResource)) {
            const api = apiPart(index, resource);
            if (api && !api.known) {
                unplaced.absorb(api.unknowns);
                unplacedCount++;
            } else if (api) {
                const entry = apis.get(api.id) ?? { api, count: 0 };
                apis.set(api.id, { api: entry.api, count: entry.count + 1 });
            }
        }
        for (const { api, count } of apis.values()) {
            if (count > maxResources) {
                reportViolation(`API ${api.display} has ${count} resources (aws.apigateway.Resource), more than ${maxResources}: `
                    + `API Gateway refuses resources past an API's quota, ${DEFAULT_MAX_RESOURCES} by default. Raise the quota for `
                    + `this API through Service Quotas (API Gateway, "Resources per API") and set this policy's maxResources to it, `
                    + "or split the API.", api.resource?.type === TYPES.restApi ? api.resource.urn : undefined);
            }
        }
        // Unknown only matters if the resources it hides could take an API past the quota.
        if (unplacedCount > maxResources
            || [...apis.values()].some(({ count }) => count <= maxResources && count + unplacedCount > maxResources)) {
            unplaced.rethrow();
        }
    },
});
