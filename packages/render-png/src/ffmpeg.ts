import { spawn, type ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { DeepReplayError } from "@deepreplay/frames";

const INSTALL_HINT =
  "MP4 needs a system ffmpeg: install it (Debian/Ubuntu: `apt-get install ffmpeg`, macOS: `brew install ffmpeg`), " +
  "pass ffmpegPath, or write a .gif instead.";

/** Fails with FFMPEG_NOT_FOUND unless `ffmpeg -version` runs. */
export async function assertFfmpeg(ffmpegPath: string): Promise<void> {
  const child = spawn(ffmpegPath, ["-hide_banner", "-version"], { stdio: "ignore" });
  const outcome = await new Promise<number | Error | null>((resolve) => {
    child.on("exit", resolve);
    child.on("error", resolve);
  });
  if (outcome instanceof Error) {
    throw new DeepReplayError("FFMPEG_NOT_FOUND", `Cannot run ffmpeg at "${ffmpegPath}" (${outcome.message}).`, {
      hint: INSTALL_HINT,
      cause: outcome,
    });
  }
  if (outcome !== 0) {
    throw new DeepReplayError("FFMPEG_NOT_FOUND", `"${ffmpegPath} -version" exited with code ${outcome}.`, {
      hint: INSTALL_HINT,
    });
  }
}

export interface Mp4Options {
  ffmpegPath: string;
  width: number;
  height: number;
  fps: number;
  /** Where ffmpeg writes the MP4 (the format is forced, so the name needs no .mp4). */
  path: string;
}

/**
 * An H.264 encoder fed raw RGBA frames through stdin. Odd sizes are padded by one pixel, since
 * yuv420p needs even ones.
 */
export class Mp4Encoder {
  private readonly child: ChildProcessByStdio<Writable, null, Readable>;
  private readonly exited: Promise<number | null>;
  private stderr = "";
  private ended = false;

  constructor({ ffmpegPath, width, height, fps, path }: Mp4Options) {
    // biome-ignore format: ffmpeg's arguments stay grouped by stage (input, filter and codec, output)
    const args = [
      "-hide_banner", "-loglevel", "error", "-y",
      "-f", "rawvideo", "-pix_fmt", "rgba", "-video_size", `${width}x${height}`, "-framerate", String(fps), "-i", "pipe:0",
      "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
      "-f", "mp4", path,
    ];
    this.child = spawn(ffmpegPath, args, { stdio: ["pipe", "ignore", "pipe"] });
    this.child.stderr
      .setEncoding("utf8")
      .on("data", (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    // A write after ffmpeg died fails with EPIPE; the exit code and stderr tell the real story.
    this.child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      const end = (code: number | null) => ((this.ended = true), resolve(code));
      this.child.on("exit", end);
      this.child.on("error", () => end(null));
    });
  }

  async write(pixels: Uint8Array): Promise<void> {
    if (this.child.stdin.write(pixels)) return;
    // Wait for ffmpeg to take more, or to die (then its stdin never drains).
    await Promise.race([once(this.child.stdin, "drain").catch(() => undefined), this.exited]);
    if (this.ended) throw this.failure();
  }

  async finish(): Promise<void> {
    this.child.stdin.end();
    if ((await this.exited) !== 0) throw this.failure();
  }

  /** Kills ffmpeg and waits for it to exit, so it cannot write the file after it is deleted. */
  async abort(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exited;
  }

  private failure(): DeepReplayError {
    return new DeepReplayError(
      "FFMPEG_FAILED",
      `ffmpeg failed while encoding the MP4: ${this.stderr.trim() || "no message"}`,
      {
        hint: "Check that your ffmpeg has the libx264 encoder (`ffmpeg -encoders`) and the disk has room.",
      },
    );
  }
}
