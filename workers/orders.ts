// What the example workers do with an order: check that it is one, and record it. A real worker
// calls the shop's systems here; the examples write one JSON line per order, which is what a
// Lambda function's log and a container's log both keep.

/** An order, as the order schema describes it (schemas/order.schema.json). */
export interface Order {
    readonly orderId: string;
    readonly items: readonly { readonly sku: string; readonly qty: number }[];
    readonly [field: string]: unknown;
}

/** Thrown for a message that is not an order: no retry makes it one, so it ends in the dead-letter queue. */
export class NotAnOrder extends Error {
    constructor(reason: string) {
        super(`not an order: ${reason}`);
        this.name = "NotAnOrder";
    }
}

/** The order in a message's body; throws NotAnOrder for anything else. */
export function parseOrder(body: string): Order {
    let order: unknown;
    try {
        order = JSON.parse(body);
    } catch {
        throw new NotAnOrder("the body is not JSON");
    }
    const candidate = order as Partial<Order> | null;
    if (candidate === null || typeof candidate !== "object" || typeof candidate.orderId !== "string" || candidate.orderId === "") {
        throw new NotAnOrder("no orderId");
    }
    if (!Array.isArray(candidate.items) || candidate.items.length === 0) {
        throw new NotAnOrder(`order ${candidate.orderId} has no items`);
    }
    return candidate as Order;
}

/** How a worker processes an order, after its idempotency key was claimed. */
export type ProcessOrder = (order: Order, key: string) => Promise<void>;

/** The examples' processing: one JSON line per order on standard output. */
export const logOrder: ProcessOrder = async (order, key) => {
    console.log(JSON.stringify({ message: "order processed", orderId: order.orderId, items: order.items.length, idempotencyKey: key }));
};
