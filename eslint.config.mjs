// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

const providerPackages = [
  "@cdktf/provider-aws",
  "@cdktf/provider-azurerm",
  "@cdktf/provider-databricks",
  "@cdktf/provider-time",
];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "jest.config.js"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // The provider packages' index re-exports ~1,500 resource classes: importing it costs ~17x synth
      // time and ~12x memory (DESIGN.md §3). Only `@cdktf/provider-x/lib/<resource>` is allowed.
      "no-restricted-imports": [
        "error",
        {
          paths: providerPackages.map((name) => ({
            name,
            message: `Import the resource module instead: ${name}/lib/<resource>. The package root loads every resource.`,
          })),
          patterns: [
            {
              regex: "^@cdktf/provider-(aws|azurerm|databricks|time)/lib$",
              message: "Import a resource module (lib/<resource>), not the lib index.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
    },
  },
);
