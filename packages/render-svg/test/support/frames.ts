import type {
  DecisionBoundaryFrame,
  FeatureSpaceFrame,
  LayerViolinsFrame,
  LossAndMetricFrame,
  LossHistogramFrame,
  LossLandscapeFrame,
  ProbabilityHistogramFrame,
} from "@deepreplay/frames";

import { seededUniform as random } from "../../../../tools/testing/random.js";

export { random };

/** Two classes in [-1, 1]²: class 1 right of x = 0.05. */
export function inputs(count: number, seed = 1): { points: Float32Array; classes: Int32Array } {
  const next = random(seed);
  const points = Float32Array.from({ length: 2 * count }, () => next() * 1.8 - 0.9);
  const classes = Int32Array.from({ length: count }, (_, i) => (points[2 * i] > 0.05 ? 1 : 0));
  return { points, classes };
}

/** build_2d_grid's lines over [-1, 1]²: `lines` vertical then `lines` horizontal ones, mapped by `bend`. */
export function gridLines(
  lines: number,
  pointsPerLine: number,
  bend: (x: number, y: number) => [number, number] = (x, y) => [x, y],
) {
  const points = new Float32Array(2 * lines * pointsPerLine * 2);
  for (let l = 0; l < 2 * lines; l++) {
    const c = -1 + (2 * (l % lines)) / (lines - 1);
    for (let p = 0; p < pointsPerLine; p++) {
      const t = -1 + (2 * p) / (pointsPerLine - 1);
      const [x, y] = bend(...((l < lines ? [c, t] : [t, c]) as [number, number]));
      points.set([x, y], 2 * (l * pointsPerLine + p));
    }
  }
  return { points, lines: 2 * lines, pointsPerLine };
}

/** A size × size contour grid over [-1, 1]² (slow index x, fast index y), class 1 where x > 0.05, mapped by `bend`. */
export function contour(size: number, bend: (x: number, y: number) => [number, number] = (x, y) => [x, y]) {
  const points = new Float32Array(2 * size * size);
  const prediction = new Int32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const x = -1 + (2 * i) / (size - 1);
      const y = -1 + (2 * j) / (size - 1);
      points.set(bend(x, y), 2 * (i * size + j));
      prediction[i * size + j] = x > 0.05 ? 1 : 0;
    }
  }
  return { points, size, prediction };
}

/** A square ring, flat xy, counter-clockwise. */
export function square(x0: number, y0: number, x1: number, y1: number): Float32Array {
  return Float32Array.of(x0, y0, x1, y0, x1, y1, x0, y1);
}

export function featureSpace(overrides: Partial<FeatureSpaceFrame> = {}): FeatureSpaceFrame {
  return {
    kind: "feature-space",
    epoch: 7,
    finite: true,
    layer: "hidden",
    xDomain: [-1, 1],
    yDomain: [-1, 1],
    classes: ["negative", "positive"],
    inputs: inputs(60),
    grid: gridLines(11, 40),
    regions: [
      // Class 0 left of x = 0.05 with a hole; class 1 on the right, and inside the hole.
      { classIndex: 0, polygons: [[square(-1, -1, 0.05, 1), square(-0.6, -0.2, -0.2, 0.2)]] },
      { classIndex: 1, polygons: [[square(0.05, -1, 1, 1)], [square(-0.6, -0.2, -0.2, 0.2)]] },
    ],
    ...overrides,
  };
}

export function decisionBoundary(overrides: Partial<DecisionBoundaryFrame> = {}): DecisionBoundaryFrame {
  const { layer: _layer, ...space } = featureSpace();
  return { ...space, kind: "decision-boundary", ...overrides };
}

/** Binary: probabilities of the positive class, correct where thresholding at 0.5 gives the target. */
export function probabilityHistogram(count = 300, seed = 2): ProbabilityHistogramFrame {
  const next = random(seed);
  const targets = Int32Array.from({ length: count }, () => (next() < 0.4 ? 1 : 0));
  const probabilities = Float32Array.from(targets, (t) =>
    Math.min(1, Math.max(0, (t ? 0.65 : 0.35) + (next() - 0.5) * 0.9)),
  );
  const correct = Uint8Array.from(targets, (t, i) => (Number(probabilities[i] > 0.5) === t ? 1 : 0));
  return {
    kind: "probability-histogram",
    epoch: 7,
    finite: true,
    classes: ["0", "1"],
    probabilities,
    targets,
    correct,
  };
}

export function lossHistogram(count = 250, seed = 3): LossHistogramFrame {
  const next = random(seed);
  const losses = Float32Array.from({ length: count }, () => -Math.log(Math.max(1e-7, next())) * 0.4);
  return { kind: "loss-histogram", epoch: 7, finite: true, lossName: "binary_crossentropy", losses };
}

export function lossAndMetric(epoch = 7, metricName = "acc", last = 20): LossAndMetricFrame {
  const epochs = Int32Array.from({ length: last + 1 }, (_, i) => i);
  return {
    kind: "loss-and-metric",
    epoch,
    finite: true,
    lossName: "binary_crossentropy",
    metricName,
    epochs,
    loss: Float32Array.from(epochs, (e) => 0.7 * Math.exp(-e / 6) + 0.05),
    metric: Float32Array.from(epochs, (e) => 0.95 - 0.45 * Math.exp(-e / 5)),
  };
}

export function layerViolins(layers = 4, seed = 4): LayerViolinsFrame {
  const next = random(seed);
  return {
    kind: "layer-violins",
    epoch: 7,
    finite: true,
    quantity: "weights",
    layers: Array.from({ length: layers }, (_, l) => {
      const values = Float32Array.from(
        { length: 150 + 50 * l },
        () => (next() + next() + next() - 1.5) * (l + 1) * 0.5,
      );
      return { name: `h${l + 1}`, values, std: 0 };
    }),
  };
}

/** A loss landscape: a bowl on a K × K grid, the trajectory down into it, at epoch 5 of 0..10. */
export function lossLandscape(size = 15): LossLandscapeFrame {
  const axis = Float32Array.from({ length: size }, (_, i) => -1 + (2 * i) / (size - 1));
  const loss = Float32Array.from(
    { length: size * size },
    (_, k) => 0.05 + axis[k % size] ** 2 + 2 * axis[Math.floor(k / size)] ** 2,
  );
  const epochs = Int32Array.from({ length: 11 }, (_, e) => e);
  return {
    kind: "loss-landscape",
    epoch: 5,
    finite: true,
    lossName: "binary_crossentropy",
    epochs,
    reference: 10,
    trajectory: Float32Array.from(Array.from(epochs).flatMap((e) => [-0.8 + 0.08 * e, -0.5 + 0.05 * e])),
    a: axis,
    b: axis,
    loss,
    explained: [0.9, 0.08],
    colorScale: "linear",
  };
}
