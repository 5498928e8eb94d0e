import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A folder laid out like the built app (index.html, assets/), beside a secret the server must
 * never hand out: the server's own tests need its routing, not the app.
 */
export async function appAndSecret(): Promise<{ root: string; app: string; secret: string; secretText: string }> {
  const root = await mkdtemp(join(tmpdir(), "deepreplay-web-"));
  const app = join(root, "app");
  await mkdir(join(app, "assets"), { recursive: true });
  await writeFile(join(app, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(join(app, "assets", "main.js"), "console.log('app');");
  const secretText = "SECRET-" + Math.random().toString(36).slice(2);
  const secret = join(root, "secret.txt");
  await writeFile(secret, secretText);
  await writeFile(join(app, "..", "package.json"), secretText);
  return { root, app, secret, secretText };
}
