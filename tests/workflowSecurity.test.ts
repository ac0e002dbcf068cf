// What each job of the workflows may do: actions pinned to commits, the permissions each job gets,
// no credential that changes anything within reach of a pull request's code, no install scripts
// where OIDC tokens can be minted, environments checked before a job enters them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

import { PROJECT_ROOT } from "../offline/stacks";
import { ENVIRONMENT_RULES } from "../scripts/environments";
import { dependabotSchemaErrors } from "./support/workflowSchemas";
import { Json, PINNED, RunningJob, runningJobs, runs, source, steps, triggers, workflow, WORKFLOW_FILES } from "./support/workflows";

const PULUMI_CLI = "3.263.0";

/** Every job of every workflow as it runs (a reusable workflow's jobs under each caller). */
const ALL = WORKFLOW_FILES.filter((file) => !triggers(file).includes("workflow_call")).flatMap(runningJobs);
const mintsOidcTokens = (running: RunningJob) => running.permissions?.["id-token"] === "write";

/** The commands a run step's shell starts: each line, and what follows `;`, `&&`, `||`, `|`, `$(`, `then`, `do`. */
function commandsOf(script: string): string[] {
    return script.split("\n").flatMap((line) => line.split(/;|&&|\|\||\||\$\(|\bthen\b|\bdo\b/))
        .map((part) => part.trim().replace(/^[({\s]+/, "")).filter(Boolean);
}

/**
 * What in a job could change a stack, a package, the repository or a pull request: secrets, an
 * environment's deploy variables, an organization Pulumi token, a write permission besides
 * id-token, and commands that update stacks.
 */
export function stateChangingReferences(running: Pick<RunningJob, "job" | "permissions" | "environment">): string[] {
    const found: string[] = [];
    const text = JSON.stringify(running.job);
    for (const [pattern, what] of [
        [/secrets\./, "a secret"],
        [/vars\.(AWS_DEPLOY_ROLE_ARN|AWS_CERTIFY_ROLE_ARN|PULUMI_DEPLOY_SCOPE)/, "a deploy variable"],
        [/access_token:organization/, "an organization Pulumi token"],
        [/pulumi (up|destroy|refresh|import|stack rm|state )/, "a command that changes a stack"],
        [/"command":"(up|destroy|refresh)"/, "a command that changes a stack"],
    ] as const) {
        if (pattern.test(text) && !found.includes(what)) {
            found.push(what);
        }
    }
    if (running.environment !== undefined || running.job.environment !== undefined) {
        found.push("an environment");
    }
    for (const [scope, level] of Object.entries((running.permissions ?? {}) as Json)) {
        if (level === "write" && scope !== "id-token") {
            found.push(`${scope}: write`);
        }
    }
    return found;
}

describe("GitHub workflow security", () => {
    describe("actions", () => {
        for (const file of WORKFLOW_FILES) {
            it(`${file} pins every action to a full commit SHA, with its release in a comment`, () => {
                const lines = source(file).split("\n").filter((l) => /^\s*(- )?uses: /.test(l) && !l.includes("./.github/"));
                assert.ok(lines.length > 0);
                for (const line of lines) {
                    // A tag can be moved to other code; a commit cannot (GitHub's security hardening guide).
                    assert.match(line, PINNED, line);
                }
            });
        }

        it("are pinned one commit and release each, the same in every workflow", () => {
            assert.ok(PINNED.test("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"));
            for (const loose of ["actions/checkout@v7.0.1", "actions/checkout@3d3c42e # v7.0.1", "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"]) {
                assert.equal(PINNED.test(`      - uses: ${loose}`), false, loose);
            }
            const pins = new Map<string, Set<string>>();
            for (const file of WORKFLOW_FILES) {
                for (const match of source(file).split("\n").map((l) => PINNED.exec(l)).filter((m) => m !== null)) {
                    pins.set(match[1], new Set([...(pins.get(match[1]) ?? []), `${match[2]} # ${match[3]}`]));
                }
            }
            assert.deepEqual([...pins].filter(([, pinned]) => pinned.size !== 1).map(([action]) => action), []);
            assert.deepEqual([...pins.keys()].sort(), ["actions/checkout", "actions/download-artifact", "actions/setup-node", "actions/upload-artifact",
                "aws-actions/configure-aws-credentials", "pulumi/actions", "pulumi/auth-actions"]);
        });

        it("install one pinned Pulumi CLI version in every step that runs Pulumi", () => {
            const versions = WORKFLOW_FILES.flatMap((file) => (Object.values(workflow(file).jobs) as Json[]).flatMap(steps)
                .filter((step) => String(step.uses).startsWith("pulumi/actions@"))
                .map((step) => step.with?.["pulumi-version"]));
            assert.equal(versions.length, 6);
            assert.deepEqual([...new Set(versions)], [PULUMI_CLI]);
        });
    });

    describe("permissions", () => {
        it("give each job exactly what it needs: reading the repository, OIDC tokens where it authenticates, reading environments where it checks them", () => {
            const read = { contents: "read" };
            const oidc = { contents: "read", "id-token": "write" };
            const environments = { contents: "read", actions: "read" };
            // The publish job reads nothing of the repository; attaching the release's tarballs is the one write.
            assert.deepEqual(Object.fromEntries(ALL.map((r) => [`${r.file} ${r.name}`, r.permissions])), {
                "audit.yml audit": read,
                "certify.yml environment": environments,
                "certify.yml certify": oidc,
                "deploy.yml environments": environments,
                "deploy.yml checks": read,
                "deploy.yml dev → stack-up.yml:up": oidc,
                "deploy.yml prod → stack-up.yml:up": oidc,
                "pull-request.yml guard": read,
                "pull-request.yml offline": read,
                "pull-request.yml dependencies": read,
                "pull-request.yml cli-preview": read,
                "pull-request.yml preview": oidc,
                "release.yml environment": environments,
                "release.yml build": read,
                "release.yml github-release": { contents: "write" },
                "release.yml publish": { "id-token": "write" },
            });
        });

        it("let only the job that attaches a release's tarballs write the repository: in the release environment, running no code of the repository", () => {
            const writing = ALL.filter((r) => Object.entries((r.permissions ?? {}) as Json).some(([scope, level]) => level === "write" && scope !== "id-token"));
            assert.deepEqual(writing.map((r) => `${r.file} ${r.name} ${r.environment}`), ["release.yml github-release release"]);
            const [job] = writing.map((r) => r.job);
            assert.deepEqual(steps(job).filter((s) => s.uses).map((s) => s.uses.split("@")[0]), ["actions/download-artifact"]);
            assert.deepEqual(runs(job).filter((c) => commandsOf(c).some((command) => /^(npm|node|npx)\b|scripts\//.test(command))), []);
        });

        it("let a called workflow's job have no more than its caller grants", () => {
            const deploy = workflow("deploy.yml");
            for (const caller of ["dev", "prod"]) {
                assert.deepEqual(deploy.jobs[caller].permissions, workflow("stack-up.yml").jobs.up.permissions);
            }
        });
    });

    describe("pull requests' code", () => {
        const pullRequestJobs = ALL.filter((r) => triggers(r.file).some((t) => t.startsWith("pull_request")));

        it("runs only in workflows triggered by pull_request, never pull_request_target or workflow_run, which hold the base's secrets", () => {
            assert.deepEqual(WORKFLOW_FILES.filter((f) => triggers(f).some((t) => ["pull_request_target", "workflow_run"].includes(t))), []);
            assert.deepEqual([...new Set(pullRequestJobs.map((r) => r.file))], ["pull-request.yml"]);
        });

        it("can reach no credential that changes anything (the check itself finds each kind)", () => {
            assert.deepEqual(pullRequestJobs.map((r) => [r.name, stateChangingReferences(r)]).filter(([, found]) => found.length > 0), []);
            const job = (extra: Json): Json => ({ steps: [{ run: "npm test" }], ...extra });
            assert.deepEqual(stateChangingReferences({ job: job({ env: { T: "${{ secrets.NPM_TOKEN }}" } }), permissions: {} }), ["a secret"]);
            assert.deepEqual(stateChangingReferences({ job: job({ steps: [{ with: { "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}" } }] }), permissions: {} }),
                ["a deploy variable"]);
            assert.deepEqual(stateChangingReferences({ job: job({ steps: [{ with: { command: "up" } }, { run: "pulumi destroy --yes" }] }), permissions: {} }),
                ["a command that changes a stack"]);
            assert.deepEqual(stateChangingReferences({ job: job({ environment: "prod" }), permissions: { "pull-requests": "write", "id-token": "write" } }),
                ["an environment", "pull-requests: write"]);
            assert.deepEqual(stateChangingReferences({
                job: job({ steps: [{ with: { "requested-token-type": "urn:pulumi:token-type:access_token:organization" } }] }), permissions: {},
            }), ["an organization Pulumi token"]);
        });
    });

    describe("installs", () => {
        it("run no install scripts wherever OIDC tokens can be minted, and build the policy pack explicitly before it is used", () => {
            const minting = ALL.filter(mintsOidcTokens);
            assert.equal(minting.length, 5);
            for (const { file, name, job } of minting.filter((r) => !(r.file === "release.yml" && r.name === "publish"))) {
                const commands = runs(job);
                const installs = commands.filter((c) => /\bnpm (ci|install|i)\b/.test(c));
                assert.ok(installs.length > 0, `${file} ${name}`);
                assert.deepEqual(installs.filter((c) => !c.includes("--ignore-scripts")), [], name);
                // `prepare` would have built policy/dist; with --ignore-scripts each install is followed by the build.
                for (const install of installs) {
                    const prefix = /--prefix (\S+)/.exec(install)?.[1];
                    const build = `npm run build:policy${prefix ? ` --prefix ${prefix}` : ""}`;
                    assert.ok(commands.indexOf(build) > commands.indexOf(install), `${name}: ${build} after ${install}`);
                }
                const setup = steps(job).find((s) => String(s.uses).startsWith("actions/setup-node@"))!;
                assert.deepEqual([setup.with.cache, setup.with["package-manager-cache"]], [undefined, false], name);
            }
        });

        it("publish from a job that installs nothing, runs none of the repository's code and hands the npm token to its publish step alone", () => {
            const publish = workflow("release.yml").jobs.publish;
            assert.equal(steps(publish).some((s) => String(s.uses).startsWith("actions/checkout@")), false);
            const commands = runs(publish).flatMap(commandsOf);
            assert.deepEqual(commands.filter((c) => /^(npm (ci|install|i|run|exec|test)|npx|node)\b/.test(c)), []);
            assert.deepEqual(commands.filter((c) => c.startsWith("npm ")).map((c) => /^npm [\w-]+/.exec(c)![0]), ["npm --version", "npm publish"]);
            assert.deepEqual(steps(publish).filter((s) => JSON.stringify(s).includes("NPM_TOKEN")).map((s) => s.name), ["Publish"]);
            assert.deepEqual(ALL.filter((r) => JSON.stringify(r.job).includes("NPM_TOKEN")).map((r) => `${r.file} ${r.name}`), ["release.yml publish"]);
        });
    });

    describe("environments", () => {
        const entering = ALL.filter((r) => r.environment !== undefined);

        it("are dev and prod for deploys, conformance for certification and release for publishing, each with a protection rule", () => {
            assert.deepEqual(entering.map((r) => `${r.file} ${r.name} ${r.environment}`), [
                "certify.yml certify conformance", "deploy.yml dev → stack-up.yml:up dev", "deploy.yml prod → stack-up.yml:up prod",
                "release.yml github-release release", "release.yml publish release",
            ]);
            assert.deepEqual(Object.keys(ENVIRONMENT_RULES).sort(), ["conformance", "dev", "prod", "release"]);
            assert.deepEqual(ENVIRONMENT_RULES.prod, { refs: { type: "branch", names: ["main"] }, reviewers: true });
            assert.deepEqual(ENVIRONMENT_RULES.release, { refs: { type: "tag", names: ["v*.*.*"] }, reviewers: true });
        });

        it("are entered only after a job of the same run has checked their protection", () => {
            for (const running of entering) {
                const flow = workflow(running.file);
                // The jobs it waits for, directly or through the jobs they wait for.
                const waited = new Set<string>();
                const visit = (names: readonly string[]) => names.filter((n) => !waited.has(n)).forEach((n) => {
                    waited.add(n);
                    const needs = flow.jobs[n].needs;
                    visit(needs === undefined ? [] : [needs].flat());
                });
                visit(running.needs);
                const checked = [...waited].flatMap((n) => runs(flow.jobs[n]))
                    .flatMap((c) => /^node -r esbuild-register scripts\/environments\.ts (.+)$/.exec(c)?.[1].split(" ") ?? []);
                assert.ok(checked.includes(running.environment!), `${running.file} ${running.name}: ${running.environment} checked by ${JSON.stringify(checked)}`);
            }
        });

        it("ask for no organization Pulumi token anywhere: each stack's deploy has a team's or a user's of its own", () => {
            assert.deepEqual(ALL.filter((r) => /access_token:organization/.test(JSON.stringify(r.job))).map((r) => r.name), []);
        });

        it("hold the deploy roles and deploy tokens: jobs outside them name none", () => {
            for (const running of ALL.filter((r) => r.environment === undefined)) {
                assert.doesNotMatch(JSON.stringify(running.job), /AWS_DEPLOY_ROLE_ARN|AWS_CERTIFY_ROLE_ARN|PULUMI_DEPLOY_SCOPE|NPM_TOKEN/, running.name);
            }
        });
    });

    describe("CODEOWNERS", () => {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, ".github", "CODEOWNERS"), "utf8");

        /** The owners GitHub asks for a file's review: the last matching pattern's (anchored paths and folders, as written here). */
        function ownersOf(file: string): string[] {
            let owners: string[] = [];
            for (const line of text.split("\n")) {
                const [pattern, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
                if (!pattern) {
                    continue;
                }
                assert.match(pattern, /^\/[\w./-]+$/, `an anchored path: ${line}`);
                const at = pattern.slice(1);
                if (at.endsWith("/") ? file.startsWith(at) : file === at) {
                    owners = names;
                }
            }
            return owners;
        }

        it("needs an owner's review for the policy pack, the commands and checks, the workflows, the manifests, the lockfile and .npmrc", () => {
            const guarded = ["policy/policies.ts", "policy/package.json", "policy/prod.json", "scripts/environments.ts", "scripts/cliPreview.sh",
                "offline/stacks.ts", ".github/workflows/release.yml", ".github/CODEOWNERS", ".github/dependabot.yml", ".ci/run",
                "package.json", "package-lock.json", ".npmrc", "components/package.json"];
            for (const file of guarded) {
                const owners = ownersOf(file);
                assert.ok(owners.length > 0, file);
                owners.forEach((owner) => assert.match(owner, /^@[\w-]+(\/[\w-]+)?$/, file));
            }
            assert.deepEqual(ownersOf("components/queueApi.ts"), [], "the rest needs any reviewer, as main's ruleset asks");
        });
    });

    describe("Dependabot", () => {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, ".github", "dependabot.yml"), "utf8");
        const config = load(text) as Json;

        it("is valid against GitHub's published Dependabot schema", () => {
            assert.deepEqual(dependabotSchemaErrors(text), []);
            assert.ok(dependabotSchemaErrors(text.replace("interval: weekly", "interval: fortnightly")).length > 0);
        });

        it("keeps the actions and the npm packages current, weekly, a week after each release", () => {
            assert.deepEqual(config.updates.map((u: Json) => [u["package-ecosystem"], u.directory, u.schedule.interval, u.cooldown["default-days"]]),
                [["github-actions", "/", "weekly", 7], ["npm", "/", "weekly", 7]]);
        });

        it("holds back only what the project cannot take yet: @pulumi/pulumi for Node.js 20, majors of TypeScript and @types/node", () => {
            const npm = config.updates.find((u: Json) => u["package-ecosystem"] === "npm");
            assert.deepEqual(npm.ignore.map((i: Json) => i["dependency-name"]), ["@pulumi/pulumi", "typescript", "@types/node"]);
            assert.deepEqual(npm.ignore[0].versions, [">=3.249.0"]);
        });
    });
});
