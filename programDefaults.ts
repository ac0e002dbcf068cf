// What the program sets where a stack's config is silent, beyond the component's own defaults:
// its single order route checks bodies against the order schema. A stack with routes gives each
// route its own schema.
import type { QueueApiArgs } from "queue-load-leveling";
import orderSchema from "./schemas/order.schema.json";

export const PROGRAM_DEFAULTS = { requestSchema: orderSchema as Record<string, unknown> } satisfies QueueApiArgs;
