// What the program sets where a stack's config is silent, beyond the component's own defaults:
// its order route checks bodies against the order schema.
import orderSchema from "./schemas/order.schema.json";

export const PROGRAM_DEFAULTS = { requestSchema: orderSchema as Record<string, unknown> };
