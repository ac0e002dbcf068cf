// A resource as the policy SDK hands it to a policy, from its type, name, URN and props: what the
// offline policy runner and the judgement of an update (scripts/changes) both read with the pack's code.
import { PolicyResource } from "@pulumi/policy";

// Internal to the SDK (its typings are broken); it is what the SDK wraps every resource's props in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: <T>(value: T) => T;
    unknownStringValue: string;
    unknownObjectValue: string;
};
export const UNKNOWN_STRING = proxy.unknownStringValue;

/**
 * A resource as the SDK hands it to a policy: its props wrapped in the SDK's unknown-checking proxy
 * (an unknown value, the engine's sentinel, then throws when read), no parent, dependencies or provider yet.
 */
export function policyResource(type: string, name: string, urn: string, props: Record<string, any>): PolicyResource {
    return {
        type,
        name,
        urn,
        props: proxy.unknownCheckingProxy(structuredClone(props)),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    } as unknown as PolicyResource;
}
