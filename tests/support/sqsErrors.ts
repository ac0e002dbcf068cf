// What the API answers for an SQS error: SQS's JSON error (query protocol, Accept: application/json)
// rendered through the integration response the API selects for a 4xx from SQS.
import { clientErrorTemplate } from "../../components/responses";
import { renderTemplate } from "../../local/vtl";

export function responseFor(code: string, message: string, maxMessageSize = 262144): { status: number; error: string } {
    const body = JSON.stringify({ Error: { Type: "Sender", Code: code, Message: message }, RequestId: "r" });
    const rendered = renderTemplate(clientErrorTemplate(maxMessageSize), { body });
    // The 4xx integration response answers 400 unless the template overrides it.
    return { status: rendered.statusOverride ?? 400, error: JSON.parse(rendered.output).error };
}
