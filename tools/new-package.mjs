// One-off scaffolder kept for adding packages: writes package.json and tsconfigs in the workspace's shape.
import { copyFileSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
const [name, description] = process.argv.slice(2);
const dir = `packages/${name}`;
mkdirSync(`${dir}/src`, { recursive: true });
mkdirSync(`${dir}/test`, { recursive: true });
const pkg = {
  name: `@deepreplay/${name}`,
  version: "0.1.0",
  description,
  type: "module",
  license: "MIT",
  files: ["dist", "!dist/*.tsbuildinfo", "src", "LICENSE", "CHANGELOG.md"],
  exports: {
    ".": { "@deepreplay/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
  },
  scripts: {
    build: "tsc -b tsconfig.build.json",
    typecheck: "tsc -p tsconfig.json --noEmit",
  },
  dependencies: {},
};
if (!existsSync(`${dir}/package.json`)) writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
copyFileSync("LICENSE", `${dir}/LICENSE`);
if (!existsSync(`${dir}/CHANGELOG.md`)) writeFileSync(`${dir}/CHANGELOG.md`, `# @deepreplay/${name}\n`);
writeFileSync(
  `${dir}/tsconfig.json`,
  JSON.stringify(
    { extends: "../../tsconfig.base.json", compilerOptions: { noEmit: true }, include: ["src", "test"] },
    null,
    2,
  ) + "\n",
);
writeFileSync(
  `${dir}/tsconfig.build.json`,
  JSON.stringify(
    {
      extends: "../../tsconfig.base.json",
      compilerOptions: {
        rootDir: "src",
        outDir: "dist",
        customConditions: [],
        composite: true,
        tsBuildInfoFile: "dist/tsconfig.build.tsbuildinfo",
      },
      include: ["src"],
    },
    null,
    2,
  ) + "\n",
);
console.log(
  `Add { "path": "${dir}/tsconfig.build.json" } to the root tsconfig.build.json's references, and one reference per @deepreplay dependency to ${dir}/tsconfig.build.json (the build checks both).`,
);
