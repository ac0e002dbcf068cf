// The example Lambda consumer: processes a batch of SQS messages and reports only the failed ones
// (the event source mapping's ReportBatchItemFailures), so that one bad order does not send its
// whole batch back to the queue. Powertools' batch processor keeps the bookkeeping; a FIFO queue's
// batch is processed in order, and after a failure the rest of that message group is returned too,
// so that no order overtakes an earlier one of its group. The stack bundles this folder into the
// function's archive (consumer.code).
import {
    BatchProcessor,
    EventType,
    processPartialResponse,
    SqsFifoPartialProcessorAsync,
} from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

import { IdempotencyStore, idempotencyKeyOf, InMemoryStore, processOnce } from "../idempotency";
import { logOrder, parseOrder, ProcessOrder } from "../orders";

export interface HandlerOptions {
    /** Where processed keys are kept. Use a durable, shared store in production (docs/workers.md). */
    readonly store: IdempotencyStore;
    readonly process: ProcessOrder;
}

/** A Lambda handler for SQS batches that processes each order once per idempotency key. */
export function createHandler(options: HandlerOptions): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
    const standard = new BatchProcessor(EventType.SQS);
    const fifo = new SqsFifoPartialProcessorAsync();
    return async (event, context) => {
        // A claim lasts as long as this invocation may run: if it is cut short, the key is free by
        // the time SQS delivers the message again.
        const leaseSeconds = Math.max(1, Math.ceil(context.getRemainingTimeInMillis() / 1000));
        const recordHandler = async (record: SQSRecord): Promise<void> => {
            const key = idempotencyKeyOf({ attributes: record.messageAttributes, messageId: record.messageId, messageGroupId: record.attributes.MessageGroupId });
            await processOnce(options.store, key, leaseSeconds, () => options.process(parseOrder(record.body), key));
        };
        const fromFifo = event.Records.length > 0 && event.Records[0].eventSourceARN.endsWith(".fifo");
        return fromFifo
            ? processPartialResponse(event, recordHandler, fifo, { context, skipGroupOnError: true })
            : processPartialResponse(event, recordHandler, standard, { context });
    };
}

/**
 * The function's handler (index.handler). Its store lives as long as the execution environment:
 * it catches SQS's repeated deliveries to one environment, not across environments.
 */
export const handler = createHandler({ store: new InMemoryStore(), process: logOrder });
