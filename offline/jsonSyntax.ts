// Where a JSON text stops being JSON, and why. JSON.parse says so in words that change with the
// Node.js version, and some of its messages carry no position at all (or quote the whole file);
// this scanner gives one offset and one short message for every syntax error, always the same.

export interface JsonSyntaxError {
    /** Offset into the text of the first character that cannot be JSON. */
    readonly offset: number;
    readonly message: string;
}

class Stop {
    constructor(readonly offset: number, readonly message: string) {}
}

const WHITESPACE = " \t\n\r";
const ESCAPES = "\"\\/bfnrt";
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
    let at = 0;
    const found = () => (at >= text.length ? "the end of the file" : text[at] < " " ? JSON.stringify(text[at]) : `'${text[at]}'`);
    const fail = (expected: string): never => {
        throw new Stop(at, `expected ${expected}, found ${found()}`);
    };
    const skipWhitespace = () => {
        while (at < text.length && WHITESPACE.includes(text[at])) {
            at++;
        }
    };
    const string = () => {
        at++;
        for (;;) {
            if (at >= text.length) {
                fail("a closing '\"'");
            }
            const char = text[at];
            if (char === "\"") {
                at++;
                return;
            }
            if (char < " ") {
                fail("'\\n' or another escape instead of a control character in a string");
            }
            if (char === "\\") {
                at++;
                if (text[at] === "u" && /^[0-9A-Fa-f]{4}$/.test(text.slice(at + 1, at + 5))) {
                    at += 4;
                } else if (at >= text.length || !ESCAPES.includes(text[at])) {
                    fail("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits)");
                }
            }
            at++;
        }
    };
    const members = (close: string, member: () => void, what: string) => {
        at++;
        skipWhitespace();
        if (text[at] === close) {
            at++;
            return;
        }
        for (;;) {
            member();
            skipWhitespace();
            if (text[at] === close) {
                at++;
                return;
            }
            if (text[at] !== ",") {
                fail(`',' or '${close}' after ${what}`);
            }
            at++;
            skipWhitespace();
        }
    };
    const value = (): void => {
        skipWhitespace();
        const char = text[at];
        if (char === "{") {
            members("}", () => {
                if (text[at] !== "\"") {
                    fail("a property name in double quotes");
                }
                string();
                skipWhitespace();
                if (text[at] !== ":") {
                    fail("':' after a property name");
                }
                at++;
                value();
            }, "a property");
        } else if (char === "[") {
            members("]", value, "an item");
        } else if (char === "\"") {
            string();
        } else {
            const word = ["true", "false", "null"].find((w) => text.startsWith(w, at));
            NUMBER.lastIndex = at;
            if (word) {
                at += word.length;
            } else if (NUMBER.test(text)) {
                at = NUMBER.lastIndex;
            } else {
                fail("a value");
            }
        }
    };

    try {
        value();
        skipWhitespace();
        if (at < text.length) {
            fail("the end of the file after the value");
        }
        return undefined;
    } catch (err) {
        if (err instanceof Stop) {
            return { offset: err.offset, message: err.message };
        }
        throw err;
    }
}
