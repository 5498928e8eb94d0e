import { cp, mkdir, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { DeepReplayError } from "@deepreplay/frames";
import { appDirectory, loadAppFiles } from "./app-files.js";

/**
 * `deepreplay view --out DIR`: the app as static files anyone can host. Without a server behind
 * it the page opens recordings by drag-and-drop or its file picker. Returns the folder written.
 */
export async function writeStaticApp(out: string, from = appDirectory()): Promise<string> {
  await loadAppFiles(from);
  const target = resolve(out);
  const existing = await stat(target).catch(() => undefined);
  if (existing && !existing.isDirectory()) {
    throw new DeepReplayError("OUT_NOT_A_FOLDER", `${target} exists and is not a folder.`, {
      hint: "Pass --out a folder (it is created when missing).",
    });
  }
  await mkdir(target, { recursive: true });
  await cp(from, target, { recursive: true });
  return target;
}
