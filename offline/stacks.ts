// Reads a Pulumi.<stack>.yaml the way the Pulumi CLI hands it to a program: every key to a string,
// structured values as JSON, over Pulumi.yaml's defaults. What the CLI accepts (an empty file, no
// config) is planned; what it refuses is a BadInput naming the file, line and column.
import * as fs from "node:fs";
import * as path from "node:path";

import { isMap, isSeq, Node } from "yaml";

import { declarationOf } from "../components/declarations";
import { BadInput, childOf, keyText, kindOf, readYamlFile, SourceFile, Step } from "./sourceFile";

export const PROJECT_ROOT = path.join(__dirname, "..");

const asConfigValue = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);

export const stackFileName = (stack: string) => `Pulumi.${stack}.yaml`;

interface Project {
    readonly name: string;
    readonly config: Readonly<Record<string, unknown>>;
}

function readProject(root = PROJECT_ROOT): Project {
    const { file, value } = readYamlFile(root, "Pulumi.yaml");
    if (!isPlainObject(value)) {
        throw new BadInput([`${file.at(file.document?.contents)}: a project file is a map (name:, runtime:, config:), got ${kindOf(value)}`]);
    }
    if (typeof value.name !== "string" || value.name === "") {
        throw new BadInput([`${file.at(childOf(file.document?.contents, "name")?.at ?? file.document?.contents)}: `
            + `a project file needs name: and the project's name, got ${value.name === undefined ? "none" : JSON.stringify(value.name)}`]);
    }
    if (value.config !== undefined && value.config !== null && !isPlainObject(value.config)) {
        throw new BadInput([`${file.at(childOf(file.document?.contents, "config")?.at)}: config must be a map of settings, got ${kindOf(value.config)}`]);
    }
    return { name: value.name, config: isPlainObject(value.config) ? value.config : {} };
}

/** The project's name (Pulumi.yaml's name:), the namespace of its config keys. */
export function projectName(root = PROJECT_ROOT): string {
    return readProject(root).name;
}

function defaultsOf(project: Project): Record<string, string> {
    return Object.fromEntries(Object.entries(project.config)
        .map(([key, spec]) => [key, isPlainObject(spec) ? spec.default : undefined] as const)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key.includes(":") ? key : `${project.name}:${key}`, asConfigValue(value)]));
}

/** The project's declared config defaults, as the CLI passes them when a stack does not set a key. */
export function declaredDefaults(): Record<string, string> {
    return defaultsOf(readProject());
}

/** A stack file, read and checked. */
export interface StackFile {
    readonly stack: string;
    /** The file's name, as messages name it: Pulumi.<stack>.yaml. */
    readonly file: string;
    /** The stack's config as its program receives it: Pulumi.yaml's defaults, then the stack file's. */
    readonly config: Readonly<Record<string, string>>;
    /** One line per encrypted value the plan replaced with a placeholder. */
    readonly notices: readonly string[];
    /**
     * A problem about a key (`orders:queue.maxMessageSize must be …`), prefixed with the file
     * and, where the key is in it, its line and column.
     */
    readonly locate: (problem: string) => string;
}

/**
 * What the plan puts in place of an encrypted (`secure:`) value it cannot decrypt: `key` is the
 * full config key, `path` where the value sits inside that key's value ([] for the value itself).
 */
export function placeholderFor(key: string, path: readonly Step[]): unknown {
    const [namespace, name] = key.split(":");
    if (namespace !== readProject().name || name === undefined) {
        return SECRET_PLACEHOLDER;
    }
    // A setting's own example is valid by its rule (tested), so the plan goes on as if the secret were fine.
    let dotted = name;
    let element: number | undefined;
    for (const step of path) {
        if (typeof step === "number" && dotted === "routes") {
            dotted = `routes[${step}]`;
        } else if (typeof step === "number") {
            element = step;
            break;
        } else {
            dotted = `${dotted}.${step}`;
        }
    }
    const declaration = declarationOf(dotted);
    const example = declaration?.example ?? (declaration && "default" in declaration ? declaration.default : undefined);
    if (element !== undefined) {
        return Array.isArray(example) && example.length > 0 ? example[0] : SECRET_PLACEHOLDER;
    }
    return example ?? SECRET_PLACEHOLDER;
}

/** The placeholder of a secret the settings give no example for (a tag's value, another namespace's key). */
export const SECRET_PLACEHOLDER = "secure-placeholder";

/**
 * Reads Pulumi.<stack>.yaml of a project (this one by default), or `configFile` (a path from the
 * working directory) in its place, as the CLI's `--config-file` does; throws a BadInput where the
 * CLI would refuse the file.
 */
export function readStackFile(stack: string, root = PROJECT_ROOT, configFile?: string): StackFile {
    const project = readProject(root);
    const { file, value } = configFile === undefined ? readYamlFile(root, stackFileName(stack)) : readYamlFile(process.cwd(), configFile);
    const raw = stackConfigOf(file, value);
    const problems: string[] = [];
    const notices: string[] = [];
    const config: Record<string, string> = {};
    for (const [key, entry] of Object.entries(raw)) {
        const problem = keyProblem(key, project.name);
        if (problem) {
            problems.push(`${file.at(file.find(["config", key]))}: ${problem}`);
            continue;
        }
        const withPlaceholders = replaceSecure(entry, [], (at) => {
            const node = file.find(["config", key, ...at]);
            notices.push(`${file.at(node)}: ${key}${stepsText(at)} holds an encrypted (secure:) value, which cannot be decrypted offline; `
                + "planning with a placeholder");
            return placeholderFor(key, at);
        });
        // The older form <namespace>:config:<name> names the same key.
        const [namespace, ...name] = key.split(":");
        config[`${namespace}:${name[name.length - 1]}`] = asConfigValue(withPlaceholders);
    }
    if (problems.length > 0) {
        throw new BadInput(problems);
    }
    return {
        stack,
        file: file.name,
        config: { ...defaultsOf(project), ...config },
        notices,
        locate: (problem) => {
            const key = /^\S+/.exec(problem)?.[0].replace(/:$/, "");
            return `${file.at(key === undefined ? undefined : findKey(file, key))}: ${problem}`;
        },
    };
}

/** A stack's config as its program receives it (see readStackFile). */
export function stackConfig(stack: string): Record<string, string> {
    return { ...readStackFile(stack).config };
}

/** The file's config: map, or {} for an empty file or one without config. */
function stackConfigOf(file: SourceFile, value: unknown): Record<string, unknown> {
    if (value === null || value === undefined) {
        return {};
    }
    if (!isPlainObject(value)) {
        throw new BadInput([`${file.at(file.document?.contents)}: a stack file is a map with a config: key, got ${kindOf(value)}`]);
    }
    if (value.config === undefined || value.config === null) {
        return {};
    }
    if (!isPlainObject(value.config)) {
        const config = childOf(file.document?.contents, "config");
        throw new BadInput([`${file.at((config?.value as Node | undefined) ?? config?.at)}: config must be a map of `
            + `<namespace>:<name> keys to values, got ${kindOf(value.config)}`]);
    }
    return value.config;
}

/** What is wrong with a config key, as the CLI parses keys: <namespace>:<name>, or the older <namespace>:config:<name>. */
function keyProblem(key: string, project: string): string | undefined {
    const parts = key.split(":");
    if (parts.length === 1 || (parts.length === 2 && parts[0] === "")) {
        return `${key} has no namespace: config keys are <namespace>:<name>; did you mean ${project}:${parts[parts.length - 1]}?`;
    }
    if (parts.length === 2 && parts[1] === "") {
        return `${key} has no name: config keys are <namespace>:<name>`;
    }
    if (parts.length > 2 && !(parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "")) {
        return `${key} is not a config key: config keys are <namespace>:<name>, with one ':'`;
    }
    return undefined;
}

/** The CLI's encrypted form: a map whose only key is secure, holding the ciphertext. */
function isSecure(value: unknown): boolean {
    return isPlainObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

function replaceSecure(value: unknown, at: readonly Step[], replace: (at: readonly Step[]) => unknown): unknown {
    if (isSecure(value)) {
        return replace(at);
    }
    if (Array.isArray(value)) {
        return value.map((item, index) => replaceSecure(item, [...at, index], replace));
    }
    if (isPlainObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v, [...at, k], replace)]));
    }
    return value;
}

const stepsText = (steps: readonly Step[]) => steps.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("");

/**
 * The node of a key as problems name it (`orders:routes[1].queue.maxMessageSize`): each map key
 * that the rest of the name starts with (the longest, since keys may hold dots), each [index] of a
 * list. The deepest one found, or undefined when the top-level key is not in the file.
 */
function findKey(file: SourceFile, name: string): Node | undefined {
    let node: unknown = childOf(file.document?.contents, "config")?.value;
    let rest = name;
    let found: Node | undefined;
    while (rest !== "") {
        if (isMap(node)) {
            const pair = node.items
                .filter((p) => {
                    const key = keyText(p.key);
                    return key !== undefined && (rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[`));
                })
                .sort((a, b) => keyText(b.key)!.length - keyText(a.key)!.length)[0];
            if (!pair) {
                break;
            }
            found = pair.key as Node;
            node = pair.value;
            rest = rest.slice(keyText(pair.key)!.length).replace(/^\./, "");
        } else if (isSeq(node) && found) {
            const index = /^\[(\d+)\]\.?/.exec(rest);
            const item = index ? node.items[Number(index[1])] : undefined;
            if (!index || !item) {
                break;
            }
            found = item as Node;
            node = item;
            rest = rest.slice(index[0].length);
        } else {
            break;
        }
    }
    return found;
}

/**
 * Runs the program (index.ts) of a project, this one by default, afresh, so that each stack gets
 * its own run in one process. Only the program's own module is loaded again: the modules it imports
 * hold no state of a run (the runtime's state is the SDK's, which each run sets up anew), and
 * compiling them once saves most of a run's time.
 */
export function loadProgram(root = PROJECT_ROOT): Record<string, unknown> {
    const program = path.join(root, "index.ts");
    delete require.cache[program];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(program);
}

/** The stacks this repository ships, in name order; a project's own stacks come beside them. */
export const SHIPPED_STACKS: readonly string[] = ["conformance", "dev", "prod"];

/** The stacks that have a Pulumi.<stack>.yaml, in name order. */
export function listStacks(root = PROJECT_ROOT): string[] {
    return fs.readdirSync(root)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}
