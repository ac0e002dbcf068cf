// One AWS object, one resource. AWS keys many objects by their parent and a field; two resources
// with the same key write one object, so AWS refuses the second or each update undoes the other.
// Mocks never notice: this policy does, from the stack's resources.
import { ObjectKind, Writer } from "./awsObjects";
import { KnownPart } from "./keys";
import { StackIndex } from "./stackModel";
import { Unknowns } from "./unknowns";

type Clash = "yes" | "no" | "maybe";

/**
 * Do two writers with one key clash? A property on the resource itself clashes with a separate
 * resource only when they write different documents: after a refresh, a Queue's `policy` or a Role's
 * `inlinePolicies` reads back what the separate QueuePolicy or RolePolicy wrote, and that is one
 * writer, not two.
 */
function clash(a: Writer, b: Writer, unknowns: Unknowns): Clash {
    if (a.resource === b.resource) {
        return "no";
    }
    if ((a.through === undefined) === (b.through === undefined) || !a.document || !b.document) {
        return "yes";
    }
    for (const document of [a.document, b.document]) {
        if (!document.known) {
            unknowns.absorb(document.unknowns);
            return "maybe";
        }
    }
    return (a.document as { text: string }).text === (b.document as { text: string }).text ? "no" : "yes";
}

const nameOf = (writer: Writer) => (writer.through ? `${writer.resource.name} (its ${writer.through})` : writer.resource.name);

export function message(kind: ObjectKind, first: Writer, second: Writer): string {
    const key = kind.labels.map((label, i) => {
        const [a, b] = [first.parts[i] as KnownPart, second.parts[i] as KnownPart];
        return `${label} ${a.display === b.display ? a.display : `${a.display} / ${b.display}`}`;
    }).join(", ");
    const consequence = kind.named ? `AWS refuses the second, or both resources manage one ${kind.what} and deleting either deletes it`
        : "AWS refuses the second, or the two overwrite each other on every update";
    return `${nameOf(first)} and ${nameOf(second)} are one ${kind.what} in AWS (${key}): ${kind.rule}, so ${consequence}. ${kind.fix}`;
}

/** Could two writers have one key once every part is known? */
function mayShareKey(a: Writer, b: Writer): boolean {
    return a.parts.every((part, i) => {
        const other = b.parts[i];
        return !part.known || !other.known || part.id === other.id;
    });
}

/** Every clash of one kind, each as [first writer, second writer]; unknowns that could hide one go to `unknowns`. */
export function clashesOf(kind: ObjectKind, index: StackIndex, unknowns: Unknowns): [Writer, Writer][] {
    const writers = kind.writers(index);
    const found: [Writer, Writer][] = [];
    const byKey = new Map<string, Writer[]>();
    for (const writer of writers) {
        if (writer.parts.every((p) => p.known)) {
            const key = writer.parts.map((p) => (p as KnownPart).id).join("\u0000");
            const earlier = byKey.get(key) ?? [];
            // Against the first earlier writer it clashes with; a "maybe" is reported only if nothing clashes for sure.
            const maybe = new Unknowns();
            const first = earlier.find((e) => clash(e, writer, maybe) === "yes");
            if (first) {
                found.push([first, writer]);
            } else {
                unknowns.absorb(maybe);
            }
            byKey.set(key, [...earlier, writer]);
            continue;
        }
        // A key with an unknown part matters only if some other writer may share it.
        const hidden = writers.some((other) => other !== writer && mayShareKey(writer, other) && clash(writer, other, new Unknowns()) !== "no");
        if (hidden) {
            for (const part of writer.parts) {
                if (!part.known) {
                    unknowns.absorb(part.unknowns);
                }
            }
        }
    }
    return found;
}

