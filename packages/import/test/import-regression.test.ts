import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  layerViolinsData,
  lossAndMetricData,
  lossHistogramData,
  openReplay,
  probabilityHistogramFrames,
} from "@deepreplay/core";
import { openRecording } from "@deepreplay/recorder";
import { importRun } from "../src/node.js";
import type { NamedBytes } from "../src/types.js";
import { seededUniform } from "../../../tools/testing/random.js";
import { keras3Layer, keras3ModelConfig, kerasZip, nativeWeightsFile, randomWeights } from "./helpers/keras-files.js";
import { reference } from "./helpers/reference.js";
import { f64, npy, zip } from "./make.js";
import { refusal } from "./refusal.js";

/**
 * A regression run (Keras 3 .keras checkpoints compiled with MeanSquaredError and metrics=["mae"]),
 * made by hand in Keras' layout: targets are values outside 0..1, and every replayed number is
 * checked against a float64 forward pass and Keras' formulas written here.
 */

const dir = mkdtempSync(join(tmpdir(), "deepreplay-import-regression-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = 40;
const random = seededUniform(11);
const X = Array.from({ length: SAMPLES }, () => [random() * 4 - 2, random() * 4 - 2]);
const Y = X.map(([a, b]) => 1.5 * a - b * b + 0.3);

const layers = (e: number) => [
  keras3Layer(
    "Dense",
    { name: "hidden", units: 3, activation: "tanh", use_bias: true },
    randomWeights(70 + e, { kernel: [2, 3], bias: [3] }),
  ),
  keras3Layer(
    "Dense",
    { name: "value", units: 1, activation: "linear", use_bias: true },
    randomWeights(80 + e, { kernel: [3, 1], bias: [1] }),
  ),
];
const compile = {
  optimizer: {
    module: "keras.optimizers",
    class_name: "Adam",
    config: { name: "adam", learning_rate: 0.01 },
    registered_name: null,
  },
  loss: {
    module: "keras.losses",
    class_name: "MeanSquaredError",
    config: { name: "mean_squared_error", reduction: "sum_over_batch_size" },
    registered_name: null,
  },
  metrics: ["mae"],
};
const data = (): NamedBytes[] => [
  {
    name: "data.npz",
    bytes: zip({ "x.npy": npy("<f8", [SAMPLES, 2], f64(X.flat())), "y.npy": npy("<f8", [SAMPLES], f64(Y)) }),
  },
];
const history: NamedBytes = {
  name: "history.csv",
  bytes: new TextEncoder().encode("epoch,loss,mae\n0,2.5,1.3\n1,2.1,1.2\n"),
};

async function checkpoints(): Promise<NamedBytes[]> {
  return Promise.all(
    [0, 1, 2].map(async (e) => ({
      name: `epoch${e}.keras`,
      bytes: kerasZip(keras3ModelConfig("Sequential", layers(e), compile), await nativeWeightsFile(layers(e))),
    })),
  );
}

describe("importing a regression run (mean squared error)", () => {
  it("records the values as targets and the mae series; the replay's losses and mae are Keras'", async () => {
    const out = join(dir, "regression.h5");
    const run = await importRun({ checkpoints: await checkpoints(), data: data(), history, out, group: "regression" });
    expect(run.model).toMatchObject({ loss: "mean_squared_error", metrics: ["mae"] });
    expect(run.series).toEqual(["loss", "mae", "lr"]);
    const recording = await openRecording(out, "regression");
    expect(recording.targets().shape).toEqual([SAMPLES, 1]);
    Array.from(recording.targets().data).forEach((y, i) => expect(y).toBeCloseTo(Y[i], 6));
    expect(Array.from(recording.series("mae"))).toEqual([1.3, 1.2].map(Math.fround));
    const replay = await openReplay(recording);
    try {
      const losses = lossHistogramData(replay).loss.data;
      const { loss, metric, metricName } = lossAndMetricData(replay);
      expect(metricName).toBe("mae");
      [0, 1, 2].forEach((e) => {
        const ref = reference(layers(e), X, Y, { loss: "mean_squared_error" });
        ref.sampleLoss.forEach((l, i) => expect(Math.abs(losses[e * SAMPLES + i] - l)).toBeLessThan(1e-4));
        expect(Math.abs(loss[e] - ref.loss)).toBeLessThan(1e-4);
        expect(Math.abs(metric[e] - ref.prob.reduce((s, [p], i) => s + Math.abs(p - Y[i]), 0) / SAMPLES)).toBeLessThan(
          1e-4,
        );
      });
      expect(layerViolinsData(replay, "gradients").names).toEqual(["hidden", "value"]);
      expect(refusal(() => probabilityHistogramFrames(replay))).toMatchObject({
        code: "NOT_A_CLASSIFIER",
        hint: expect.stringContaining("loss histogram"),
      });
    } finally {
      replay.close();
    }
  });

  it("refuses --from-logits and targets that are not one column per output unit, writing nothing", async () => {
    const out = join(dir, "refused.h5");
    await expect(
      importRun({ checkpoints: await checkpoints(), data: data(), out, group: "r", fromLogits: true }),
    ).rejects.toMatchObject({ code: "NOT_LOGITS", message: expect.stringContaining("mean_squared_error") });
    const wide: NamedBytes[] = [
      {
        name: "wide.npz",
        bytes: zip({
          "x.npy": npy("<f8", [SAMPLES, 2], f64(X.flat())),
          "y.npy": npy("<f8", [SAMPLES, 2], f64(X.flat())),
        }),
      },
    ];
    await expect(importRun({ checkpoints: await checkpoints(), data: wide, out, group: "r" })).rejects.toMatchObject({
      code: "DATA_MISMATCH",
      message: expect.stringMatching(/^wide\.npz: /),
    });
    await expect(openRecording(out, "r")).rejects.toBeDefined();
  });
});
