// node scripts/cliLoad.js program|pack [--transpile-only]
//
// Loads the program (index.ts, on Pulumi's mocked runtime) or the policy pack (the main of
// policy/package.json) the way the Pulumi CLI's Node.js hosts register TypeScript before they do,
// so that `npm run bench` can time what every `pulumi preview` pays before its first resource:
//
// - the language host (@pulumi/pulumi cmd/run/run.js) registers ts-node with the compiler options of
//   tsconfig.json (read without following `extends`) and type-checks unless
//   PULUMI_NODEJS_TRANSPILE_ONLY is "true", or unset while the options have `noCheck`;
// - the policy analyzer (cmd/run-policy-pack/run.js) registers ts-node with `typeCheck: true`,
//   always, so only a JavaScript main escapes the check.
//
// `--transpile-only` registers ts-node without type checking instead: the floor both are compared
// with. Plain JavaScript on purpose: it must not depend on a loader the CLI does not use.
"use strict";
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
process.chdir(ROOT);
const [mode, flag] = process.argv.slice(2);
const floor = flag === "--transpile-only";
// Internal to the SDK: the same helpers its hosts use to find and read the TypeScript set-up.
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const defaults = { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true" };

async function loadProgram() {
    const env = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const transpileOnly = floor || (env ? env === "true" : compilerOptions.noCheck);
    require(tsnodeRequire).register({
        compiler: typescriptRequire,
        transpileOnly,
        project: "tsconfig.json",
        skipProject: false,
        compilerOptions: { ...defaults, ...compilerOptions },
    });
    const pulumi = require("@pulumi/pulumi");
    // Just enough state for the program's outputs: ARNs in each resource's own service.
    const service = (type) => type.split(":")[1].split("/")[0];
    await pulumi.runtime.setMocks({
        newResource: (args) => ({
            id: `${args.name}-id`,
            state: {
                ...args.inputs,
                name: args.name,
                arn: `arn:aws:${service(args.type)}:eu-west-1:123456789012:${args.name}`,
                url: `https://sqs.eu-west-1.amazonaws.com/123456789012/${args.name}`,
            },
        }),
        call: (args) => ({ partition: "aws", region: "eu-west-1", accountId: "123456789012", ...args.inputs }),
    }, "orders", "dev", true);
    pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" });
    await pulumi.runtime.runInPulumiStack(async () => {
        require(path.join(ROOT, "index.ts"));
        return {};
    });
    return transpileOnly ? "transpile-only" : "type-checked";
}

function loadPack() {
    require(tsnodeRequire).register({
        typeCheck: !floor,
        transpileOnly: floor,
        skipProject: false,
        compiler: typescriptRequire,
        compilerOptions: { ...defaults, ...compilerOptions },
    });
    // The floor is the TypeScript sources, transpiled only. As the CLI runs it, the pack is its main.
    // The main builds a PolicyPack, which would start serving the CLI: load what it loads instead
    // (everything but that last call), in the main's own language.
    const main = require(path.join(ROOT, "policy", "package.json")).main;
    const built = !floor && main.endsWith(".js");
    require(built ? path.join(ROOT, "policy", path.dirname(main), "policies.js") : path.join(ROOT, "policy", "policies.ts"));
    return built ? "JavaScript main" : floor ? "transpile-only" : "type-checked";
}

const start = process.hrtime.bigint();
Promise.resolve(mode === "program" ? loadProgram() : mode === "pack" ? loadPack() : Promise.reject(new Error(`unknown mode ${mode}`)))
    .then((how) => {
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        process.stdout.write(`${JSON.stringify({ mode, how, ms: Math.round(elapsed), rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20) })}\n`);
    }, (err) => {
        process.stderr.write(`${err.stack ?? err}\n`);
        process.exitCode = 1;
    });
