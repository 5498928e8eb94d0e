import type { EpochRange, Replay } from "@deepreplay/core";
import { composeFigures, type ComposeOptions, type Frame, type GridLines } from "@deepreplay/frames";
import type { ReplayFlags } from "../flags/shared.js";
import type { Drawable } from "../output.js";
import type { Kind } from "./kind-names.js";
import { kindFrames } from "./kinds.js";

/**
 * One drawable per epoch of the range: a figure composing the frames of the kinds (the original's
 * compose_plots / compose_animations), or, without `figure` options, the frame of the one kind.
 * Lazy: one epoch at a time.
 */
export function drawables(
  replay: Replay,
  kinds: readonly Kind[],
  flags: ReplayFlags,
  range: EpochRange,
  figure?: ComposeOptions,
): Iterable<Drawable> {
  const sources = kinds.map((kind) => forDrawing(kindFrames(replay, kind, flags, range)));
  return figure ? composeFigures(sources, figure) : sources[0];
}

/** Points per grid line a picture draws: smooth at any size we draw, a fifth of the SVG of 1000. */
export const DRAWN_GRID_POINTS = 200;

/** Frames as pictures draw them: the grid lines (1000 points each, as the original computes them) thinned. */
function* forDrawing(frames: Iterable<Frame>): Generator<Frame> {
  for (const frame of frames) {
    const space = frame.kind === "feature-space" || frame.kind === "decision-boundary";
    yield space && frame.grid ? { ...frame, grid: thinLines(frame.grid, DRAWN_GRID_POINTS) } : frame;
  }
}

/** Every k-th point of each line, always keeping its last, so each line has at most about `target` points. */
export function thinLines(grid: GridLines, target: number): GridLines {
  const { points, lines, pointsPerLine } = grid;
  const step = Math.ceil(pointsPerLine / target);
  if (step <= 1) return grid;
  const kept = Array.from({ length: Math.ceil((pointsPerLine - 1) / step) + 1 }, (_, j) =>
    Math.min(j * step, pointsPerLine - 1),
  );
  const thinned = new Float32Array(lines * kept.length * 2);
  for (let line = 0; line < lines; line++) {
    kept.forEach((from, j) =>
      thinned.set(
        points.subarray(2 * (line * pointsPerLine + from), 2 * (line * pointsPerLine + from) + 2),
        2 * (line * kept.length + j),
      ),
    );
  }
  return { points: thinned, lines, pointsPerLine: kept.length };
}
