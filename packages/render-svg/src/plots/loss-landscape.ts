import * as Plot from "@observablehq/plot";
import { finiteExtent, type LossLandscapeFrame } from "@deepreplay/frames";
import { drawableDomain } from "./extent.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { svgPlugin } from "./plugin.js";

/** Filled levels between the lowest and the highest loss on the grid. */
const LEVELS = 16;
export const TRAJECTORY_COLOR = "white";
export const CURRENT_COLOR = "red";
export const LANDSCAPE_SCHEME = "viridis";

/**
 * The loss landscape around the training trajectory (Li et al. 2018): the loss on the plane of the
 * two directions as filled contours, darkest where the loss is lowest, on a linear or logarithmic
 * scale as the frame says; the trajectory up to the frame's epoch as a white line with a dot per
 * epoch, and the current epoch's point in red. The axes read "d1 (xx %)", "d2 (xx %)": the share of
 * the trajectory's variance along each direction.
 */
export function lossLandscapePanels(frame: LossLandscapeFrame, options: PanelOptions): Plot.PlotOptions[] {
  const { a, b, loss, epochs, trajectory, explained, colorScale } = frame;
  const [da, db] = [step(a), step(b)];
  const x = drawableDomain([a[0] - da / 2, a[a.length - 1] + da / 2]);
  const y = drawableDomain([b[0] - db / 2, b[b.length - 1] + db / 2]);
  const range = finiteExtent(colorScale === "log" ? positive(loss) : loss);
  const shown = Array.from(epochs.keys()).filter(
    (k) => epochs[k] <= frame.epoch && Number.isFinite(trajectory[2 * k]) && Number.isFinite(trajectory[2 * k + 1]),
  );
  const current = shown.filter((k) => epochs[k] === frame.epoch);
  const at = { x: (k: number) => trajectory[2 * k], y: (k: number) => trajectory[2 * k + 1] };
  const plot = panel(
    frame,
    panelHeading(frame, "Loss Landscape", options),
    {
      x: { domain: x, label: `d1 (${percent(explained[0])})`, ticks: 6 },
      y: { domain: y, label: `d2 (${percent(explained[1])})`, ticks: 6 },
      marks: [
        range
          ? Plot.contour(colorScale === "log" ? positive(loss) : loss, {
              width: a.length,
              height: b.length,
              x1: x[0],
              x2: x[1],
              y1: y[0],
              y2: y[1],
              fill: Plot.identity,
              thresholds: levels(range, colorScale),
              smooth: true,
              clip: "frame",
              className: "landscape",
            })
          : null,
        Plot.line(shown, { ...at, stroke: TRAJECTORY_COLOR, strokeWidth: 1.5, clip: "frame", className: "trajectory" }),
        Plot.dot(shown, { ...at, r: 1.5, fill: TRAJECTORY_COLOR, clip: "frame", className: "trajectory-epochs" }),
        Plot.dot(current, { ...at, r: 4, fill: CURRENT_COLOR, stroke: "white", clip: "frame", className: "current" }),
      ],
    },
    options,
  );
  return [{ ...plot, color: { type: colorScale, scheme: LANDSCAPE_SCHEME, domain: range ?? [1, 2] } }];
}

/** Loss landscapes as SVG. */
export const lossLandscapePlugin = svgPlugin(["loss-landscape"], lossLandscapePanels);

function step(values: Float32Array | Float64Array): number {
  return values.length > 1 ? (values[values.length - 1] - values[0]) / (values.length - 1) : 1;
}

/** The loss with values a log scale cannot place (0, negative) as NaN: left unfilled. */
function positive(values: Float32Array): Float32Array {
  return values.map((v) => (v > 0 ? v : Number.NaN));
}

/**
 * LEVELS thresholds from the lowest to the highest loss, evenly spaced on the colour scale; the
 * lowest just under the minimum, so that the lowest band covers every grid point.
 */
function levels([lo, hi]: readonly [number, number], scale: "linear" | "log"): number[] {
  const floor = scale === "log" ? lo * (1 - 1e-6) : lo - Math.max(Math.abs(lo), 1) * 1e-6;
  if (!(hi > lo)) return [floor];
  return Array.from({ length: LEVELS }, (_, i) =>
    i === 0 ? floor : scale === "log" ? lo * (hi / lo) ** (i / LEVELS) : lo + ((hi - lo) * i) / LEVELS,
  );
}

function percent(ratio: number): string {
  return Number.isFinite(ratio) ? `${(100 * ratio).toFixed(1)} %` : "– %";
}
