import { readdirSync } from "node:fs";
import { defineProject } from "vitest/config";

// One test project per package: packages/<name>/test/**/*.test.ts, importing siblings from source.
const conditions = ["@deepreplay/source", "node", "import", "default"];

export default readdirSync(new URL("./packages", import.meta.url)).map((name) =>
  defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      name,
      root: `packages/${name}`,
      include: ["test/**/*.test.ts"],
      environment: "node",
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
