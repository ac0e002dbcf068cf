// Typed lint: @pulumi/eslint-plugin needs type information to see an Output inside a template
// literal (it renders as "Calling [toString] on an [Output<T>]..." instead of the value). The types
// come from one program, tsconfig.json's, which holds every TypeScript file of the project (the
// component's and the pack's included), as the type check does: built once, not once per folder
// with a tsconfig.json of its own.
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    // components/workers/ is the package's copy of the example worker, written by npm pack (prepack),
    // which the end-to-end tests run while the lint runs beside them.
    { ignores: ["node_modules/", "bin/", "**/dist/", "components/workers/", "**/*.js", "**/*.mjs"] },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
        },
    },
);
