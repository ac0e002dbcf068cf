// The GitHub workflows as data, for the tests that check what each job does and may do.
import * as fs from "node:fs";
import * as path from "node:path";

import { load } from "js-yaml";

import { PROJECT_ROOT } from "../../offline/stacks";

export type Json = Record<string, any>;

export const WORKFLOW_DIR = path.join(PROJECT_ROOT, ".github", "workflows");
export const WORKFLOW_FILES = fs.readdirSync(WORKFLOW_DIR).filter((f) => f.endsWith(".yml")).sort();

export const source = (file: string) => fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8");
export const workflow = (file: string) => load(source(file)) as Json;
export const steps = (job: Json) => (job.steps ?? []) as Json[];
export const runs = (job: Json) => steps(job).map((s) => s.run).filter(Boolean) as string[];
export const uses = (job: Json, action: string) => steps(job).find((s) => String(s.uses).startsWith(`${action}@`));

/** `owner/repo@<40 hex digits> # v1.2.3`: the commit the release's tag points to, and the release. */
export const PINNED = /^\s*(?:- )?uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/;

/** One job as it runs: in its own workflow, or in a reusable workflow that a job of `file` calls. */
export interface RunningJob {
    /** Where the run starts: the workflow file whose trigger starts it. */
    readonly file: string;
    /** `job`, or `caller → job` for a job of a called workflow. */
    readonly name: string;
    readonly job: Json;
    readonly permissions: Json;
    /** The environment it runs in, with `inputs.*` replaced by what the caller passes. */
    readonly environment?: string;
    /** The jobs of `file` this one waits for (directly or through its caller). */
    readonly needs: readonly string[];
}

const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]) as string[];

/** Every job a workflow runs, the jobs of the reusable workflows it calls included. */
export function runningJobs(file: string): RunningJob[] {
    const flow = workflow(file);
    return Object.entries(flow.jobs as Record<string, Json>).flatMap(([name, job]) => {
        const permissions = job.permissions ?? flow.permissions;
        const called = /^\.\/\.github\/workflows\/(.+)$/.exec(String(job.uses ?? ""))?.[1];
        if (!called) {
            return [{ file, name, job, permissions, environment: job.environment, needs: list(job.needs) }];
        }
        const inner = workflow(called);
        return Object.entries(inner.jobs as Record<string, Json>).map(([innerName, innerJob]) => ({
            file,
            name: `${name} → ${called}:${innerName}`,
            job: innerJob,
            // A called workflow's job gets at most what its caller grants.
            permissions: innerJob.permissions ?? inner.permissions ?? permissions,
            environment: typeof innerJob.environment === "string"
                ? innerJob.environment.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_: string, input: string) => String(job.with?.[input]))
                : undefined,
            needs: list(job.needs),
        }));
    });
}

/** The events that start a workflow. */
export const triggers = (file: string) => Object.keys(workflow(file).on as Json);
