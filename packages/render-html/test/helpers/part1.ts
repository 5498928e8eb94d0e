/**
 * Hand-built frames the size of the Part 1 demo's (parabola data, 2-unit hidden layer): 2000
 * inputs, 11 + 11 grid lines of 1000 points, two region polygons, the histograms and the loss
 * and metric curves, for epochs 0..N. Deterministic: a seeded generator and smooth, made-up
 * "training" that sharpens the predictions and bends the space a little more every epoch.
 */
import { finiteExtent, unionExtent } from "@deepreplay/frames";
import type {
  Extent,
  FeatureSpaceFrame,
  Frame,
  LossAndMetricFrame,
  LossHistogramFrame,
  ProbabilityHistogramFrame,
} from "@deepreplay/frames";
import { seededUniform } from "../../../../tools/testing/random.js";

export interface Part1Options {
  readonly epochs?: number;
  readonly samples?: number;
  readonly gridLines?: number;
  readonly pointsPerLine?: number;
  readonly boundaryPoints?: number;
}

export interface Part1 {
  readonly epochs: number[];
  featureSpace(epoch: number): FeatureSpaceFrame;
  probabilities(epoch: number): ProbabilityHistogramFrame;
  lossAndMetric(epoch: number): LossAndMetricFrame;
  losses(epoch: number): LossHistogramFrame;
  /** One lazy frame sequence per panel, in the demo's order. */
  panels(): Iterable<Frame>[];
}

const CLASSES = ["negative", "positive"];

export function part1({
  epochs = 150,
  samples = 2000,
  gridLines = 11,
  pointsPerLine = 1000,
  boundaryPoints = 1000,
}: Part1Options = {}): Part1 {
  const random = seededUniform(42);
  const inputs = new Float32Array(samples * 2);
  const targets = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const x = random() * 2 - 1;
    const y = random() * 2 - 1;
    inputs[2 * i] = x;
    inputs[2 * i + 1] = y;
    targets[i] = y > x * x - 0.5 ? 1 : 0;
  }
  const margin = (i: number) => inputs[2 * i + 1] - (inputs[2 * i] ** 2 - 0.5) + (random() - 0.5) * 0.3;
  const margins = Float64Array.from({ length: samples }, (_, i) => margin(i));
  const epochList = Array.from({ length: epochs + 1 }, (_, e) => e);

  const probabilitiesAt = (epoch: number) => {
    const sharpness = 0.2 + (8 * epoch) / epochs;
    return Float32Array.from(margins, (m) => 1 / (1 + Math.exp(-sharpness * m - 0.3)));
  };
  const lossesAt = (epoch: number) =>
    Float32Array.from(probabilitiesAt(epoch), (p, i) => {
      const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
      return targets[i] === 1 ? -Math.log(q) : -Math.log(1 - q);
    });
  const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
  const accuracy = (epoch: number) => {
    const p = probabilitiesAt(epoch);
    return p.reduce((n, q, i) => n + (Number(q > 0.5) === targets[i] ? 1 : 0), 0) / samples;
  };
  const lossSeries = Float32Array.from(epochList, (e) => mean(lossesAt(e)));
  const metricSeries = Float32Array.from(epochList, (e) => accuracy(e));

  /** The hidden layer's map at an epoch: a rotation that grows with training, squashed by tanh. */
  const bend = (epoch: number) => {
    const angle = (epoch / epochs) * 1.2;
    const scale = 1 + (2 * epoch) / epochs;
    const [c, s] = [Math.cos(angle) * scale, Math.sin(angle) * scale];
    return (xy: Float32Array) => {
      const out = new Float32Array(xy.length);
      for (let i = 0; i < xy.length; i += 2) {
        const [x, y] = [xy[i], xy[i + 1]];
        out[i] = Math.tanh(c * x - s * y + 0.1 * x * y);
        out[i + 1] = Math.tanh(s * x + c * y - 0.2 * x * x);
      }
      return out;
    };
  };

  const grid = new Float32Array(2 * gridLines * pointsPerLine * 2);
  for (let line = 0; line < 2 * gridLines; line++) {
    const at = -1 + (2 * (line % gridLines)) / (gridLines - 1);
    for (let p = 0; p < pointsPerLine; p++) {
      const along = -1 + (2 * p) / (pointsPerLine - 1);
      const k = 2 * (line * pointsPerLine + p);
      grid[k] = line < gridLines ? at : along;
      grid[k + 1] = line < gridLines ? along : at;
    }
  }

  // The two classes' regions in input space: above and below the parabola, closed along the box.
  const curve = Array.from({ length: boundaryPoints }, (_, i) => {
    const x = -1 + (2 * i) / (boundaryPoints - 1);
    return [x, Math.max(-1, x * x - 0.5)] as const;
  });
  const ring = (points: (readonly [number, number])[]) => Float32Array.from(points.flat());
  const below = ring([...curve, [1, -1], [-1, -1]]);
  const above = ring([...curve, [1, 1], [-1, 1]]);

  const featureSpace = (epoch: number): FeatureSpaceFrame => {
    const map = bend(epoch);
    return {
      kind: "feature-space",
      epoch,
      finite: true,
      layer: "hidden",
      xDomain: [-1, 1],
      yDomain: [-1, 1],
      classes: CLASSES,
      inputs: { points: map(inputs), classes: targets },
      grid: { points: map(grid), lines: 2 * gridLines, pointsPerLine },
      regions: [
        { classIndex: 0, polygons: [[map(below)]] },
        { classIndex: 1, polygons: [[map(above)]] },
      ],
    };
  };
  const probabilities = (epoch: number): ProbabilityHistogramFrame => {
    const probs = probabilitiesAt(epoch);
    return {
      kind: "probability-histogram",
      epoch,
      finite: true,
      classes: CLASSES,
      probabilities: probs,
      targets,
      correct: Uint8Array.from(probs, (p, i) => Number(Number(p > 0.5) === targets[i])),
    };
  };
  const lossAndMetric = (epoch: number): LossAndMetricFrame => ({
    kind: "loss-and-metric",
    epoch,
    finite: true,
    lossName: "binary_crossentropy",
    metricName: "acc",
    epochs: Int32Array.from(epochList),
    loss: lossSeries,
    metric: metricSeries,
  });
  // As core's frames: the bins span the finite losses over every epoch.
  let lossExtent: Extent | undefined;
  const losses = (epoch: number): LossHistogramFrame => ({
    kind: "loss-histogram",
    epoch,
    finite: true,
    lossName: "binary_crossentropy",
    losses: lossesAt(epoch),
    lossExtent: (lossExtent ??= epochList.reduce<Extent | undefined>(
      (extent, e) => unionExtent(extent, finiteExtent(lossesAt(e))),
      undefined,
    )),
  });
  return {
    epochs: epochList,
    featureSpace,
    probabilities,
    lossAndMetric,
    losses,
    panels: () => [featureSpace, probabilities, lossAndMetric, losses].map((frameAt) => lazily(epochList, frameAt)),
  };
}

function* lazily(epochs: number[], frameAt: (epoch: number) => Frame): Generator<Frame> {
  for (const epoch of epochs) yield frameAt(epoch);
}
