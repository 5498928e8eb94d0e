/**
 * The player script a page inlines: the asset the package build ships, or, when running from
 * source, a fresh bundle. Read or built once per process.
 */
import { readFile } from "node:fs/promises";
import { bundlePageScript, PAGE_ASSET } from "./bundle-page.js";

let script: Promise<string> | undefined;

export function pageScript(): Promise<string> {
  script ??= readFile(new URL(PAGE_ASSET, import.meta.url), "utf8")
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      return bundlePageScript();
    })
    .catch((error: unknown) => {
      script = undefined;
      throw error;
    });
  return script;
}
