/**
 * Benchmark: the browser bundle of each entry a page imports, made by esbuild as a page would
 * (--bundle --platform=browser --format=esm, minified), from the built packages (dist/) or, with
 * --source, from src/. Prints the bytes of each bundle, raw and gzipped, and the time esbuild took.
 * A Node built-in in any of them fails the build, and the script with it. Then Vite's production
 * build of examples/in-a-page/main.ts (every entry at once), its size and time.
 *
 *   npx tsx tools/bench/browser-bundle.ts [--source]
 */
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { build as viteBuild, type Rolldown } from "vite";

const { values: args } = parseArgs({ options: { source: { type: "boolean", default: false } } });
const ENTRIES = [
  "@deepreplay/frames",
  "@deepreplay/datasets",
  "@deepreplay/recorder",
  "@deepreplay/recorder/tfjs",
  "@deepreplay/recorder/keras",
  "@deepreplay/core",
  "@deepreplay/render-svg/plots",
];
const root = fileURLToPath(new URL("../..", import.meta.url));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(6)} KiB`;

console.log(`esbuild --platform=browser --minify, from ${args.source ? "src/" : "dist/"}`);
for (const entry of ENTRIES) {
  const started = performance.now();
  const { outputFiles } = await build({
    stdin: { contents: `export * from "${entry}";`, resolveDir: root, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    conditions: args.source ? ["@deepreplay/source"] : [],
    logLevel: "error",
  });
  const bytes = outputFiles[0].contents;
  console.log(
    `${entry.padEnd(30)} ${kib(bytes.byteLength)}  gzip ${kib(gzipSync(bytes).byteLength)}  ${(performance.now() - started).toFixed(0).padStart(5)} ms`,
  );
}

const outDir = mkdtempSync(join(tmpdir(), "deepreplay-vite-"));
const started = performance.now();
const built = (await viteBuild({
  configFile: false,
  logLevel: "error",
  resolve: { conditions: args.source ? ["@deepreplay/source", "browser", "module", "import", "default"] : undefined },
  build: {
    outDir,
    lib: { entry: join(root, "examples/in-a-page/main.ts"), formats: ["es"], fileName: "main" },
    minify: true,
    reportCompressedSize: false,
  },
})) as Rolldown.RolldownOutput[];
const chunks = built.flatMap((result) => result.output).filter((file) => file.type === "chunk");
const viteBytes = chunks.reduce((sum, chunk) => sum + chunk.code.length, 0);
console.log(
  `vite build examples/in-a-page/main.ts   ${kib(viteBytes)}  gzip ${kib(chunks.reduce((sum, chunk) => sum + gzipSync(chunk.code).byteLength, 0))}  ${(performance.now() - started).toFixed(0).padStart(5)} ms`,
);
rmSync(outDir, { recursive: true, force: true });
