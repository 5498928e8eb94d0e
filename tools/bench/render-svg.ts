/**
 * Benchmark: @deepreplay/render-svg drawing frames at the original's sizes (2000 inputs; 22 grid
 * lines of 1000 points; exact regions of 4000 vertices, or the 1000 × 1000 sampled contour traced
 * instead; 150 epochs of loss and metric; violins of 5 layers × 20 000 activations). Prints the
 * median ms per SVG over --runs renders (after one warm-up), its size, and the process's peak RSS.
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/render-svg.ts [--runs 5]
 */
import { parseArgs } from "node:util";
import type { Frame, SpaceFrame } from "@deepreplay/frames";
import { renderFigureSvg, renderSvg } from "@deepreplay/render-svg";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(args.runs);

let seed = 42;
const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;

const inputs = 2000;
const points = Float32Array.from({ length: 2 * inputs }, () => random() * 2 - 1);
const classes = Int32Array.from({ length: inputs }, (_, i) => (points[2 * i + 1] > points[2 * i] ** 2 - 0.5 ? 1 : 0));
const bend = (x: number, y: number): [number, number] => [Math.tanh(1.5 * x + 0.3 * y), Math.tanh(y - 0.4 * x)];

const grid = new Float32Array(2 * 22 * 1000);
for (let l = 0; l < 22; l++) {
  for (let p = 0; p < 1000; p++) {
    const c = -1 + (2 * (l % 11)) / 10;
    const t = -1 + (2 * p) / 999;
    grid.set(l < 11 ? bend(c, t) : bend(t, c), 2 * (l * 1000 + p));
  }
}
const size = 1000;
const contourPoints = new Float32Array(2 * size * size);
const prediction = new Int32Array(size * size);
for (let i = 0; i < size; i++) {
  for (let j = 0; j < size; j++) {
    const [x, y] = [-1 + (2 * i) / (size - 1), -1 + (2 * j) / (size - 1)];
    contourPoints.set(bend(x, y), 2 * (i * size + j));
    prediction[i * size + j] = y > x * x - 0.5 ? 1 : 0;
  }
}
// The parabola's two regions as exact polygons of 2000 vertices each.
const parabola = (above: boolean) =>
  Float32Array.from({ length: 4000 }, (_, k) => {
    const i = k >> 1;
    const x = -1 + (2 * i) / 1999;
    const y = Math.max(-1, x * x - 0.5);
    return (k & 1) === 0 ? bend(above ? -x : x, above ? Math.max(-1, x * x - 0.5) : y)[0] : bend(above ? -x : x, y)[1];
  });

const space: SpaceFrame = {
  kind: "feature-space",
  epoch: 75,
  finite: true,
  xDomain: [-1, 1],
  yDomain: [-1, 1],
  classes: ["0", "1"],
  inputs: {
    points: Float32Array.from(points, (_, k) => bend(points[k - (k & 1)], points[k - (k & 1) + 1])[k & 1]),
    classes,
  },
  grid: { points: grid, lines: 22, pointsPerLine: 1000 },
  regions: [
    { classIndex: 0, polygons: [[parabola(false)]] },
    { classIndex: 1, polygons: [[parabola(true)]] },
  ],
};
const probabilities = Float32Array.from(classes, (c) => Math.min(1, Math.max(0, c * 0.6 + random() * 0.4)));
const epochs = Int32Array.from({ length: 151 }, (_, e) => e);
const frames: Record<string, Frame> = {
  "feature space, exact regions": space,
  "feature space, 1000² contour traced": {
    ...space,
    regions: [],
    contour: { points: contourPoints, size, prediction },
  },
  "probability histogram": {
    kind: "probability-histogram",
    epoch: 75,
    finite: true,
    classes: ["0", "1"],
    probabilities,
    targets: classes,
    correct: Uint8Array.from(probabilities, (p, i) => (Number(p > 0.5) === classes[i] ? 1 : 0)),
  },
  "loss histogram": {
    kind: "loss-histogram",
    epoch: 75,
    finite: true,
    lossName: "bce",
    losses: probabilities.map((p) => -Math.log(1 - p + 1e-7)),
  },
  "loss and metric": {
    kind: "loss-and-metric",
    epoch: 75,
    finite: true,
    lossName: "loss",
    metricName: "acc",
    epochs,
    loss: Float32Array.from(epochs, (e) => Math.exp(-e / 30)),
    metric: Float32Array.from(epochs, (e) => 1 - 0.5 * Math.exp(-e / 30)),
  },
  "layer violins": {
    kind: "layer-violins",
    epoch: 75,
    finite: true,
    quantity: "activations",
    layers: Array.from({ length: 5 }, (_, l) => ({
      name: `h${l + 1}`,
      values: Float32Array.from({ length: 20_000 }, () => Math.tanh((random() - 0.5) * (l + 1))),
      std: 0,
    })),
  },
};

function time(draw: () => string): { ms: number; bytes: number } {
  const bytes = draw().length;
  const times = Array.from({ length: runs }, () => {
    const start = performance.now();
    draw();
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)], bytes };
}

const start = performance.now();
renderSvg(frames["loss histogram"]);
console.log(`first render (jsdom window + Plot): ${(performance.now() - start).toFixed(0)} ms`);
for (const [name, frame] of Object.entries(frames)) {
  const { ms, bytes } = time(() => renderSvg(frame));
  console.log(`${name.padEnd(38)} ${ms.toFixed(1).padStart(8)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KiB`);
}
const figure = {
  title: "bench",
  epoch: 75,
  panels: Object.values(frames).filter((f) => !("contour" in f && f.contour)),
};
const { ms, bytes } = time(() => renderFigureSvg(figure));
console.log(
  `${"figure of 5 frames (6 panels)".padEnd(38)} ${ms.toFixed(1).padStart(8)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KiB`,
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
