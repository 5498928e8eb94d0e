// The workspace build (`npm run build`): every package in one `tsc -b` over the project references
// of tsconfig.build.json, so the compiler starts once and parses the shared declarations (lib,
// @types/node, tfjs, the workspace's own) once instead of once per package, and rebuilds only
// what changed (dist/*.tsbuildinfo). It emits JS and declarations without type-checking, as a
// transpiler would: `npm test` and `npm run typecheck` type-check every source and test.
// Then the two bundles packages ship: render-html's page script and render-png's rendering
// thread. The web app's Vite build reads the workspace's sources, not dist/, so it runs beside the
// compiler, on a thread of its own.
import { readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import ts from "typescript";

const root = new URL("../", import.meta.url);
const packages = readdirSync(new URL("packages/", root));

/**
 * A package's build references must be its workspace dependencies: without type-checking, a
 * missing one would not fail the build but emit declarations against a dependency not yet built.
 */
function referenceMismatches() {
  const mismatches = [];
  for (const name of packages) {
    const dir = new URL(`packages/${name}/`, root);
    const { dependencies = {} } = JSON.parse(readFileSync(new URL("package.json", dir), "utf8"));
    const wanted = Object.keys(dependencies)
      .filter((dependency) => dependency.startsWith("@deepreplay/"))
      .map((dependency) => `../${dependency.slice("@deepreplay/".length)}/tsconfig.build.json`)
      .sort();
    const { config } = ts.readConfigFile(new URL("tsconfig.build.json", dir).pathname, ts.sys.readFile);
    const actual = (config.references ?? []).map(({ path }) => path).sort();
    if (wanted.join() !== actual.join()) {
      mismatches.push(
        `packages/${name}/tsconfig.build.json references [${actual.join(", ")}], its package.json's workspace dependencies are [${wanted.join(", ")}]`,
      );
    }
  }
  const listed = (
    ts.readConfigFile(new URL("tsconfig.build.json", root).pathname, ts.sys.readFile).config.references ?? []
  ).map(({ path }) => path);
  for (const name of packages) {
    if (!listed.includes(`packages/${name}/tsconfig.build.json`))
      mismatches.push(`tsconfig.build.json does not reference packages/${name}/tsconfig.build.json`);
  }
  return mismatches;
}

const mismatches = referenceMismatches();
if (mismatches.length > 0) {
  console.error(
    `build: the project references disagree with the packages:\n  ${mismatches.join("\n  ")}\nMake each tsconfig.build.json's "references" list its @deepreplay dependencies.`,
  );
  process.exit(1);
}

const webApp = new Worker(new URL("./build-web.mjs", import.meta.url));
const webAppBuilt = new Promise((resolve, reject) => {
  webApp.once("error", reject);
  webApp.once("exit", (code) =>
    code === 0 ? resolve() : reject(new Error(`the web app's build exited with ${code}`)),
  );
});

const reportDiagnostic = (diagnostic) =>
  console.error(
    ts.formatDiagnostic(diagnostic, {
      getCanonicalFileName: (file) => file,
      getCurrentDirectory: ts.sys.getCurrentDirectory,
      getNewLine: () => "\n",
    }),
  );
const host = ts.createSolutionBuilderHost(ts.sys, undefined, reportDiagnostic);
const status = ts
  .createSolutionBuilder(host, [new URL("tsconfig.build.json", root).pathname], { noCheck: true })
  .build();
if (status !== ts.ExitStatus.Success) process.exit(1);

const { writePageAsset } = await import("../packages/render-html/dist/bundle-page.js");
const { writeWorkerBundle } = await import("../packages/render-png/dist/bundle-worker.js");
await Promise.all([
  writePageAsset(new URL("packages/render-html/dist/", root)),
  writeWorkerBundle(new URL("packages/render-png/dist/", root)),
]);
await webAppBuilt;
