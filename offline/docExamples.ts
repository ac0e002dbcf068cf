// The config examples of the docs: every ```yaml block of the README and docs/ whose top level has
// a `config:` map, with the policy config a following ```json policy-config block gives it. The
// tests plan each as a stack; `--write` writes each as a stack file (Pulumi.example-<n>.yaml, and
// policy/example-<n>.json) for the CI job that previews them with the real Pulumi CLI.
import * as fs from "node:fs";
import * as path from "node:path";

import { PROJECT_ROOT } from "./stacks";

export interface ConfigExample {
    /** Where it is: `docs/examples.md:11`. */
    readonly where: string;
    readonly text: string;
    /** The stack's policy pack config, from a ```json policy-config block that follows the example. */
    readonly policyConfig?: Record<string, unknown>;
}

/** The Markdown files of the docs: the README and every file under docs/. */
function docFiles(): string[] {
    const docs = path.join(PROJECT_ROOT, "docs");
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name.endsWith(".md") ? [path.join(dir, entry.name)] : []));
    return [path.join(PROJECT_ROOT, "README.md"), ...(fs.existsSync(docs) ? walk(docs) : [])];
}

/**
 * Every YAML block of the docs whose top level has a `config:` map, with the policy config that a
 * following ```json policy-config block gives its stack (as `--policy-pack-config` would).
 */
export function configExamples(): ConfigExample[] {
    const examples: ConfigExample[] = [];
    for (const file of docFiles()) {
        const lines = fs.readFileSync(file, "utf8").split("\n");
        let last: { where: string; text: string } | undefined;
        for (let i = 0; i < lines.length; i++) {
            const fence = /^```(\S*)(?: (\S+))?\s*$/.exec(lines[i]);
            if (!fence) {
                continue;
            }
            const end = lines.indexOf("```", i + 1);
            const text = lines.slice(i + 1, end).join("\n");
            if (/^ya?ml$/.test(fence[1]) && /^config:/m.test(text)) {
                last = { where: `${path.relative(PROJECT_ROOT, file)}:${i + 2}`, text };
                examples.push(last);
            } else if (fence[1] === "json" && fence[2] === "policy-config" && last) {
                examples[examples.length - 1] = { ...last, policyConfig: JSON.parse(text) };
            }
            i = end;
        }
    }
    return examples;
}

/** Writes every example as a stack file of the project (and its policy config); returns the stack names. */
export function writeExampleStacks(root = PROJECT_ROOT): string[] {
    return configExamples().map((example, i) => {
        const stack = `example-${i + 1}`;
        fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), `# ${example.where}\n${example.text}\n`);
        if (example.policyConfig) {
            fs.writeFileSync(path.join(root, "policy", `${stack}.json`), `${JSON.stringify(example.policyConfig, null, 4)}\n`);
        }
        return stack;
    });
}

if (require.main === module) {
    if (process.argv[2] !== "--write") {
        process.stderr.write("usage: node -r esbuild-register offline/docExamples.ts --write\n");
        process.exitCode = 2;
    } else {
        process.stdout.write(`${writeExampleStacks().join("\n")}\n`);
    }
}
