// The policy pack. Constructing it starts the gRPC server the Pulumi CLI talks to, so tests import
// ./policies instead.
import { PolicyPack } from "@pulumi/policy";

import { policies } from "./policies";

new PolicyPack("orders-policy", { policies });
