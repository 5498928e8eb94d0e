import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { openRecording } from "@deepreplay/recorder";
import { ReplayData } from "@deepreplay/recorder/tfjs";
import { describe, expect, it } from "vitest";
import { parabola } from "@deepreplay/datasets";
import { ACTIVATIONS, part1Model, trainPart1, type Part1Activation } from "@deepreplay/datasets/part1";

interface Recorded {
  weights: number[][];
  loss: number[];
  acc: number[];
}

async function read(path: string, epochs: number): Promise<Recorded> {
  const recording = await openRecording(path, "part1");
  try {
    const weights = Array.from({ length: epochs + 1 }, (_, epoch) =>
      recording
        .weights(epoch)
        .flat()
        .flatMap((w) => Array.from(w.data)),
    );
    return { weights, loss: Array.from(recording.series("loss")), acc: Array.from(recording.series("acc")) };
  } finally {
    recording.close();
  }
}

/** The reference: tfjs-layers' model.fit with the ReplayData callback, as the demo trained before. */
async function fitPart1(path: string, epochs: number, activation: Part1Activation): Promise<void> {
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  const { inputs, targets } = parabola();
  const model = part1Model(activation);
  const [x, y] = [inputs, targets].map(({ data, shape }) => tf.tensor(Float32Array.from(data), [...shape], "float32"));
  await model.fit(x, y, {
    epochs,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    yieldEvery: "never",
    callbacks: [new ReplayData({ inputs, targets, storage: path, group: "part1" })],
  });
  tf.dispose([x, y]);
  model.dispose();
}

const tempDir = () => mkdtempSync(join(tmpdir(), "deepreplay-part1-"));

describe("the demo's Part 1 training", () => {
  it("is reproducible: two runs record the same weights at every epoch, and training moves them", async () => {
    const runs = [join(tempDir(), "a.h5"), join(tempDir(), "b.h5")];
    for (const path of runs) await trainPart1({ path, group: "part1", epochs: 2, activation: "relu" });
    const [a, b] = await Promise.all(runs.map((path) => read(path, 2)));
    expect(a).toEqual(b);
    // hidden kernel (4) + bias (2), output kernel (2) + bias (1); biases start at zero.
    expect(a.weights[0]).toHaveLength(9);
    expect(a.weights[0].slice(4, 6)).toEqual([0, 0]);
    expect(a.weights[2]).not.toEqual(a.weights[0]);
  });

  // 3 epochs: 375 SGD steps. The loop computes each step's intermediates in float64 where tfjs
  // rounds every op to float32, so the weights may drift apart by a few float32 roundings per step;
  // 1e-6 is 8 ulps of float32 at 1 (the weights here stay below 2). The logs are float32 sums of the
  // same batch values in the same order: within 2 ulps of a loss near 0.7 (1.2e-7).
  it.each(ACTIVATIONS)("records what model.fit records, within float32 rounding (%s)", async (activation) => {
    const epochs = 3;
    const [fitPath, loopPath] = [join(tempDir(), "fit.h5"), join(tempDir(), "loop.h5")];
    await fitPart1(fitPath, epochs, activation);
    await trainPart1({ path: loopPath, group: "part1", epochs, activation });
    const [fit, loop] = await Promise.all([read(fitPath, epochs), read(loopPath, epochs)]);
    expect(loop.weights[0]).toEqual(fit.weights[0]);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      loop.weights[epoch].forEach((w, i) => expect(Math.abs(w - fit.weights[epoch][i])).toBeLessThan(1e-6));
    }
    loop.loss.forEach((loss, i) => expect(Math.abs(loss - fit.loss[i])).toBeLessThan(1.2e-7));
    expect(loop.acc).toEqual(fit.acc);
    // And training does move the weights, far beyond that tolerance.
    expect(Math.max(...loop.weights[epochs].map((w, i) => Math.abs(w - loop.weights[0][i])))).toBeGreaterThan(1e-3);
  });
});
