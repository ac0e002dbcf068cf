// What the conformance suite reads of each FIFO route from the stack's program: where its group
// comes from, and who drops a client's retry, SQS (the key is the deduplication id) or the worker
// (the key and caller travel as attributes), as the component writes each route's request template.
import assert from "node:assert/strict";

import { SQSClient } from "@aws-sdk/client-sqs";

import { apiModel, methodsOf } from "../local/apiModel";
import { routesOf } from "../local/conformanceSuite";
import { runStack } from "../offline/runStack";
import { withStackFileAside } from "./support/plan";

const STACK = `config:
  aws:region: eu-west-1
  orders:routes:
    - path: open/orders
      queue: {fifo: true}
      messageGroupId: {header: Customer-Id}
    - path: open/hashed
      queue: {fifo: true, contentBasedDeduplication: true}
      messageGroupId: {value: hashed}
    - path: signed/{storeId}/orders
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {pathParameter: storeId}
    - path: signed/ledger
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {value: ledger}
    - path: signed/own
      authorization: AWS_IAM
      queue: {fifo: true}
      messageGroupId: {context: callerArn}
    - path: signed/standard
      authorization: AWS_IAM
`;

describe("the conformance suite's routes", () => {
    it("read who drops a FIFO retry from each route's template: SQS on an open route or a caller's own group, the worker where a signed caller chooses the group", async () => {
        const ran = await withStackFileAside("test-conformance-routes", STACK, (configFile) => runStack("test-conformance-routes", undefined, { configFile }));
        const model = apiModel(ran.resources);
        const sqs = new SQSClient({ region: "eu-west-1" });
        const routes = Object.fromEntries(methodsOf(model).map((m) => [`${m.httpMethod} ${m.resourcePath}`, { url: "http://localhost", queueUrl: "http://localhost/q" }]));
        try {
            assert.deepEqual(routesOf({ model, routes, sqs }).map((r) => [r.key, r.fifo, r.group, r.retriesDroppedByQueue]), [
                ["POST /open/orders", true, { header: "Customer-Id" }, true],
                ["POST /open/hashed", true, { constant: "hashed" }, true],
                ["POST /signed/{storeId}/orders", true, { pathParameter: "storeId" }, false],
                ["POST /signed/ledger", true, { constant: "ledger" }, false],
                ["POST /signed/own", true, { context: "$context.identity.userArn" }, true],
                ["POST /signed/standard", false, undefined, undefined],
            ]);
        } finally {
            sqs.destroy();
        }
    });
});
