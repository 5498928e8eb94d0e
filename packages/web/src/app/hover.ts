import type * as Plot from "@observablehq/plot";
import { quantileSorted } from "d3-array";
import type { Frame, FrameKind, FrameOfKind, SpaceFrame } from "@deepreplay/frames";
import { linspace } from "@deepreplay/frames";
import { binCounts, lossHistogramEdges } from "@deepreplay/render-svg/plots";
import type { PanelFrame } from "./protocol.js";

/** What the pointer reads: lines of text, or an input of a space panel whose values the worker knows. */
export type Reading =
  | { readonly lines: readonly string[] }
  | { readonly point: number; readonly lines: readonly string[] };

interface Pointer {
  /** Position inside the hovered plot's SVG, in its pixels. */
  readonly x: number;
  readonly y: number;
  readonly plot: Plot.Plot & Element;
  /** Which of the frame's plots (the class of a probability histogram). */
  readonly index: number;
}

type Reader<K extends FrameKind> = (
  frame: FrameOfKind<K>,
  pointer: Pointer,
  panelFrame: PanelFrame,
) => Reading | undefined;

const PICK_RADIUS = 12;
const format = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : String(value));

function scales(plot: Plot.Plot) {
  const x = plot.scale("x") as Plot.Scale & { invert(value: number): number };
  const y = plot.scale("y") as Plot.Scale & { invert(value: number): number };
  return { x, y };
}

/** The input nearest the pointer, within a few pixels. */
const space = (frame: SpaceFrame, { x: px, y: py, plot }: Pointer): Reading | undefined => {
  const { x, y } = scales(plot);
  const points = frame.inputs.points;
  let [best, bestDistance] = [-1, PICK_RADIUS ** 2];
  for (let i = 0; i < points.length / 2; i++) {
    const dx = (x.apply(points[2 * i]) as number) - px;
    const dy = (y.apply(points[2 * i + 1]) as number) - py;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  }
  if (best < 0) return undefined;
  const label = frame.kind === "feature-space" ? `${frame.layer} output` : "input";
  return {
    point: best,
    lines: [
      `${label}: (${format(points[2 * best])}, ${format(points[2 * best + 1])})`,
      `class ${frame.classes[frame.inputs.classes[best]]}`,
    ],
  };
};

/** The bin under the pointer and what it counts. */
function bin(edges: ArrayLike<number>, value: number): number {
  for (let k = 0; k < edges.length - 1; k++) if (value >= edges[k] && value <= edges[k + 1]) return k;
  return -1;
}

const PROBABILITY_EDGES = linspace(0, 1, 11);

const probabilityHistogram: Reader<"probability-histogram"> = (frame, { x: px, plot, index }) => {
  const value = scales(plot).x.invert(px);
  const k = bin(PROBABILITY_EDGES, value);
  if (k < 0) return undefined;
  const ofClass = (i: number) => frame.targets[i] === index;
  const right = binCounts(frame.probabilities, PROBABILITY_EDGES, (i) => ofClass(i) && frame.correct[i] === 1)[k];
  const wrong = binCounts(frame.probabilities, PROBABILITY_EDGES, (i) => ofClass(i) && frame.correct[i] !== 1)[k];
  return {
    lines: [
      `class ${frame.classes[index]}, probability ${format(PROBABILITY_EDGES[k])}–${format(PROBABILITY_EDGES[k + 1])}`,
      `${right} correct, ${wrong} misclassified`,
    ],
  };
};

// The bins the renderer drew: over the extent the frame carries (every epoch of the run, from the worker).
const lossHistogram: Reader<"loss-histogram"> = (frame, { x: px, plot }) => {
  const edges = lossHistogramEdges(frame);
  const k = bin(edges, scales(plot).x.invert(px));
  if (k < 0) return undefined;
  return {
    lines: [
      `${frame.lossName} ${format(edges[k])}–${format(edges[k + 1])}`,
      `${binCounts(frame.losses, edges)[k]} cases`,
    ],
  };
};

const lossAndMetric: Reader<"loss-and-metric"> = (frame, { x: px, plot }) => {
  const epoch = Math.round(scales(plot).x.invert(px));
  const k = frame.epochs.indexOf(Math.min(epoch, frame.epoch));
  if (k < 0) return undefined;
  return {
    lines: [
      `epoch ${frame.epochs[k]}`,
      `${frame.lossName}: ${format(frame.loss[k])}`,
      `${frame.metricName}: ${format(frame.metric[k])}`,
    ],
  };
};

const layerViolins: Reader<"layer-violins"> = (frame, { x: px, plot }) => {
  const slot = Math.round(scales(plot).x.invert(px));
  const layer = frame.layers[slot];
  if (!layer) return undefined;
  const sorted = Array.from(layer.values.filter(Number.isFinite)).sort((a, b) => a - b);
  if (sorted.length === 0) return { lines: [layer.name, "no finite values"] };
  const [q1, median, q3] = [0.25, 0.5, 0.75].map((p) => quantileSorted(sorted, p)!);
  return {
    lines: [
      `${layer.name} (${frame.quantity})`,
      `min ${format(sorted[0])}, max ${format(sorted[sorted.length - 1])}`,
      `quartiles ${format(q1)} | ${format(median)} | ${format(q3)}`,
      `std ${format(layer.std)}`,
    ],
  };
};

/** Index of the grid value nearest `value`, or -1 outside the grid. */
function nearest(values: Float32Array, value: number): number {
  if (!(value >= values[0] && value <= values[values.length - 1])) return -1;
  let best = 0;
  for (let k = 1; k < values.length; k++) if (Math.abs(values[k] - value) < Math.abs(values[best] - value)) best = k;
  return best;
}

/** The grid point of the landscape under the pointer and the loss there. */
const lossLandscape: Reader<"loss-landscape"> = (frame, { x: px, y: py, plot }) => {
  const { x, y } = scales(plot);
  const [i, j] = [nearest(frame.a, x.invert(px)), nearest(frame.b, y.invert(py))];
  if (i < 0 || j < 0) return undefined;
  return {
    lines: [
      `a ${format(frame.a[i])}, b ${format(frame.b[j])}`,
      `${frame.lossName}: ${format(frame.loss[j * frame.a.length + i])}`,
    ],
  };
};

const READERS: { [K in FrameKind]: Reader<K> } = {
  "feature-space": space,
  "decision-boundary": space,
  "probability-histogram": probabilityHistogram,
  "loss-histogram": lossHistogram,
  "loss-and-metric": lossAndMetric,
  "layer-violins": layerViolins,
  "loss-landscape": lossLandscape,
};

/** What the pointer reads on a panel, by the frame's kind. */
export function read(panelFrame: PanelFrame, pointer: Pointer): Reading | undefined {
  const frame: Frame = panelFrame.frame;
  return (READERS[frame.kind] as Reader<FrameKind>)(frame as never, pointer, panelFrame);
}
