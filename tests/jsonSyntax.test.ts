import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

import { jsonSyntaxError } from "../offline/jsonSyntax";

const ROOT = path.join(__dirname, "..");

const parses = (text: string) => {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
};

describe("JSON syntax errors", () => {
    it("names the first character that cannot be JSON and what was expected there", () => {
        assert.deepEqual(jsonSyntaxError("{\"a\": 1,}"), { offset: 8, message: "expected a property name in double quotes, found '}'" });
        assert.deepEqual(jsonSyntaxError("{\"a\" 1}"), { offset: 5, message: "expected ':' after a property name, found '1'" });
        assert.deepEqual(jsonSyntaxError("[1 2]"), { offset: 3, message: "expected ',' or ']' after an item, found '2'" });
        assert.deepEqual(jsonSyntaxError("{\"a\": tru}"), { offset: 6, message: "expected a value, found 't'" });
        assert.deepEqual(jsonSyntaxError("{\"a\": \"x\ty\"}"), {
            offset: 8, message: "expected '\\n' or another escape instead of a control character in a string, found \"\\t\"",
        });
        assert.deepEqual(jsonSyntaxError("\"\\x\""), {
            offset: 2, message: "expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits), found 'x'",
        });
        assert.deepEqual(jsonSyntaxError("{} {}"), { offset: 3, message: "expected the end of the file after the value, found '{'" });
        assert.deepEqual(jsonSyntaxError("{\"a\": \"b"), { offset: 8, message: "expected a closing '\"', found the end of the file" });
        assert.deepEqual(jsonSyntaxError(""), { offset: 0, message: "expected a value, found the end of the file" });
    });

    it("agrees with JSON.parse on every one-character edit of valid JSON", () => {
        const valid = [
            fs.readFileSync(path.join(ROOT, "policy", "prod.json"), "utf8"),
            JSON.stringify({ a: [1, -2.5e-3, true, false, null, "x\"\\/\b\f\n\r\t\u0001é"], b: { c: {} }, d: [] }, null, 2),
            "[0, -0, 1E+2, 0.5]",
        ];
        const inserted = [",", ":", "{", "}", "[", "]", "\"", "\\", "x", "0", "-", ".", "e", " ", "\n", "\t", "\u0000"];
        for (const text of valid) {
            assert.equal(jsonSyntaxError(text), undefined, text);
            for (let at = 0; at <= text.length; at++) {
                const edits = [text.slice(0, at) + text.slice(at + 1), ...inserted.map((char) => text.slice(0, at) + char + text.slice(at))];
                for (const edited of edits) {
                    const error = jsonSyntaxError(edited);
                    assert.equal(error === undefined, parses(edited), JSON.stringify(edited));
                    assert.ok(error === undefined || (error.offset >= 0 && error.offset <= edited.length), JSON.stringify(edited));
                }
            }
        }
    });
});
