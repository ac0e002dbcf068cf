// The generic walk of an object setting's declaration: every scalar field, and every list of
// patterned strings, checked and defaulted with no line per field.
import assert from "node:assert/strict";

import { Checker } from "../components/checks";
import { Fields, objectType } from "../components/declarationKinds";
import { theOneGiven, walkObject } from "../components/fieldWalk";

const PARCEL = objectType("ParcelArgs", "A parcel.", {
    weightGrams: { kind: "integer", min: 1, max: 30000, default: 500, description: "Its weight." },
    fragile: { kind: "boolean", default: false, description: "Handle with care." },
    carrier: { kind: "enum", values: ["post", "courier"], default: "post", why: "the two we have contracts with", description: "Who carries it." },
    reference: { kind: "string", pattern: /^[A-Z]{2}\d{4}$/, allowed: "two capitals and four digits", description: "Our reference.", defaultText: "none" },
    labels: {
        kind: "list", items: { kind: "string", pattern: /^[a-z]+$/, allowed: "a lower-case word" }, allowed: "words", default: ["parcel"],
        description: "Its labels.",
    },
    contents: { kind: "json", allowed: "anything", description: "What is in it.", defaultText: "none" },
} as const satisfies Fields);

const SOURCE = objectType("SourceArgs", "Where it comes from.", {
    shop: { kind: "string", pattern: /^\w+$/, allowed: "a shop's name", description: "A shop." },
    warehouse: { kind: "string", pattern: /^\w+$/, allowed: "a warehouse's name", description: "A warehouse." },
}, ["shop", "warehouse"]);

function walked(value: unknown) {
    const check = new Checker("shop:");
    const { given, values } = walkObject(check, value, "parcel", PARCEL);
    return { given, values, problems: check.problems };
}

describe("the walk of an object setting", () => {
    it("gives every field with a default its default, and leaves out one without", () => {
        const { values, problems } = walked(undefined);
        assert.deepEqual(values, { weightGrams: 500, fragile: false, carrier: "post", labels: ["parcel"] });
        assert.deepEqual(problems, []);
    });

    it("keeps the values given, each checked by its own declaration, and types the result from the declarations", () => {
        const { values, problems } = walked({ weightGrams: 1200, fragile: true, carrier: "courier", reference: "AB1234", labels: ["gift", "toys"] });
        const typed: { readonly weightGrams: number; readonly carrier: "post" | "courier"; readonly reference?: string; readonly labels: readonly string[] } = values;
        assert.deepEqual(typed, { weightGrams: 1200, fragile: true, carrier: "courier", reference: "AB1234", labels: ["gift", "toys"] });
        assert.deepEqual(problems, []);
    });

    it("names the key, the value and what is allowed for each bad value, in the order declared, and keeps the default", () => {
        const { values, problems } = walked({ weightGrams: "1kg", fragile: "yes", carrier: "pigeon", reference: "ab12", labels: ["Gift", "gift", "gift"] });
        assert.deepEqual(problems, [
            "shop:parcel.weightGrams must be an integer from 1 to 30000, got \"1kg\"",
            "shop:parcel.fragile must be true or false, got \"yes\"",
            "shop:parcel.carrier must be one of post, courier (the two we have contracts with), got \"pigeon\"",
            "shop:parcel.reference must be two capitals and four digits, got \"ab12\"",
            "shop:parcel.labels[0] must be a lower-case word, got \"Gift\"",
            "shop:parcel.labels lists \"gift\" twice",
        ]);
        assert.deepEqual(values, { weightGrams: 500, fragile: false, carrier: "post", labels: ["Gift", "gift", "gift"] });
    });

    it("refuses a value that is not an object, or a key its type does not declare, and leaves a JSON field to its resolver", () => {
        assert.deepEqual(walked("heavy").problems, [
            "shop:parcel must be an object with the keys weightGrams, fragile, carrier, reference, labels, contents, got \"heavy\""]);
        const { given, values, problems } = walked({ colour: "brown", contents: { books: 3 } });
        assert.deepEqual(problems, ["shop:parcel.colour is not a known setting; known: weightGrams, fragile, carrier, reference, labels, contents"]);
        assert.deepEqual(given.contents, { books: 3 });
        assert.equal("contents" in values, false);
    });

    it("finds the one field given of a type that takes exactly one, and refuses none or two", () => {
        const check = new Checker("");
        assert.equal(theOneGiven(check, { warehouse: "north" }, { warehouse: "north" }, "from", SOURCE), "warehouse");
        assert.equal(theOneGiven(check, {}, {}, "from", SOURCE), undefined);
        assert.equal(theOneGiven(check, { shop: "a", warehouse: "b" }, { shop: "a", warehouse: "b" }, "from", SOURCE), undefined);
        assert.deepEqual(check.problems, [
            "from must have exactly one of shop, warehouse, got {}",
            "from must have exactly one of shop, warehouse, got {\"shop\":\"a\",\"warehouse\":\"b\"}",
        ]);
    });
});
