// Loaded by mocha right after its TypeScript loader: ts-node for the unit tests, esbuild-register
// (as the commands use) for the end-to-end ones. ts-node maps every stack trace back to the
// TypeScript source, and the Pulumi SDK takes a stack for every promise it tracks and formats a full one for
// every resource it registers (the message-less `new Error().stack` of its leak detection and its
// source positions). Mapping those took more than half of the suite's time; taking and formatting
// them at all, most of what remained. On the mocked runtime nothing reads them (the mocks ignore
// source positions, and a leak report names each promise's context without its stack), so the
// SDK's tracked promises carry no stack and its own message-less stacks are left unformatted.
// Other message-less errors get V8's own formatting; every other error, a failed assertion above
// all, keeps its TypeScript line numbers.
import * as path from "node:path";

const mapped = Error.prepareStackTrace;
const PULUMI_SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

function v8Format(error: Error, frames: readonly NodeJS.CallSite[]): string {
    return [Error.prototype.toString.call(error), ...frames.map((frame) => `    at ${String(frame)}`)].join("\n");
}

const isMessageless = (error: Error) => error.message === "" && error.name === "Error";
const takenBySdk = (frames: readonly NodeJS.CallSite[]) => (frames[0]?.getFileName() ?? "").includes(PULUMI_SDK);

if (mapped) {
    Error.prepareStackTrace = (error, frames) => (!isMessageless(error) ? mapped(error, frames)
        : takenBySdk(frames) ? Error.prototype.toString.call(error) : v8Format(error, frames));
}

// The SDK calls its tracker through the module's exports, so this replaces it for every caller.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T> };
const track = debuggable.debuggablePromise;
debuggable.debuggablePromise = (promise, context) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return track(promise, context);
    } finally {
        Error.stackTraceLimit = limit;
    }
};
