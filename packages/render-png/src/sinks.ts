import { Mp4Encoder } from "./ffmpeg.js";
import { GIF_TRAILER, gifHeader } from "./gif.js";
import type { AnimationFormat, PendingOutput } from "./output.js";

/** Where encoded frames go, in order; the first frame fixes the size. */
export interface FrameSink {
  write(bytes: Uint8Array, width: number, height: number): Promise<void>;
  finish(): Promise<void>;
  /** Stops writing; resolves once nothing writes the output any more. */
  abort(): Promise<void>;
}

export function createSink(format: AnimationFormat, output: PendingOutput, fps: number, ffmpegPath: string): FrameSink {
  return format === "gif" ? gifSink(output) : mp4Sink(output, fps, ffmpegPath);
}

function gifSink(output: PendingOutput): FrameSink {
  let started = false;
  return {
    async write(bytes, width, height) {
      if (!started) await output.write(gifHeader(width, height));
      started = true;
      await output.write(bytes);
    },
    finish: () => output.write(GIF_TRAILER),
    abort: async () => undefined,
  };
}

/** ffmpeg writes the temporary file itself; it starts with the first frame, when the size is known. */
function mp4Sink(output: PendingOutput, fps: number, ffmpegPath: string): FrameSink {
  let encoder: Mp4Encoder | undefined;
  return {
    write(pixels, width, height) {
      encoder ??= new Mp4Encoder({ ffmpegPath, width, height, fps, path: output.tempPath });
      return encoder.write(pixels);
    },
    finish: async () => encoder?.finish(),
    abort: async () => encoder?.abort(),
  };
}
