// The real program's resources as the policy pack sees them, and copies of them changed on purpose.
import assert from "node:assert/strict";

import { FixtureResource, fromMockRun, UNKNOWN_STRING } from "../../offline/policyRunner";
import { runProgram } from "../../offline/programRun";
import { stackConfig } from "../../offline/stacks";

/** What the program registers for a stack, read from its stack file, as policy fixtures. */
export async function programFixtures(stack: string): Promise<FixtureResource[]> {
    const run = await runProgram({ stack, config: stackConfig(stack) });
    assert.equal(run.error, undefined);
    return fromMockRun(run.resources);
}

/** A copy of the fixtures with one resource's outputs changed. */
export function mutate(fixtures: readonly FixtureResource[], name: string, change: (props: Record<string, any>) => Record<string, any>): FixtureResource[] {
    assert.ok(fixtures.some((f) => f.name === name), `no resource ${name}`);
    return fixtures.map((f) => (f.name === name ? { ...f, props: change(structuredClone(f.props)) } : f));
}

/**
 * The fixtures as a first preview sees them: whatever derives from an output (an ARN, a URL, an
 * id, the role's name) is unknown; property dependencies still say where each value comes from.
 */
export function asFirstPreview(fixtures: readonly FixtureResource[]): FixtureResource[] {
    return fixtures.map((f) => ({
        ...f,
        props: Object.fromEntries(Object.entries(f.props).map(([k, v]) =>
            [k, /arn:|https:\/\/|-id\b|orders-role/.test(JSON.stringify(v)) && k !== "name" ? UNKNOWN_STRING : v])),
    }));
}
