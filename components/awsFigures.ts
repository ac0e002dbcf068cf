// AWS's quotas and prices as one dated data file names them (aws-figures.json), read the one way
// the component's ceilings and npm run capacity both read them: an account's quota for its region,
// a region's prices or, where the file has none for it, the region it does have and a word saying so.
import figures from "./aws-figures.json";

export type AwsFigures = typeof figures;
export type RegionPrices = AwsFigures["prices"]["regions"]["us-east-1"];

export const AWS_FIGURES: AwsFigures = figures;

/** The date the figures were last checked against their pages. */
export const FIGURES_CHECKED = figures.checked;

/** The account-and-region request quota shared by every API there: lower in some regions. */
export function accountThrottle(region: string | undefined): { readonly ratePerSecond: number; readonly burst: number } {
    const quota = figures.quotas.apiGatewayAccount;
    return region !== undefined && quota.lowerQuotaRegions.includes(region)
        ? { ratePerSecond: quota.lowerRatePerSecond, burst: quota.lowerBurst }
        : { ratePerSecond: quota.ratePerSecond, burst: quota.burst };
}

/** The region whose prices the file holds when it has none for the stack's. */
export const FALLBACK_PRICE_REGION = "us-east-1";

/**
 * The prices of `region`; for a region the file does not hold, us-east-1's, with `missing` naming
 * the region asked for, so that every estimate says whose prices it uses.
 */
export function pricesFor(region: string): { readonly region: string; readonly prices: RegionPrices; readonly missing?: string } {
    const regions = figures.prices.regions as Readonly<Record<string, RegionPrices>>;
    return regions[region] !== undefined
        ? { region, prices: regions[region] }
        : { region: FALLBACK_PRICE_REGION, prices: regions[FALLBACK_PRICE_REGION], missing: region };
}

/**
 * A FIFO queue's throughput in high-throughput mode in `region`, in non-batched sends a second: AWS
 * names the regions of each tier, and every region it does not name gets the lowest.
 */
export function fifoHighThroughput(region: string): number {
    const sqs = figures.quotas.sqs;
    return (sqs.fifoHighThroughputPerSecond as Readonly<Record<string, number>>)[region] ?? sqs.fifoHighThroughputOtherRegionsPerSecond;
}
