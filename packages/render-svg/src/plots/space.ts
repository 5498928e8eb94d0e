import * as Plot from "@observablehq/plot";
import { finiteExtent, type Extent, type GridLines, type LabelledPoints, type SpaceFrame } from "@deepreplay/frames";
import { contourRegions } from "./contour-regions.js";
import { drawableDomain } from "./extent.js";
import { panel, panelHeading, type PanelOptions } from "./panel.js";
import { regionMarks } from "./regions.js";
import { simplifiedIndices } from "./simplify.js";
import { classColor, MISPREDICTED_COLOR } from "./theme.js";
import { svgPlugin } from "./plugin.js";

/**
 * Feature space (a 2-unit layer's output) or decision boundary (input space), as the original's
 * FeatureSpace draws them: translucent decision regions, the bent grid as thin black lines, the
 * inputs coloured by class, "Epoch: N" on top. The axes are the frame's domains, which core sets
 * to the extent over all epochs (fixed scale) or to this epoch's; the frame keeps an equal aspect.
 */
export function spacePanels(frame: SpaceFrame, options: PanelOptions): Plot.PlotOptions[] {
  const { inputs } = frame;
  const regions =
    frame.regions.length > 0 || !frame.contour ? frame.regions : contourRegions(frame.contour, frame.classes.length);
  // A projection's axes span whatever its components do: the panel's own tick format suits them.
  const axis = frame.projection ? ({ ticks: 7 } as const) : ({ tickFormat: ".1f", ticks: 7 } as const);
  const [xDomain, yDomain] = squareWindow(
    drawableDomain(frame.xDomain, finiteExtent(inputs.points, 2, 0)),
    drawableDomain(frame.yDomain, finiteExtent(inputs.points, 2, 1)),
  );
  return [
    panel(
      frame,
      panelHeading(frame, "", options),
      {
        x: { ...axis, domain: xDomain, label: axisLabel(frame, 0) },
        y: { ...axis, domain: yDomain, label: axisLabel(frame, 1) },
        // One unit on x as long as one on y, as the original draws a space, so the grid's twist reads true.
        aspectRatio: 1,
        marks: [
          ...regionMarks(regions),
          frame.grid ? gridLines(frame.grid) : null,
          ...inputDots(inputs, frame.classes.length),
          mispredictedRings(inputs),
        ],
      },
      options,
    ),
  ];
}

/**
 * The window a space is drawn in: the frame's domains, the shorter widened about its centre to the
 * longer's span (matplotlib's `adjustable="datalim"`). With one unit as long on x as on y, the plot
 * frame is then a square however unequal the domains are, and fills the square a layout gives it.
 */
export function squareWindow(x: Extent, y: Extent): [Extent, Extent] {
  const span = Math.max(x[1] - x[0], y[1] - y[0]);
  const widen = ([lo, hi]: Extent): Extent => {
    const centre = (lo + hi) / 2;
    return [centre - span / 2, centre + span / 2];
  };
  return [widen(x), widen(y)];
}

/** Feature spaces and decision boundaries as SVG. */
export const spacePlugin = svgPlugin(["feature-space", "decision-boundary"], spacePanels);

/** "x₁", "x₂" for a layer's own units; "PC1 (xx %)", "PC2 (xx %)" for a projection, with the variance each component explains. */
function axisLabel(frame: SpaceFrame, axis: 0 | 1): string {
  if (!frame.projection) return axis === 0 ? "x₁" : "x₂";
  const ratio = frame.projection.explained[axis];
  return `PC${axis + 1} (${Number.isFinite(ratio) ? (100 * ratio).toFixed(1) : "–"} %)`;
}

/**
 * Where a frame carries each input's predicted class (a projection, which has no regions): a red
 * ring around every input predicted as another class than its target.
 */
function mispredictedRings({ points, classes, predicted }: LabelledPoints): Plot.Markish {
  if (!predicted) return null;
  const xy: number[] = [];
  classes.forEach((c, i) => {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    if (predicted[i] !== c && Number.isFinite(x) && Number.isFinite(y)) xy.push(x, y);
  });
  return Plot.dot(undefined, {
    stroke: MISPREDICTED_COLOR,
    fill: "none",
    strokeWidth: 0.7,
    strokeOpacity: 0.7,
    clip: "frame",
    className: "mispredicted",
    render: asPaths(xy, circlesAsOnePath(RING_RADIUS)),
  });
}

const RING_RADIUS = 4;

/** One thin black polyline per grid line; a NaN point breaks its line. */
function gridLines({ points, pointsPerLine }: GridLines): Plot.Markish {
  return Plot.line(undefined, {
    stroke: "black",
    strokeWidth: 0.5,
    clip: "frame",
    className: "grid",
    render: asPaths(points, (xs, ys) => simplifiedPolylines(xs, ys, pointsPerLine)),
  });
}

/**
 * The original's grid lines have 1000 points each, far more than a picture needs: each run of
 * finite points is simplified (radial distance, then Douglas–Peucker) to a quarter of a pixel,
 * which looks the same and leaves a few dozen points per line to write, store and rasterize.
 * One path `d` per line.
 */
function simplifiedPolylines(xs: Float64Array, ys: Float64Array, pointsPerLine: number): string[] {
  const paths: string[] = [];
  for (let start = 0; start < xs.length; start += pointsPerLine) {
    let d = "";
    for (const run of finiteRuns(xs, ys, start, Math.min(start + pointsPerLine, xs.length))) {
      d += `M${simplifiedIndices(xs, ys, ...run, PIXEL_TOLERANCE)
        .map((i) => `${round(xs[i])},${round(ys[i])}`)
        .join("L")}`;
    }
    paths.push(d);
  }
  return paths;
}

/** The [first, end) index ranges of finite points between start and end: a point that is not finite breaks the line. */
function* finiteRuns(xs: Float64Array, ys: Float64Array, start: number, end: number): Generator<[number, number]> {
  let first = -1;
  for (let i = start; i < end; i++) {
    // x - x is NaN for NaN and ±Infinity.
    const finite = xs[i] - xs[i] === 0 && ys[i] - ys[i] === 0;
    if (finite && first < 0) first = i;
    if (!finite && first >= 0) {
      yield [first, i];
      first = -1;
    }
  }
  if (first >= 0) yield [first, end];
}

/** How far, in pixels, a simplified grid line may stray from the points it replaces. */
const PIXEL_TOLERANCE = 0.25;

/** One dot mark per class (the original's one scatter per class), NaN points left out. */
function inputDots({ points, classes }: LabelledPoints, classCount: number): Plot.Markish[] {
  return Array.from({ length: classCount }, (_, classIndex) => {
    const xy: number[] = [];
    classes.forEach((c, i) => {
      const x = points[2 * i];
      const y = points[2 * i + 1];
      if (c === classIndex && Number.isFinite(x) && Number.isFinite(y)) xy.push(x, y);
    });
    return Plot.dot(undefined, {
      fill: classColor(classIndex),
      clip: "frame",
      className: "inputs",
      render: asPaths(xy, circlesAsOnePath(DOT_RADIUS)),
    });
  });
}

const DOT_RADIUS = 2.5;

/**
 * Thousands of <circle> elements dominate the cost of drawing in jsdom and of rasterizing, so the
 * circles of a mark (filled discs, or rings) are drawn as one path of arcs: the same picture, one element.
 */
function circlesAsOnePath(r: number): (xs: Float64Array, ys: Float64Array) => string[] {
  const arcs = `a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  return (xs, ys) => {
    let d = "";
    for (let i = 0; i < xs.length; i++) d += `M${round(xs[i] - r)},${round(ys[i])}${arcs}`;
    return [d];
  };
}

/**
 * A Plot render function that draws a mark as path `d`s made from the pixel positions of flat xy
 * `points`. The mark has no data (so Plot still renders it, and makes no channels);
 * Plot makes its group (class, fill or stroke, clip) from an empty index, with a clip nesting the
 * mark's own group inside the clipping one, and the paths go there. The points bypass Plot's
 * channels: for tens of thousands of points, arraying and scaling them one channel at a time cost
 * more than drawing them.
 */
function asPaths(
  points: ArrayLike<number>,
  paths: (px: Float64Array, py: Float64Array) => string[],
): Plot.RenderFunction {
  return (_index, scales, values, dimensions, context, next) => {
    const group = next!([], scales, values, dimensions, context)!;
    const target = group.querySelector("g") ?? group;
    const [scaleX, scaleY] = [scales.x!, scales.y!];
    const [px, py] = [new Float64Array(points.length / 2), new Float64Array(points.length / 2)];
    for (let i = 0; i < px.length; i++) {
      px[i] = scaleX(points[2 * i]);
      py[i] = scaleY(points[2 * i + 1]);
    }
    for (const d of paths(px, py)) {
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
