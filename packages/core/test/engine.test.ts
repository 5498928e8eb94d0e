import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { ActivationName, LayerSpec, ModelDescription } from "@deepreplay/frames";
import { activate, initBackend, Network, outputWidths, predictClasses } from "@deepreplay/core";
import { affine, array, sigmoid } from "./helpers.js";

beforeAll(() => initBackend());

const Z = [-3, -1.5, -0.2, 0, 0.4, 2.5];
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

// Keras' definitions, written out independently of tfjs.
const KERAS: Record<Exclude<ActivationName, "softmax">, (z: number) => number> = {
  linear: (z) => z,
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  elu: (z) => (z > 0 ? z : Math.exp(z) - 1),
  selu: (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * (Math.exp(z) - 1)),
  softplus: (z) => Math.log(Math.exp(z) + 1),
  softsign: (z) => z / (Math.abs(z) + 1),
  hard_sigmoid: (z) => Math.min(1, Math.max(0, 0.2 * z + 0.5)),
  leaky_relu: (z) => (z > 0 ? z : 0.3 * z),
};

function run(name: ActivationName, values: number[], shape = [values.length], alpha?: number): number[] {
  return tf.tidy(() => Array.from(activate(name, tf.tensor(values, shape), alpha).dataSync()));
}

describe("activations (Keras semantics)", () => {
  for (const [name, f] of Object.entries(KERAS)) {
    it(name, () => {
      run(name as ActivationName, Z).forEach((v, i) => expect(v).toBeCloseTo(f(Z[i]), 5));
    });
  }

  it("hard_sigmoid is Keras' clip(0.2x + 0.5, 0, 1), not tf's", () => {
    const got = run("hard_sigmoid", [-3, -2.5, 1, 2.5, 3]);
    [0, 0, 0.7, 1, 1].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
  });

  it("leaky_relu takes the layer's alpha", () => {
    expect(run("leaky_relu", [-2, 2], [2], 0.1)).toEqual([-0.20000000298023224, 2]);
  });

  it("softmax normalises each row", () => {
    const rows = run("softmax", [1, 2, 3, 0, 0, 0], [2, 3]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const total = e[0] + e[1] + e[2];
    rows.slice(0, 3).forEach((v, i) => expect(v).toBeCloseTo(e[i] / total, 6));
    rows.slice(3).forEach((v) => expect(v).toBeCloseTo(1 / 3, 6));
  });
});

const K1 = [
  [0.5, -1.0],
  [2.0, 0.25],
];
const B1 = [0.1, -0.3];
const K2 = [[1.5], [-2.0]];

function model(layers: LayerSpec[], inputShape = [2]): ModelDescription {
  return { inputShape, layers, loss: "binary_crossentropy", metrics: ["acc"] };
}

describe("forward pass", () => {
  const X = [
    [0.2, -0.4],
    [1, 1],
    [-0.7, 0.3],
  ];
  const layers: LayerSpec[] = [
    { kind: "InputLayer", name: "in", inputShape: [2] },
    { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
    { kind: "Dropout", name: "drop", rate: 0.5 },
    { kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: false },
  ];
  const weights = [[], [array(K1), array(B1)], [], [array(K2)]];

  it("matches a float64 reference, stops at any layer and keeps z-values", () => {
    const net = new Network(model(layers), weights, 0);
    try {
      const x = tf.tensor2d(X);
      const hidden = X.map((row) => affine(row, K1, B1).map(Math.tanh));
      const out = hidden.map((h) => affine(h, K2).map(sigmoid));
      const full = tf.tidy(() => Array.from(net.forward(x).output.dataSync()));
      full.forEach((v, i) => expect(v).toBeCloseTo(out[i][0], 6));
      const upToHidden = tf.tidy(() => Array.from(net.forward(x, { to: 1 }).output.dataSync()));
      upToHidden.forEach((v, i) => expect(v).toBeCloseTo(hidden.flat()[i], 6));
      const fromHidden = tf.tidy(() => Array.from(net.forward(tf.tensor2d(hidden), { from: 2 }).output.dataSync()));
      fromHidden.forEach((v, i) => expect(v).toBeCloseTo(out[i][0], 6));
      tf.tidy(() => {
        const { zs, outputs } = net.forward(x, { keep: true });
        const z1 = X.flatMap((row) => affine(row, K1, B1));
        Array.from(zs[1]!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(z1[i], 6));
        expect(zs[2]).toBeUndefined(); // Dropout computes no z
        expect(Array.from(outputs[2].dataSync())).toEqual(Array.from(outputs[1].dataSync())); // identity at inference
      });
      x.dispose();
    } finally {
      net.dispose();
    }
  });

  it("BatchNormalization uses moving statistics and respects center/scale", () => {
    const x = [
      [1, 2],
      [3, -1],
    ];
    const [gamma, beta, mean, variance] = [
      [2, 0.5],
      [0.1, -0.2],
      [1, 0.5],
      [4, 0.25],
    ];
    const normalise = (v: number, j: number, withGamma: boolean, withBeta: boolean): number =>
      ((v - mean[j]) / Math.sqrt(variance[j] + 0.001)) * (withGamma ? gamma[j] : 1) + (withBeta ? beta[j] : 0);
    for (const [scale, center] of [
      [true, true],
      [false, true],
      [true, false],
      [false, false],
    ]) {
      const spec: LayerSpec = { kind: "BatchNormalization", name: "bn", epsilon: 0.001, center, scale };
      const arrays = [...(scale ? [array(gamma)] : []), ...(center ? [array(beta)] : []), array(mean), array(variance)];
      const net = new Network(model([spec]), [arrays], 0);
      const got = tf.tidy(() => Array.from(net.forward(tf.tensor2d(x)).output.dataSync()));
      net.dispose();
      const want = x.flatMap((row) => row.map((v, j) => normalise(v, j, scale, center)));
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    }
  });

  it("Flatten feeds a Dense layer from 2-D inputs per sample", () => {
    const layersFlat: LayerSpec[] = [
      { kind: "Flatten", name: "flat" },
      { kind: "Dense", name: "d", units: 1, activation: "linear", useBias: false },
    ];
    const net = new Network(model(layersFlat, [2, 2]), [[], [array([[1], [2], [3], [4]])]], 0);
    const got = tf.tidy(() =>
      Array.from(
        net
          .forward(
            tf.tensor3d([
              [
                [1, 0],
                [0, 1],
              ],
              [
                [1, 1],
                [1, 1],
              ],
            ]),
          )
          .output.dataSync(),
      ),
    );
    net.dispose();
    expect(got).toEqual([5, 10]);
    expect(outputWidths([2, 2], layersFlat)).toEqual([4, 1]);
  });

  it("gives the same outputs for a large batch (rows laid side by side), fused or not", () => {
    const net = new Network(model(layers), weights, 0);
    for (const rows of [40_000, 40_001]) {
      const data = Float32Array.from({ length: 2 * rows }, (_, i) => Math.sin(i) * 1.5);
      const want = Array.from(
        { length: rows },
        (_, i) => affine(affine([data[2 * i], data[2 * i + 1]], K1, B1).map(Math.tanh), K2).map(sigmoid)[0],
      );
      for (const fused of [true, false]) {
        const got = tf.tidy(() => net.forward(tf.tensor2d(data, [rows, 2]), { fused }).output.dataSync());
        expect(got.length).toBe(rows);
        let max = 0;
        for (let i = 0; i < rows; i++) max = Math.max(max, Math.abs(got[i] - want[i]));
        expect(max).toBeLessThan(1e-6);
      }
    }
    net.dispose();
  });

  it("refuses weights that do not fit the layers, naming the layer", () => {
    expect(() => new Network(model(layers), [[], [array(K1)], [], [array(K2)]], 3)).toThrowError(
      /epoch 3.*"hidden" has 1 arrays, expected 2/,
    );
  });

  it("flags non-finite weights", () => {
    const net = new Network(
      model(layers),
      [
        [],
        [
          array([
            [NaN, 1],
            [1, 1],
          ]),
          array(B1),
        ],
        [],
        [array(K2)],
      ],
      0,
    );
    expect(net.finite).toBe(false);
    net.dispose();
  });
});

describe("predictClasses", () => {
  // z of the output unit at each point: 0.8 x - 1.2 y + 0.05; points on a line through the boundary.
  const KERNEL = [[0.8], [-1.2]];
  const BIAS = [0.05];
  // A line across the boundary (long runs of one class), then scattered points (runs of one or two).
  const line = Array.from({ length: 41 }, (_, i) => [(i - 20) / 20, (20 - i) / 35]);
  const scattered = Array.from({ length: 60 }, (_, i) => [Math.sin(7.1 * i), Math.cos(3.3 * i)]);
  const points = [...line, ...scattered];
  const zs = points.map((p) => affine(p, KERNEL, BIAS)[0]);

  function classesOf(layers: LayerSpec[], weights: ReturnType<typeof array>[][], x: number[][], from = 0): number[] {
    const net = new Network(model(layers), weights, 0);
    try {
      return tf.tidy(() => Array.from(predictClasses(net, tf.tensor2d(x), from)));
    } finally {
      net.dispose();
    }
  }
  const dense = (activation: ActivationName): LayerSpec => ({
    kind: "Dense",
    name: "out",
    units: 1,
    activation,
    useBias: true,
  });

  for (const activation of ["sigmoid", "hard_sigmoid"] as const) {
    it(`reads a ${activation} unit's decision off z (p > 0.5 where z > 0)`, () => {
      const want = zs.map((z) => (KERAS[activation](z) > 0.5 ? 1 : 0));
      expect(want.slice(41).filter((c, i) => c !== want[41 + i - 1]).length).toBeGreaterThan(20);
      expect(classesOf([dense(activation)], [[array(KERNEL), array(BIAS)]], points)).toEqual(want);
    });
  }

  it("applies an activation that moves the threshold (tanh(z) > 0.5, not z > 0)", () => {
    const got = classesOf([dense("tanh")], [[array(KERNEL), array(BIAS)]], points);
    expect(got).toEqual(zs.map((z) => (Math.tanh(z) > 0.5 ? 1 : 0)));
    expect(zs.some((z, i) => z > 0 && got[i] === 0)).toBe(true); // the case a z > 0 shortcut would get wrong
  });

  it("keeps the activation where it changes the decision: softmax over one unit, saturated sigmoids", () => {
    // Softmax over one unit is always 1: class 1, whatever the sign of z.
    expect(classesOf([dense("softmax")], [[array(KERNEL), array(BIAS)]], points)).toEqual(points.map(() => 1));
    // Two sigmoids saturated to 1.0 in float32 tie, and the first wins, as for the probabilities.
    const two: LayerSpec = { kind: "Dense", name: "out", units: 2, activation: "sigmoid", useBias: false };
    expect(
      classesOf(
        [two],
        [
          [
            array([
              [20, 30],
              [0, 0],
            ]),
          ],
        ],
        [
          [1, 0],
          [0.01, 0],
        ],
      ),
    ).toEqual([0, 1]);
  });

  it("takes the argmax of several units, through a softmax Activation layer, from any layer", () => {
    const layers: LayerSpec[] = [
      { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
      { kind: "Dense", name: "logits", units: 3, activation: "linear", useBias: false },
      { kind: "Activation", name: "softmax", activation: "softmax" },
    ];
    const k2 = [
      [1, -1, 0.3],
      [0.5, 2, -1],
    ];
    const weights = [[array(K1), array(B1)], [array(k2)], []];
    const argmax = (v: number[]) => v.indexOf(Math.max(...v));
    const square = Array.from({ length: 49 }, (_, i) => [Math.floor(i / 7) / 3 - 1, (i % 7) / 3 - 1]);
    const hidden = square.map((p) => affine(p, K1, B1).map(Math.tanh));
    const want = hidden.map((h) => argmax(affine(h, k2)));
    expect(new Set(want).size).toBe(3);
    expect(classesOf(layers, weights, square)).toEqual(want);
    expect(classesOf(layers, weights, hidden, 1)).toEqual(want);
    // Past the output layer there is nothing left to apply: the argmax of the points themselves.
    const logits = hidden.map((h) => affine(h, k2));
    expect(classesOf(layers, weights, logits, 3)).toEqual(want);
  });
});
