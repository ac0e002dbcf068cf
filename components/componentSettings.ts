// How the QueueApi component gets its settings: resolved from its arguments, or handed over
// already resolved, as a program's stack config resolves them once (QueueApi.fromSettings). Either
// way before anything is registered, with every problem named after the component.
import * as pulumi from "@pulumi/pulumi";

import { Checker } from "./checks";
import { checkNameLengths } from "./nameLengths";
import { QueueApiArgs, QueueApiSettings, resolveSettings, SettingsError } from "./settings";
import { providerRegion } from "./stackConfig";

/**
 * Settings resolved before the component is built, by the stand-in arguments that carry them to
 * its constructor: the constructor has one signature, the arguments', which Pulumi's component
 * analyzer reads for programs in other languages.
 */
const resolvedFor = new WeakMap<QueueApiArgs, QueueApiSettings>();

/** Stand-in arguments that carry settings already resolved to the component's constructor. */
export function carrying(settings: QueueApiSettings): QueueApiArgs {
    const carrier: QueueApiArgs = {};
    resolvedFor.set(carrier, settings);
    return carrier;
}

/** Throws a SettingsError naming the component, for each problem of a check. */
function explain(name: string, err: unknown): never {
    if (err instanceof SettingsError) {
        throw new SettingsError(err.problems.map((problem) => `QueueApi "${name}": ${problem}`));
    }
    throw err;
}

/**
 * The component's settings: those carried, checked only for the names the provider would make
 * from this component's name (the one rule that depends on it), or its arguments resolved. The
 * region, which a certificate, a web ACL and a consumer's existing queue must match, is the stack's
 * default provider's, unless a provider is given.
 */
export function componentSettings(name: string, args: QueueApiArgs, opts?: pulumi.ComponentResourceOptions): QueueApiSettings {
    const carried = resolvedFor.get(args);
    try {
        if (carried) {
            const check = new Checker("");
            checkNameLengths(check, name, carried.routes, carried.routes.map((route, i) => (route.nameFragment ? `routes[${i}]` : "path")));
            check.finish();
            return carried;
        }
        const explicitProvider = opts?.provider !== undefined || opts?.providers !== undefined;
        return resolveSettings(args, { componentName: name, region: explicitProvider ? undefined : providerRegion(new pulumi.Config("aws").get("region")) });
    } catch (err) {
        explain(name, err);
    }
}
