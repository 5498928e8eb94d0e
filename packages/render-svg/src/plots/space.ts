import * as Plot from "@observablehq/plot";
import type { GridLines, LabelledPoints, SpaceFrame } from "@deepreplay/frames";
import { contourRegions } from "./contour-regions.js";
import { drawableDomain, finiteExtent } from "./extent.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { regionMarks } from "./regions.js";
import { classColor } from "./theme.js";

/**
 * Feature space (a 2-unit layer's output) or decision boundary (input space), as the original's
 * FeatureSpace draws them: translucent decision regions, the bent grid as thin black lines, the
 * inputs coloured by class, "Epoch: N" on top. The axes are the frame's domains, which core sets
 * to the extent over all epochs (fixed scale) or to this epoch's.
 */
export function spacePanels(frame: SpaceFrame, options: PanelOptions): Plot.PlotOptions[] {
  const { inputs } = frame;
  const regions =
    frame.regions.length > 0 || !frame.contour ? frame.regions : contourRegions(frame.contour, frame.classes.length);
  const axis = { tickFormat: ".1f", ticks: 7 } as const;
  return [
    panel(
      frame,
      panelHeading(frame, "", options),
      {
        x: { ...axis, domain: drawableDomain(frame.xDomain, finiteExtent(inputs.points, 2, 0)), label: "x₁" },
        y: { ...axis, domain: drawableDomain(frame.yDomain, finiteExtent(inputs.points, 2, 1)), label: "x₂" },
        marks: [...regionMarks(regions), frame.grid ? gridLines(frame.grid) : null, ...inputDots(inputs, frame.classes.length)],
      },
      options,
    ),
  ];
}

/** One thin black polyline per grid line; a NaN point breaks its line. */
function gridLines({ points, lines, pointsPerLine }: GridLines): Plot.Markish {
  const count = lines * pointsPerLine;
  const line = Int32Array.from({ length: count }, (_, i) => Math.floor(i / pointsPerLine));
  return Plot.line(
    { length: count },
    { x: column(points, 2, 0), y: column(points, 2, 1), z: line, stroke: "black", strokeWidth: 0.5, clip: "frame", className: "grid" },
  );
}

/** One dot mark per class (the original's one scatter per class), NaN points left out. */
function inputDots({ points, classes }: LabelledPoints, classCount: number): Plot.Markish[] {
  return Array.from({ length: classCount }, (_, classIndex) => {
    const xs: number[] = [];
    const ys: number[] = [];
    classes.forEach((c, i) => {
      const x = points[2 * i];
      const y = points[2 * i + 1];
      if (c === classIndex && Number.isFinite(x) && Number.isFinite(y)) xs.push(x), ys.push(y);
    });
    return Plot.dot({ length: xs.length }, { x: xs, y: ys, r: 2.5, fill: classColor(classIndex), clip: "frame", className: "inputs" });
  });
}

/** Every `stride`-th value from `offset`: one coordinate of flat xy points, as a Plot channel. */
function column(values: ArrayLike<number>, stride: number, offset: number): Float64Array {
  const out = new Float64Array(Math.floor((values.length - offset + stride - 1) / stride));
  for (let i = 0; i < out.length; i++) out[i] = values[offset + i * stride];
  return out;
}
