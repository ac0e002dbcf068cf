// What a setting's declaration can say: its kind, default, bounds, description, and the named
// TypeScript type it gets in args.ts. The tables of declarations (declarations.ts and the files it
// gathers) are written with `as const`, so that TypeScript reads each default and each choice from
// the table itself: `Resolved<typeof QUEUE_FIELDS>` is a queue's settings with every default applied.

/** What every declaration may say besides its kind. */
interface Common {
    /** One line: what the setting does. */
    readonly description: string;
    /** The default in words, where the value alone would not say it ("a new key, rotated yearly"). */
    readonly defaultText?: string;
    /** A valid value, used where one is needed without the user's (a placeholder for a secret the offline plan cannot read). */
    readonly example?: unknown;
    /** Why only these values, added to the error message in parentheses. */
    readonly why?: string;
    /**
     * The feature guide whose config table details this setting; the README's table then gives an
     * object one row, not one per field.
     */
    readonly guide?: string;
}

export interface StringDeclaration extends Common {
    readonly kind: "string";
    readonly pattern: RegExp;
    /** What the pattern allows, in words: completes "must be …". */
    readonly allowed: string;
    readonly default?: string;
    readonly example?: string;
}

/** One choice of a named enum: its value, and what it means. */
export interface EnumMember {
    readonly value: string | number;
    readonly doc?: string;
}

/** A named choice: an object of constants and a type of the same name in args.ts, an enum in the package schema. */
export interface EnumType<V extends string | number = string | number> {
    readonly name: string;
    readonly doc: string;
    readonly members: Readonly<Record<string, EnumMember>>;
    /** The members' values, in order: the values a setting of this type takes. */
    readonly values: readonly V[];
}

export interface EnumDeclaration extends Common {
    readonly kind: "enum";
    readonly values: readonly (string | number)[];
    /** The named type of args.ts; without one, the argument is a plain string or number. */
    readonly type?: EnumType;
    readonly default?: string | number;
    /** How the README writes the values, when listing them all would be too long. */
    readonly valuesText?: string;
}

export interface IntegerDeclaration extends Common {
    readonly kind: "integer";
    readonly min: number;
    readonly max: number;
    readonly default?: number;
    readonly unit?: "seconds" | "bytes" | "requests per second" | "requests" | "receives" | "megabytes" | "messages" | "milliseconds"
        | "percent" | "invocations";
}

export interface BooleanDeclaration extends Common {
    readonly kind: "boolean";
    readonly default?: boolean;
}

/** An interface of args.ts: its name, its doc comment and its fields, each with its own declaration. */
export interface ObjectType {
    readonly name: string;
    readonly doc: string;
    readonly fields: Fields;
    /** Fields of which a value gives exactly one (a message group's sources); none of them has a default. */
    readonly exactlyOne?: readonly string[];
}

/** An object with the fixed keys of its type's fields. */
export interface ObjectDeclaration extends Common {
    readonly kind: "object";
    readonly type: ObjectType;
    /** Completes "an object: …" in the README, where listing the fields would not say enough. */
    readonly allowed?: string;
}

/** What a list holds, or a map's values: strings of a pattern, or objects of a type. */
export type ItemDeclaration =
    | { readonly kind: "string"; readonly pattern?: RegExp; readonly allowed: string }
    | { readonly kind: "object"; readonly type: ObjectType };

export interface ListDeclaration extends Common {
    readonly kind: "list";
    readonly items: ItemDeclaration;
    /** Completes "a list: …" in the README. */
    readonly allowed: string;
    readonly default?: readonly string[];
}

/** An object with free keys, each value declared alike: tags, message attributes by name. */
export interface MapDeclaration extends Common {
    readonly kind: "map";
    readonly values: ItemDeclaration;
    /** Completes "an object: …" in the README. */
    readonly allowed: string;
}

/** Any JSON object, checked by its own rules: a request body's JSON Schema. */
export interface JsonDeclaration extends Common {
    readonly kind: "json";
    /** Completes "an object: …" in the README. */
    readonly allowed: string;
}

export type Declaration = StringDeclaration | EnumDeclaration | IntegerDeclaration | BooleanDeclaration | ObjectDeclaration
    | ListDeclaration | MapDeclaration | JsonDeclaration;

export type Fields = Readonly<Record<string, Declaration>>;

/** Where a top-level setting applies: the whole API, or the single route (each route's own with `routes`). */
export type Scope = "api" | "single-route";

export type TopDeclaration = Declaration & { readonly scope: Scope };

/** The kinds a field of an object is checked and defaulted by from its declaration alone. */
export type ScalarDeclaration = StringDeclaration | EnumDeclaration | IntegerDeclaration | BooleanDeclaration;

export function isScalar(declaration: Declaration): declaration is ScalarDeclaration {
    return declaration.kind === "string" || declaration.kind === "enum" || declaration.kind === "integer" || declaration.kind === "boolean";
}

/** A named enum from its members, in the order given: `namedEnum("Encryption", "…", { Kms: { value: "kms" } })`. */
export function namedEnum<const M extends Readonly<Record<string, EnumMember>>>(name: string, doc: string, members: M)
    : EnumType<M[keyof M]["value"]> & { readonly members: M } {
    return { name, doc, members, values: Object.values(members).map((member) => member.value) as M[keyof M]["value"][] };
}

/** The enum declaration of a named type's values; spread into a setting's declaration. */
export function choiceOf<const T extends EnumType>(type: T): { readonly kind: "enum"; readonly type: T; readonly values: T["values"] } {
    return { kind: "enum", type, values: type.values };
}

/** An interface of args.ts. */
export function objectType<const F extends Fields>(name: string, doc: string, fields: F, exactlyOne?: readonly (keyof F & string)[])
    : { readonly name: string; readonly doc: string; readonly fields: F; readonly exactlyOne?: readonly string[] } {
    return { name, doc, fields, ...(exactlyOne ? { exactlyOne } : {}) };
}

/** The value of a scalar field, as TypeScript reads it from its declaration. */
export type ValueOf<D> =
    D extends { readonly kind: "integer" } ? number
        : D extends { readonly kind: "boolean" } ? boolean
            : D extends { readonly kind: "enum"; readonly values: readonly (infer V)[] } ? V
                : D extends { readonly kind: "string" } ? string
                    : never;

type Scalar = { readonly kind: "string" | "enum" | "integer" | "boolean" };
type Defaulted = { readonly default: NonNullable<unknown> };
/** A list of strings each checked by a pattern: the walk checks it as it checks a scalar. */
type PatternList = { readonly kind: "list"; readonly items: { readonly kind: "string"; readonly pattern: RegExp } };

type Flatten<T> = { readonly [K in keyof T]: T[K] };

/**
 * An object's fields as the walk resolves them (fieldWalk.ts): scalars with a default always there,
 * the other scalars only when given, lists of patterned strings always (empty when absent). Its
 * other fields (objects, maps, other lists) each have a resolver of their own.
 */
export type Resolved<F> = Flatten<
    { readonly [K in keyof F as F[K] extends Scalar & Defaulted ? K : never]: ValueOf<F[K]> }
    & { readonly [K in keyof F as F[K] extends Scalar ? (F[K] extends Defaulted ? never : K) : never]?: ValueOf<F[K]> }
    & { readonly [K in keyof F as F[K] extends PatternList ? K : never]: readonly string[] }
>;

/**
 * The defaults of declarations as `defaultsOf` (declarations.ts) gathers them, nested as the
 * arguments are: each scalar with a literal default, and each object there by default (no default
 * in words) with its own. A setting added to the declarations is in this type as it is in the value.
 */
export type Defaults<F> = Flatten<
    { readonly [K in keyof F as F[K] extends Scalar & Defaulted ? K : never]: ValueOf<F[K]> }
    & { readonly [K in keyof F as F[K] extends { readonly kind: "object" } ? (F[K] extends { readonly defaultText: string } ? never : K) : never]:
        F[K] extends { readonly type: { readonly fields: infer G } } ? Defaults<G> : never }
>;

/** An object setting that is there by default, each of its fields resolved by the walk. */
type WalkedWhole = { readonly kind: "object"; readonly type: { readonly fields: Readonly<Record<string, Scalar | PatternList>> } };

/**
 * An object's object settings that the walk resolves whole (`walkObjects`): those there by default
 * (no default in words) whose every field the walk checks, such as the stage's throttle.
 */
export type ResolvedObjects<F> = Flatten<{
    readonly [K in keyof F as F[K] extends WalkedWhole ? (F[K] extends { readonly defaultText: string } ? never : K) : never]:
    F[K] extends { readonly type: { readonly fields: infer G } } ? Resolved<G> : never
}>;

/** As `Resolved`, with the fields `K` always there: those a resolver requires. */
export type ResolvedWith<F, K extends keyof Resolved<F>> = Flatten<Resolved<F> & { readonly [P in K]-?: NonNullable<Resolved<F>[P]> }>;

/** Whether a walk checks this field itself: a scalar, or a list of strings with a pattern. */
export function isWalked(declaration: Declaration): boolean {
    return isScalar(declaration) || (declaration.kind === "list" && declaration.items.kind === "string" && declaration.items.pattern !== undefined);
}

/** Whether `walkObjects` resolves this object setting whole: there by default, every field walked. */
export function isWalkedWhole(declaration: Declaration): declaration is ObjectDeclaration {
    return declaration.kind === "object" && declaration.defaultText === undefined && Object.values(declaration.type.fields).every(isWalked);
}
