// During `pulumi preview`, values that depend on outputs not yet created are unknown; the policy
// SDK throws its UnknownValueError when one is read and then reports the policy as advisory
// "can't run during preview". The policies here check every item they can, and rethrow the
// first such error at the end so that the SDK still reports what could not be checked.

// The error class is internal to the SDK (its typings are broken), so it is loaded untyped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    UnknownValueError: new (...args: any[]) => Error;
    unknownCheckingProxy: <T>(value: T) => T;
    unknownStringValue: string;
};
const { UnknownValueError } = proxy;

/** What the SDK puts where a value is not known yet: reading it through `unknownProps` throws as the SDK's props do. */
export const UNKNOWN = proxy.unknownStringValue;

/** Props that throw the SDK's UnknownValueError where they hold UNKNOWN, as the props the SDK passes do. */
export function unknownProps<T extends object>(props: T): T {
    return proxy.unknownCheckingProxy(props);
}

export function isUnknownValueError(err: unknown): boolean {
    return err instanceof UnknownValueError;
}

/** Collects the unknown values met while checking items one by one. */
export class Unknowns {
    private first: unknown;

    /** Runs `check`; if it reads an unknown value, remembers that and carries on with the next item. */
    async guard<T>(check: () => T | Promise<T>): Promise<T | undefined> {
        try {
            return await check();
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            this.first ??= err;
            return undefined;
        }
    }

    /** Reads a value; undefined (and remembered) when it is unknown. */
    peek<T>(read: () => T): T | undefined {
        try {
            return read();
        } catch (err) {
            if (!isUnknownValueError(err)) {
                throw err;
            }
            this.first ??= err;
            return undefined;
        }
    }

    /** Takes over what another collector met. */
    absorb(other: Unknowns): void {
        this.first ??= other.first;
    }

    /** Whether an unknown value has been met so far. */
    get any(): boolean {
        return this.first !== undefined;
    }

    /** Hands the first unknown value met, if any, to the SDK. Call it last. */
    rethrow(): void {
        if (this.first !== undefined) {
            throw this.first;
        }
    }
}

/** Whether a text property is set (not empty); an unknown value counts as set, as a new resource's id will be. */
export function isSetOrUnknown(read: () => unknown): boolean {
    const reading = new Unknowns();
    const value = reading.peek(read);
    return reading.any || (typeof value === "string" && value !== "");
}
