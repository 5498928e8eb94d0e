import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { DeepReplayError } from "@deepreplay/frames";
import { contentType } from "./content-types.js";

/** One file of the built app, held in memory: the server never maps a URL onto the disk. */
export interface AppFile {
  readonly body: Buffer;
  readonly type: string;
}

/**
 * Where `vite build` puts the app: `dist/app` of this package, two folders above this module both
 * in `src/server` (tests, from source) and in `dist/server` (the built package).
 */
export function appDirectory(): string {
  return fileURLToPath(new URL("../../dist/app/", import.meta.url));
}

/** Every file of the built app, by the URL path it is served at ("/" for index.html). */
export async function loadAppFiles(directory = appDirectory()): Promise<Map<string, AppFile>> {
  const names = await listFiles(directory).catch((): string[] => []);
  if (!names.includes(join(directory, "index.html"))) {
    throw new DeepReplayError(
      "WEB_APP_NOT_BUILT",
      `The web app is not built: ${join(directory, "index.html")} does not exist.`,
      {
        hint: "Run `npm run build` (it builds packages/web with Vite).",
      },
    );
  }
  const files = new Map<string, AppFile>();
  for (const path of names) {
    const url = "/" + relative(directory, path).split(sep).join("/");
    files.set(url === "/index.html" ? "/" : url, { body: await readFile(path), type: contentType(path) });
  }
  return files;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name);
      return entry.isDirectory() ? listFiles(path) : Promise.resolve(entry.isFile() ? [path] : []);
    }),
  );
  return nested.flat();
}
