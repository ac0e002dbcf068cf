// npm run plan -- --since <git-ref> on the changes a live stack goes through (docs/routes.md,
// "Changing a live stack"): each unsafe change refused with its line, then the procedure that line
// gives, update by update, each taken with exit 0. Two revisions of a copy of the project in a
// temporary git repository per judgement, as in planSince.test.ts.
import assert from "node:assert/strict";

import { GitProject, gitProject } from "../support/gitProject";
import { judgeUpdate, ROUTES, since, stackFile } from "../support/since";

const AUTHORIZER = "orders:lambdaAuthorizer: {functionArn: \"arn:aws:lambda:eu-west-1:123456789012:function:auth\"}";
const THEIR_QUEUE = "arn:aws:sqs:eu-west-1:123456789012:their-orders";
const PROTECTED = "orders:protectQueues: true";

/** The summary line of an update taken, or what was refused. */
const taken = (counts: string) => ({ code: 0, stdout: `no unsafe change since HEAD: ${counts}\n` });
const verdict = (result: { code: number; stdout: string }) => ({ code: result.code, stdout: result.stdout });
const lines = (result: { code: number; stdout: string }) => [result.code, result.stdout.trimEnd().split("\n")];

describe("npm run plan -- --since <git-ref>: each refusal's procedure, update by update", function () {
    this.timeout(60000);
    let repo: GitProject;
    const update = async (then: string, now: string) => verdict(await judgeUpdate(repo, then, now));

    before(() => {
        repo = gitProject();
    });
    after(() => repo.remove());

    it("refuses an authorizer deleted with the retired route that names it, and takes the route removed first, the authorizer next", async () => {
        const retired = stackFile(AUTHORIZER, ROUTES("path: orders", "{path: legacy, authorization: CUSTOM, retired: true}"));
        assert.deepEqual(await update(retired, stackFile(ROUTES("path: orders"))), { code: 1, stdout: "unsafe: authorizer orders-lambda-authorizer "
            + "and its function's permission orders-lambda-authorizer-invoke would be deleted in the update that removes POST /legacy, which names "
            + "orders-lambda-authorizer, while the deployment this update makes still serves POST /legacy: its callers get 500 until the next "
            + "deployment; keep the authorizer in this update (a declared authorizer no route uses is kept) and remove it in the update after the route\n" });
        const routeGone = stackFile(AUTHORIZER, ROUTES("path: orders"));
        assert.deepEqual(await update(retired, routeGone), taken("0 to create, 2 to update, 1 to replace, 18 to delete; kept in AWS when removed: "
            + "orders-post-legacy-dlq, orders-post-legacy-queue"));
        assert.deepEqual(await update(routeGone, stackFile(ROUTES("path: orders"))), taken("0 to create, 0 to update, 1 to replace, 2 to delete"));
    });

    it("refuses a route whose queue changes in one update, prod's protected queues leaving with it, and takes a route at a new path, "
        + "the old one retired, then removed", async () => {
        const stackQueue = stackFile(PROTECTED, ROUTES("path: orders"));
        const protectedLine = (queue: string) => `unsafe: queue ${queue} (POST /orders) is protected, so the engine fails this update at its delete `
            + "step, after the new deployment has switched traffic; unprotect it in an update of its own first (protectQueues: false), or retire "
            + "its route, which unprotects its queues and key";
        const undrained = (queue: string) => `unsafe: queue ${queue} (POST /orders) would leave the program, kept in AWS, with the messages it holds `
            + "and nothing to drain them; retire its route, and remove the route once its queue is drained: a retired route's queues are kept in AWS";
        assert.deepEqual(lines(await update(stackQueue, stackFile(PROTECTED, ROUTES(`{path: orders, existingQueue: {arn: "${THEIR_QUEUE}"}}`)))), [1, [
            `unsafe: POST /orders changes its queue from orders-post-orders-queue to ${THEIR_QUEUE} in one update, so the deployment still serving `
                + `sends to orders-post-orders-queue after the role's grant has moved to ${THEIR_QUEUE} (500 until the stage moves on), and the `
                + "route's consumer, if it has one, moves with it, leaving orders-post-orders-queue undrained; add a route at a new path with the new "
                + "queue, move callers to it, retire the old route, drain its queue, then remove it",
            protectedLine("orders-post-orders-dlq"), undrained("orders-post-orders-dlq"),
            protectedLine("orders-post-orders-queue"), undrained("orders-post-orders-queue"),
        ]]);
        const beside = stackFile(PROTECTED, ROUTES("path: orders", `{path: incoming, existingQueue: {arn: "${THEIR_QUEUE}"}}`));
        assert.deepEqual(await update(stackQueue, beside), taken("12 to create, 2 to update, 1 to replace, 0 to delete"));
        const retired = stackFile(PROTECTED, ROUTES("{path: orders, retired: true}", `{path: incoming, existingQueue: {arn: "${THEIR_QUEUE}"}}`));
        assert.deepEqual(await update(beside, retired), taken("1 to create, 1 to update, 6 to replace, 0 to delete"));
        assert.deepEqual(await update(retired, stackFile(PROTECTED, ROUTES(`{path: incoming, existingQueue: {arn: "${THEIR_QUEUE}"}}`))),
            taken("0 to create, 2 to update, 1 to replace, 18 to delete; kept in AWS when removed: orders-post-orders-dlq, orders-post-orders-queue"));
    });

    it("refuses a route moved from an existing queue to a queue of the stack in one update", async () => {
        const result = await update(stackFile(ROUTES(`{path: orders, existingQueue: {arn: "${THEIR_QUEUE}"}}`)), stackFile(ROUTES("path: orders")));
        assert.deepEqual(lines(result), [1, [`unsafe: POST /orders changes its queue from ${THEIR_QUEUE} to orders-post-orders-queue in one update, `
            + `so the deployment still serving sends to ${THEIR_QUEUE} after the role's grant has moved to orders-post-orders-queue (500 until the `
            + `stage moves on), and the route's consumer, if it has one, moves with it, leaving ${THEIR_QUEUE} undrained; add a route at a new path `
            + "with the new queue, move callers to it, retire the old route, drain its queue, then remove it"]]);
    });

    it("refuses the single route listed in routes under new names, and takes it listed with singleRouteNames: true, which moves nothing", async () => {
        const single = stackFile(PROTECTED);
        const result = await update(single, stackFile(PROTECTED, ROUTES("path: orders")));
        assert.equal(result.code, 1);
        assert.equal(result.stdout.trimEnd().split("\n").at(-1), "unsafe: orders-resource-orders is created while orders-resource, which writes the "
            + "same API Gateway resource (API orders-api, parent / (the root of orders-api), path part orders), is deleted only at the end of the "
            + "update: AWS refuses the new one while the old one exists, or the old one's delete removes what the new one wrote; keep the resource "
            + "that writes it (a single route listed in routes keeps its resources with singleRouteNames: true), or remove the old one in an update "
            + "of its own first");
        assert.deepEqual(await update(single, stackFile(PROTECTED, ROUTES("{path: orders, singleRouteNames: true}"))),
            taken("0 to create, 0 to update, 0 to replace, 0 to delete"));
    });

    it("refuses a retired single route listed in routes beside the resource it still has, and takes it listed with its names", async () => {
        const retired = stackFile("orders:retired: true");
        const result = await update(retired, stackFile(ROUTES("path: orders")));
        assert.deepEqual(lines(result), [1, ["unsafe: orders-resource-orders is created while orders-resource, which writes the same API Gateway "
            + "resource (API orders-api, parent / (the root of orders-api), path part orders), is deleted only at the end of the update: AWS refuses "
            + "the new one while the old one exists, or the old one's delete removes what the new one wrote; keep the resource that writes it (a "
            + "single route listed in routes keeps its resources with singleRouteNames: true), or remove the old one in an update of its own first"]]);
        assert.deepEqual(await update(retired, stackFile(ROUTES("{path: orders, singleRouteNames: true, retired: true}"))),
            taken("0 to create, 0 to update, 0 to replace, 0 to delete"));
    });

    it("refuses the single route's path renamed in place, saying what goes, and takes a route of its own beside it", async () => {
        const result = await update(stackFile(), stackFile("orders:path: purchases"));
        assert.deepEqual(lines(result), [1, ["unsafe: POST /orders becomes POST /purchases in place (its resource is renamed; its queue and the "
            + "role's grant stay), so from the deployment this update makes on, callers of /orders are refused 403 without being told it is gone; "
            + "add POST /purchases as a route of its own beside it (the single route, listed in routes with singleRouteNames: true, keeps its "
            + "resources), move callers, retire POST /orders, drain its queue, then remove it"]]);
        const listed = stackFile(ROUTES("{path: orders, singleRouteNames: true}"));
        const beside = stackFile(ROUTES("{path: orders, singleRouteNames: true}", "path: purchases"));
        assert.deepEqual(await update(listed, beside), taken("17 to create, 2 to update, 1 to replace, 0 to delete"));
        assert.deepEqual(await update(beside, stackFile(ROUTES("{path: orders, singleRouteNames: true, retired: true}", "path: purchases"))),
            taken("1 to create, 2 to update, 6 to replace, 0 to delete"));
    });

    it("refuses prod's protected KMS key leaving with a move to SQS-managed encryption, and takes protectQueues: false in an update of its own, "
        + "then the move", async () => {
        const kms = "orders:queue: {encryption: kms}";
        assert.deepEqual(await update(stackFile(PROTECTED, kms), stackFile(PROTECTED)), { code: 1, stdout: "unsafe: KMS key orders-key is protected, "
            + "so the engine fails this update at its delete step, after the new deployment has switched traffic; unprotect it in an update of its "
            + "own first (protectQueues: false), or retire its route, which unprotects its queues and key\n" });
        const unprotected = stackFile("orders:protectQueues: false", kms);
        assert.deepEqual(await update(stackFile(PROTECTED, kms), unprotected), taken("0 to create, 0 to update, 0 to replace, 0 to delete"));
        assert.deepEqual(await update(unprotected, stackFile("orders:protectQueues: false")), taken("0 to create, 3 to update, 0 to replace, 1 to delete"));
    });

    it("takes a route's consumer removed: its log group is kept in AWS, its retention expiring its events", async () => {
        assert.deepEqual(await update(stackFile("orders:consumer: {}"), stackFile()),
            taken("0 to create, 1 to update, 0 to replace, 6 to delete; kept in AWS when removed: orders-consumer-logs"));
    });
});

describe("npm run plan -- --since <git-ref>, on a program whose key waits less than its queue keeps messages", function () {
    this.timeout(60000);
    it("refuses the key deleted, and takes its window raised in an update of its own, then the key deleted", async () => {
        const repo = gitProject({
            "Pulumi.yaml": "name: shop\nruntime: nodejs\n",
            "index.ts": [
                "import * as pulumi from \"@pulumi/pulumi\";",
                "import * as kms from \"@pulumi/aws/kms\";",
                "import * as sqs from \"@pulumi/aws/sqs\";",
                "const config = new pulumi.Config();",
                "// A key only while the queue is encrypted with it; the queue keeps a message 14 days.",
                "const key = config.getBoolean(\"encrypted\") ? new kms.Key(\"key\", { deletionWindowInDays: config.requireNumber(\"window\") }) : undefined;",
                "new sqs.Queue(\"queue\", { messageRetentionSeconds: 1209600, ...(key ? { kmsMasterKeyId: key.arn } : { sqsManagedSseEnabled: true }) });",
                "",
            ].join("\n"),
        });
        const judged = async (then: string, now: string) => {
            repo.write({ "Pulumi.live.yaml": then });
            repo.commit("then");
            repo.write({ "Pulumi.live.yaml": now });
            return verdict(await since(repo, "--stack", "live", "--since", "HEAD"));
        };
        const encrypted = (window: number) => `config:\n  shop:encrypted: true\n  shop:window: ${window}\n`;
        try {
            assert.deepEqual(await judged(encrypted(7), "config: {}\n"), { code: 1, stdout: "unsafe: KMS key key would be deleted 7 days after this "
                + "update, while messages encrypted with it may live 14 days (queue); give it a deletionWindowInDays of 14 or more (at most 30) in an "
                + "update of its own first, or keep it in AWS when removed (retainOnDelete)\n" });
            assert.deepEqual(await judged(encrypted(7), encrypted(14)), taken("0 to create, 1 to update, 0 to replace, 0 to delete"));
            assert.deepEqual(await judged(encrypted(14), "config: {}\n"), taken("0 to create, 1 to update, 0 to replace, 1 to delete"));
        } finally {
            repo.remove();
        }
    });
});
