import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig, type Plugin } from "vite";

/** The library from its TypeScript sources, in its browser form. */
const conditions = ["@deepreplay/source", "browser", "module", "import", "default"];

/**
 * tfjs' WASM backend loads its binaries from a folder at run time: they go into `wasm/` beside
 * the page, and the worker hands that folder to core's `wasmPath`.
 */
function tfjsWasmBinaries(): Plugin {
  const folder = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm"));
  return {
    name: "deepreplay-tfjs-wasm",
    generateBundle() {
      for (const name of readdirSync(folder).filter((file) => file.endsWith(".wasm"))) {
        this.emitFile({ type: "asset", fileName: `wasm/${name}`, source: readFileSync(join(folder, name)) });
      }
    },
  };
}

export default defineConfig({
  // Relative URLs: the same files work under `deepreplay serve`, from `deepreplay view --out`, under any folder of any host.
  base: "./",
  resolve: { conditions },
  worker: { format: "es", plugins: () => [] },
  plugins: [tfjsWasmBinaries()],
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    reportCompressedSize: false,
  },
  logLevel: "warn",
});
