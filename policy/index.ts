// The policy pack. Constructing it starts the gRPC server the Pulumi CLI talks to, so tests import
// ./policies instead. The CLI runs the build of this file (policy/dist, see scripts/buildPolicy.ts).
import { PolicyPack } from "@pulumi/policy";

import { assertFresh } from "./freshness";
import { policies } from "./policies";

assertFresh(__dirname);
new PolicyPack("orders-policy", { policies });
