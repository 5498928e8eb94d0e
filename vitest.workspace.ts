import { readdirSync } from "node:fs";
import { defineProject } from "vitest/config";

// One test project per package (packages/<name>/test/**/*.test.ts) and one for the runnable
// examples; all import the packages from source.
const conditions = ["@deepreplay/source", "node", "import", "default"];

const packages = readdirSync(new URL("./packages", import.meta.url)).map((name) => ({
  name,
  root: `packages/${name}`,
  include: ["test/**/*.test.ts"],
}));
const examples = { name: "examples", root: "examples", include: ["**/*.test.ts"] };

export default [...packages, examples].map(({ name, root, include }) =>
  defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      name,
      root,
      include,
      environment: "node",
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
