// Upgrades never replace what holds state: every resource of the shipped stacks and of the stack
// with every feature keeps the URN of the golden record (tests/golden/urns.json), and a resource
// that bears state (a queue, a dead-letter queue, a key, a role, the API, a topic, a log group)
// keeps the inputs that would force AWS to replace it, unless an alias carries its old URN or the
// CHANGELOG declares a breaking release with its migration.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { currentRecord, GOLDEN_FILE, goldenStacks, urnStack } from "../scripts/golden";
import { Registered, runMocked } from "../offline/mockRuntime";
import { PROJECT_ROOT } from "../offline/stacks";
import { aliasUrns, replacements, UrnRecord, urnRecords } from "../offline/urns";

const golden = JSON.parse(fs.readFileSync(GOLDEN_FILE, "utf8")) as Record<string, UrnRecord[]>;
const QUEUE = "urn:pulumi:dev::orders::queue-load-leveling:index:QueueApi$aws:sqs/queue:Queue::orders-queue";

/** The breaking changes the CHANGELOG declares for `version`: its "- Breaking" lines. */
export function declaredBreaking(changelog: string, version: string): string[] {
    const section = changelog.split(/^## /m).find((s) => s.startsWith(`${version} `) || s.startsWith(`${version}\n`)) ?? "";
    return section.split("\n").filter((line) => /^- Breaking\b/.test(line));
}

/** Replacements the CHANGELOG does not declare, with its migration, for the version being released. */
function undeclared(found: readonly string[], changelog: string, version: string): string[] {
    const declared = declaredBreaking(changelog, version);
    return found.filter((problem) => !declared.some((line) => line.includes(problem.split("::").pop()!.split(/[ :]/)[0]) && /migrat/i.test(line)));
}

describe("upgrades", () => {
    let stacks: Record<string, Registered[]>;
    before(async () => {
        stacks = await goldenStacks();
    });

    /** dev's resources with the queue renamed, and optionally an alias naming its old name. */
    const renamedQueue = (alias: boolean): Registered[] => stacks.dev.map((r) => (r.name === "orders-queue"
        ? { ...r, name: "orders-intake-queue", aliases: alias ? [{ name: "orders-queue" }] : [] } : r));

    it("keep every URN and every replace-forcing input of the golden record (npm run golden -- --write after a deliberate change)", async () => {
        const current = await currentRecord(stacks);
        const version = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "components", "package.json"), "utf8")).version;
        const changelog = fs.readFileSync(path.join(PROJECT_ROOT, "CHANGELOG.md"), "utf8");
        for (const [stack, records] of Object.entries(golden)) {
            const aliases = aliasUrns(stacks[stack], urnStack(stack));
            assert.deepEqual(undeclared(replacements(records, current[stack], aliases), changelog, version), [], `${stack} would replace state`);
        }
        assert.deepEqual(current, golden, "the record is out of date: npm run golden -- --write, and review the diff");
    });

    it("catch a planted rename of the queue", async () => {
        const renamed = renamedQueue(false);
        assert.deepEqual(replacements(golden.dev, urnRecords(renamed, "dev"), aliasUrns(renamed, "dev")),
            [`${QUEUE} is gone, and no resource has it as an alias: it would be deleted and made anew`]);
    });

    it("accept the rename when an alias carries the old URN", async () => {
        const renamed = renamedQueue(true);
        assert.equal(aliasUrns(renamed, "dev").get(QUEUE), QUEUE.replace("::orders-queue", "::orders-intake-queue"));
        assert.deepEqual(replacements(golden.dev, urnRecords(renamed, "dev"), aliasUrns(renamed, "dev")), []);
    });

    it("resolve an alias as the Pulumi SDK records it on a real resource", async () => {
        const run = await runMocked(() => {
            const component = new pulumi.ComponentResource("queue-load-leveling:index:QueueApi", "orders", {});
            new aws.sqs.Queue("orders-intake-queue", { sqsManagedSseEnabled: true }, { parent: component, aliases: [{ name: "orders-queue" }] });
        }, { stack: "dev" });
        assert.equal(aliasUrns(run.resources, "dev").get(QUEUE), QUEUE.replace("::orders-queue", "::orders-intake-queue"));
    });

    it("catch an input that forces a replacement, even behind an alias", async () => {
        const dev = stacks.dev.map((r) => (r.name === "orders-queue" ? { ...r, inputs: { ...r.inputs, fifoQueue: true } } : r));
        assert.deepEqual(replacements(golden.dev, urnRecords(dev, "dev"), aliasUrns(dev, "dev")),
            [`${QUEUE}: fifoQueue changes from null to true, which replaces it`]);
        const renamed = renamedQueue(true).map((r) => (r.name === "orders-intake-queue" ? { ...r, inputs: { ...r.inputs, fifoQueue: true } } : r));
        assert.equal(replacements(golden.dev, urnRecords(renamed, "dev"), aliasUrns(renamed, "dev")).length, 1);
    });

    it("allow a replacement only when the CHANGELOG declares it breaking for the release, with its migration", () => {
        const found = [`${QUEUE} is gone, and no resource has it as an alias: it would be deleted and made anew`];
        const declaring = "# Changelog\n\n## 1.0.0 (unreleased)\n\n- Breaking: orders-queue is renamed; migration: drain it, then `pulumi up`.\n\n## 0.2.0\n";
        assert.deepEqual(undeclared(found, declaring, "1.0.0"), []);
        assert.deepEqual(undeclared(found, declaring, "0.2.0"), found);
        assert.deepEqual(undeclared(found, "## 1.0.0\n\n- Breaking: orders-queue is renamed.\n", "1.0.0"), found, "no migration given");
    });
});
