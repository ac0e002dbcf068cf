// A declaration in words, as the docs and the argument types' doc comments write it: what a
// setting takes, its default, and the doc comment that says both.
import { Declaration } from "./declarationKinds";

const DAY = 86400;

function durationWords(seconds: number): string {
    if (seconds >= DAY && seconds % DAY === 0) {
        return `${seconds / DAY} day${seconds === DAY ? "" : "s"}`;
    }
    return seconds >= 3600 && seconds % 3600 === 0 ? `${seconds / 3600} hours` : "";
}

/** The default as the docs write it: "`345600` (4 days)", "`orders`", or the declaration's words. */
export function defaultWords(declaration: Declaration): string | undefined {
    if (declaration.defaultText !== undefined) {
        return declaration.defaultText;
    }
    if (!("default" in declaration) || declaration.default === undefined) {
        return undefined;
    }
    const value = Array.isArray(declaration.default) ? `\`[${declaration.default.join(", ")}]\`` : `\`${String(declaration.default)}\``;
    const words = declaration.kind === "integer" && declaration.unit === "seconds" ? durationWords(declaration.default) : "";
    return words ? `${value} (${words})` : value;
}

/** What a value may be, as the docs write it: "integer seconds, 60–1209600". */
export function allowedWords(declaration: Declaration): string {
    switch (declaration.kind) {
        case "integer":
            return `integer${declaration.unit ? ` ${declaration.unit}` : ""}, ${declaration.min}–${declaration.max}`;
        case "boolean":
            return "`true` or `false`";
        case "enum":
            return declaration.valuesText ?? declaration.values.map((v) => `\`${String(v)}\``).join(" or ");
        case "string":
            return declaration.allowed;
        case "object":
            return `an object: ${declaration.allowed ?? Object.keys(declaration.type.fields).map((k) => `\`${k}\``).join(", ")}`;
        case "list":
            return `a list: ${declaration.allowed}`;
        case "map":
        case "json":
            return `an object: ${declaration.allowed}`;
    }
}

/**
 * The doc comment an argument carries: its description, then its default (or that it is required).
 * A field of which a value gives exactly one of several (`exactly`) has no default to state.
 */
export function docOf(declaration: Declaration, exactly = false): string {
    if (exactly) {
        return declaration.description;
    }
    if (declaration.kind === "object" && declaration.defaultText === undefined) {
        return `${declaration.description} Each field has its own default.`;
    }
    const words = defaultWords(declaration);
    return `${declaration.description} ${words === undefined ? "Required." : `Defaults to ${words}.`}`;
}

/** Whether an argument must be given: it has no default, in value or in words. */
export function isRequired(declaration: Declaration): boolean {
    return declaration.kind !== "object" && defaultWords(declaration) === undefined;
}
