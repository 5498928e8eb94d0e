/**
 * Bundles the rendering thread (src/worker.ts with render-svg, Observable Plot and d3) into one
 * ES module with esbuild. A thread then loads one file instead of some 400 modules, some 100 ms
 * sooner on the way to an animation's first frame (tools/bench/thread-start.ts). The package
 * build runs it once and ships the result as dist/worker.bundle.js; from source, threads run
 * src/worker.ts as it is.
 */
import { fileURLToPath } from "node:url";
import { DeepReplayError } from "@deepreplay/frames";

/** The thread's entry, from src/ or dist/ alike (both sit one level under the package root). */
const ENTRY = fileURLToPath(new URL("../src/worker.ts", import.meta.url));

export const WORKER_BUNDLE = "worker.bundle.js";

/**
 * Left to be imported at run time: native code and modules that read files beside themselves
 * (resvg, jsdom, the fonts, gifenc through require), and @deepreplay/frames, whose one copy the
 * thread shares with the plugin modules it imports (its error class and renderer registry).
 */
const EXTERNAL = ["@deepreplay/frames", "@resvg/resvg-js", "jsdom", "gifenc", "dejavu-fonts-ttf"];

/** Writes the bundled thread into `dir` (the package build calls this with dist/). */
export async function writeWorkerBundle(dir: URL): Promise<URL> {
  const esbuild = await import("esbuild").catch((cause: unknown) => {
    throw new DeepReplayError("WORKER_UNAVAILABLE", "esbuild, which bundles the rendering thread, is not installed.", {
      hint: "Build @deepreplay/render-png in its workspace (npm ci, then npm run build), where esbuild is installed.",
      cause,
    });
  });
  const file = new URL(WORKER_BUNDLE, dir);
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile: fileURLToPath(file),
    bundle: true,
    format: "esm",
    platform: "node",
    target: ["node20"],
    external: EXTERNAL,
    // Workspace packages from their TypeScript sources, as render-html bundles its page.
    conditions: ["@deepreplay/source"],
    logLevel: "silent",
  });
  return file;
}
