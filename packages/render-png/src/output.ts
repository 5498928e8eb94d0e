import { open, rename, rm, stat, type FileHandle } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { DeepReplayError } from "@deepreplay/frames";

export const ANIMATION_FORMATS = ["gif", "mp4"] as const;
export type AnimationFormat = (typeof ANIMATION_FORMATS)[number];

/** The format an output path asks for, by its extension. */
export function animationFormat(out: string): AnimationFormat {
  const extension = extname(out).slice(1).toLowerCase();
  const format = ANIMATION_FORMATS.find((f) => f === extension);
  if (!format) {
    throw new DeepReplayError("UNSUPPORTED_OUTPUT", `Cannot write an animation to "${out}".`, {
      hint: `Supported extensions: ${ANIMATION_FORMATS.map((f) => `.${f}`).join(", ")}.`,
    });
  }
  return format;
}

/**
 * An output written through a temporary file in the destination folder and renamed over the
 * destination only when complete: a failed run leaves neither a partial file nor a damaged old one.
 * Opening it is the writability check, so it fails before any work starts.
 */
export class PendingOutput {
  private constructor(
    readonly path: string,
    readonly tempPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(out: string): Promise<PendingOutput> {
    const path = resolve(out);
    if ((await stat(path).catch(() => undefined))?.isDirectory()) {
      throw notWritable(path, "it is a folder");
    }
    const tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
    try {
      return new PendingOutput(path, tempPath, await open(tempPath, "wx"));
    } catch (cause) {
      throw notWritable(path, (cause as NodeJS.ErrnoException).code ?? String(cause), cause);
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes);
  }

  /** Closes the file and moves it into place. */
  async commit(): Promise<void> {
    await this.handle.close();
    await rename(this.tempPath, this.path);
  }

  /** Closes and deletes the temporary file; safe to call after a failed commit. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}

function notWritable(path: string, reason: string, cause?: unknown): DeepReplayError {
  return new DeepReplayError("PATH_NOT_WRITABLE", `Cannot write "${path}" (${reason}).`, {
    hint: "Choose a file path in an existing folder you can write to.",
    cause,
  });
}
