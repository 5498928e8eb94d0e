import { DeepReplayError, type ErrorCode, type RenderOptions } from "@deepreplay/frames";
import type { Drawable } from "./drawable.js";
import type { AnimationFormat } from "./output.js";

/** The renderer plugin module a rendering thread imports unless told otherwise. */
export const DEFAULT_PLUGIN = "@deepreplay/render-svg";
export const DEFAULT_PLUGINS: readonly string[] = [DEFAULT_PLUGIN];

/** One frame of an animation to draw: plain data, so it crosses to a worker by structured clone. */
export interface FrameJob {
  readonly item: Drawable;
  readonly format: AnimationFormat;
  readonly render: RenderOptions;
  readonly scale: number;
  readonly background: string;
  /** GIF only: how long the frame shows. */
  readonly delayMs: number;
}

/** Milliseconds spent in each stage of one frame. */
export interface StageTimes {
  svg: number;
  raster: number;
  encode: number;
}

/**
 * The frame ready for the output: a GIF image block, or raw RGBA pixels for ffmpeg. Errors come
 * back as data, since a DeepReplayError's code and hint do not survive a thread boundary.
 */
export type EncodedFrame =
  | {
      readonly ok: true;
      readonly width: number;
      readonly height: number;
      readonly bytes: Uint8Array;
      readonly times: StageTimes;
    }
  | { readonly ok: false; readonly error: { code: ErrorCode; message: string; hint?: string } };

/** The thrown form of a failed frame, on the thread that asked for it. */
export function frameError({ error }: Extract<EncodedFrame, { ok: false }>, index: number): DeepReplayError {
  return new DeepReplayError(error.code, `Frame ${index}: ${error.message}`, { hint: error.hint });
}
