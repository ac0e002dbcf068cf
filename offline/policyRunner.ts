// Calls the pack's policies the way the policy SDK does: resource props wrapped in the SDK's own
// unknown-checking proxy, URNs with the parent type chain, property dependencies and providers as
// resource objects, config with the schema's defaults, and an UnknownValueError turned into the
// advisory "can't run during preview".
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { policies } from "../policy/policies";
import { assertJudged } from "../policy/registry";
import { isUnknownValueError } from "../policy/unknowns";
import { Registered } from "./mockRuntime";
import { policyResource, proxy } from "./policyResource";

export { UNKNOWN_STRING } from "./policyResource";

export interface Finding {
    readonly policy: string;
    readonly enforcementLevel: string;
    readonly message: string;
    /** Set when the policy named a resource; resource policies always concern the resource checked. */
    readonly resource?: string;
}

export interface FixtureResource {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, any>;
    /** Name of the parent fixture, if any. */
    readonly parent?: string;
    /** Per property, the names of the fixtures its value came from (the engine's propertyDependencies). */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** The provider the resource is managed with; none means the SDK passed no provider. */
    readonly provider?: { readonly name: string; readonly props: Record<string, any> };
}

const project = "orders";
const stack = "test";

function urnOf(resource: FixtureResource, byName: ReadonlyMap<string, FixtureResource>): string {
    const chain: string[] = [];
    for (let r: FixtureResource | undefined = resource; r; r = r.parent === undefined ? undefined : byName.get(r.parent)) {
        chain.unshift(r.type);
    }
    return `urn:pulumi:${stack}::${project}::${chain.join("$")}::${resource.name}`;
}

/**
 * Turns what a mocked program registered into fixtures: type, name, outputs (with the id, as a
 * bridged provider's outputs hold it), parent and property dependencies.
 */
export function fromMockRun(resources: readonly Registered[]): FixtureResource[] {
    return resources.map((r) => ({ type: r.type, name: r.name, props: { id: r.id, ...r.state }, parent: r.parent,
        propertyDependencies: r.propertyDependencies }));
}

function configOf(policy: ResourceValidationPolicy | StackValidationPolicy, config: Record<string, unknown> = {}) {
    const defaults = Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {})
        .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
        .map(([key, schema]) => [key, (schema as { default?: unknown }).default]));
    return { ...defaults, ...config };
}

function policyResources(fixtures: readonly FixtureResource[]): PolicyResource[] {
    if (new Set(fixtures.map((f) => f.name)).size !== fixtures.length) {
        throw new Error(`fixture names must be unique: ${fixtures.map((f) => f.name).join(", ")}`);
    }
    const fixtureByName = new Map(fixtures.map((f) => [f.name, f]));
    const byName = new Map<string, PolicyResource>();
    for (const fixture of fixtures) {
        const resource = policyResource(fixture.type, fixture.name, urnOf(fixture, fixtureByName), fixture.props);
        if (fixture.provider) {
            resource.provider = {
                type: "pulumi:providers:aws",
                name: fixture.provider.name,
                urn: `urn:pulumi:${stack}::${project}::pulumi:providers:aws::${fixture.provider.name}`,
                props: proxy.unknownCheckingProxy(structuredClone(fixture.provider.props)),
            };
        }
        byName.set(fixture.name, resource);
    }
    for (const fixture of fixtures) {
        const resource = byName.get(fixture.name)!;
        if (fixture.parent && byName.has(fixture.parent)) {
            resource.parent = byName.get(fixture.parent);
            resource.opts.parent = byName.get(fixture.parent)!.urn;
        }
        // As the SDK does, dependencies on resources outside the stack are dropped.
        for (const [property, names] of Object.entries(fixture.propertyDependencies ?? {})) {
            resource.propertyDependencies[property] = names.flatMap((n) => byName.get(n) ?? []);
        }
    }
    return [...byName.values()];
}

/**
 * A policy pack config as `--policy-pack-config` takes it: per policy, a level, or an object with
 * `enforcementLevel` and the policy's settings; `all` sets the level of every policy.
 */
export type PackConfig = Readonly<Record<string, string | Readonly<Record<string, unknown>>>>;

const levelIn = (entry: PackConfig[string] | undefined) => (typeof entry === "string" ? entry : entry?.enforcementLevel as string | undefined);

/** A policy's enforcement level under a pack config: its own entry, else `all`, else the policy's. */
export function levelOf(policy: { name: string; enforcementLevel?: string }, config: PackConfig = {}): string {
    return levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel ?? "advisory";
}

/** Runs every policy of the pack (or the given ones) over the fixtures, as `pulumi preview` would. */
export async function runPolicies(
    fixtures: readonly FixtureResource[],
    options: { only?: readonly string[]; config?: PackConfig } = {},
): Promise<Finding[]> {
    const findings: Finding[] = [];
    const resources = policyResources(fixtures);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const byName = new Map(resources.map((r) => [r.name, r]));
    // A test that names a policy the pack does not have would otherwise pass on no findings.
    const strangers = (options.only ?? []).filter((name) => !policies.some((p) => p.name === name));
    if (strangers.length > 0) {
        throw new Error(`not a policy of the pack: ${strangers.join(", ")}`);
    }
    const selected = policies.filter((p) => !options.only || options.only.includes(p.name));
    for (const policy of selected) {
        const entry = options.config?.[policy.name];
        const settings = Object.fromEntries(Object.entries(typeof entry === "object" ? entry : {}).filter(([key]) => key !== "enforcementLevel"));
        const level = levelOf(policy, options.config);
        if (level === "disabled") {
            continue;
        }
        const config = configOf(policy, settings);
        const report = (resourceName?: string) => (message: string, urn?: string) => {
            // A policy reports only on the types its rule declares it judges (the README and reviewers read them there).
            const reported = resourceName === undefined ? (urn === undefined ? undefined : byUrn.get(urn)) : byName.get(resourceName);
            if (reported) {
                assertJudged(policy.name, reported.type);
            }
            findings.push({ policy: policy.name, enforcementLevel: level, message, resource: reported?.name ?? resourceName });
        };
        const unknown = (err: unknown, resourceName?: string) => {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            findings.push({ policy: policy.name, enforcementLevel: "advisory", message: `can't run during preview: ${(err as Error).message}`, resource: resourceName });
        };
        const common = { stackTags: new Map<string, string>(), getConfig: <T>() => config as T, notApplicable: () => { throw new Error("not applicable"); } };
        if ("validateStack" in policy) {
            try {
                await policy.validateStack({ resources, ...common } as never, report());
            } catch (err) {
                unknown(err);
            }
            continue;
        }
        const validations = ([] as unknown[]).concat(policy.validateResource ?? []) as ((args: unknown, report: unknown) => unknown)[];
        for (const resource of resources) {
            for (const validate of validations) {
                try {
                    await validate({ ...common, type: resource.type, props: resource.props, urn: resource.urn, name: resource.name,
                        opts: resource.opts, isType: () => false, asType: () => undefined }, report(resource.name));
                } catch (err) {
                    unknown(err, resource.name);
                }
            }
        }
    }
    return findings;
}
