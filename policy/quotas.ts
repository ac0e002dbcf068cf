// Quotas a stack can run into at deploy time, which no mock enforces.

/** API Gateway's default quota of resources per REST API ("Resources per API"). */
export const DEFAULT_MAX_RESOURCES = 300;

export interface QuotaConfig {
    maxResources?: number;
}

