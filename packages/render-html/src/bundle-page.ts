/**
 * Bundles the page's player (src/page/main.ts with render-svg's plots and Observable Plot) into
 * one browser script with esbuild. The package build runs it once and ships the result as
 * dist/assets/replay-page.js; run from source (tests, development) it is bundled on first use.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { DeepReplayError } from "@deepreplay/frames";

/** The player's entry, from src/ or dist/ alike (both sit one level under the package root). */
const ENTRY = fileURLToPath(new URL("../src/page/main.ts", import.meta.url));

export const PAGE_ASSET = "assets/replay-page.js";

export async function bundlePageScript(): Promise<string> {
  const esbuild = await import("esbuild").catch((cause: unknown) => {
    throw new DeepReplayError(
      "PAGE_SCRIPT_MISSING",
      `The replay page's script is not built (no ${PAGE_ASSET}) and esbuild is not there to build it.`,
      {
        hint: "Build @deepreplay/render-html (npm run build), which bundles the page script into dist/.",
        cause,
      },
    );
  });
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    minify: true,
    legalComments: "none",
    // Workspace packages from their TypeScript sources, as the tests see them.
    conditions: ["@deepreplay/source"],
    logLevel: "silent",
  });
  const script = result.outputFiles[0].text;
  // Inlined in a <script> element, the text must not close it or open an HTML comment.
  if (/<\/script|<!--/i.test(script)) {
    throw new DeepReplayError("PAGE_SCRIPT_UNSAFE", "The bundled page script contains </script or <!--.", {
      hint: "Escape that sequence in the page sources.",
    });
  }
  return script;
}

/** Writes the bundled script into `dir` (the package build calls this with dist/). */
export async function writePageAsset(dir: URL): Promise<URL> {
  const file = new URL(PAGE_ASSET, dir);
  await mkdir(new URL(".", file), { recursive: true });
  await writeFile(file, await bundlePageScript());
  return file;
}
