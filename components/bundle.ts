// A consumer's code as Lambda takes it: the worker's folder bundled into one file, in a ZIP archive
// whose bytes depend on the sources' contents alone. No modification time, owner, order of the
// file system or absolute path goes in, so an unchanged worker gives the same archive on every
// run and every machine with the same sources, and never shows as a change.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { crc32 } from "node:zlib";

import { buildSync } from "esbuild";

import { Runtime } from "./args";
import { QueueApiSettings } from "./settingsTypes";
import { SettingsError } from "./checks";
import { workerEntry } from "./consumerRules";
import { isListed } from "./routeRules";

/** The file the bundle is written to inside the archive, and the handler Lambda calls in it. */
export const BUNDLE_FILE = "index.js";
export const HANDLER = "index.handler";

/** Thrown when the worker's code cannot be bundled; its message names the folder and what failed. */
export class BundleError extends Error {}

/**
 * Bundles the worker whose folder is `folder` (its index.ts or index.js) for the runtime, with
 * everything it imports, into one CommonJS file. Paths in the bundle's comments are relative to
 * `root` (the program's folder), never absolute.
 */
export function bundleWorker(folder: string, runtime: Runtime, root = process.cwd()): string {
    const entry = workerEntry(folder);
    if (!entry) {
        throw new BundleError(`${folder} has no index.ts or index.js`);
    }
    let result;
    try {
        result = buildSync({
            entryPoints: [entry],
            absWorkingDir: root,
            bundle: true,
            platform: "node",
            format: "cjs",
            target: runtime.replace(/^nodejs(\d+)\.x$/, "node$1"),
            write: false,
            sourcemap: false,
            legalComments: "none",
            logLevel: "silent",
            charset: "utf8",
        });
    } catch (err) {
        const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors ?? [];
        const first = errors[0];
        throw new BundleError(first
            ? `${first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : ""}${first.text}`
            : (err as Error).message);
    }
    const [output] = result.outputFiles;
    return output.text;
}

// ZIP's fixed fields (APPNOTE.TXT 4.3): stored (method 0), names in UTF-8 (flag bit 11), and the
// earliest time ZIP can hold, 1980-01-01 00:00, so that no clock reaches the bytes.
const STORED = 0;
const UTF8_NAMES = 0x0800;
const VERSION = 20;
const MADE_ON_UNIX = (3 << 8) | VERSION;
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
// A regular file readable by everyone (rw-r--r--), which Lambda's runtime user needs.
const REGULAR_FILE = 0o100644;

/**
 * The fields the local file header and the central directory header share, in the same order
 * (version needed, flags, method, time, date, CRC-32, both sizes, name length), written from `at`.
 */
function writeEntryFields(header: Buffer, at: number, checksum: number, size: number, nameLength: number): void {
    header.writeUInt16LE(VERSION, at);
    header.writeUInt16LE(UTF8_NAMES, at + 2);
    header.writeUInt16LE(STORED, at + 4);
    header.writeUInt16LE(DOS_TIME, at + 6);
    header.writeUInt16LE(DOS_DATE, at + 8);
    header.writeUInt32LE(checksum, at + 10);
    header.writeUInt32LE(size, at + 14);
    header.writeUInt32LE(size, at + 18);
    header.writeUInt16LE(nameLength, at + 22);
}

/** A ZIP archive of the files, stored uncompressed, in name order; its bytes depend on names and contents alone. */
export function zipArchive(files: Readonly<Record<string, string | Buffer>>): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const name of Object.keys(files).sort()) {
        const data = Buffer.from(files[name]);
        const fileName = Buffer.from(name, "utf8");
        const checksum = crc32(data);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        writeEntryFields(local, 4, checksum, data.length, fileName.length);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(MADE_ON_UNIX, 4);
        writeEntryFields(central, 6, checksum, data.length, fileName.length);
        central.writeUInt32LE((REGULAR_FILE << 16) >>> 0, 38);
        central.writeUInt32LE(offset, 42);
        locals.push(local, fileName, data);
        centrals.push(central, fileName);
        offset += local.length + fileName.length + data.length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(centrals.length / 2, 8);
    end.writeUInt16LE(centrals.length / 2, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, directory, end]);
}

/** A consumer's archive: its bytes, their SHA-256, and the file they are written to. */
export interface WorkerArchive {
    readonly bytes: Buffer;
    readonly sha256: string;
    readonly path: string;
}

/**
 * The worker bundled and archived, written to a file named after its hash (Pulumi compares archives
 * by hash, not by path, so the file's place does not matter; the folder is the system's temporary one).
 */
export function workerArchive(folder: string, runtime: Runtime, root = process.cwd()): WorkerArchive {
    const bytes = zipArchive({ [BUNDLE_FILE]: bundleWorker(folder, runtime, root) });
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const directory = path.join(os.tmpdir(), "queue-load-leveling");
    const file = path.join(directory, `worker-${sha256.slice(0, 32)}.zip`);
    if (!fs.existsSync(file)) {
        fs.mkdirSync(directory, { recursive: true });
        // Written aside and renamed, so that a concurrent run never reads half an archive.
        const partial = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(partial, bytes);
        fs.renameSync(partial, file);
    }
    return { bytes, sha256, path: file };
}

/**
 * Each route's consumer code, bundled and archived before any resource is registered, so that code
 * that does not build stops the program with nothing created. Undefined for a route without one.
 */
export function bundleConsumers(name: string, s: QueueApiSettings): (WorkerArchive | undefined)[] {
    const built = new Map<string, WorkerArchive>();
    const problems: string[] = [];
    const archives = s.routes.map((route, i) => {
        if (!route.consumer) {
            return undefined;
        }
        const { code, runtime } = route.consumer;
        try {
            const archive = built.get(`${code}\u0000${runtime}`) ?? workerArchive(code, runtime);
            built.set(`${code}\u0000${runtime}`, archive);
            return archive;
        } catch (err) {
            if (!(err instanceof BundleError)) {
                throw err;
            }
            problems.push(`QueueApi "${name}": ${isListed(route) ? `routes[${i}].` : ""}consumer.code ${code} `
                + `does not bundle: ${err.message}`);
            return undefined;
        }
    });
    if (problems.length > 0) {
        throw new SettingsError(problems);
    }
    return archives;
}
