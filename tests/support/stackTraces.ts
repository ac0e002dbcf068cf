// Loaded by mocha right after ts-node. ts-node maps every stack trace back to the TypeScript
// source, and the Pulumi SDK formats a full stack for every resource and every promise it tracks
// (the message-less `new Error().stack` of its source positions and leak detection): mapping those
// took more than half of the suite's time. Message-less errors get V8's own formatting; every
// other error, a failed assertion above all, keeps its TypeScript line numbers.
const mapped = Error.prepareStackTrace;

function v8Format(error: Error, frames: readonly NodeJS.CallSite[]): string {
    return [Error.prototype.toString.call(error), ...frames.map((frame) => `    at ${String(frame)}`)].join("\n");
}

if (mapped) {
    Error.prepareStackTrace = (error, frames) => (error.message === "" && error.name === "Error" ? v8Format(error, frames) : mapped(error, frames));
}
