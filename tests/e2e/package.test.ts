// The packages as a team adopts them: the schema Pulumi infers equals the checked-in one; the
// component constructed through the provider, as a program in another language gets it; and both
// tarballs, packed and installed into a fresh project outside the repository, used from plain
// JavaScript and from TypeScript on the mocked runtime.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { load } from "js-yaml";

import { policies } from "../../policy/policies";
import { QueueApi } from "../../components/queueApi";
import { componentProvider } from "../../components/provider";
import { packageSchema } from "../../scripts/docs";
import { runMocked } from "../../offline/mockRuntime";
import { PROJECT_ROOT } from "../../offline/stacks";

const COMPONENTS = path.join(PROJECT_ROOT, "components");
const version = (dir: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, dir, "package.json"), "utf8")).version as string;

/** A consumer program on the mocked runtime: prints the resources a QueueApi registers, as JSON. */
const CONSUMER = `
const pulumi = require("@pulumi/pulumi");
const names = [];
pulumi.runtime.setMocks({
    newResource: (args) => { names.push(args.type + " " + args.name); return { id: args.name + "-id", state: { ...args.inputs,
        arn: "arn:aws:sqs:eu-west-1:123456789012:" + args.name, url: "https://sqs.eu-west-1.amazonaws.com/123456789012/" + args.name } }; },
    call: () => ({ partition: "aws" }),
}, "orders", "dev", false).then(async () => {
    pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" });
    await pulumi.runtime.runInPulumiStack(async () => {
        if (process.argv[2]) {
            require(require("path").resolve(process.argv[2])).api("orders");
        } else {
            const { QueueApi } = require("queue-load-leveling");
            new QueueApi("orders", { routes: [{ path: "orders" }, { path: "returns", method: "PUT" }] });
        }
        return {};
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.stdout.write(JSON.stringify(names));
});
`;

describe("the packages", function () {
    // One provider for both tests, as one serves a program: it analyzes the component once.
    const provider = componentProvider();

    it("have the package schema Pulumi's analyzer infers from the component's declarations (npm run docs writes it)", async () => {
        assert.equal(fs.readFileSync(path.join(COMPONENTS, "schema.json"), "utf8"), await packageSchema(provider));
    });

    it("construct the docs' YAML program's component through the provider, as a program in another language gets it", async () => {
        const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "component.md"), "utf8");
        const program = load(/<!-- yaml-program -->\n```yaml\n([\s\S]*?)```/.exec(doc)![1]) as { resources: Record<string, { type: string; properties: any }> };
        const { type, properties } = program.resources.orders;
        const viaProvider = await runMocked(() => provider.construct("orders", type, properties, {}), { config: { "aws:region": "eu-west-1" } });
        assert.equal(viaProvider.error, undefined);
        const viaTypeScript = await runMocked(() => new QueueApi("orders", properties), { config: { "aws:region": "eu-west-1" } });
        assert.deepEqual(viaProvider.resources.map((r) => `${r.type} ${r.name}`), viaTypeScript.resources.map((r) => `${r.type} ${r.name}`));
        const schema = JSON.parse(fs.readFileSync(path.join(COMPONENTS, "schema.json"), "utf8"));
        assert.deepEqual(Object.keys(viaProvider.result!.state).sort(), Object.keys(schema.resources[type].properties).sort());
    });

    describe("packed and installed into a fresh project", () => {
        let project: string;
        // npm pack builds the component into components/dist and copies the example worker beside it;
        // what was not there before is removed afterwards, so that no stale build shadows the sources.
        const packed = ["dist", "workers"].map((dir) => path.join(COMPONENTS, dir)).filter((dir) => !fs.existsSync(dir));
        before(function () {
            this.timeout(240_000);
            project = fs.mkdtempSync(path.join(os.tmpdir(), "adopter-"));
            execFileSync("npm", ["pack", "-w", "components", "-w", "policy", "--pack-destination", project, "--silent"], { cwd: PROJECT_ROOT });
            const component = `queue-load-leveling-${version("components")}.tgz`;
            const pack = `queue-load-leveling-policy-${version("policy")}.tgz`;
            assert.ok(fs.existsSync(path.join(project, component)) && fs.existsSync(path.join(project, pack)));
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({
                name: "adopter", version: "1.0.0", private: true,
                dependencies: {
                    "queue-load-leveling": `file:${component}`, "queue-load-leveling-policy": `file:${pack}`,
                    "@pulumi/pulumi": "3.248.0", "@pulumi/aws": "7.48.0", typescript: "5.9.3", "@types/node": "20.19.43",
                },
            }));
            execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { cwd: project, stdio: "ignore" });
        });
        after(() => {
            fs.rmSync(project, { recursive: true, force: true });
            for (const dir of packed) {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("holds the build and the declarations, not the sources, and the example worker a consumer is bundled from", () => {
            const installed = path.join(project, "node_modules", "queue-load-leveling");
            assert.deepEqual(fs.readdirSync(installed).sort(), ["README.md", "dist", "main.js", "package.json", "schema.json", "workers"]);
            assert.ok(fs.existsSync(path.join(installed, "dist", "index.d.ts")));
            assert.ok(!fs.readdirSync(path.join(installed, "dist")).some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")));
            const worker = (file: string) => fs.readFileSync(path.join(installed, "workers", file), "utf8");
            for (const file of ["lambda/index.ts", "idempotency.ts", "orders.ts"]) {
                assert.equal(worker(file), fs.readFileSync(path.join(PROJECT_ROOT, "workers", file), "utf8"), file);
            }
        });

        it("bundles the example worker for a consumer that names no code, outside this repository", () => {
            const program = CONSUMER.replace('new QueueApi("orders", { routes: [{ path: "orders" }, { path: "returns", method: "PUT" }] });',
                'new QueueApi("orders", { queue: { visibilityTimeoutSeconds: 60 }, consumer: { timeoutSeconds: 10 } });');
            assert.notEqual(program, CONSUMER);
            fs.writeFileSync(path.join(project, "worker.js"), program);
            const names = JSON.parse(execFileSync(process.execPath, ["worker.js"], { cwd: project, encoding: "utf8" }));
            assert.ok(names.includes("aws:lambda/function:Function orders-consumer-function"), names.join(", "));
            assert.ok(names.includes("aws:lambda/eventSourceMapping:EventSourceMapping orders-consumer-trigger"));
        });

        it("serves QueueApi to a plain JavaScript program", () => {
            fs.writeFileSync(path.join(project, "consumer.js"), CONSUMER);
            const names = JSON.parse(execFileSync(process.execPath, ["consumer.js"], { cwd: project, encoding: "utf8" }));
            assert.ok(names.includes("aws:sqs/queue:Queue orders-post-orders-queue"));
            assert.ok(names.includes("aws:sqs/queue:Queue orders-put-returns-queue"));
            assert.ok(names.includes("aws:apigateway/stage:Stage orders-stage"));
        });

        it("type-checks a TypeScript program against its declarations, refuses a wrong value, and the program runs", () => {
            fs.writeFileSync(path.join(project, "consumer.ts"), `import { Authorization, HttpMethod, QueueApi, QueueApiArgs } from "queue-load-leveling";
const args: QueueApiArgs = { authorization: Authorization.AWS_IAM, routes: [{ path: "orders", method: HttpMethod.PUT }], throttle: { rateLimit: 5 } };
const literal: QueueApiArgs = { authorization: "NONE" };
export const api = (name: string) => new QueueApi(name, { ...args, ...literal });
`);
            fs.writeFileSync(path.join(project, "wrong.ts"), `import { QueueApiArgs } from "queue-load-leveling";
export const args: QueueApiArgs = { authorization: "OPEN" };
`);
            const tsc = path.join(project, "node_modules", ".bin", "tsc");
            const options = ["--strict", "--skipLibCheck", "--module", "commonjs", "--esModuleInterop", "--target", "ES2022"];
            // Both files in one compile (the declarations read once): wrong.ts's error is its only one,
            // and consumer.ts is still emitted.
            let refusal = "";
            try {
                execFileSync(tsc, [...options, "--outDir", "out", "consumer.ts", "wrong.ts"], { cwd: project, encoding: "utf8" });
            } catch (err) {
                refusal = String((err as { stdout?: string }).stdout);
            }
            assert.match(refusal, /wrong\.ts\(2,37\): error TS2322: Type '"OPEN"' is not assignable to type 'Authorization/);
            assert.deepEqual(refusal.split("\n").filter((line) => / error TS\d+:/.test(line)).map((line) => line.split(":")[0]), ["wrong.ts(2,37)"]);
            fs.writeFileSync(path.join(project, "consumer.js"), CONSUMER);
            const names = JSON.parse(execFileSync(process.execPath, ["consumer.js", "out/consumer.js"], { cwd: project, encoding: "utf8" }));
            assert.ok(names.includes("aws:sqs/queue:Queue orders-put-orders-queue"));
            assert.ok(names.includes("aws:iam/role:Role orders-role"));
        });

        it("ships the policy pack built, with every policy", () => {
            const installed = path.join(project, "node_modules", "queue-load-leveling-policy");
            assert.ok(fs.existsSync(path.join(installed, "PulumiPolicy.yaml")));
            const shipped = execFileSync(process.execPath,
                ["-e", "process.stdout.write(JSON.stringify(require('queue-load-leveling-policy/dist/policies.js').policies.map((p) => p.name)))"],
                { cwd: project, encoding: "utf8" });
            assert.deepEqual(JSON.parse(shipped), policies.map((policy) => policy.name));
        });
    });
});
