// The Deployment's trigger. A Deployment is a snapshot of the API: unless something forces a new
// one, changes to methods, integrations or responses never reach the stage. Hashing everything
// that shapes the API replaces the Deployment exactly when one of those changes.
import { createHash } from "crypto";

/** Serializes with sorted object keys, so the same shape always gives the same text. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonicalJson).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.keys(value)
            .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
        return `{${entries.join(",")}}`;
    }
    return JSON.stringify(value);
}

/** SHA-256 (hex) of the API's shape. */
export function apiShapeHash(shape: unknown): string {
    return createHash("sha256").update(canonicalJson(shape)).digest("hex");
}
