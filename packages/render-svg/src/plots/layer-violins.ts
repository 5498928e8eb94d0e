import * as Plot from "@observablehq/plot";
import { quantileSorted } from "d3-array";
import { hcl } from "d3-color";
import { defaultTitle, finiteExtent, type LayerViolinsFrame } from "@deepreplay/frames";
import { drawableDomain } from "./extent.js";
import { gaussianKde } from "./kde.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { svgPlugin } from "./plugin.js";

/** Half the width of the widest violin, in layer slots (seaborn's width 0.8). */
const HALF_WIDTH = 0.4;
const EDGE_COLOR = "#3f3f3f";

/**
 * The original's LayerViolins (seaborn's violinplot, cut=0, density_norm="width"): per layer a
 * violin of the values' kernel density, every violin as wide at its widest, in a colour of its
 * own, with seaborn's inner box (quartiles, whiskers to 1.5 IQR, median). NaN values are left out.
 */
export function layerViolinsPanels(frame: LayerViolinsFrame, options: PanelOptions): Plot.PlotOptions[] {
  const title = defaultTitle(frame);
  const layers = frame.layers.map((layer) => finiteSorted(layer.values));
  const all = layers.flatMap((values) => (values.length ? [values[0], values[values.length - 1]] : []));
  const names = frame.layers.map((layer) => layer.name);
  return [
    panel(
      frame,
      panelHeading(frame, title, options),
      {
        x: {
          domain: [-0.5, Math.max(layers.length, 1) - 0.5],
          categories: names,
          label: "Layers",
        },
        y: { domain: drawableDomain(finiteExtent(all)), label: title },
        marks: layers.flatMap((values, slot) => violin(values, slot, layerColor(slot, layers.length))),
      },
      options,
    ),
  ];
}

/** Layer violins as SVG. */
export const layerViolinsPlugin = svgPlugin(["layer-violins"], layerViolinsPanels);

function violin(values: number[], slot: number, color: string): Plot.Markish[] {
  if (values.length === 0) return [];
  const kde = gaussianKde(values);
  if (!kde) {
    return [
      Plot.ruleY([values[0]], {
        x1: slot - HALF_WIDTH,
        x2: slot + HALF_WIDTH,
        stroke: color,
        strokeWidth: 2,
        className: "violin",
      }),
    ];
  }
  const widest = Math.max(...kde.density);
  const half = kde.density.map((d) => (HALF_WIDTH * d) / widest);
  const [q1, median, q3] = [0.25, 0.5, 0.75].map((p) => quantileSorted(values, p)!);
  const lowest = values.find((v) => v >= q1 - 1.5 * (q3 - q1))!;
  const highest = values.findLast((v) => v <= q3 + 1.5 * (q3 - q1))!;
  return [
    Plot.areaX(
      { length: kde.at.length },
      {
        y: kde.at,
        x1: half.map((w) => slot - w),
        x2: half.map((w) => slot + w),
        fill: color,
        stroke: EDGE_COLOR,
        strokeWidth: 1,
        className: "violin",
      },
    ),
    Plot.ruleX([slot], { y1: lowest, y2: highest, stroke: EDGE_COLOR, strokeWidth: 1.5, className: "whiskers" }),
    Plot.ruleX([slot], { y1: q1, y2: q3, stroke: EDGE_COLOR, strokeWidth: 5, className: "quartiles" }),
    Plot.dot([median], { x: () => slot, y: (m: number) => m, r: 2.5, fill: "white", className: "median" }),
  ];
}

function finiteSorted(values: Float32Array): number[] {
  return Array.from(values.filter(Number.isFinite).sort());
}

/**
 * A colour per layer: hues evenly around the circle at a light, even lightness, as seaborn's
 * husl_palette(n, l=.7) does (here in CIE HCL, which d3 provides).
 */
export function layerColor(slot: number, count: number): string {
  return hcl(((slot / count + 0.01) * 359) % 360, 45, 72).formatHex();
}
