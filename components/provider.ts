// The component provider: serves QueueApi to Pulumi programs in every language. `pulumi package
// add` of this repository finds it through PulumiPlugin.yaml at the repository's root, which names
// this file; the package schema is inferred from the TypeScript declarations of this folder.
import { ComponentProvider, componentProviderHost } from "@pulumi/pulumi/provider/experimental";

import { QueueApi } from "./queueApi";

/** The package name of the schema, the first part of every type token (`queue-load-leveling:index:QueueApi`). */
export const PACKAGE_NAME = "queue-load-leveling";

/** What the provider serves: its components, its package's name and the folder its schema is inferred from. */
const PROVIDER = { components: [QueueApi], name: PACKAGE_NAME, dirname: __dirname };

/** The provider as the host serves it, in this process (the package schema, a component constructed by type). */
export const componentProvider = () => new ComponentProvider(PROVIDER);

if (require.main === module) {
    void componentProviderHost(PROVIDER);
}
