import type * as Plot from "@observablehq/plot";
import type { Extent, LossHistogramFrame } from "@deepreplay/frames";
import { finiteExtent, linspace } from "@deepreplay/frames";
import { binCounts, histogramBars } from "./histogram.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { CORRECT_COLOR, CORRECT_OPACITY } from "./theme.js";
import { svgPlugin } from "./plugin.js";

/**
 * The original's LossHistogram: the loss of every input in grey bars, the y axis up to the number
 * of inputs, binned by lossHistogramEdges.
 */
export function lossHistogramPanels(frame: LossHistogramFrame, options: PanelOptions): Plot.PlotOptions[] {
  const edges = lossHistogramEdges(frame);
  const counts = binCounts(frame.losses, edges);
  return [
    panel(
      frame,
      panelHeading(frame, "Losses", options),
      {
        x: { domain: [edges[0], edges[edges.length - 1]], label: "Loss" },
        y: { domain: [0, Math.max(frame.losses.length, 1)], label: "# of Cases", tickFormat: ",d" },
        marks: [
          histogramBars(edges, counts, { fill: CORRECT_COLOR, fillOpacity: CORRECT_OPACITY, className: "losses" }),
        ],
      },
      options,
    ),
  ];
}

/** Loss histograms as SVG. */
export const lossHistogramPlugin = svgPlugin(["loss-histogram"], lossHistogramPanels);

/**
 * A loss histogram's bin edges: on the original's scale over the frame's `lossExtent` (the extent
 * over every epoch of its range, as the original computes it, so that every frame of an animation
 * bins alike), or over its own losses when it carries none.
 */
export function lossHistogramEdges(frame: LossHistogramFrame): Float64Array {
  return lossBinEdges(frame.lossExtent ?? finiteExtent(frame.losses));
}

/**
 * The original's `__calc_scale(margin=0)`: limits rounded at one decimal finer than the order of
 * magnitude of the range, as numpy rounds (its decimals are `exponent + 1`), the number of edges
 * one per magnitude step, doubled until there are at least 10, the start clamped at 0.
 * Where that rounding collapses the range (ranges under 0.1), the edges span the extent itself.
 */
export function lossBinEdges(extent: Extent | undefined): Float64Array {
  if (!extent) return linspace(0, 1, 11);
  const [min, max] = extent;
  const range = max - min;
  if (!(range > 0)) return linspace(Math.max(0, min - 0.5), min + 0.5, 11);
  const exponent = Math.floor(Math.log10(range));
  const magnitude = 10 ** exponent;
  const lo = numpyRound(min, exponent + 1);
  const hi = numpyRound(max, exponent + 1);
  let intervals = Math.trunc((hi - lo) / magnitude + 1);
  while (intervals > 1 && intervals < 10) intervals = (intervals - 1) * 2 + 1;
  const start = Math.max(0, lo);
  if (intervals < 2 || !(hi > start)) return linspace(Math.max(0, min), max, 11);
  return linspace(start, hi, intervals);
}

/** numpy's round(x, decimals): scale by a power of ten, round half to even, scale back. */
export function numpyRound(x: number, decimals: number): number {
  if (decimals >= 0) {
    const f = 10 ** decimals;
    return roundHalfEven(x * f) / f;
  }
  const f = 10 ** -decimals;
  return roundHalfEven(x / f) * f;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
