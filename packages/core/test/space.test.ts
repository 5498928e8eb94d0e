import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  describeError,
  isDeepReplayError,
  type DeepReplayError,
  type DecisionRegion,
  type LayerSpec,
} from "@deepreplay/frames";
import {
  build2dGrid,
  decisionBoundaryData,
  decisionBoundaryFrames,
  featureSpaceData,
  featureSpaceFrames,
} from "@deepreplay/core";
import { affine, array, maxAbsDiff, replayOf, sigmoid, thrown } from "./helpers.js";

const layers: LayerSpec[] = [
  { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
  { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true },
];
const EPOCHS = [
  {
    k1: [
      [1.5, -0.5],
      [0.5, 2],
    ],
    b1: [0.1, -0.2],
    k2: [[2], [-1.5]],
    b2: [0.3],
  },
  {
    k1: [
      [2.5, -1.0],
      [0.2, 3],
    ],
    b1: [0.3, 0.1],
    k2: [[3], [-2.5]],
    b2: [-0.2],
  },
];
const X = [
  [0.5, 0.2],
  [-0.3, 0.8],
  [0.9, -0.7],
  [-0.6, -0.4],
  [0.1, 0.1],
];
const Y = [1, 0, 1, 0, 1];

const hiddenOf = (e: number, x: readonly number[]): number[] => affine(x, EPOCHS[e].k1, EPOCHS[e].b1).map(Math.tanh);
const outputOf = (e: number, h: readonly number[]): number => sigmoid(affine(h, EPOCHS[e].k2, EPOCHS[e].b2)[0]);
const weights = (e: (typeof EPOCHS)[number]) => [
  [array(e.k1), array(e.b1)],
  [array(e.k2), array(e.b2)],
];

const replay2d = () =>
  replayOf({ layers, inputs: array(X), targets: array(Y.map((y) => [y])), weights: EPOCHS.map(weights) });

/** Points of a flat xy array as pairs. */
const pairs = (flat: ArrayLike<number>): number[][] =>
  Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]]);

describe("feature space of a 2-unit layer, 2-D inputs (the grid is bent)", () => {
  it("bends the contour grid, the grid lines and the inputs through the layer, and predicts from there", async () => {
    const data = featureSpaceData(await replay2d(), { layer: "hidden", contourPoints: 4 });
    expect(data.epochs).toEqual([0, 1]);
    const contour = pairs(build2dGrid([-1, 1], [-1, 1], 4, 4).points);
    expect(data.contour.shape).toEqual([4, 4, 2]);
    expect(data.bentContour.shape).toEqual([2, 4, 4, 2]);
    expect(data.prediction.shape).toEqual([2, 4, 4]);
    for (const e of [0, 1]) {
      const bent = contour.map((x) => hiddenOf(e, x));
      expect(maxAbsDiff(data.bentContour.data.subarray(e * 32, (e + 1) * 32), bent.flat())).toBeLessThan(1e-6);
      expect(Array.from(data.prediction.data.subarray(e * 16, (e + 1) * 16))).toEqual(
        bent.map((h) => Number(outputOf(e, h) > 0.5)),
      );
    }
    // The default grid: 22 lines of 1000 points, bent.
    expect(data.grid.shape).toEqual([22, 1000, 2]);
    expect(data.bentGrid.shape).toEqual([2, 22, 1000, 2]);
    const gridPoints = pairs(data.grid.data);
    for (const i of [0, 4321, 21999]) {
      expect(
        maxAbsDiff(data.bentGrid.data.subarray(44000 + 2 * i, 44000 + 2 * i + 2), hiddenOf(1, gridPoints[i])),
      ).toBeLessThan(1e-6);
    }
  });

  it("orders the inputs by target, stably, as the original's argsort does", async () => {
    const data = featureSpaceData(await replay2d(), { layer: "hidden", contourPoints: 2, regions: false });
    const order = [1, 3, 0, 2, 4];
    expect(Array.from(data.target.data)).toEqual(order.map((i) => Y[i]));
    expect(Array.from(data.inputs.data)).toEqual(order.flatMap((i) => X[i]).map(Math.fround));
    expect(
      maxAbsDiff(
        data.bentInputs.data.subarray(10),
        order.flatMap((i) => hiddenOf(1, X[i])),
      ),
    ).toBeLessThan(1e-6);
    const unsorted = featureSpaceData(await replay2d(), {
      layer: "hidden",
      contourPoints: 2,
      regions: false,
      sortByTarget: false,
    });
    expect(
      maxAbsDiff(
        unsorted.bentInputs.data.subarray(0, 10),
        X.flatMap((x) => hiddenOf(0, x)),
      ),
    ).toBeLessThan(1e-6);
  });

  it("frames: a fixed domain over the range, or each epoch's own extent, padded by 0.05", async () => {
    const replay = await replay2d();
    const fixed = [...featureSpaceFrames(replay, { layer: "hidden", contourPoints: 50 })];
    expect(fixed.map((f) => f.epoch)).toEqual([0, 1]);
    expect(fixed[0].xDomain).toEqual(fixed[1].xDomain);
    expect(fixed[0].yDomain).toEqual(fixed[1].yDomain);
    for (const frame of fixed) {
      expect(frame.kind).toBe("feature-space");
      expect(frame.layer).toBe("hidden");
      expect(frame.finite).toBe(true);
      for (const [x, y] of pairs(frame.contour!.points)) {
        expect(x).toBeGreaterThanOrEqual(frame.xDomain[0] + 0.05 - 1e-3);
        expect(y).toBeLessThanOrEqual(frame.yDomain[1] - 0.05 + 1e-3);
      }
    }
    const free = [...featureSpaceFrames(replay, { layer: "hidden", contourPoints: 50, scaleFixed: false })];
    for (const frame of free) {
      const xs = [...pairs(frame.contour!.points), ...pairs(frame.grid!.points), ...pairs(frame.inputs.points)].map(
        ([x]) => x,
      );
      expect(frame.xDomain[0]).toBeCloseTo(Math.min(...xs) - 0.05, 6);
      expect(frame.xDomain[1]).toBeCloseTo(Math.max(...xs) + 0.05, 6);
    }
    expect(free[0].xDomain).not.toEqual(free[1].xDomain);
  });
});

describe("feature space with the contour in the latent space", () => {
  const X3 = [
    [0.5, 0.2, -1],
    [-0.3, 0.8, 0.5],
    [0.9, -0.7, 0.1],
    [-0.6, -0.4, 0.9],
  ];
  const k1 = [
    [1, -0.5],
    [0.5, 1],
    [-0.7, 0.3],
  ];
  const epochs = [
    { k1, b1: [0, 0], k2: [[2], [-1.5]], b2: [0.3] },
    { k1: k1.map((row) => row.map((v) => 2 * v)), b1: [0.1, 0.2], k2: [[1], [1]], b2: [-0.1] },
  ];
  const replay3d = () =>
    replayOf({ layers, inputs: array(X3), targets: array([[0], [1], [0], [1]]), weights: epochs.map(weights) });
  const bentInputs = (e: number): number[][] => X3.map((x) => affine(x, epochs[e].k1, epochs[e].b1).map(Math.tanh));
  const extent = (points: number[][], axis: number): [number, number] => [
    Math.min(...points.map((p) => p[axis])),
    Math.max(...points.map((p) => p[axis])),
  ];

  it("lays a regular grid over the bent inputs' extent (all epochs when scaleFixed) and predicts from the layer on", async () => {
    const data = featureSpaceData(await replay3d(), { layer: "hidden", contourPoints: 3 });
    expect(data.grid.shape).toEqual([0]);
    expect(data.contour.shape).toEqual([0]);
    const all = [...bentInputs(0), ...bentInputs(1)];
    const grid = pairs(build2dGrid(extent(all, 0), extent(all, 1), 3, 3).points);
    for (const e of [0, 1]) {
      expect(maxAbsDiff(data.bentContour.data.subarray(e * 18, (e + 1) * 18), grid.flat())).toBeLessThan(1e-6);
      const want = grid.map((h) => Number(sigmoid(affine(h, epochs[e].k2, epochs[e].b2)[0]) > 0.5));
      expect(Array.from(data.prediction.data.subarray(e * 9, (e + 1) * 9))).toEqual(want);
    }
  });

  it("traces the regions in the latent space itself, where its boundary is the output's", async () => {
    const frames = [...featureSpaceFrames(await replay3d(), { layer: "hidden", contourPoints: 3, regionPoints: 60 })];
    const all = [...bentInputs(0), ...bentInputs(1)];
    const [[x0, x1], [y0, y1]] = [extent(all, 0), extent(all, 1)];
    frames.forEach((frame, e) => {
      const vertices = frame.regions.flatMap((r) => r.polygons.flat()).flatMap((ring) => pairs(ring));
      expect(vertices.length).toBeGreaterThan(10);
      for (const [x, y] of vertices) {
        expect(x).toBeGreaterThanOrEqual(x0 - 1e-6);
        expect(x).toBeLessThanOrEqual(x1 + 1e-6);
        const onBorder = [x - x0, x1 - x, y - y0, y1 - y].some((d) => Math.abs(d) < 1e-5);
        if (!onBorder) expect(Math.abs(affine([x, y], epochs[e].k2, epochs[e].b2)[0])).toBeLessThan(0.05);
      }
    });
  });

  it("uses each epoch's own extent when scaleFixed is false", async () => {
    const frames = [
      ...featureSpaceFrames(await replay3d(), { layer: "hidden", contourPoints: 3, scaleFixed: false, regions: false }),
    ];
    for (const e of [0, 1]) {
      const [x0, x1] = extent(bentInputs(e), 0);
      expect(frames[e].contour!.points[0]).toBeCloseTo(x0, 6);
      expect(frames[e].contour!.points[16]).toBeCloseTo(x1, 6);
      expect(frames[e].xDomain[0]).toBeCloseTo(x0 - 0.05, 6);
      expect(frames[e].grid).toBeUndefined();
    }
  });

  it("refuses a decision boundary on inputs that are not 2-D", async () => {
    const replay = await replay3d();
    const caught = thrown(() => decisionBoundaryFrames(replay));
    expect(isDeepReplayError(caught, "DECISION_BOUNDARY_NEEDS_2D_INPUTS")).toBe(true);
    expect(describeError(caught as DeepReplayError)).toMatch(/3 features.*feature space/);
  });
});

describe("decision boundary in input space", () => {
  it("keeps inputs, grid and contour in input space, with the model's predictions", async () => {
    const data = decisionBoundaryData(await replay2d(), { contourPoints: 5, displayGrid: false });
    const contour = pairs(build2dGrid([-1, 1], [-1, 1], 5, 5).points);
    expect(data.bentGrid.shape).toEqual([0]);
    for (const e of [0, 1]) {
      expect(Array.from(data.bentContour.data.subarray(e * 50, (e + 1) * 50))).toEqual(Array.from(data.contour.data));
      const want = contour.map((x) => Number(outputOf(e, hiddenOf(e, x)) > 0.5));
      expect(Array.from(data.prediction.data.subarray(e * 25, (e + 1) * 25))).toEqual(want);
    }
    const [frame] = decisionBoundaryFrames(await replay2d(), { contourPoints: 5, epochEnd: 0 });
    expect(frame.kind).toBe("decision-boundary");
    expect(frame.layer).toBeUndefined();
    expect(frame.xDomain).toEqual([-1.05, 1.05]);
  });
});

/** Signed area of a ring (shoelace). */
const area = (ring: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < ring.length; i += 2) {
    const j = (i + 2) % ring.length;
    sum += ring[i] * ring[j + 1] - ring[j] * ring[i + 1];
  }
  return sum / 2;
};
/** Area of a region: each outline less its holes (orientation aside). */
const regionArea = (region: DecisionRegion): number =>
  region.polygons.reduce(
    (s, [outline, ...holes]) => s + Math.abs(area(outline)) - holes.reduce((t, hole) => t + Math.abs(area(hole)), 0),
    0,
  );

describe("exact decision regions", () => {
  // A logistic regression: the boundary is the line x + 2y = 0.5.
  const logistic = () =>
    replayOf({
      layers: [{ kind: "Dense", name: "out", units: 1, activation: "sigmoid", useBias: true }],
      inputs: array(X),
      targets: array(Y.map((y) => [y])),
      weights: [[[array([[4], [8]]), array([-2])]]],
    });

  it("trace the class boundary on the grid: vertices off the border lie on it, areas split the square", async () => {
    const [frame] = decisionBoundaryFrames(await logistic(), { contourPoints: 10, regionPoints: 101 });
    expect(frame.regions.map((r) => r.classIndex)).toEqual([0, 1]);
    const vertices = frame.regions[1].polygons.flat().flatMap((ring) => pairs(ring));
    const inside = vertices.filter(([x, y]) => Math.abs(x) < 0.999 && Math.abs(y) < 0.999);
    expect(inside.length).toBeGreaterThan(50);
    for (const [x, y] of inside) expect(Math.abs(x + 2 * y - 0.5)).toBeLessThan(2e-3);
    for (const [x, y] of vertices) expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1 + 1e-6);
    // Area of {x + 2y > 0.5} in [-1, 1]²: the square minus the part below the line, a trapezoid of area 2.5.
    expect(regionArea(frame.regions[1])).toBeCloseTo(1.5, 2);
    expect(regionArea(frame.regions[0])).toBeCloseTo(2.5, 2);
  });

  it("in the feature space, are the input-space regions mapped vertex by vertex through the layer", async () => {
    const replay = await replay2d();
    const [inputSpace] = decisionBoundaryFrames(replay, { epochEnd: 0, contourPoints: 2, regionPoints: 40 });
    const [bent] = featureSpaceFrames(replay, { layer: "hidden", epochEnd: 0, contourPoints: 2, regionPoints: 40 });
    expect(bent.regions.length).toBe(2);
    inputSpace.regions.forEach((region, c) => {
      const want = region.polygons.flat().flatMap((ring) => pairs(ring).flatMap((x) => hiddenOf(0, x)));
      const got = bent.regions[c].polygons.flat().flatMap((ring) => Array.from(ring));
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
    });
  });

  it("one region per class for a softmax output, bounded where two class scores tie", async () => {
    const kernel = [
      [3, -3, 0],
      [0, 0, 3],
    ];
    const replay = await replayOf({
      layers: [{ kind: "Dense", name: "out", units: 3, activation: "softmax", useBias: true }],
      inputs: array(X),
      targets: array([[0], [1], [2], [1], [0]]),
      weights: [[[array(kernel), array([0, 0, 0])]]],
      loss: "sparse_categorical_crossentropy",
    });
    const [frame] = decisionBoundaryFrames(replay, { contourPoints: 20, regionPoints: 81 });
    expect(frame.classes).toEqual(["0", "1", "2"]);
    expect(frame.regions.map((r) => r.classIndex)).toEqual([0, 1, 2]);
    const total = frame.regions.reduce((s, r) => s + regionArea(r), 0);
    expect(total).toBeCloseTo(4, 2);
    const z = (x: number, y: number): number[] => affine([x, y], kernel);
    for (const region of frame.regions) {
      for (const [x, y] of region.polygons.flat().flatMap((ring) => pairs(ring))) {
        if (Math.abs(x) > 0.999 || Math.abs(y) > 0.999) continue;
        const scores = z(x, y).sort((a, b) => b - a);
        expect(scores[0] - scores[1]).toBeLessThan(0.05);
      }
    }
    // The sampled contour predicts by argmax.
    const grid = pairs(build2dGrid([-1, 1], [-1, 1], 20, 20).points);
    const argmax = grid.map(([x, y]) => {
      const s = z(x, y);
      return s.indexOf(Math.max(...s));
    });
    expect(Array.from(frame.contour!.prediction)).toEqual(argmax);
  });
});

describe("options", () => {
  it("skips what is not asked for: regions, the sampled contour, the grid lines", async () => {
    const [frame] = featureSpaceFrames(await replay2d(), {
      layer: "hidden",
      regions: false,
      contourPoints: 0,
      displayGrid: false,
      epochEnd: 0,
    });
    expect(frame.regions).toEqual([]);
    expect(frame.contour).toBeUndefined();
    expect(frame.grid).toBeUndefined();
    expect(frame.inputs.points.length).toBe(10);
  });

  it("refuses options out of range, saying what they must be", async () => {
    const replay = await replay2d();
    const caught = thrown(() => decisionBoundaryFrames(replay, { xlim: [1, -1] }));
    expect(isDeepReplayError(caught, "INVALID_OPTION")).toBe(true);
    expect((caught as Error).message).toMatch(/xlim.*min < max/);
    expect(() => featureSpaceFrames(replay, { layer: "hidden", contourPoints: 1 })).toThrowError(
      /contourPoints.*integer from 2/,
    );
    expect(() => featureSpaceFrames(replay, { layer: "hidden", padding: -1 })).toThrowError(/padding/);
  });
});

describe("bad input and diverged runs", () => {
  it("names the layers when a layer is unknown", async () => {
    const replay = await replay2d();
    expect(describeError(thrown(() => featureSpaceFrames(replay, { layer: "hiden" })) as DeepReplayError)).toMatch(
      /no layer named "hiden".*hidden, output/,
    );
  });

  it("explains that a feature space needs 2 units", async () => {
    const replay = await replay2d();
    const caught = thrown(() => featureSpaceData(replay, { layer: "output" }));
    expect(isDeepReplayError(caught, "FEATURE_SPACE_NEEDS_2_UNITS")).toBe(true);
    expect((caught as { hint: string }).hint).toMatch(/decision boundary.*2-unit linear bottleneck/);
  });

  it("says the valid range for an epoch outside the recording", async () => {
    const replay = await replay2d();
    for (const range of [
      { epochStart: 0, epochEnd: 2 },
      { epochStart: -1 },
      { epochStart: 1, epochEnd: 0 },
      { epochStart: 0.5 },
    ]) {
      expect(
        describeError(thrown(() => featureSpaceFrames(replay, { layer: "hidden", ...range })) as DeepReplayError),
      ).toMatch(/Valid epochs are 0\.\.1/);
    }
  });

  it("yields frames marked not finite, with a note, for NaN weights", async () => {
    const nan = {
      ...EPOCHS[1],
      k1: [
        [NaN, 1],
        [1, 1],
      ],
    };
    const replay = await replayOf({
      layers,
      inputs: array(X),
      targets: array(Y.map((y) => [y])),
      weights: [EPOCHS[0], nan].map(weights),
    });
    const frames = [...featureSpaceFrames(replay, { layer: "hidden", contourPoints: 10 })];
    expect(frames.map((f) => f.finite)).toEqual([true, false]);
    expect(frames[1].note).toMatch(/Epoch 1.*diverged/);
    expect(Array.from(new Set(frames[1].contour!.prediction))).toEqual([0]);
    expect(frames[0].xDomain.every(Number.isFinite)).toBe(true);
  });
});

describe("memory", () => {
  it("holds no more tensors from one epoch to the next, and none after the last or an early stop", async () => {
    const replay = await replay2d();
    const before = tf.memory().numTensors;
    const during: number[] = [];
    for (const frame of featureSpaceFrames(replay, { layer: "hidden", contourPoints: 100 })) {
      expect(frame.finite).toBe(true);
      during.push(tf.memory().numTensors);
    }
    expect(new Set(during).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    for (const frame of decisionBoundaryFrames(replay, { contourPoints: 100 })) {
      expect(frame.epoch).toBe(0);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    // A frame's contour and regions are computed when first read, even after the replay moved on,
    // the same as when read at once; they keep no tensor.
    const [first] = featureSpaceFrames(replay, { layer: "hidden", contourPoints: 20 });
    expect(tf.memory().numTensors).toBe(before);
    const { contour, regions } = { ...first };
    expect(contour!.size).toBe(20);
    expect(contour!.points.length).toBe(800);
    expect(first.contour).toBe(contour);
    expect(first.regions).toBe(regions);
    expect(tf.memory().numTensors).toBe(before);
    for (const frame of featureSpaceFrames(replay, { layer: "hidden", contourPoints: 20 })) {
      expect(frame.regions.length).toBe(2);
      expect(frame.regions).toEqual(regions);
      expect(frame.contour).toEqual(contour);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    const bytes = tf.memory().numBytes;
    featureSpaceData(replay, { layer: "hidden", contourPoints: 100, displayGrid: false });
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
