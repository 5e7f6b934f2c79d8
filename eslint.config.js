// ESLint with typescript-eslint's type-aware rules, for the bugs the compiler lets through:
// promises nobody awaits or that are passed where a callback is expected, values never used,
// `any` leaking into typed code. Rules about taste are off (the code is not churned for them);
// formatting is Prettier's (eslint-config-prettier turns off the rules it owns).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "action/dist/**",
      ".cache/**",
      "coverage/**",
      "bench/out/**",
      "test/fixtures/**",
      "test/runtime/scenarios/**",
      "test/runtime/template/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "bin/*.js", "scripts/*.mjs", "bench/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Bugs: kept, and stated so a preset change cannot drop them.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      "@typescript-eslint/only-throw-error": ["error", { allowThrowingUnknown: true }],
      // Taste, not bugs: an async function without await satisfies an async interface; an
      // assertion the compiler finds redundant is harmless; ANSI escapes in regexes are meant.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      "prefer-const": "off",
      "no-control-regex": "off",
    },
  },
  {
    // Plain JavaScript run by Node: its globals.
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { URL: "readonly", console: "readonly", process: "readonly" } },
  },
  {
    // Tests read JSON from fixtures, fakes and snapshots: `any` there is the data under test,
    // checked by the assertions. Floating promises and unused values stay errors in tests too.
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
    },
  },
  prettier,
);
