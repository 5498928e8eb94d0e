import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { isDeepReplayError, type NdArray } from "@deepreplay/frames";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { listGroups, openRecording, type HdfRecording } from "../src/index.js";
import { groupLayout, readDataset } from "./helpers/h5-layout.js";
import { PARABOLA_MODEL } from "../../../tools/testing/parabola-model.js";

const have = requirePythonFixtures();
const REPLAY = fixturePath("hyperparms_in_action.h5");
const GROUP = "part1_activation_functions";
const epochFile = (k: number) => fixturePath(`${GROUP}_epoch${String(k).padStart(2, "0")}.h5`);

/** Independent forward pass of hidden = Dense(2, sigmoid) -> output = Dense(1, sigmoid). */
function predict(weights: NdArray[][], x: NdArray): Float64Array {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const dense = (input: ArrayLike<number>, [kernel, bias]: NdArray[]) => {
    const [nIn, nOut] = kernel.shape;
    return Array.from({ length: nOut }, (_, o) => {
      let z = bias.data[o];
      for (let i = 0; i < nIn; i++) z += input[i] * kernel.data[i * nOut + o];
      return sigmoid(z);
    });
  };
  const n = x.shape[0];
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) out[s] = dense(dense(x.data.subarray(s * 2, s * 2 + 2), weights[0]), weights[1])[0];
  return out;
}

describe.skipIf(!have)("reading Python deepreplay's hyperparms_in_action.h5", () => {
  let recording: HdfRecording;
  beforeAll(async () => {
    recording = await openRecording(REPLAY);
  });
  afterAll(() => recording?.close());

  it("lists the file's only group and opens it without being told", async () => {
    expect(await listGroups(REPLAY)).toEqual([GROUP]);
    expect(recording.info.group).toBe(GROUP);
  });

  it("reports every group attribute", () => {
    expect(recording.info).toMatchObject({
      samples: 2000,
      batchSize: 16,
      nBatches: 125,
      nEpochs: 20,
      completedEpochs: 20,
      nLayers: 2,
      activationFunctions: ["sigmoid", "sigmoid"],
      series: ["loss", "acc", "lr"],
    });
  });

  it("reads the group's layout as the fixture stores it", async () => {
    const layout = await groupLayout(REPLAY, GROUP);
    expect(Object.keys(layout.attributes).sort()).toEqual([
      "activation_functions",
      "batch_size",
      "n_batches",
      "n_epochs",
      "n_layers",
      "samples",
    ]);
    expect(layout.datasets).toEqual({
      acc: { dtype: "<f", shape: [20] },
      inputs: { dtype: "<d", shape: [2000, 2] },
      "layer0/weights0": { dtype: "<f", shape: [21, 2, 2] },
      "layer0/weights1": { dtype: "<f", shape: [21, 2] },
      "layer1/weights0": { dtype: "<f", shape: [21, 2, 1] },
      "layer1/weights1": { dtype: "<f", shape: [21, 1] },
      loss: { dtype: "<f", shape: [20] },
      lr: { dtype: "<f", shape: [20] },
      targets: { dtype: "<d", shape: [2000, 1] },
    });
    const inputs = recording.inputs();
    const targets = recording.targets();
    expect(inputs.shape).toEqual([2000, 2]);
    expect(inputs.data).toBeInstanceOf(Float64Array);
    expect(inputs.data).toEqual(await readDataset(REPLAY, `${GROUP}/inputs`));
    expect(targets.shape).toEqual([2000, 1]);
    expect(targets.data).toBeInstanceOf(Float64Array);
    expect(new Set(targets.data)).toEqual(new Set([0, 1]));
    for (const epoch of [0, 20]) {
      const weights = recording.weights(epoch);
      expect(weights.map((layer) => layer.map((w) => w.shape))).toEqual([
        [[2, 2], [2]],
        [[2, 1], [1]],
      ]);
      for (const w of weights.flat()) expect(w.data).toBeInstanceOf(Float32Array);
    }
    for (const name of ["loss", "acc", "lr"]) {
      const series = recording.series(name);
      expect(series).toBeInstanceOf(Float32Array);
      expect(series).toEqual(await readDataset(REPLAY, `${GROUP}/${name}`));
    }
    expect(Array.from(recording.series("lr"), (v) => v.toFixed(4))).toEqual(Array(20).fill("0.0500"));
  });

  it("reads at epoch k the weights Keras checkpointed after epoch k, for k = 1..20", async () => {
    for (let k = 1; k <= 20; k++) {
      const [[kernel0, bias0], [kernel1, bias1]] = recording.weights(k);
      const checkpoint = async (layer: string, weight: string) =>
        Float32Array.from(await readDataset(epochFile(k), `model_weights/${layer}/${layer}/${weight}:0`));
      expect(kernel0.data).toEqual(await checkpoint("hidden", "kernel"));
      expect(bias0.data).toEqual(await checkpoint("hidden", "bias"));
      expect(kernel1.data).toEqual(await checkpoint("output", "kernel"));
      expect(bias1.data).toEqual(await checkpoint("output", "bias"));
    }
  });

  it("reads weights, inputs and targets that reproduce the independent numpy forward pass", () => {
    const expected = JSON.parse(readFileSync(fixturePath("expected.json"), "utf8"));
    const inputs = recording.inputs();
    const targets = recording.targets().data;
    const { epochs, loss } = expected.loss_and_acc as { epochs: number[]; loss: number[] };
    epochs.forEach((epoch, i) => {
      const p = predict(recording.weights(epoch), inputs);
      let bce = 0;
      p.forEach((q, s) => {
        const c = Math.min(Math.max(q, 1e-7), 1 - 1e-7);
        bce -= targets[s] * Math.log(c) + (1 - targets[s]) * Math.log(1 - c);
      });
      expect(bce / p.length).toBeCloseTo(loss[i], 5);
    });
  });

  it("describes the architecture from part1_activation_functions_model.h5", () => {
    expect(recording.info.model).toEqual({
      ...PARABOLA_MODEL,
      optimizer: { name: "SGD", learningRate: 0.05000000074505806, momentum: 0, decay: 0, nesterov: false },
    });
  });

  it("refuses epochs outside 0..20 and unknown series with typed errors saying the valid range", () => {
    for (const epoch of [-1, 21, 1.5]) {
      expect(() => recording.weights(epoch)).toThrow(
        expect.objectContaining({ hint: expect.stringMatching(/Valid epochs are 0 \(initial weights\) to 20/) }),
      );
    }
    const error = (() => {
      try {
        recording.series("val_loss");
      } catch (e) {
        return e;
      }
    })();
    expect(isDeepReplayError(error, "SERIES_NOT_FOUND")).toBe(true);
    expect((error as { hint?: string }).hint).toContain("loss, acc, lr");
  });

  it("names the missing group and the groups there are", async () => {
    await expect(openRecording(REPLAY, "part2")).rejects.toMatchObject({
      code: "GROUP_NOT_FOUND",
      hint: expect.stringContaining(GROUP),
    });
  });

  it("finds the model through options.modelPath, and says so when there is none", async () => {
    const explicit = await openRecording(REPLAY, GROUP, { modelPath: epochFile(3) });
    expect(explicit.info.model.layers.map((l) => l.name)).toEqual(["hidden", "output"]);
    explicit.close();
    await expect(openRecording(REPLAY, GROUP, { modelPath: "/nonexistent/model.h5" })).rejects.toMatchObject({
      code: "MODEL_NOT_FOUND",
    });
  });

  it("reads the same from bytes (Uint8Array or ArrayBuffer) as from the path, with the model file as bytes", async () => {
    const model = readFileSync(fixturePath(`${GROUP}_model.h5`));
    const replay = readFileSync(REPLAY);
    expect(await listGroups(replay)).toEqual([GROUP]);
    for (const source of [replay, replay.buffer.slice(replay.byteOffset, replay.byteOffset + replay.byteLength)]) {
      const fromBytes = await openRecording(source, GROUP, { model });
      try {
        expect(fromBytes.info).toEqual(recording.info);
        expect(fromBytes.path).toBe(`an in-memory file (${replay.byteLength} bytes)`);
        expect(fromBytes.weights(20)).toEqual(recording.weights(20));
        expect(fromBytes.inputs()).toEqual(recording.inputs());
        expect(Array.from(fromBytes.series("loss"))).toEqual(Array.from(recording.series("loss")));
      } finally {
        fromBytes.close();
      }
    }
    // From bytes there is no folder to find the model file in: it must come with them.
    await expect(openRecording(replay, GROUP)).rejects.toMatchObject({
      code: "MODEL_NOT_FOUND",
      hint: expect.stringContaining("options.model"),
    });
    await expect(openRecording(replay.subarray(0, 4000), GROUP, { model })).rejects.toMatchObject({
      code: "CORRUPT_HDF5",
      message: expect.stringMatching(/^an in-memory file \(4000 bytes\) is damaged/),
    });
    await expect(openRecording(new Uint8Array(100), GROUP)).rejects.toMatchObject({ code: "NOT_HDF5" });
    await expect(openRecording({} as never, GROUP)).rejects.toMatchObject({ code: "INVALID_SOURCE" });
  });

  it("refuses reads after close", async () => {
    const closed = await openRecording(REPLAY);
    closed.close();
    expect(() => closed.weights(0)).toThrow(expect.objectContaining({ code: "RECORDING_CLOSED" }));
  });

  it("gives typed errors for a missing file and a file that is not HDF5", async () => {
    await expect(openRecording("/nonexistent/replay.h5")).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
    await expect(openRecording(fixturePath("README.md"))).rejects.toMatchObject({ code: "NOT_HDF5" });
  });
});
