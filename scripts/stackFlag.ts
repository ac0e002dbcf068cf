// The --stack flag every command takes: a stack named as the Pulumi CLI names it (<stack>,
// <org>/<stack> or <org>/<project>/<stack>), read as the stack whose Pulumi.<stack>.yaml exists.
import { nearest } from "../components/nearMiss";
import { FlagSpec } from "./cliFlags";
import { BadInput } from "../offline/sourceFile";
import { listStacks, projectName, stackFileName } from "../offline/stacks";

/** What Pulumi allows in a stack's name (organisation and project names allow less). */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

const refuse = (message: string): never => {
    throw new BadInput([message]);
};

/**
 * The short name of a stack given as <stack>, <org>/<stack> or <org>/<project>/<stack>: the CLI
 * names stack files after it. Throws a BadInput for anything else, or another project's stack.
 */
export function shortStackName(name: string, project: () => string): string {
    const parts = name.split("/");
    const short = parts[parts.length - 1];
    if (parts.length > 3 || !parts.every((part) => STACK_NAME.test(part) && part !== "." && part !== "..")) {
        refuse(`${name} is not a stack name: give <stack>, <org>/<stack> or <org>/<project>/<stack>, `
            + "the stack's name of letters, digits, '-', '_' or '.'");
    }
    if (parts.length === 3 && parts[1] !== project()) {
        refuse(`${name} is a stack of the project ${parts[1]}; this project is ${project()}`);
    }
    return short;
}

/** The short name of a stack that has a stack file; throws a BadInput naming the stacks that do otherwise. */
export function existingStack(name: string): string {
    const stack = shortStackName(name, projectName);
    const known = listStacks();
    if (!known.includes(stack)) {
        const meant = nearest(stack, known);
        refuse(`no stack file ${stackFileName(stack)};${meant ? ` did you mean ${meant}?` : ""} stacks: ${known.join(", ")}`);
    }
    return stack;
}

/** `--stack <name>`: the stack's short name, `fallback` (when given) if the flag is absent. */
export function stackFlag(help: string): FlagSpec<string | undefined>;
export function stackFlag(help: string, fallback: string): FlagSpec<string>;
export function stackFlag(help: string, fallback?: string): FlagSpec<string | undefined> {
    return {
        value: "<name>",
        help,
        read: (text) => {
            const name = text ?? fallback;
            return name === undefined ? undefined : existingStack(name);
        },
    };
}

/**
 * `--stack <name>` of a command that may read the stack's config from another file
 * (`--config-file`): the stack's short name, unchecked against the project's stack files; the
 * command calls `existingStack` when it reads Pulumi.<stack>.yaml after all.
 */
export function stackNameFlag(help: string, fallback: string): FlagSpec<string> {
    return { value: "<name>", help, read: (text) => shortStackName(text ?? fallback, projectName) };
}
