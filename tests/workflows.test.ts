// What each workflow does: its triggers, jobs and commands, against GitHub's workflow schema. What
// each job may do (pins, permissions, credentials, install scripts, environments) is in
// workflowSecurity.test.ts.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

import { PROJECT_ROOT } from "../offline/stacks";
import { Json, runs, source, steps, uses, workflow, WORKFLOW_FILES } from "./support/workflows";
import { workflowSchemaErrors } from "./support/workflowSchemas";

const PULUMI_CLI = "3.263.0";
/** Jobs that mint no OIDC token but build what is trusted later: the guard that judges pull requests, and the release's tarballs. */
const UNCACHED = ["pull-request.yml guard", "release.yml build"];
/** How a job checks downloaded tarballs against the SHA-256 the build job reported, and that there are no others. */
const VERIFY_PACKAGES = ["printf '%s\\n' \"$CHECKSUMS\" > \"$RUNNER_TEMP/expected\"", "sha256sum --check --strict \"$RUNNER_TEMP/expected\"",
    "cmp \"$RUNNER_TEMP/expected\" SHA256SUMS", "[ \"$(ls -- *.tgz)\" = \"$(cut -d ' ' -f 3 \"$RUNNER_TEMP/expected\")\" ]", ""].join("\n");
/** How a preview checks the guard job's archive, then unpacks it outside the checkout, where the pull request's code does not write. */
const UNPACK_GUARD = ["echo \"$GUARD_SHA256  $RUNNER_TEMP/guard/guard.tgz\" | sha256sum --check --strict",
    "mkdir \"$RUNNER_TEMP/guard/pack\" && tar -xzf \"$RUNNER_TEMP/guard/guard.tgz\" -C \"$RUNNER_TEMP/guard/pack\"", ""].join("\n");
const GUARD_PACK = "${{ runner.temp }}/guard/pack/policy";

/**
 * The guard's archive is downloaded, checked and unpacked before the first step that runs the pull
 * request's code or reads what it may have written: its install, its build, a dependency cache.
 */
function guardBeforePullRequestCode(job: Json): void {
    const order = steps(job).map((s) => String(s.uses ?? s.run).split("@")[0]);
    const firstCode = order.findIndex((step) => step === "actions/setup-node" || step.startsWith("npm ") || step.startsWith("scripts/"));
    assert.ok(firstCode > 0);
    assert.ok(order.indexOf("actions/download-artifact") >= 0 && order.indexOf("actions/download-artifact") < order.indexOf(UNPACK_GUARD));
    assert.ok(order.indexOf(UNPACK_GUARD) < firstCode, `the guard is unpacked before ${order[firstCode]}`);
}

/** The run step that refuses a deploy without an identity of the stack's own. */
const OWN_IDENTITY = /^case "\$SCOPE" in\n/;

/** Runs a job's identity check as the runner would, with the environment's scope; its exit code and its error. */
function ownIdentityCheck(job: Record<string, any>, scope: string): { status: number | null; stdout: string } {
    const step = steps(job).find((s) => OWN_IDENTITY.test(String(s.run)))!;
    const result = spawnSync("bash", ["-e", "-c", step.run], { env: { PATH: process.env.PATH, SCOPE: scope, STACK: "prod" }, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout };
}

/**
 * A deploy job asks Pulumi for the token of the identity its environment's PULUMI_DEPLOY_SCOPE
 * names, a team's or a user's, after a step that refuses any other; never an organization's.
 */
function assertsOwnIdentity(job: Record<string, any>, stack: string): void {
    assert.deepEqual(uses(job, "pulumi/auth-actions")!.with, {
        organization: "${{ vars.PULUMI_ORG }}",
        "requested-token-type": "${{ startsWith(vars.PULUMI_DEPLOY_SCOPE, 'user:') && 'urn:pulumi:token-type:access_token:personal' || 'urn:pulumi:token-type:access_token:team' }}",
        scope: "${{ vars.PULUMI_DEPLOY_SCOPE }}",
    });
    assert.equal(typeof job.environment, "string", "the scope is the environment's variable");
    const order = steps(job).map((s) => (OWN_IDENTITY.test(String(s.run)) ? "check" : String(s.uses ?? s.run).split("@")[0]));
    assert.ok(order.indexOf("check") >= 0 && order.indexOf("check") < order.indexOf("pulumi/auth-actions"), JSON.stringify(order));
    assert.deepEqual(steps(job).find((s) => OWN_IDENTITY.test(String(s.run)))!.env, { SCOPE: "${{ vars.PULUMI_DEPLOY_SCOPE }}", STACK: stack });
    for (const scope of ["team:orders-prod-deploy", "user:orders-prod-bot"]) {
        assert.equal(ownIdentityCheck(job, scope).status, 0, scope);
    }
    for (const scope of ["", "team:", "orders-prod-deploy", "organization"]) {
        const refused = ownIdentityCheck(job, scope);
        assert.deepEqual([refused.status, refused.stdout], [1, "::error title=No deploy identity of its own::set PULUMI_DEPLOY_SCOPE in the prod environment "
            + `to team:<a team with Stack Write on prod alone> (or user:<login>), got '${scope}'\n`], scope);
    }
}

describe("GitHub workflows", () => {
    const files = WORKFLOW_FILES;

    it("are the pull-request, deploy, stack-up, certification, release and dependency audit workflows", () => {
        assert.deepEqual(files, ["audit.yml", "certify.yml", "deploy.yml", "pull-request.yml", "release.yml", "stack-up.yml"]);
    });

    it("catch a broken workflow with the validator used below (GitHub's published workflow schema)", () => {
        const valid = "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: read\n    steps:\n      - run: x\n";
        assert.deepEqual(workflowSchemaErrors(valid), []);
        assert.ok(workflowSchemaErrors(valid.replace("contents: read", "contents: maybe")).length > 0);
        assert.ok(workflowSchemaErrors(valid.replace("runs-on: x", "runs_on: x")).length > 0);
        assert.ok(workflowSchemaErrors(valid.replace("      - run: x", "      - rn: x")).length > 0);
    });

    for (const file of ["audit.yml", "certify.yml", "deploy.yml", "pull-request.yml", "release.yml", "stack-up.yml"]) {
        it(`${file} is valid against GitHub's workflow schema`, () => {
            assert.deepEqual(workflowSchemaErrors(source(file)), []);
        });

        it(`${file} reads the repository only, and sets up Node.js as its jobs need`, () => {
            assert.deepEqual(workflow(file).permissions, { contents: "read" });
            for (const [name, job] of Object.entries(workflow(file).jobs) as [string, Record<string, any>][]) {
                const node = job.steps ? uses(job, "actions/setup-node") : undefined;
                if (node && job.strategy?.matrix?.node) {
                    // Checks run on every LTS line users run; cloud steps on the newest.
                    assert.deepEqual(job.strategy.matrix.node, [24, 26]);
                    assert.deepEqual(node.with, { "node-version": "${{ matrix.node }}", cache: "npm" });
                } else if (node) {
                    const setup = Object.fromEntries(Object.entries(node.with).filter(([key]) => key !== "registry-url"));
                    // Where OIDC tokens can be minted, and where what is built is published or judges
                    // a pull request, no dependency cache that another run could have written.
                    assert.deepEqual(setup, job.permissions?.["id-token"] === "write" || UNCACHED.includes(`${file} ${name}`)
                        ? { "node-version": 26, "package-manager-cache": false } : { "node-version": 26, cache: "npm" }, `${file} ${name}`);
                }
            }
        });
    }

    describe("pull requests", () => {
        const pr = workflow("pull-request.yml");

        it("run the README's commands and the offline plan of every stack", () => {
            assert.deepEqual(runs(pr.jobs.offline).slice(0, 5), ["npm ci", "npm test", "npm run test:e2e", "npm run lint", "npm run plan -- --all"]);
        });

        it("judge each stack's update since the base branch offline, and each previewed stack's against its state", () => {
            const since = steps(pr.jobs.offline).at(-1)!;
            assert.deepEqual([since.env, since.run], [{ BASE_SHA: "${{ github.event.pull_request.base.sha }}" },
                "npm run -s plan -- --all --since \"$BASE_SHA\""]);
            assert.equal(steps(pr.jobs.offline)[0].with["fetch-depth"], 0, "the base branch's commit is fetched");
            const judged = steps(pr.jobs.preview).find((s) => String(s.run).includes("--preview-json"))!;
            assert.deepEqual([judged.if, judged.env, judged.run], ["env.HAS_CLOUD == 'true'", { STACK: "${{ format('{0}/{1}', vars.PULUMI_ORG, matrix.stack) }}" },
                "pulumi preview --stack \"$STACK\" --non-interactive --json --show-sames > preview.json\nnpm run -s plan -- --preview-json preview.json\n"]);
            const order = steps(pr.jobs.preview).map((s) => s.name ?? s.uses);
            assert.ok(order.indexOf(judged.name) > order.indexOf("Preview, judged by the base branch's policy pack and policy configs"));
        });

        it("check that dependencies are signed by the registry and free of high or critical advisories", () => {
            assert.deepEqual(runs(pr.jobs.dependencies), ["npm ci --ignore-scripts", "npm audit signatures", "npm audit --audit-level=high"]);
            // The same checks every week, for advisories published against dependencies no pull request touches.
            const audit = workflow("audit.yml");
            assert.deepEqual(Object.keys(audit.on), ["schedule", "workflow_dispatch"]);
            assert.deepEqual(audit.on.schedule, [{ cron: "17 6 * * 1" }]);
            assert.deepEqual(runs(audit.jobs.audit), runs(pr.jobs.dependencies));
        });

        it("build the base branch's policy pack in a job of its own, which runs no code of the pull request, before every other job", () => {
            const guard = pr.jobs.guard;
            const [checkout] = steps(guard);
            assert.deepEqual([checkout.uses.split("@")[0], checkout.with], ["actions/checkout",
                { ref: "${{ github.event.pull_request.base.sha }}", "persist-credentials": false }]);
            assert.deepEqual(steps(guard).filter((s) => String(s.uses).startsWith("actions/checkout@")).length, 1, "the pull request is never checked out");
            assert.deepEqual(runs(guard), ["npm ci --ignore-scripts", "npm run build:policy", "npm ci --ignore-scripts --workspace policy",
                "tar -czf guard.tgz policy/dist policy/*.json policy/PulumiPolicy.yaml node_modules\n"
                + "echo \"sha256=$(sha256sum guard.tgz | cut -d ' ' -f 1)\" >> \"$GITHUB_OUTPUT\"\n"]);
            assert.deepEqual(guard.outputs, { sha256: "${{ steps.archive.outputs.sha256 }}" });
            assert.deepEqual(uses(guard, "actions/upload-artifact")!.with, { name: "guard", path: "guard.tgz", "if-no-files-found": "error", "retention-days": 1 });
            // Every other job waits for it, directly or through the jobs it waits for.
            const waitsForGuard = (name: string): boolean => [pr.jobs[name].needs ?? []].flat().some((n: string) => n === "guard" || waitsForGuard(n));
            assert.deepEqual(Object.keys(pr.jobs).filter((name) => name !== "guard" && !waitsForGuard(name)), []);
        });

        it("preview each stack judged by the base branch's policy pack and policy configs, in the run's summary", () => {
            const preview = pr.jobs.preview;
            assert.deepEqual(preview.needs, ["guard", "offline"]);
            assert.deepEqual(preview.strategy.matrix.stack, ["dev", "prod"]);
            assert.equal(steps(preview).find((s) => s.with?.path === ".guard"), undefined, "the base branch is not checked out where the pull request's code runs");
            assert.deepEqual(runs(preview).slice(1, 4), [UNPACK_GUARD, "npm ci --ignore-scripts", "npm run build:policy"]);
            guardBeforePullRequestCode(preview);
            const unpack = steps(preview).find((s) => s.run === UNPACK_GUARD)!;
            assert.deepEqual(unpack.env, { GUARD_SHA256: "${{ needs.guard.outputs.sha256 }}" });
            assert.deepEqual(uses(preview, "actions/download-artifact")!.with, { name: "guard", path: "${{ runner.temp }}/guard" });
            const [gating, informational] = steps(preview).filter((s) => String(s.uses).startsWith("pulumi/actions@"));
            assert.deepEqual([gating.with.command, gating.with.policyPacks, gating.with.policyPackConfigs, gating.with["comment-on-summary"], gating["continue-on-error"]],
                ["preview", GUARD_PACK, "${{ matrix.stack == 'prod' && format('{0}/guard/pack/policy/prod.json', runner.temp) || '' }}", true, undefined]);
            assert.equal(gating.with["comment-on-pr"], undefined, "a PR comment needs pull-requests: write in a job that runs the PR's code");
            assert.deepEqual([informational.with.policyPacks, informational["continue-on-error"], informational.if],
                ["policy", true, "env.HAS_CLOUD == 'true' && steps.pack.outputs.changed == 'true'"]);
            assert.deepEqual([gating.with["stack-name"], informational.with["stack-name"]], Array(2).fill("${{ format('{0}/{1}', vars.PULUMI_ORG, matrix.stack) }}"));
            const changed = steps(preview).find((s) => s.id === "pack")!;
            assert.equal(changed.env.BASE_SHA, "${{ github.event.pull_request.base.sha }}");
            assert.match(changed.run, /git diff --quiet "\$BASE_SHA" HEAD -- policy\//);
        });

        it("authenticate previews with a team's or a user's Pulumi token, never the organization's, and the preview role", () => {
            const preview = pr.jobs.preview;
            const auth = uses(preview, "pulumi/auth-actions")!;
            assert.deepEqual(auth.with, {
                organization: "${{ vars.PULUMI_ORG }}",
                "requested-token-type": "${{ startsWith(vars.PULUMI_PREVIEW_SCOPE, 'user:') && 'urn:pulumi:token-type:access_token:personal' || 'urn:pulumi:token-type:access_token:team' }}",
                scope: "${{ vars.PULUMI_PREVIEW_SCOPE }}",
            });
            assert.equal(uses(preview, "aws-actions/configure-aws-credentials")!.with["role-to-assume"], "${{ vars.AWS_PREVIEW_ROLE_ARN }}");
            const order = steps(preview).map((s) => String(s.uses ?? s.run).split("@")[0]);
            assert.ok(order.indexOf("pulumi/auth-actions") > order.lastIndexOf(UNPACK_GUARD), "tokens are minted after the installs and the guard's unpacking");
        });

        it("skip the cloud steps with a notice for pull requests from forks or Dependabot, or without the settings", () => {
            const preview = pr.jobs.preview;
            assert.equal(preview.env.HAS_CLOUD, "${{ github.event.pull_request.head.repo.full_name == github.repository "
                + "&& github.event.pull_request.user.login != 'dependabot[bot]' && vars.PULUMI_ORG != '' && vars.PULUMI_PREVIEW_SCOPE != '' "
                + "&& vars.AWS_PREVIEW_ROLE_ARN != '' }}");
            const [notice, ...cloud] = steps(preview);
            assert.equal(notice.if, "env.HAS_CLOUD != 'true'");
            assert.match(notice.run, /^echo "::notice title=Preview skipped::/);
            for (const step of cloud) {
                assert.match(step.if, /^env\.HAS_CLOUD == 'true'( && |$)/, JSON.stringify(step));
            }
        });

        it("preview every stack and docs example with the real Pulumi CLI, without a cloud account or any secret", () => {
            const job = pr.jobs["cli-preview"];
            assert.deepEqual(job.needs, ["guard", "offline"]);
            assert.equal(job.permissions, undefined, "the workflow's contents: read, nothing more");
            assert.ok(!JSON.stringify(job).includes("secrets."), "no secret: it runs for forks too");
            assert.deepEqual(uses(job, "pulumi/actions")!.with, { "pulumi-version": PULUMI_CLI });
            assert.deepEqual(runs(job), [UNPACK_GUARD, "npm ci", "scripts/cliPreview.sh"]);
            guardBeforePullRequestCode(job);
            assert.deepEqual(steps(job).find((s) => s.run === UNPACK_GUARD)!.env, { GUARD_SHA256: "${{ needs.guard.outputs.sha256 }}" });
            assert.equal(steps(job).find((s) => s.run === "scripts/cliPreview.sh")!.env.GUARD, GUARD_PACK);
            assert.equal(steps(job).find((s) => s.with?.path === ".guard"), undefined);
        });

        it("cancel an older run of the same pull request", () => {
            assert.deepEqual(pr.concurrency, { group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
        });
    });

    describe("the CLI preview script", () => {
        const script = fs.readFileSync(path.join(PROJECT_ROOT, "scripts", "cliPreview.sh"), "utf8");

        it("uses a local backend, a dummy passphrase and dummy credentials, and keeps the provider from calling AWS", () => {
            assert.match(script, /^export PULUMI_BACKEND_URL="file:\/\/\$state"$/m);
            assert.match(script, /^export PULUMI_CONFIG_PASSPHRASE=/m);
            assert.match(script, /^export AWS_ACCESS_KEY_ID=/m);
            assert.match(script, /for key in skipCredentialsValidation skipRequestingAccountId skipMetadataApiCheck skipRegionValidation; do/);
            assert.ok(!/pulumi (up|destroy|refresh)/.test(script));
        });

        it("writes every docs example as a stack, then previews every stack file with the policy pack and its policy config", () => {
            assert.match(script, /node -r esbuild-register offline\/docExamples\.ts --write/);
            assert.match(script, /for file in Pulumi\.\*\.yaml; do/);
            assert.match(script, /pulumi preview --stack "\$stack" --non-interactive --policy-pack "\$guard" "\$\{policy_config\[@\]\}"/);
            assert.match(script, /^guard="\$\{GUARD:-policy\}"$/m);
            assert.match(script, /policy_config=\(--policy-pack-config "\$guard\/\$stack\.json"\)/);
        });

        it("is a valid bash script", () => {
            assert.equal(spawnSync("bash", ["-n", path.join(PROJECT_ROOT, "scripts", "cliPreview.sh")]).status, 0);
        });
    });

    describe("certification", () => {
        const certify = workflow("certify.yml");
        const job = certify.jobs.certify;

        it("runs by hand only, in the conformance environment once its protection is checked, with OIDC", () => {
            assert.deepEqual(certify.on, { workflow_dispatch: null });
            assert.equal(job.environment, "conformance");
            assert.equal(job.needs, "environment");
            assert.deepEqual(runs(certify.jobs.environment).at(-1), "node -r esbuild-register scripts/environments.ts conformance");
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
            assert.equal(uses(job, "aws-actions/configure-aws-credentials")!.with["role-to-assume"], "${{ vars.AWS_CERTIFY_ROLE_ARN }}");
            assertsOwnIdentity(job, "conformance");
        });

        it("deploys the throwaway stack, runs the suite, expects no changes and no drift, and always destroys it", () => {
            const commands = runs(job).join("\n");
            const order = ["pulumi up --stack \"$STACK\"", "npm run conformance -- --stack conformance --outputs outputs.json",
                "pulumi preview --stack \"$STACK\" --non-interactive --expect-no-changes", "pulumi refresh --stack \"$STACK\" --yes --non-interactive --expect-no-changes",
                "pulumi destroy --stack \"$STACK\""];
            const positions = order.map((command) => commands.indexOf(command));
            assert.ok(positions.every((p) => p >= 0), JSON.stringify(positions));
            assert.deepEqual([...positions].sort((a, b) => a - b), positions);
            assert.equal(steps(job).at(-1)!.if, "always()");
            assert.match(job.env.STACK, /conformance/);
        });
    });

    describe("releases", () => {
        const release = workflow("release.yml");
        const { build, publish } = release.jobs;
        const attach = release.jobs["github-release"];

        it("run on a version tag; check the versions, then pack and hash, upload, and only then test and lint, in a job without any secret", () => {
            assert.deepEqual(release.on, { push: { tags: ["v*.*.*"] } });
            assert.deepEqual(runs(build), [
                "npm ci --ignore-scripts", "npm run build:policy", "node -r esbuild-register scripts/releaseCheck.ts \"$TAG\"", "mkdir packages",
                "npm pack -w components -w policy --pack-destination packages",
                "(cd packages && sha256sum -- *.tgz > SHA256SUMS)\n{ echo \"checksums<<SHA256SUMS\"; cat packages/SHA256SUMS; echo \"SHA256SUMS\"; } >> \"$GITHUB_OUTPUT\"\n",
                "npm test", "npm run test:e2e", "npm run lint",
            ]);
            assert.equal(build.env.TAG, "${{ github.ref_name }}");
            assert.deepEqual([build.environment, build.permissions, build.needs], [undefined, undefined, undefined]);
            assert.ok(!JSON.stringify(build).includes("secrets."));
            assert.deepEqual(build.outputs, { checksums: "${{ steps.pack.outputs.checksums }}" });
            // Uploaded before the tests: what they run cannot change what is published.
            const order = steps(build).map((s) => String(s.uses ?? s.run).split("@")[0]);
            assert.ok(order.indexOf("actions/upload-artifact") < order.indexOf("npm test"));
            assert.deepEqual(uses(build, "actions/upload-artifact")!.with, { name: "packages", path: "packages/", "if-no-files-found": "error", "retention-days": 7 });
        });

        it("publish from the release environment, after the protection check, only the tarballs the build hashed, to a registry the workflow fixes", () => {
            assert.deepEqual([publish.environment, publish.needs, publish.permissions], ["release", ["environment", "build"], { "id-token": "write" }]);
            assert.deepEqual(runs(release.jobs.environment).at(-1), "node -r esbuild-register scripts/environments.ts release");
            assert.equal(uses(publish, "actions/checkout"), undefined, "the repository's code is not there to run");
            assert.deepEqual(uses(publish, "actions/download-artifact")!.with, { name: "packages", path: "packages" });
            const verify = steps(publish).find((s) => s.run === VERIFY_PACKAGES)!;
            assert.deepEqual([verify["working-directory"], publish.env.CHECKSUMS], ["packages", "${{ needs.build.outputs.checksums }}"]);
            assert.equal(uses(publish, "actions/setup-node")!.with["registry-url"], "https://registry.npmjs.org");
            assert.doesNotMatch(source("release.yml"), /NPM_REGISTRY/);
            const [check, publishing] = steps(publish).slice(-2);
            assert.match(check.run, /printf '%s\\n' 11\.5\.1 "\$have" \| sort -V \| head -n 1\)" != 11\.5\.1 \]/);
            assert.equal(publishing.run, "flags=(--access public --registry https://registry.npmjs.org --provenance)\n"
                + "if [ \"$PUBLISH\" != \"true\" ]; then flags+=(--dry-run); fi\n"
                + "for tarball in packages/*.tgz; do npm publish \"$tarball\" \"${flags[@]}\"; done\n");
            assert.deepEqual(publishing.env, { NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}" });
            assert.equal(publish.env.PUBLISH, "${{ vars.NPM_PUBLISH }}");
        });

        it("attach the same checked tarballs to the tag's GitHub release, from a job that runs no code of the repository", () => {
            assert.deepEqual([attach.environment, attach.needs, attach.permissions], ["release", ["environment", "build"], { contents: "write" }]);
            assert.deepEqual(steps(attach).map((s) => String(s.uses ?? "").split("@")[0] || s.run.split(" ")[0]), ["actions/download-artifact", "printf", "gh"]);
            assert.deepEqual(runs(attach).slice(0, 1), [VERIFY_PACKAGES]);
            // A draft until every asset is on it, as an immutable release takes none after it is published.
            const [create, publishing] = runs(attach)[1].split("\n").filter((line) => line.startsWith("gh "));
            assert.match(create, /^gh release create "\$TAG" packages\/\*\.tgz packages\/SHA256SUMS --repo "\$GITHUB_REPOSITORY" --verify-tag --draft /);
            assert.equal(publishing, "gh release edit \"$TAG\" --repo \"$GITHUB_REPOSITORY\" --draft=false");
            assert.equal(attach.env.CHECKSUMS, "${{ needs.build.outputs.checksums }}");
        });
    });

    describe("deploys", () => {
        const deploy = workflow("deploy.yml");
        const up = workflow("stack-up.yml");

        it("run on pushes to main: checks, then dev, then prod with its stricter policy config", () => {
            assert.deepEqual(deploy.on, { push: { branches: ["main"] } });
            assert.deepEqual(runs(deploy.jobs.checks), ["npm ci", "npm test", "npm run test:e2e", "npm run lint", "npm run plan -- --all"]);
            assert.deepEqual([deploy.jobs.dev.needs, deploy.jobs.dev.with, deploy.jobs.dev.secrets], [["environments", "checks"], { stack: "dev" }, undefined]);
            assert.deepEqual(runs(deploy.jobs.environments).at(-1), "node -r esbuild-register scripts/environments.ts dev prod");
            assert.deepEqual(deploy.jobs.environments.steps.at(-1).env, {
                GITHUB_TOKEN: "${{ github.token }}", ALLOW_UNREVIEWED_PROD: "${{ vars.ALLOW_UNREVIEWED_PROD }}",
            });
            assert.deepEqual([deploy.jobs.prod.needs, deploy.jobs.prod.with], ["dev", { stack: "prod", "policy-pack-config": "policy/prod.json" }]);
        });

        it("update one stack at a time, in the stack's environment, with the policy pack", () => {
            const job = up.jobs.up;
            assert.equal(job.environment, "${{ inputs.stack }}");
            assert.deepEqual(job.concurrency, { group: "deploy-${{ inputs.stack }}", "cancel-in-progress": false });
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
            const pulumi = steps(job).find((s) => s.with?.command === "up")!;
            assert.deepEqual([pulumi.with.command, pulumi.with.policyPacks, pulumi.with.policyPackConfigs],
                ["up", "policy", "${{ inputs.policy-pack-config }}"]);
            assert.equal(uses(job, "aws-actions/configure-aws-credentials")!.with["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
            assert.deepEqual(runs(job).filter((run) => !OWN_IDENTITY.test(run)), ["npm ci --ignore-scripts", "npm run build:policy",
                "pulumi preview --stack \"$STACK\" --non-interactive --json > preview.json\nnpm run -s queues-leaving -- --preview-json preview.json\n"]);
        });

        it("stop before the update when a queue it would take out of the program holds messages, checked with the deploy's credentials", () => {
            const job = up.jobs.up;
            const order = steps(job).map((s) => s.name ?? String(s.uses).split("@")[0]);
            const check = order.indexOf("Queues about to leave the program are empty");
            assert.ok(check > order.indexOf("aws-actions/configure-aws-credentials") && check < steps(job).findIndex((s) => s.with?.command === "up"));
            assert.equal(steps(job)[check].env.STACK, "${{ format('{0}/{1}', vars.PULUMI_ORG, inputs.stack) }}");
        });

        it("request the stack's own Pulumi identity, as its environment names it: a team's or a user's token, never the organization's", () => {
            assertsOwnIdentity(up.jobs.up, "${{ inputs.stack }}");
            assert.equal(steps(up.jobs.up).find((s) => s.with?.command === "up")!.with["stack-name"], "${{ format('{0}/{1}', vars.PULUMI_ORG, inputs.stack) }}");
        });
    });
});
