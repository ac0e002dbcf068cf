// The steps of a real `pulumi preview --json` (run with --show-sames, so that every route's path
// can be read) against a stack's state, as changes the rules judge: what git cannot see, such as a
// dependency upgrade, drift, or a removal merged before its retirement was deployed.
//
// The file is the CLI's preview digest: `steps`, each with `op`, `urn`, and the resource's
// `oldState` and `newState` (`type`, `id`, `inputs`, `outputs`, `retainOnDelete`, `protect`,
// `propertyDependencies`), and `replaceReasons` for a replacement.
import * as fs from "node:fs";

import { BadInput } from "../../offline/sourceFile";
import { Change, Operation, Snapshot } from "./model";

/** How the engine names a step, as the rules count it. */
const OPERATIONS: Readonly<Record<string, Operation>> = {
    same: "same",
    create: "create",
    update: "update",
    delete: "delete",
    replace: "replace",
    "create-replacement": "replace",
    "delete-replaced": "replace",
    read: "same",
    refresh: "same",
    import: "create",
    discard: "delete",
};

interface StepState {
    readonly urn?: string;
    readonly type?: string;
    readonly id?: string;
    readonly inputs?: Record<string, any>;
    readonly outputs?: Record<string, any>;
    readonly retainOnDelete?: boolean;
    readonly protect?: boolean;
    readonly propertyDependencies?: Record<string, string[]>;
}

interface Step {
    readonly op?: string;
    readonly urn?: string;
    readonly oldState?: StepState;
    readonly newState?: StepState;
    readonly replaceReasons?: string[];
}

function snapshot(urn: string, state: StepState | undefined): Snapshot | undefined {
    if (!state) {
        return undefined;
    }
    return {
        urn,
        type: state.type ?? urn.split("::")[2]?.split("$").pop() ?? "",
        name: urn.split("::").pop() ?? urn,
        id: state.id ?? "",
        inputs: state.inputs ?? {},
        outputs: state.outputs ?? {},
        retainOnDelete: state.retainOnDelete === true,
        protect: state.protect === true,
        propertyDependencies: state.propertyDependencies ?? {},
    };
}

/** A preview digest's steps as changes, one per resource (a replacement's steps make one change). */
export function changesOfPreview(digest: unknown, file: string): Change[] {
    const steps = (digest as { steps?: unknown })?.steps;
    if (!Array.isArray(steps)) {
        throw new BadInput([`${file} is not the JSON of pulumi preview --json: it has no list of steps`]);
    }
    const byUrn = new Map<string, Change>();
    for (const step of steps as Step[]) {
        const op = step.op === undefined ? undefined : OPERATIONS[step.op];
        if (!step.urn || !op) {
            throw new BadInput([`${file}: a step ${JSON.stringify(step.op)} of ${JSON.stringify(step.urn)} is not one pulumi preview --json writes`]);
        }
        if (step.urn.includes("::pulumi:pulumi:Stack::") || step.urn.includes("::pulumi:providers:")) {
            continue;
        }
        const known = byUrn.get(step.urn);
        const before = known?.before ?? snapshot(step.urn, step.oldState);
        const after = op === "delete" ? undefined : snapshot(step.urn, step.newState) ?? known?.after;
        const replaceReasons = step.replaceReasons ?? known?.replaceReasons;
        byUrn.set(step.urn, {
            op: known?.op === "replace" ? "replace" : op,
            ...(before ? { before } : {}),
            ...(after ? { after } : {}),
            ...(replaceReasons ? { replaceReasons } : {}),
        });
    }
    return [...byUrn.values()];
}

/** Reads a preview digest file; a BadInput for one that is missing or not JSON. */
export function readPreview(file: string): Change[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new BadInput([`--preview-json ${file}: no such file`]);
    }
    let digest: unknown;
    try {
        digest = JSON.parse(text);
    } catch (err) {
        throw new BadInput([`${file} is not JSON (${(err as Error).message}): give the output of pulumi preview --json --show-sames`]);
    }
    return changesOfPreview(digest, file);
}
