import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { appDirectory, loadAppFiles } from "../../packages/web/src/server/app-files.js";

const PACKAGE = fileURLToPath(new URL("../../packages/web/", import.meta.url));

/** The built app: `npm test` builds it first; a test run on its own builds it once when missing. */
export function builtApp(): string {
  const directory = appDirectory();
  // vite's exports name no bin: its script is found beside its package.json.
  const vite = fileURLToPath(new URL("bin/vite.js", import.meta.resolve("vite/package.json")));
  if (!existsSync(`${directory}index.html`))
    execFileSync(process.execPath, [vite, "build"], { cwd: PACKAGE, stdio: "inherit" });
  return directory;
}

/**
 * The app hosted as plain static files, as `deepreplay view --out` leaves it for any web server:
 * no /api behind it, so it opens files by drag-and-drop or its picker.
 */
export async function hostStatic(directory: string): Promise<{ url: string; close(): Promise<void> }> {
  const files = await loadAppFiles(directory);
  const server = createServer((request, response) => {
    const file = files.get((request.url ?? "").split("?")[0]);
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
