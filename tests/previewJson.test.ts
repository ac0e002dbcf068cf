// The same rules over a real `pulumi preview --json --show-sames` against a stack's state, and the
// deploy's check that a queue leaving the program is empty, against the SQS emulator.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { CreateQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";
import type { AddressInfo } from "node:net";

import { main as queuesLeaving } from "../scripts/queuesLeaving";
import { changesMain } from "../scripts/planChanges";
import { RETIRED_QUEUE_TAG } from "../components/routeQueue";
import { UNKNOWN_STRING } from "../offline/policyResource";

const URN = "urn:pulumi:prod::orders::queue-load-leveling:index:QueueApi$";
const API = "a1b2c3";
const ROOT = "root1";

/** One step of a preview digest, in the CLI's shape: `oldState` for what exists, `newState` for what will. */
function step(op: string, type: string, name: string, id: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const stateOf = (values: Record<string, unknown>) => ({ urn: `${URN}${type}::${name}`, type, id, inputs: values, outputs: { ...values, ...extra.outputs as object },
        ...(extra.retainOnDelete ? { retainOnDelete: true } : {}), ...(extra.protect ? { protect: true } : {}),
        ...(extra.propertyDependencies ? { propertyDependencies: extra.propertyDependencies } : {}) });
    return {
        op,
        urn: `${URN}${type}::${name}`,
        ...(op === "create" ? {} : { oldState: stateOf((extra.oldInputs ?? inputs) as Record<string, unknown>) }),
        ...(op === "delete" || op === "delete-replaced" ? {} : { newState: stateOf(inputs) }),
        ...(extra.replaceReasons ? { replaceReasons: extra.replaceReasons } : {}),
    };
}

const QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:orders-post-legacy-queue-1a2b3c4";
const api = step("same", "aws:apigateway/restApi:RestApi", "orders-api", API, {}, { outputs: { rootResourceId: ROOT } });
const legacy = (op: string, retired: boolean) => [
    step(op, "aws:apigateway/resource:Resource", "orders-resource-legacy", "res9", { restApi: API, parentId: ROOT, pathPart: "legacy" }),
    step(op, "aws:apigateway/method:Method", "orders-post-legacy-method", `agm-${API}-res9-POST`, { restApi: API, resourceId: "res9", httpMethod: "POST" }),
    step(op, "aws:apigateway/integration:Integration", "orders-post-legacy-integration", `agi-${API}-res9-POST`, retired
        ? { restApi: API, resourceId: "res9", httpMethod: "POST", type: "MOCK", requestTemplates: { "application/json": "{\"statusCode\": 410}" } }
        : { restApi: API, resourceId: "res9", httpMethod: "POST", type: "AWS", uri: "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders-post-legacy-queue-1a2b3c4" }),
    step(op, "aws:sqs/queue:Queue", "orders-post-legacy-queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-post-legacy-queue-1a2b3c4",
        retired ? { tags: { [RETIRED_QUEUE_TAG]: "true" } } : {},
        { outputs: { arn: QUEUE_ARN, url: "https://sqs.eu-west-1.amazonaws.com/123456789012/orders-post-legacy-queue-1a2b3c4" }, retainOnDelete: retired }),
];

/** Writes a preview digest to a temporary file; returns its path. */
function previewFile(steps: unknown[]): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-")), "preview.json");
    fs.writeFileSync(file, JSON.stringify({ steps, changeSummary: {} }));
    return file;
}

async function judged(file: string) {
    let stdout = "";
    let stderr = "";
    const code = await changesMain(["--preview-json", file], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
}

describe("npm run plan -- --preview-json <file>", () => {
    it("refuses a route removed from the state without being retired, and its queue deleted", async () => {
        const result = await judged(previewFile([api, ...legacy("delete", false)]));
        assert.equal(result.code, 1);
        assert.deepEqual(result.stdout.trimEnd().split("\n"), [
            "unsafe: POST /legacy is removed without being retired first, so the deployment this update makes still serves it while its queue "
                + "and grant go; set retired: true on it, deploy, let its consumer drain its queue, then remove it",
            "unsafe: queue orders-post-legacy-queue (POST /legacy) would be deleted with the messages it holds; retire its route, and remove the "
                + "route once its queue is drained: a retired route's queues are kept in AWS",
        ]);
    });

    it("takes a retired route removed, its queue kept in AWS", async () => {
        assert.deepEqual(await judged(previewFile([api, ...legacy("delete", true)])), { code: 0, stderr: "",
            stdout: "no unsafe change against the stack's state: 0 to create, 0 to update, 0 to replace, 4 to delete; kept in AWS when removed: orders-post-legacy-queue\n" });
    });

    it("counts a replacement's three steps as one, and refuses a queue replaced", async () => {
        const queue = (op: string) => step(op, "aws:sqs/queue:Queue", "orders-queue", "q", { fifoQueue: true }, { oldInputs: {}, replaceReasons: ["fifoQueue"] });
        const result = await judged(previewFile([api, queue("create-replacement"), queue("replace"), queue("delete-replaced")]));
        assert.deepEqual([result.code, result.stdout], [1, "unsafe: queue orders-queue would be replaced (fifoQueue null → true), losing the messages it "
            + "holds; a queue keeps its name and FIFO-ness for life: add a route with the new queue, move callers to it, retire the old route, drain "
            + "its queue, then remove it\n"]);
    });

    it("refuses a protected queue deleted, which the engine refuses only at the end of the update, and counts it kept only when retired", async () => {
        // prod's queue, protected and kept in AWS, leaving with its route still live (it moved to an existing queue).
        const queue = step("delete", "aws:sqs/queue:Queue", "orders-queue", "q", {}, { outputs: { arn: QUEUE_ARN }, retainOnDelete: true, protect: true });
        const result = await judged(previewFile([api, queue]));
        assert.deepEqual([result.code, result.stdout.trimEnd().split("\n")], [1, [
            "unsafe: queue orders-queue is protected, so the engine fails this update at its delete step, after the new deployment has switched "
                + "traffic; unprotect it in an update of its own first (protectQueues: false), or retire its route, which unprotects its queues and key",
            "unsafe: queue orders-queue would leave the program, kept in AWS, with the messages it holds and nothing to drain them; retire its route, "
                + "and remove the route once its queue is drained: a retired route's queues are kept in AWS",
        ]]);
    });

    it("refuses a resource and a model created while the ones that write the same AWS objects are deleted at the end", async () => {
        const unknown = UNKNOWN_STRING;
        const resource = (op: string, name: string, id: string) => step(op, "aws:apigateway/resource:Resource", name, id,
            { restApi: API, parentId: ROOT, pathPart: "orders" });
        const model = (op: string, name: string) => step(op, "aws:apigateway/model:Model", name, name, { restApi: API, name: "PostOrdersBody", contentType: "application/json" });
        const method = (op: string, name: string, resourceId: string, dependencies?: object) => step(op, "aws:apigateway/method:Method", name, name,
            { restApi: API, resourceId, httpMethod: "POST", authorization: "NONE" }, { propertyDependencies: dependencies });
        const result = await judged(previewFile([api, resource("delete", "orders-resource", "res1"), model("delete", "orders-model"),
            method("delete", "orders-method", "res1"), resource("create", "orders-resource-orders", unknown), model("create", "orders-post-orders-model"),
            method("create", "orders-post-orders-method", unknown, { resourceId: [`${URN}aws:apigateway/resource:Resource::orders-resource-orders`] })]));
        const consequence = "is deleted only at the end of the update: AWS refuses the new one while the old one exists, or the old one's delete "
            + "removes what the new one wrote; keep the resource that writes it (a single route listed in routes keeps its resources with "
            + "singleRouteNames: true), or remove the old one in an update of its own first";
        assert.deepEqual([result.code, result.stdout.trimEnd().split("\n").filter((line) => !line.startsWith("unsafe: POST /orders"))], [1, [
            `unsafe: orders-resource-orders is created while orders-resource, which writes the same API Gateway resource (API orders-api, parent / `
                + `(the root of orders-api), path part orders), ${consequence}`,
            `unsafe: orders-post-orders-model is created while orders-model, which writes the same API Gateway model (API orders-api, name PostOrdersBody), ${consequence}`,
        ]]);
    });

    it("exits 2 for a file that is missing, not JSON, or no preview", async () => {
        assert.deepEqual(await judged("/no/such/preview.json"), { code: 2, stdout: "", stderr: "--preview-json /no/such/preview.json: no such file\n" });
        const text = previewFile([]);
        fs.writeFileSync(text, "Previewing update (prod)");
        assert.equal((await judged(text)).code, 2);
        fs.writeFileSync(text, "{\"changeSummary\": {}}");
        assert.deepEqual((await judged(text)).stderr, `${text} is not the JSON of pulumi preview --json: it has no list of steps\n`);
    });
});

describe("npm run queues-leaving", () => {
    let endpoint: string;
    let close: () => Promise<void>;
    let sqs: SQSClient;
    before(async () => {
        const server = await createSqsServer({ port: 0, hostname: "127.0.0.1", region: "eu-west-1", emulateQueueCreationLifecycle: false });
        endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        sqs = new SQSClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
        close = async () => {
            sqs.destroy();
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        };
    });
    after(() => close());

    async function leaving(...queues: string[]) {
        const steps = await Promise.all(queues.map(async (name) => {
            const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
            return step("delete", "aws:sqs/queue:Queue", name, QueueUrl!, {}, { outputs: { url: QueueUrl } });
        }));
        let stdout = "";
        const code = await queuesLeaving(["--preview-json", previewFile([api, ...steps]), "--sqs-endpoint", endpoint],
            { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } });
        return { code, stdout };
    }

    it("stops when a queue about to leave holds messages, saying how many, waiting and delayed", async () => {
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "orders-post-legacy-queue" }));
        for (const body of ["A-1", "A-2"]) {
            await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
        }
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "A-3", DelaySeconds: 60 }));
        assert.deepEqual(await leaving("orders-post-legacy-queue", "orders-post-legacy-dlq"), { code: 1, stdout:
            "orders-post-legacy-queue holds 3 messages (2 waiting, 0 in flight, 1 delayed) and leaves the program in this update: let its route "
            + "stay retired, with its consumer, until it is empty\norders-post-legacy-dlq is empty and leaves the program in this update\n" });
    });

    it("lets an update through when no queue leaves, or every one that leaves is empty", async () => {
        assert.deepEqual(await leaving(), { code: 0, stdout: "no queue leaves the program in this update\n" });
        assert.deepEqual(await leaving("orders-empty-queue"), { code: 0, stdout: "orders-empty-queue is empty and leaves the program in this update\n" });
    });
});
