import { DeepReplayError, numberOption, sizeOption, type RenderOptions } from "@deepreplay/frames";
import { isFigure, type Drawable } from "./drawable.js";
import { frameError, type EncodedFrame, type FrameJob, type StageTimes } from "./frame-job.js";
import { assertFfmpeg } from "./ffmpeg.js";
import { gifDelayMs } from "./gif.js";
import { animationFormat, PendingOutput, type AnimationFormat } from "./output.js";
import { createSink } from "./sinks.js";
import { startRenderingThreads, type RenderingThreads } from "./threads.js";

/**
 * Options of an animation. Width, height and title go to the SVG renderer, per frame.
 */
export interface AnimateOptions extends RenderOptions {
  /** Output file; its extension picks the format: .gif (encoded in JavaScript) or .mp4 (system ffmpeg). */
  out: string;
  /** Frames per second. Default 5, the original's 200 ms per epoch; a GIF allows at most 50. */
  fps?: number;
  /** Pixels per CSS pixel of the drawing. Default 1. */
  scale?: number;
  /** CSS colour under each frame. Default "white". */
  background?: string;
  /** Called after each frame is written; `total` is known for arrays or when passed as an option. */
  onProgress?: (done: number, total: number | undefined) => void;
  /** The number of frames, for progress reports when `frames` is not an array. */
  total?: number;
  /**
   * Renderer plugin modules each rendering thread imports (they register themselves): package
   * names, absolute paths or file URLs. Default ["@deepreplay/render-svg"].
   */
  plugins?: readonly string[];
  /** Rendering threads. Default: one per core. 0 renders on this thread with the plugins registered here. */
  threads?: number;
  /**
   * Threads started beforehand with startRenderingThreads (in place of `threads` and `plugins`),
   * e.g. while the recording opens, or shared by animations drawn side by side; left running.
   */
  renderingThreads?: RenderingThreads;
  /** The ffmpeg executable for MP4. Default "ffmpeg" (found on PATH). */
  ffmpegPath?: string;
}

export interface AnimationResult {
  /** Absolute path of the written file. */
  path: string;
  format: AnimationFormat;
  frames: number;
  width: number;
  height: number;
  /** Time spent per stage, summed over frames and threads, in milliseconds. */
  times: StageTimes;
}

/**
 * Draws a sequence of frames into a GIF or MP4 (the original's `animate`), or of figures, several
 * panels per epoch (the original's `compose_animations`). Frames are drawn and encoded on worker
 * threads and written in order; the sequence is read lazily, a few frames ahead of the writer, so
 * a long replay never sits in memory whole. The file appears only when complete.
 */
export async function animate(
  frames: Iterable<Drawable> | AsyncIterable<Drawable>,
  options: AnimateOptions,
): Promise<AnimationResult> {
  const {
    out,
    fps = 5,
    scale = 1,
    background = "white",
    onProgress,
    total: givenTotal,
    plugins,
    threads,
    renderingThreads,
    ...rest
  } = options;
  const { ffmpegPath = "ffmpeg", ...render } = rest;
  const format = animationFormat(out);
  checkOptions(format, fps, scale, render);
  if (renderingThreads && (threads !== undefined || plugins !== undefined)) {
    throw new DeepReplayError(
      "INVALID_OPTION",
      "Both renderingThreads and threads or plugins were given for an animation.",
      {
        hint: "Pass threads and plugins to startRenderingThreads, or to animate without renderingThreads.",
      },
    );
  }
  if (format === "mp4") await assertFfmpeg(ffmpegPath);
  const total = givenTotal ?? (Array.isArray(frames) ? frames.length : undefined);

  const output = await PendingOutput.open(out);
  const sink = createSink(format, output, fps, ffmpegPath);
  let encoder: RenderingThreads | undefined;
  const times: StageTimes = { svg: 0, raster: 0, encode: 0 };
  let size: { width: number; height: number } | undefined;
  let written = 0;
  const inFlight: Promise<EncodedFrame>[] = [];

  const writeNext = async () => {
    const encoded = await inFlight.shift()!;
    if (!encoded.ok) throw frameError(encoded, written);
    size ??= { width: encoded.width, height: encoded.height };
    if (encoded.width !== size.width || encoded.height !== size.height) {
      throw new DeepReplayError(
        "FRAME_SIZE_MISMATCH",
        `Frame ${written} is ${encoded.width}×${encoded.height}, the first was ${size.width}×${size.height}.`,
        {
          hint: "Pass width and height so every frame is drawn at the same size.",
        },
      );
    }
    await sink.write(encoded.bytes, encoded.width, encoded.height);
    for (const stage of ["svg", "raster", "encode"] as const) times[stage] += encoded.times[stage];
    written++;
    onProgress?.(written, total);
  };

  try {
    encoder = renderingThreads ?? startRenderingThreads({ threads, plugins });
    let index = 0;
    for await (const item of frames) {
      checkItem(item, index);
      const job: FrameJob = { item, format, render, scale, background, delayMs: gifDelayMs(index++, fps) };
      const encoded = encoder.encode(job);
      encoded.catch(() => undefined); // awaited in order by writeNext
      inFlight.push(encoded);
      // Enough frames ahead to keep every thread busy, few enough to bound memory.
      if (inFlight.length >= Math.max(2, 2 * encoder.threads)) await writeNext();
    }
    while (inFlight.length > 0) await writeNext();
    if (!size) {
      throw new DeepReplayError("NO_FRAMES", "The animation has no frames.", {
        hint: "Pass at least one frame (check the epoch range).",
      });
    }
    await sink.finish();
    await output.commit();
    return { path: output.path, format, frames: written, ...size, times };
  } catch (error) {
    await sink.abort();
    await output.discard();
    throw error;
  } finally {
    if (!renderingThreads) await encoder?.close();
  }
}

function checkOptions(format: AnimationFormat, fps: number, scale: number, { width, height }: RenderOptions): void {
  const fpsHint =
    format === "gif"
      ? "GIF counts time in hundredths of a second; write an .mp4 for higher rates."
      : "Pass e.g. { fps: 10 }.";
  numberOption("fps", fps, { above: 0, max: format === "gif" ? 50 : 240 }, fpsHint);
  numberOption("scale", scale, { above: 0 });
  sizeOption("width", width, { integer: true });
  sizeOption("height", height, { integer: true });
}

function checkItem(item: Drawable, index: number): void {
  if (
    typeof item !== "object" ||
    item === null ||
    (typeof (item as { kind?: unknown }).kind !== "string" && !isFigure(item))
  ) {
    throw new DeepReplayError("INVALID_FRAME", `Item ${index} of the animation is neither a frame nor a figure.`, {
      hint: "Pass frames (objects with a kind, as core produces them) or figures (with panels).",
    });
  }
}
