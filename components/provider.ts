// The component provider: serves QueueApi to Pulumi programs in every language. `pulumi package
// add` of this repository finds it through PulumiPlugin.yaml at the repository's root, which names
// this file; the package schema is inferred from the TypeScript declarations of this folder.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";

import { QueueApi } from "./queueApi";

/** The package name of the schema, the first part of every type token (`queue-load-leveling:index:QueueApi`). */
export const PACKAGE_NAME = "queue-load-leveling";

if (require.main === module) {
    void componentProviderHost({ components: [QueueApi], name: PACKAGE_NAME, dirname: __dirname });
}
