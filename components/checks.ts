// Collects what is wrong with arguments or stack config, one message per problem, each naming the
// key, the bad value and what is allowed.
import { RunError } from "@pulumi/pulumi/errors";

import { nearest } from "./nearMiss";

/**
 * Thrown when arguments or stack config are invalid; lists every problem, one per line. A RunError,
 * so that the Pulumi CLI prints the message alone, without a stack trace.
 */
export class SettingsError extends RunError {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "SettingsError";
    }
}

/** Renders a bad value as the user wrote it: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    return JSON.stringify(value) ?? String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface IntegerRule {
    readonly min: number;
    readonly max: number;
}

/**
 * Checks values one by one and remembers each problem. `prefix` goes in front of every key in
 * the messages: `orders:` for stack config, `""` for component arguments.
 */
export class Checker {
    readonly problems: string[] = [];

    constructor(private readonly prefix: string) {}

    key(name: string): string {
        return `${this.prefix}${name}`;
    }

    problem(message: string): void {
        this.problems.push(message);
    }

    /** An object of settings with only `known` keys; {} when absent or not an object. */
    record(value: unknown, name: string, known: readonly string[]): Record<string, unknown> {
        if (value === undefined) {
            return {};
        }
        if (!isPlainObject(value)) {
            this.problem(`${this.key(name)} must be an object with the keys ${known.join(", ")}, got ${show(value)}`);
            return {};
        }
        for (const k of Object.keys(value)) {
            if (!known.includes(k)) {
                const meant = nearest(k, known);
                const guess = meant === undefined ? "" : ` did you mean ${this.key(name ? `${name}.${meant}` : meant)}?`;
                this.problem(`${this.key(name ? `${name}.${k}` : k)} is not a known setting;${guess} known: ${known.join(", ")}`);
            }
        }
        return value;
    }

    integer(value: unknown, name: string, rule: IntegerRule, fallback: number): number {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < rule.min || value > rule.max) {
            this.problem(`${this.key(name)} must be an integer from ${rule.min} to ${rule.max}, got ${show(value)}`);
            return fallback;
        }
        return value;
    }

    boolean(value: unknown, name: string, fallback: boolean): boolean {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "boolean") {
            this.problem(`${this.key(name)} must be true or false, got ${show(value)}`);
            return fallback;
        }
        return value;
    }

    /** `why` explains the choice in the message, when the list alone would not. */
    oneOf<T>(value: unknown, name: string, allowed: readonly T[], fallback: T, why?: string): T {
        if (value === undefined) {
            return fallback;
        }
        if (!allowed.includes(value as T)) {
            this.problem(`${this.key(name)} must be one of ${allowed.join(", ")}${why ? ` (${why})` : ""}, got ${show(value)}`);
            return fallback;
        }
        return value as T;
    }

    matching(value: unknown, name: string, pattern: RegExp, allowed: string, fallback: string): string {
        if (value === undefined) {
            return fallback;
        }
        if (typeof value !== "string" || !pattern.test(value)) {
            this.problem(`${this.key(name)} must be ${allowed}, got ${show(value)}`);
            return fallback;
        }
        return value;
    }

    /** Throws a SettingsError when anything was wrong. */
    finish(): void {
        if (this.problems.length > 0) {
            throw new SettingsError(this.problems);
        }
    }
}
