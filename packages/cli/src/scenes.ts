import { lossHistogramData, type EpochRange, type Replay } from "@deepreplay/core";
import type { Extent, Figure, Frame, GridLines } from "@deepreplay/frames";
import { panelCount } from "@deepreplay/render-svg";
import type { ReplayFlags } from "./flags.js";
import type { Kind } from "./kinds.js";
import { kindFrames } from "./replay-kinds.js";
import type { Drawable } from "./output.js";

export interface SceneOptions {
  /** Figure title (several kinds). */
  title?: string;
  /** Panels per row of a figure (default: a near-square grid). */
  columns?: number;
}

/**
 * One drawable per epoch of the range: the frame of the one kind, or a figure composing the frames
 * of several kinds (the original's compose_plots / compose_animations). Lazy: one epoch at a time.
 */
export function* drawables(replay: Replay, kinds: readonly Kind[], flags: ReplayFlags, range: EpochRange, options: SceneOptions = {}): Generator<Drawable> {
  const sources = kinds.map((kind) => kindFrames(replay, kind, flags, range));
  if (sources.length === 1) {
    for (const frame of sources[0]) yield forDrawing(frame);
    return;
  }
  try {
    for (;;) {
      const steps = sources.map((source) => source.next());
      if (steps.some((step) => step.done)) return;
      const panels = steps.map((step) => forDrawing(step.value as Frame));
      yield figure(panels, options);
    }
  } finally {
    for (const source of sources) source.return();
  }
}

function figure(panels: Frame[], { title, columns }: SceneOptions): Figure {
  const cells = panels.reduce((n, frame) => n + panelCount(frame), 0);
  return { title, epoch: panels[0].epoch, panels, columns: columns ?? Math.ceil(Math.sqrt(cells)) };
}

/** Points per grid line a picture draws: smooth at any size we draw, a fifth of the SVG of 1000. */
export const DRAWN_GRID_POINTS = 200;

/** A frame as pictures draw it: the grid lines (1000 points each, as the original computes them) thinned. */
function forDrawing(frame: Frame): Frame {
  if ((frame.kind !== "feature-space" && frame.kind !== "decision-boundary") || !frame.grid) return frame;
  return { ...frame, grid: thinLines(frame.grid, DRAWN_GRID_POINTS) };
}

/** Every k-th point of each line, always keeping its last, so each line has at most about `target` points. */
export function thinLines(grid: GridLines, target: number): GridLines {
  const { points, lines, pointsPerLine } = grid;
  const step = Math.ceil(pointsPerLine / target);
  if (step <= 1) return grid;
  const kept = Array.from({ length: Math.ceil((pointsPerLine - 1) / step) + 1 }, (_, j) => Math.min(j * step, pointsPerLine - 1));
  const thinned = new Float32Array(lines * kept.length * 2);
  for (let line = 0; line < lines; line++) {
    kept.forEach((from, j) => thinned.set(points.subarray(2 * (line * pointsPerLine + from), 2 * (line * pointsPerLine + from) + 2), 2 * (line * kept.length + j)));
  }
  return { points: thinned, lines, pointsPerLine: kept.length };
}

/**
 * The loss extent over the whole range, so every frame of an animated loss histogram bins alike
 * (the original fixes its scale the same way); undefined when no loss histogram is drawn.
 */
export function lossExtent(replay: Replay, kinds: readonly Kind[], range: EpochRange): Extent | undefined {
  if (!kinds.includes("loss-histogram")) return undefined;
  let [min, max] = [Infinity, -Infinity];
  for (const value of lossHistogramData(replay, range).loss.data) {
    if (Number.isFinite(value)) [min, max] = [Math.min(min, value), Math.max(max, value)];
  }
  return min <= max ? [min, max] : undefined;
}
