// Lint rules: typescript-eslint's recommended set, Prettier for layout (eslint-config-prettier turns
// off the style rules it owns), and the layers of functions/src kept apart (STYLE.md "Layout"):
// platform/ knows nothing of core/ or api/, core/ nothing of api/, webhooks/ or schedules/ (type-only
// imports are allowed: they vanish from the built code).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (from, forbidden) => ({
  files: [`functions/src/${from}/**/*.ts`],
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      {
        patterns: forbidden.map((dir) => ({
          group: [`**/${dir}/*`, `**/${dir}`],
          message: `${from}/ may not import ${dir}/ at run time (STYLE.md "Layout"); a type-only import is fine.`,
          allowTypeImports: true,
        })),
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "functions/lib/**",
      "coverage/**",
      "bench/results/**",
      "clients/**/dist/**",
      "clients/typescript/src/schema.d.ts",
      ".firebase/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      eqeqeq: ["error", "always"],
      // Input sanitizing matches control characters on purpose.
      "no-control-regex": "off",
      "no-console": "off",
    },
  },
  layer("platform", ["core", "api", "webhooks", "schedules"]),
  layer("core", ["api", "webhooks", "schedules"]),
  {
    // index.ts and lazy-exports.ts load modules by name on purpose (a deployed function loads only its own).
    files: ["functions/src/index.ts", "functions/src/lazy-exports.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["jest.*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["scripts/**/*.mjs", "functions/scripts/**/*.mjs", "bench/**/*.mjs", "tests/**/*.mjs", "*.mjs", "*.js"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  prettier,
);
