import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "public/leaflet/**", "app/generated/**", ".cache/**", "node_modules/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: { ...reactHooks.configs.recommended.rules, ...jsxA11y.flatConfigs.recommended.rules },
  },
  {
    // The functional core stays pure: no Remix, no Prisma, no server-only modules.
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*", "@prisma/*", "~/generated/*", "*.server", "~/db.server", "node:*"], message: "app/domain must stay pure." },
          ],
        },
      ],
    },
  },
  {
    // Form bodies are read with a size limit and a French 400/413 (docs/security.md "Limits").
    files: ["app/routes/**/*.{ts,tsx}", "app/services/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='formData'][callee.object.name='request']",
          message: "Read forms with readFormData(request) from ~/utils/form-guard.server (1 MiB limit, French 400/413).",
        },
      ],
    },
  },
  {
    files: ["tests/**/*.ts"],
    languageOptions: { globals: { ...globals.vitest } },
  },
);
