// How the QueueApi component gets its settings: resolved from its arguments, or handed over
// already resolved, as a program's stack config resolves them once (QueueApi.fromSettings). Either
// way before anything is registered, with every problem named after the component.
import { Provider } from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";

import { Checker } from "./checks";
import { checkNameLengths } from "./nameLengths";
import { checkRegions } from "./regionRules";
import { isListed } from "./routeRules";
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

/** The AWS provider the component is given, if any: its own `provider`, or the one for `aws` among `providers`. */
export function explicitAwsProvider(opts?: pulumi.ComponentResourceOptions): Provider | undefined {
    const given = [opts?.provider, ...(Array.isArray(opts?.providers) ? opts.providers : Object.values(opts?.providers ?? {}))];
    return given.find((provider): provider is Provider => Provider.isInstance(provider));
}

/**
 * The component's settings: those carried, checked only for the names the provider would make
 * from this component's name (the one rule that depends on it), or its arguments resolved. The
 * region rules (regionRules.ts) are checked here for the stack's default provider's region; with
 * an explicit AWS provider, against its region, once it is known (regionCheckedBy).
 */
export function componentSettings(name: string, args: QueueApiArgs, opts?: pulumi.ComponentResourceOptions): QueueApiSettings {
    const carried = resolvedFor.get(args);
    try {
        if (carried) {
            const check = new Checker("");
            checkNameLengths(check, name, carried.routes, carried.routes.map((route, i) => (isListed(route) ? `routes[${i}]` : "path")));
            check.finish();
            return carried;
        }
        const region = explicitAwsProvider(opts) ? undefined : providerRegion(new pulumi.Config("aws").get("region"));
        return resolveSettings(args, { componentName: name, region });
    } catch (err) {
        explain(name, err);
    }
}

/**
 * With an explicit AWS provider: the region rules checked against the region it deploys to, as an
 * output that fails with a SettingsError naming the component. The component makes each of its
 * resources wait for it, so that nothing is created in a region the settings do not fit.
 */
export function regionCheckedBy(provider: Provider, name: string, settings: QueueApiSettings): pulumi.Output<void> {
    return provider.region.apply((region) => {
        if (region === undefined) {
            return;
        }
        try {
            const check = new Checker("");
            checkRegions(check, settings, region);
            check.finish();
        } catch (err) {
            explain(name, err);
        }
    });
}
