// The conformance suite run against the local API of a stack, as the end-to-end tests run it: the
// stack's resources (possibly with a defect planted in one), its outputs and its allowed origins.
import assert from "node:assert/strict";

import { SQSClient } from "@aws-sdk/client-sqs";

import { Check, runConformance } from "../../local/conformance";
import { startLocalApi } from "../../local/server";
import { Registered } from "../../offline/mockRuntime";
import { runStack } from "../../offline/runStack";
import { allowedOriginsOf } from "../../scripts/conformance";

export type Ran = Awaited<ReturnType<typeof runStack>>;

/** The suite against the local API of a stack's run (its resources possibly planted with a defect). */
export async function conformanceOf(ran: Ran, resources: readonly Registered[] = ran.resources): Promise<Check[]> {
    const api = await startLocalApi(resources, { region: "eu-west-1", outputs: ran.outputs });
    const sqs = new SQSClient({ endpoint: api.sqsEndpoint, region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const origins = allowedOriginsOf(ran.stackFile.config);
    try {
        return await runConformance({
            model: api.model,
            routes: Object.fromEntries(Object.entries(api.urls).map(([key, url]) => [key, { url, queueUrl: api.queues[key].url }])),
            retiredRoutes: api.retiredUrls,
            sqs,
            apiKeys: api.apiKeys,
            ...(origins ? { allowedOrigins: origins } : {}),
            tokensUnverified: true,
        });
    } finally {
        sqs.destroy();
        await api.close();
    }
}

export const failed = (checks: readonly Check[]) => checks.filter((c) => c.outcome === "fail").map((c) => `${c.route}  ${c.name}`);

/** A copy of the resources with one resource's inputs changed. */
export function planted(resources: readonly Registered[], name: string, change: (inputs: Record<string, any>) => Record<string, any>): Registered[] {
    assert.ok(resources.some((r) => r.name === name), `no resource ${name}`);
    return resources.map((r) => (r.name === name ? { ...r, inputs: change(structuredClone(r.inputs)) } : r));
}
