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
  return Plot.line(
    { length: lines * pointsPerLine },
    {
      x: column(points, 2, 0),
      y: column(points, 2, 1),
      stroke: "black",
      strokeWidth: 0.5,
      clip: "frame",
      className: "grid",
      render: asPaths((xs, ys) => polylinesAtPixelResolution(xs, ys, pointsPerLine)),
    },
  );
}

/**
 * The original's grid lines have 1000 points each, far more than the pixels they cross: each line
 * keeps only points at least a pixel from the last kept one (and always the ends of each run of
 * finite points), which looks the same and makes the SVG several times smaller to build, store and
 * rasterize. One path `d` per line.
 */
function polylinesAtPixelResolution(xs: ArrayLike<number>, ys: ArrayLike<number>, pointsPerLine: number): string[] {
  const paths: string[] = [];
  for (let start = 0; start < xs.length; start += pointsPerLine) {
    const end = start + pointsPerLine;
    let d = "";
    let drawing = false;
    let lastX = 0;
    let lastY = 0;
    for (let i = start; i < end; i++) {
      const x = xs[i];
      const y = ys[i];
      // x - x is NaN for NaN and ±Infinity.
      if (x - x !== 0 || y - y !== 0) {
        drawing = false;
        continue;
      }
      const runEnds = i === end - 1 || xs[i + 1] - xs[i + 1] !== 0 || ys[i + 1] - ys[i + 1] !== 0;
      if (!drawing) d += `M${round(x)},${round(y)}`;
      else if (runEnds || Math.abs(x - lastX) >= 1 || Math.abs(y - lastY) >= 1) d += `L${round(x)},${round(y)}`;
      else continue;
      drawing = true;
      lastX = x;
      lastY = y;
    }
    paths.push(d);
  }
  return paths;
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
    return Plot.dot(
      { length: xs.length },
      { x: xs, y: ys, r: DOT_RADIUS, fill: classColor(classIndex), clip: "frame", className: "inputs", render: asPaths(discsAsOnePath) },
    );
  });
}

const DOT_RADIUS = 2.5;

/**
 * Thousands of <circle> elements dominate the cost of drawing in jsdom and of rasterizing, so the
 * discs of a class are drawn as one path of arcs: the same picture, one element.
 */
function discsAsOnePath(xs: ArrayLike<number>, ys: ArrayLike<number>, index: readonly number[]): string[] {
  const r = DOT_RADIUS;
  const arcs = `a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  let d = "";
  for (const i of index) d += `M${round(xs[i] - r)},${round(ys[i])}${arcs}`;
  return [d];
}

/**
 * A Plot render function that draws a mark as the given path `d`s from its scaled x and y. Plot
 * still makes the mark's group (class, fill or stroke, clip) from an empty index; with a clip it
 * nests the mark's own group inside the clipping one, and the paths go there.
 */
function asPaths(paths: (xs: ArrayLike<number>, ys: ArrayLike<number>, index: readonly number[]) => string[]): Plot.RenderFunction {
  return (index, scales, values, dimensions, context, next) => {
    const group = next!([], scales, values, dimensions, context)!;
    const target = group.querySelector("g") ?? group;
    const { x, y } = values as unknown as { x: ArrayLike<number>; y: ArrayLike<number> };
    for (const d of paths(x, y, index)) {
      const path = context.document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", d);
      target.appendChild(path);
    }
    return group;
  };
}

function round(pixel: number): number {
  return Math.round(pixel * 100) / 100;
}

/** Every `stride`-th value from `offset`: one coordinate of flat xy points, as a Plot channel. */
function column(values: ArrayLike<number>, stride: number, offset: number): Float64Array {
  const out = new Float64Array(Math.floor((values.length - offset + stride - 1) / stride));
  for (let i = 0; i < out.length; i++) out[i] = values[offset + i * stride];
  return out;
}
