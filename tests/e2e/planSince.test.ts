// npm run plan -- --stack <s> --since <git-ref>: each unsafe change built as two revisions of a
// project in a temporary git repository (the older committed, the newer as the working tree is),
// judged as a reviewer would, with its exit code and its line. Here, beside the workers' tests
// that mostly wait, since each judgement plans two revisions.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { GitProject, gitProject } from "../support/gitProject";
import { judgeUpdate, ROUTES, since, STACK, stackFile } from "../support/since";

describe("npm run plan -- --since <git-ref>", function () {
    this.timeout(60000);
    let repo: GitProject;
    const update = (then: string, now: string) => judgeUpdate(repo, then, now);

    before(() => {
        repo = gitProject();
    });
    after(() => repo.remove());

    it("refuses a route removed without being retired first, and its queues deleted with their messages", async () => {
        const result = await update(stackFile(ROUTES("path: orders", "path: legacy")), stackFile(ROUTES("path: orders")));
        assert.equal(result.code, 1);
        assert.deepEqual(result.stdout.trimEnd().split("\n"), [
            "unsafe: POST /legacy is removed without being retired first, so the deployment this update makes still serves it while its "
                + "queue and grant go; set retired: true on it, deploy, let its consumer drain its queue, then remove it",
            "unsafe: queue orders-post-legacy-dlq (POST /legacy) would be deleted with the messages it holds; retire its route, and remove "
                + "the route once its queue is drained: a retired route's queues are kept in AWS",
            "unsafe: queue orders-post-legacy-queue (POST /legacy) would be deleted with the messages it holds; retire its route, and remove "
                + "the route once its queue is drained: a retired route's queues are kept in AWS",
        ]);
        assert.match(result.stderr, /^planning shop at HEAD \([0-9a-f]{12}\) and as it is now, on the mocked runtime…\n$/);
    });

    it("takes a route retired, then removed, each in an update of its own, its queues kept in AWS", async () => {
        const retiring = await update(stackFile(ROUTES("path: orders", "path: legacy")), stackFile(ROUTES("path: orders", "{path: legacy, retired: true}")));
        assert.deepEqual(retiring, { code: 0, stdout: "no unsafe change since HEAD: 1 to create, 1 to update, 6 to replace, 0 to delete\n", stderr: retiring.stderr });
        const removing = await update(stackFile(ROUTES("path: orders", "{path: legacy, retired: true}")), stackFile(ROUTES("path: orders")));
        assert.equal(removing.code, 0);
        assert.equal(removing.stdout, "no unsafe change since HEAD: 0 to create, 2 to update, 1 to replace, 18 to delete; kept in AWS when removed: "
            + "orders-post-legacy-dlq, orders-post-legacy-queue\n");
    });

    it("refuses a route whose method changes without being retired first", async () => {
        const result = await update(stackFile(ROUTES("path: orders", "path: returns")), stackFile(ROUTES("path: orders", "{path: returns, method: PUT}")));
        assert.equal(result.code, 1);
        assert.equal(result.stdout.split("\n")[0], "unsafe: POST /returns becomes PUT /returns without being retired first, so the deployment "
            + "this update makes still serves POST /returns; add PUT /returns as a route beside it, retire POST /returns, deploy, drain its queue, then remove it");
    });

    it("refuses a queue made FIFO, which replaces it", async () => {
        const result = await update(stackFile(), stackFile("orders:queue: {fifo: true}", "orders:messageGroupId: {header: Customer-Id}"));
        assert.equal(result.code, 1);
        assert.deepEqual(result.stdout.trimEnd().split("\n"), ["dlq", "queue"].map((q) => `unsafe: queue orders-${q} (POST /orders) would be replaced `
            + "(fifoQueue null → true), losing the messages it holds; a queue keeps its name and FIFO-ness for life: add a route with the new "
            + "queue, move callers to it, retire the old route, drain its queue, then remove it"));
    });

    it("takes a queue moved from its KMS key to SQS-managed keys: the key is deleted 30 days on, after every message it encrypted has expired", async () => {
        const result = await update(stackFile("orders:queue: {encryption: kms}"), stackFile());
        assert.deepEqual([result.code, result.stdout], [0, "no unsafe change since HEAD: 0 to create, 3 to update, 0 to replace, 1 to delete\n"]);
    });

    it("takes the access logs turned off: their log group is kept in AWS, its retention expiring its events", async () => {
        const result = await update(stackFile(), stackFile("orders:accessLogs: {enabled: false}"));
        assert.deepEqual([result.code, result.stdout], [0, "no unsafe change since HEAD: 0 to create, 1 to update, 0 to replace, 1 to delete; "
            + "kept in AWS when removed: orders-access-logs\n"]);
    });

    it("takes a PRIVATE API made REGIONAL: its resource policy is rewritten, not deleted", async () => {
        const result = await update(stackFile("orders:endpointType: PRIVATE", "orders:vpcEndpointIds: [vpce-0123456789abcdef0]"), stackFile());
        assert.deepEqual([result.code, result.stdout], [0, "no unsafe change since HEAD: 0 to create, 2 to update, 1 to replace, 0 to delete\n"]);
    });

    it("refuses a route retired in the same change that first ties its integration responses to the integration", async () => {
        // The program as it was before its integration responses took their method from the integration.
        const component = "components/queueApi.ts";
        const current = fs.readFileSync(path.join(repo.root, component), "utf8");
        const earlier = current.replace("httpMethod: integration.httpMethod,", "httpMethod: method.httpMethod,");
        assert.notEqual(earlier, current);
        const live = stackFile(ROUTES("path: orders", "path: legacy"));
        const retired = stackFile(ROUTES("path: orders", "{path: legacy, retired: true}"));
        repo.write({ [component]: earlier, [STACK]: live });
        repo.commit("the earlier program");
        repo.write({ [component]: current, [STACK]: retired });
        const together = await since(repo, "--stack", "shop", "--since", "HEAD");
        assert.deepEqual([together.code, together.stdout], [1, "unsafe: integration orders-post-legacy-integration would be replaced (type, credentials, "
            + "integrationHttpMethod), and API Gateway deletes its integration responses with it, which the state does not tie to it "
            + "(orders-post-legacy-integration-response-2xx, orders-post-legacy-integration-response-4xx, orders-post-legacy-integration-response-5xx, "
            + "orders-post-legacy-integration-response-default): deploy the program without this change first, so that its integration responses "
            + "take their method from the integration, then make the change\n"]);
        // Upgraded first, then retired: safe.
        repo.write({ [STACK]: live });
        repo.commit("the program upgraded");
        repo.write({ [STACK]: retired });
        assert.equal((await since(repo, "--stack", "shop", "--since", "HEAD")).code, 0);
    });

    it("takes a stack file the revision did not have as a new stack", async () => {
        repo.commit("nothing new");
        repo.write({ "Pulumi.fresh.yaml": stackFile() });
        const result = await since(repo, "--stack", "fresh", "--since", "HEAD");
        fs.rmSync(path.join(repo.root, "Pulumi.fresh.yaml"));
        assert.deepEqual([result.code, result.stdout], [0, "no unsafe change since HEAD: 45 to create, 0 to update, 0 to replace, 0 to delete\n"]);
    });

    it("judges every stack file there is with --all, each line after its stack's name, the worst exit code winning", async () => {
        repo.write({ [STACK]: stackFile(ROUTES("path: orders", "path: legacy")), "Pulumi.staging.yaml": stackFile() });
        repo.commit("two stacks");
        repo.write({ [STACK]: stackFile(ROUTES("path: orders")), "Pulumi.staging.yaml": stackFile("orders:stageName: v2") });
        const result = await since(repo, "--all", "--since", "HEAD");
        assert.equal(result.code, 1);
        const lines = result.stdout.trimEnd().split("\n");
        assert.deepEqual(lines.map((line) => line.split(": ")[0]), ["shop", "shop", "shop", "staging"]);
        assert.equal(lines[0], "shop: unsafe: POST /legacy is removed without being retired first, so the deployment this update makes still "
            + "serves it while its queue and grant go; set retired: true on it, deploy, let its consumer drain its queue, then remove it");
        assert.match(lines[3], /^staging: no unsafe change since HEAD: \d+ to create, \d+ to update, \d+ to replace, \d+ to delete/);
        assert.deepEqual((await since(repo, "--all", "--stack", "shop", "--since", "HEAD")), { code: 2, stdout: "",
            stderr: "--all judges every stack and --stack one: give one of them\n" });
        assert.deepEqual((await since(repo, "--stack", "shop", "--since", "HEAD", "--json")), { code: 2, stdout: "",
            stderr: "--json is an output of a plan; --since and --preview-json judge an update, one line per change: give one of them\n" });
        repo.write({ [STACK]: stackFile(ROUTES("path: orders", "path: legacy")) });
        fs.rmSync(path.join(repo.root, "Pulumi.staging.yaml"));
        repo.commit("one stack again");
    });

    it("exits 2 for a ref that names no commit, a stack without a file, and flags that do not go together", async () => {
        assert.deepEqual(await since(repo, "--stack", "shop", "--since", "no-such-branch"), { code: 2, stdout: "",
            stderr: `--since no-such-branch names no commit of the git repository at ${repo.root}: give a branch, a tag or a commit\n` });
        assert.deepEqual(await since(repo, "--stack", "staging", "--since", "HEAD"), { code: 2, stdout: "",
            stderr: "no stack file Pulumi.staging.yaml; stacks: shop\n" });
        assert.equal((await since(repo, "--since", "HEAD", "--preview-json", "preview.json")).code, 2);
        assert.equal((await since(repo, "--since")).code, 2);
    });

    it("exits 2, naming the revision, for a stack file the program refused then", async () => {
        repo.write({ [STACK]: stackFile("orders:queue: {maxMessageSize: 2MB}") });
        repo.commit("a bad value");
        repo.write({ [STACK]: stackFile() });
        const result = await since(repo, "--stack", "shop", "--since", "HEAD");
        assert.equal(result.code, 2);
        assert.match(result.stderr, /\nat HEAD: Pulumi\.shop\.yaml:3:18: orders:queue\.maxMessageSize must be an integer from 1024 to 1048576, got "2MB"\n$/);
    });
});

describe("npm run plan -- --since <git-ref>, on a program that deletes its resource policy", function () {
    this.timeout(60000);
    it("refuses an endpoint-type switch that deletes the policy the stage reads", async () => {
        const repo = gitProject({
            "Pulumi.yaml": "name: shop\nruntime: nodejs\n",
            "index.ts": [
                "import * as pulumi from \"@pulumi/pulumi\";",
                "import * as apigateway from \"@pulumi/aws/apigateway\";",
                "const privateApi = new pulumi.Config().get(\"endpointType\") === \"PRIVATE\";",
                "const api = new apigateway.RestApi(\"api\", { endpointConfiguration: { types: privateApi ? \"PRIVATE\" : \"REGIONAL\" } });",
                "// A resource policy only for a private API: a switch to REGIONAL deletes it.",
                "const policy = privateApi ? new apigateway.RestApiPolicy(\"api-policy\", { restApiId: api.id, policy: \"{}\" }) : undefined;",
                "new apigateway.Deployment(\"deployment\", { restApi: api.id }, { dependsOn: policy ? [policy] : [] });",
                "",
            ].join("\n"),
        });
        try {
            repo.write({ "Pulumi.live.yaml": "config:\n  shop:endpointType: PRIVATE\n" });
            repo.commit("private");
            repo.write({ "Pulumi.live.yaml": "config:\n  shop:endpointType: REGIONAL\n" });
            const result = await since(repo, "--stack", "live", "--since", "HEAD");
            assert.deepEqual([result.code, result.stdout], [1, "unsafe: the resource policy api-policy would be deleted after the new deployment "
                + "is made, so the stage keeps enforcing it (a switch of endpoint type must rewrite it); keep the API's resource policy and change "
                + "its document (this program's PRIVATE and REGIONAL policies are one resource)\n"]);
        } finally {
            repo.remove();
        }
    });
});
