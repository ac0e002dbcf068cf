// Who sent a message, for the workers: the context value that names a route's authenticated caller
// travels with every message as the `caller` attribute, so that a worker remembers a client's
// Idempotency-Key per caller and no caller can make another's order look like a retry. A FIFO
// route whose group is the caller already carries it as the message group, so it needs no
// attribute (SQS's 10 attributes per message are scarce); an open route has no caller to name.
import { Authorization, ContextValue, MessageGroupSource } from "./args";
import { CALLER_IDENTITY } from "./requestValues";

/** The attribute that names the caller. */
export const CALLER_ATTRIBUTE = "caller";

/** The context value a route's messages carry as the `caller` attribute; none on an open route or a caller-bound FIFO group. */
export function callerAttributeSource(authorization: Authorization, messageGroupId: MessageGroupSource | undefined): ContextValue | undefined {
    return messageGroupId?.context === undefined ? CALLER_IDENTITY[authorization] : undefined;
}
