#!/usr/bin/env node
// The `deepreplay` command. This launcher is committed, not built: npm links a package's bin only
// if its file exists at install time, and in a fresh workspace dist/ appears only with the build.
import { existsSync } from "node:fs";

const entry = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("error: deepreplay is not built yet. Run `npm run build` at the workspace's root first.\n");
  process.exit(1);
}
await import(entry.href);
