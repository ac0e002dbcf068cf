import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

import { load } from "js-yaml";

import { PROJECT_ROOT } from "../scripts/offline/stacks";
import { dependabotSchemaErrors, workflowSchemaErrors } from "./support/workflowSchemas";

const DIR = path.join(PROJECT_ROOT, ".github", "workflows");
const source = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const workflow = (file: string) => load(source(file)) as Record<string, any>;
const steps = (job: Record<string, any>) => job.steps as Record<string, any>[];
const runs = (job: Record<string, any>) => steps(job).map((s) => s.run).filter(Boolean);
const uses = (job: Record<string, any>, action: string) => steps(job).find((s) => String(s.uses).startsWith(`${action}@`));
/** `owner/repo@<40 hex digits> # v1.2.3`: the commit the release's tag points to, and the release. */
const PINNED = /^\s*(?:- )?uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/;
const PULUMI_CLI = "3.263.0";

describe("GitHub workflows", () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")).sort();

    it("are the pull-request, deploy, stack-up, certification and release workflows", () => {
        assert.deepEqual(files, ["certify.yml", "deploy.yml", "pull-request.yml", "release.yml", "stack-up.yml"]);
    });

    it("catch a broken workflow with the validator used below (GitHub's published workflow schema)", () => {
        const valid = "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: read\n    steps:\n      - run: x\n";
        assert.deepEqual(workflowSchemaErrors(valid), []);
        assert.ok(workflowSchemaErrors(valid.replace("contents: read", "contents: maybe")).length > 0);
        assert.ok(workflowSchemaErrors(valid.replace("runs-on: x", "runs_on: x")).length > 0);
        assert.ok(workflowSchemaErrors(valid.replace("      - run: x", "      - rn: x")).length > 0);
    });

    for (const file of ["certify.yml", "deploy.yml", "pull-request.yml", "release.yml", "stack-up.yml"]) {
        it(`${file} is valid against GitHub's workflow schema`, () => {
            assert.deepEqual(workflowSchemaErrors(source(file)), []);
        });

        it(`${file} reads the repository only, and pins every action to a full commit SHA with its release in a comment`, () => {
            assert.deepEqual(workflow(file).permissions, { contents: "read" });
            const lines = source(file).split("\n").filter((l) => /^\s*(- )?uses: /.test(l) && !l.includes("./.github/"));
            assert.ok(lines.length > 0);
            for (const line of lines) {
                // A tag can be moved to other code; a commit cannot (GitHub's security hardening guide).
                assert.match(line, PINNED, line);
            }
            for (const job of Object.values(workflow(file).jobs) as Record<string, any>[]) {
                const node = job.steps ? uses(job, "actions/setup-node") : undefined;
                if (node && job.strategy?.matrix?.node) {
                    // Checks run on every LTS line users run; cloud steps on the newest.
                    assert.deepEqual(job.strategy.matrix.node, [24, 26]);
                    assert.deepEqual(node.with, { "node-version": "${{ matrix.node }}", cache: "npm" });
                } else if (node) {
                    const setup = Object.fromEntries(Object.entries(node.with).filter(([key]) => key !== "registry-url"));
                    assert.deepEqual(setup, { "node-version": 26, cache: "npm" });
                }
            }
        });
    }

    it("pin each action to one commit and release, the same in every workflow", () => {
        assert.ok(PINNED.test("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"));
        for (const loose of ["actions/checkout@v7.0.1", "actions/checkout@3d3c42e # v7.0.1", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"]) {
            assert.equal(PINNED.test(`      - uses: ${loose}`), false, loose);
        }
        const pins = new Map<string, Set<string>>();
        for (const file of files) {
            for (const match of source(file).split("\n").map((l) => PINNED.exec(l)).filter((m) => m !== null)) {
                pins.set(match[1], new Set([...(pins.get(match[1]) ?? []), `${match[2]} # ${match[3]}`]));
            }
        }
        assert.deepEqual([...pins].filter(([, pinned]) => pinned.size !== 1).map(([action]) => action), []);
        assert.deepEqual([...pins.keys()].sort(), ["actions/checkout", "actions/setup-node", "aws-actions/configure-aws-credentials", "pulumi/actions"]);
    });

    it("install one pinned Pulumi CLI version in every step that runs Pulumi", () => {
        const versions = files.flatMap((file) => (Object.values(workflow(file).jobs) as Record<string, any>[])
            .flatMap((job) => (job.steps ?? []) as Record<string, any>[])
            .filter((step) => String(step.uses).startsWith("pulumi/actions@"))
            .map((step) => step.with?.["pulumi-version"]));
        assert.equal(versions.length, 5);
        assert.deepEqual([...new Set(versions)], [PULUMI_CLI]);
    });

    describe("Dependabot", () => {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, ".github", "dependabot.yml"), "utf8");
        const config = load(text) as Record<string, any>;

        it("is valid against GitHub's published Dependabot schema", () => {
            assert.deepEqual(dependabotSchemaErrors(text), []);
            assert.ok(dependabotSchemaErrors(text.replace("interval: weekly", "interval: fortnightly")).length > 0);
        });

        it("keeps the actions and the npm packages current, weekly, a week after each release", () => {
            assert.deepEqual(config.updates.map((u: any) => [u["package-ecosystem"], u.directory, u.schedule.interval, u.cooldown["default-days"]]),
                [["github-actions", "/", "weekly", 7], ["npm", "/", "weekly", 7]]);
        });

        it("holds back only what the project cannot take yet: @pulumi/pulumi for Node.js 20, majors of TypeScript and @types/node", () => {
            const npm = config.updates.find((u: any) => u["package-ecosystem"] === "npm");
            assert.deepEqual(npm.ignore.map((i: any) => i["dependency-name"]), ["@pulumi/pulumi", "typescript", "@types/node"]);
            assert.deepEqual(npm.ignore[0].versions, [">=3.249.0"]);
        });
    });

    describe("pull requests", () => {
        const pr = workflow("pull-request.yml");

        it("run the README's commands and the offline plan of every stack", () => {
            assert.deepEqual(runs(pr.jobs.offline), ["npm ci", "npm test", "npm run test:e2e", "npm run lint", "npm run plan -- --all"]);
        });

        it("preview each stack judged by the base branch's policy pack and policy configs, and comment on the PR", () => {
            const preview = pr.jobs.preview;
            assert.equal(preview.needs, "offline");
            assert.deepEqual(preview.strategy.matrix.stack, ["dev", "prod"]);
            assert.deepEqual(preview.permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
            const guard = steps(preview).find((s) => s.with?.path === ".guard")!;
            assert.deepEqual([guard.uses.split("@")[0], guard.with.ref], ["actions/checkout", "${{ github.event.pull_request.base.sha }}"]);
            assert.ok(runs(preview).includes("npm ci --prefix .guard"));
            const [gating, informational] = steps(preview).filter((s) => String(s.uses).startsWith("pulumi/actions@"));
            assert.deepEqual([gating.with.command, gating.with.policyPacks, gating.with.policyPackConfigs, gating.with["comment-on-pr"], gating["continue-on-error"]],
                ["preview", ".guard/policy", "${{ matrix.stack == 'prod' && '.guard/policy/prod.json' || '' }}", true, undefined]);
            assert.deepEqual([informational.with.policyPacks, informational["continue-on-error"], informational.if],
                ["policy", true, "env.HAS_CLOUD == 'true' && steps.pack.outputs.changed == 'true'"]);
            const changed = steps(preview).find((s) => s.id === "pack")!;
            assert.equal(changed.env.BASE_SHA, "${{ github.event.pull_request.base.sha }}");
            assert.match(changed.run, /git diff --quiet "\$BASE_SHA" HEAD -- policy\//);
        });

        it("skip the cloud steps with a notice when the secrets are absent, as in pull requests from forks", () => {
            const preview = pr.jobs.preview;
            assert.equal(preview.env.HAS_CLOUD, "${{ secrets.PULUMI_ACCESS_TOKEN != '' && vars.AWS_PREVIEW_ROLE_ARN != '' }}");
            const [notice, ...cloud] = steps(preview);
            assert.equal(notice.if, "env.HAS_CLOUD != 'true'");
            assert.match(notice.run, /^echo "::notice title=Preview skipped::/);
            for (const step of cloud) {
                assert.match(step.if, /^env\.HAS_CLOUD == 'true'( && |$)/, JSON.stringify(step));
            }
        });

        it("preview every stack and docs example with the real Pulumi CLI, without a cloud account or any secret", () => {
            const job = pr.jobs["cli-preview"];
            assert.equal(job.needs, "offline");
            assert.equal(job.permissions, undefined, "the workflow's contents: read, nothing more");
            assert.ok(!JSON.stringify(job).includes("secrets."), "no secret: it runs for forks too");
            assert.deepEqual(uses(job, "pulumi/actions")!.with, { "pulumi-version": PULUMI_CLI });
            assert.deepEqual(runs(job), ["npm ci", "npm ci --prefix .guard", "scripts/cliPreview.sh"]);
            assert.equal(steps(job).find((s) => s.run === "scripts/cliPreview.sh")!.env.GUARD, ".guard/policy");
            assert.equal(steps(job).find((s) => s.with?.path === ".guard")!.with.ref, "${{ github.event.pull_request.base.sha }}");
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
            assert.match(script, /node -r esbuild-register scripts\/offline\/docExamples\.ts --write/);
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

        it("runs by hand only, in the conformance environment, with OIDC", () => {
            assert.deepEqual(certify.on, { workflow_dispatch: null });
            assert.equal(job.environment, "conformance");
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
            assert.equal(uses(job, "aws-actions/configure-aws-credentials")!.with["role-to-assume"], "${{ vars.AWS_CERTIFY_ROLE_ARN }}");
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
        const job = release.jobs.release;

        it("run on a version tag, check the versions first, then test, lint and pack both packages", () => {
            assert.deepEqual(release.on, { push: { tags: ["v*.*.*"] } });
            assert.deepEqual(runs(job).slice(0, 6), [
                "npm ci", "node -r esbuild-register scripts/releaseCheck.ts \"$TAG\"", "npm test", "npm run test:e2e", "npm run lint",
                "npm pack -w components -w policy --pack-destination packages",
            ]);
            assert.equal(job.env.TAG, "${{ github.ref_name }}");
        });

        it("publish as a dry run unless NPM_PUBLISH is true, with provenance on npmjs.org, from the release environment", () => {
            const publish = steps(job).at(-1)!;
            assert.match(publish.run, /if \[ "\$PUBLISH" != "true" \]; then flags\+=\(--dry-run\); fi/);
            assert.match(publish.run, /if \[\[ "\$NPM_REGISTRY" == https:\/\/registry\.npmjs\.org\* \]\]; then flags\+=\(--provenance\); fi/);
            assert.equal(publish.env.NODE_AUTH_TOKEN, "${{ secrets.NPM_TOKEN }}");
            assert.equal(job.environment, "release");
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
            assert.equal(uses(job, "actions/setup-node")!.with["registry-url"], "${{ vars.NPM_REGISTRY || 'https://registry.npmjs.org' }}");
        });
    });

    describe("deploys", () => {
        const deploy = workflow("deploy.yml");
        const up = workflow("stack-up.yml");

        it("run on pushes to main: checks, then dev, then prod with its stricter policy config", () => {
            assert.deepEqual(deploy.on, { push: { branches: ["main"] } });
            assert.deepEqual(runs(deploy.jobs.checks), ["npm ci", "npm test", "npm run test:e2e", "npm run lint", "npm run plan -- --all"]);
            assert.deepEqual([deploy.jobs.dev.needs, deploy.jobs.dev.with], ["checks", { stack: "dev" }]);
            assert.deepEqual([deploy.jobs.prod.needs, deploy.jobs.prod.with], ["dev", { stack: "prod", "policy-pack-config": "policy/prod.json" }]);
        });

        it("update one stack at a time, in the stack's environment, with the policy pack", () => {
            const job = up.jobs.up;
            assert.equal(job.environment, "${{ inputs.stack }}");
            assert.deepEqual(job.concurrency, { group: "deploy-${{ inputs.stack }}", "cancel-in-progress": false });
            assert.deepEqual(job.permissions, { contents: "read", "id-token": "write" });
            const pulumi = uses(job, "pulumi/actions")!;
            assert.deepEqual([pulumi.with.command, pulumi.with.policyPacks, pulumi.with.policyPackConfigs],
                ["up", "policy", "${{ inputs.policy-pack-config }}"]);
            assert.equal(uses(job, "aws-actions/configure-aws-credentials")!.with["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        });
    });
});
