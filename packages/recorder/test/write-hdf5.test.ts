import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ndarray, type NdArray } from "@deepreplay/frames";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import {
  Hdf5BytesStorage,
  Hdf5Storage,
  MemoryStorage,
  Recorder,
  listGroups,
  openRecording,
  recordInitialState,
  type BeginOptions,
  type RecordingStorage,
} from "../src/index.js";
import { expectPythonLayout, groupLayout, readDataset } from "./helpers/h5-layout.js";
import { PARABOLA_MODEL } from "../../../tools/testing/parabola-model.js";
import { expectSameRecording, lineData, scratchDir, taggedWeights } from "./helpers/recordings.js";

const EPOCHS = 4;

function beginOptions(overrides: Partial<BeginOptions> = {}): BeginOptions {
  return {
    ...lineData(50),
    model: PARABOLA_MODEL,
    training: { epochs: EPOCHS, batchSize: 16 },
    initialWeights: taggedWeights(0),
    ...overrides,
  };
}

/** Records `epochs` epochs of tagged weights; loss 1/k, acc k/10, lr 0.05. */
async function record(
  storage: RecordingStorage,
  group: string,
  epochs = EPOCHS,
  overrides: Partial<BeginOptions> = {},
) {
  const recorder = new Recorder(storage, group);
  await recorder.begin(beginOptions(overrides));
  for (let k = 1; k <= epochs; k++) {
    recorder.recordEpoch({ weights: taggedWeights(k), loss: 1 / k, metrics: { acc: k / 10 }, lr: 0.05 });
  }
  recorder.end();
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("Recorder → HDF5", () => {
  it("writes what the reader reads back, equal to the same recording kept in memory", async () => {
    const path = join(scratchDir(), "replay.h5");
    const memory = new MemoryStorage();
    await record(new Hdf5Storage(path), "run");
    await record(memory, "run");
    const file = await openRecording(path, "run");
    try {
      expectSameRecording(file, memory.open("run"));
      expect(file.info).toMatchObject({
        samples: 50,
        batchSize: 16,
        nBatches: 4,
        nEpochs: EPOCHS,
        completedEpochs: EPOCHS,
        series: ["loss", "acc", "lr"],
      });
      expect(file.info.model).toEqual(PARABOLA_MODEL);
      expect(file.weights(3)).toEqual(taggedWeights(3));
      expect(Array.from(file.series("loss"))).toEqual([1, 1 / 2, 1 / 3, 1 / 4].map(Math.fround));
    } finally {
      file.close();
    }
  });

  it("records into bytes without a path or a lock, appends to them, and reads them back as from a file", async () => {
    const bytes = new Hdf5BytesStorage();
    const memory = new MemoryStorage();
    await record(bytes, "run");
    await record(memory, "run");
    await expect(record(bytes, "run")).rejects.toMatchObject({ code: "GROUP_EXISTS" });
    await record(bytes, "second", 2);
    const written = bytes.bytes();
    expect(await listGroups(written)).toEqual(["run", "second"]);
    // Written to disk, the bytes are the file the path reader opens.
    const path = join(scratchDir(), "from-bytes.h5");
    writeFileSync(path, written);
    for (const source of [written, written.slice().buffer, path]) {
      const recording = await openRecording(source, "run");
      try {
        expectSameRecording(recording, memory.open("run"));
      } finally {
        recording.close();
      }
    }
    expect(() => new Hdf5BytesStorage(new TextEncoder().encode("not hdf5"))).toThrow(
      expect.objectContaining({ code: "NOT_HDF5" }),
    );
    expect(() => new Hdf5BytesStorage().bytes()).toThrow(expect.objectContaining({ code: "NOTHING_RECORDED" }));
  });

  it("hands out the epochs recorded so far while a recording into bytes is still running", async () => {
    const storage = new Hdf5BytesStorage();
    const recorder = new Recorder(storage, "live");
    await recorder.begin(beginOptions());
    recorder.recordEpoch({ weights: taggedWeights(1), loss: 1, metrics: { acc: 0.1 }, lr: 0.05 });
    await expect(new Recorder(storage, "other").begin(beginOptions())).rejects.toMatchObject({ code: "STORAGE_BUSY" });
    const partial = await openRecording(storage.bytes(), "live");
    try {
      expect(partial.info.completedEpochs).toBe(1);
      expect(partial.weights(1)).toEqual(taggedWeights(1));
    } finally {
      partial.close();
      recorder.end();
    }
  });

  it.skipIf(!requirePythonFixtures())(
    "lays the group out exactly as Python's ReplayData does, plus our three attributes",
    async () => {
      const path = join(scratchDir(), "replay.h5");
      await record(new Hdf5Storage(path), "run");
      await expectPythonLayout(path, "run", { samples: 50, epochs: EPOCHS });
    },
  );

  it.skipIf(!requirePythonFixtures())(
    "writes the Keras model file beside it as Keras saves one (Python's Replay loads it)",
    async () => {
      const dir = scratchDir();
      await record(new Hdf5Storage(join(dir, "replay.h5")), "run");
      const modelPath = join(dir, "run_model.h5");
      const ours = await groupLayout(modelPath, "/");
      const keras = await groupLayout(fixturePath("part1_activation_functions_model.h5"), "/");
      expect(ours.attributes).toEqual(keras.attributes);
      const modelWeights = (layout: typeof ours) =>
        Object.fromEntries(Object.entries(layout.datasets).filter(([name]) => name.startsWith("model_weights/")));
      expect(modelWeights(ours)).toEqual(modelWeights(keras));
      for (const group of ["model_weights", "model_weights/hidden", "model_weights/output"]) {
        expect((await groupLayout(modelPath, group)).attributes).toEqual(
          (await groupLayout(fixturePath("part1_activation_functions_model.h5"), group)).attributes,
        );
      }
      const initial = taggedWeights(0);
      expect(Array.from(await readDataset(modelPath, "model_weights/hidden/hidden/kernel:0"))).toEqual(
        Array.from(initial[0][0].data),
      );
      expect(Array.from(await readDataset(modelPath, "model_weights/output/output/bias:0"))).toEqual(
        Array.from(initial[1][1].data),
      );
      // The file alone describes the model, as Python's fixture does.
      const recording = await openRecording(join(dir, "replay.h5"), "run", { modelPath });
      expect(recording.info.model).toEqual(PARABOLA_MODEL);
      recording.close();
    },
  );

  it("keeps several groups in one file, appending, and asks which when none is named", async () => {
    const path = join(scratchDir(), "replay.h5");
    await record(new Hdf5Storage(path), "first", 2);
    await record(new Hdf5Storage(path), "second", 3);
    expect(await listGroups(path)).toEqual(["first", "second"]);
    await expect(openRecording(path)).rejects.toMatchObject({
      code: "GROUP_REQUIRED",
      message: expect.stringContaining("first, second"),
    });
    const second = await openRecording(path, "second");
    expect(second.info.completedEpochs).toBe(3);
    expect(second.weights(3)).toEqual(taggedWeights(3));
    second.close();
    const first = await openRecording(path, "first");
    expect(first.weights(2)).toEqual(taggedWeights(2));
    first.close();
  });

  it("refuses bad input before writing: the file stays byte-for-byte the same", async () => {
    const dir = scratchDir();
    const path = join(dir, "replay.h5");
    await record(new Hdf5Storage(path), "kept");
    const before = sha256(path);
    const storage = new Hdf5Storage(path);
    const { inputs, targets } = lineData(50);
    const nonFinite = ndarray(
      Float64Array.from(inputs.data, (v, i) => (i === 7 ? NaN : v)),
      inputs.shape,
    );
    const refusals: [string, Partial<BeginOptions>, string?][] = [
      ["LENGTH_MISMATCH", { targets: ndarray(targets.data.subarray(0, 49), [49, 1]) }],
      ["NON_FINITE_INPUTS", { inputs: nonFinite }],
      ["MODEL_NOT_COMPILED", { model: { ...PARABOLA_MODEL, loss: "" } }],
      ["WEIGHTS_MISMATCH", { initialWeights: [taggedWeights(0)[0]] }],
      ["INPUT_SHAPE_MISMATCH", { model: { ...PARABOLA_MODEL, inputShape: [3] } }],
      ["INVALID_TRAINING_PARAMS", { training: { epochs: -1, batchSize: 16 } }],
      ["GROUP_EXISTS", {}, "kept"],
    ];
    for (const [code, overrides, group = "refused"] of refusals) {
      await expect(new Recorder(storage, group).begin(beginOptions(overrides)), code).rejects.toMatchObject({ code });
    }
    expect(() => new Recorder(storage, "a/b")).toThrow(expect.objectContaining({ code: "INVALID_GROUP" }));
    expect(sha256(path)).toBe(before);
    expect(existsSync(join(dir, "refused_model.h5"))).toBe(false);
    expect(await listGroups(path)).toEqual(["kept"]);
    const memory = new MemoryStorage();
    await record(memory, "kept");
    const kept = await openRecording(path, "kept");
    expectSameRecording(kept, memory.open("kept"));
    kept.close();
  });

  it("refuses a path it cannot write, and never overwrites a file that is not HDF5", async () => {
    const dir = scratchDir();
    await expect(
      new Recorder(new Hdf5Storage(join(dir, "missing", "replay.h5")), "run").begin(beginOptions()),
    ).rejects.toMatchObject({
      code: "PATH_NOT_WRITABLE",
    });
    const notes = join(dir, "notes.h5");
    writeFileSync(notes, "my notes");
    await expect(new Recorder(new Hdf5Storage(notes), "run").begin(beginOptions())).rejects.toMatchObject({
      code: "NOT_HDF5",
    });
    expect(readFileSync(notes, "utf8")).toBe("my notes");
  });

  it("refuses epoch records that do not fit, without writing them", async () => {
    const path = join(scratchDir(), "replay.h5");
    const recorder = new Recorder(new Hdf5Storage(path), "run");
    expect(() => recorder.recordEpoch({ weights: taggedWeights(1), loss: 1 })).toThrow(
      expect.objectContaining({ code: "RECORDER_NOT_STARTED" }),
    );
    await recorder.begin(beginOptions({ training: { epochs: 1, batchSize: 16 } }));
    const wrongShape = taggedWeights(1);
    wrongShape[0][0] = ndarray(new Float32Array(4), [4, 1]);
    expect(() => recorder.recordEpoch({ weights: wrongShape, loss: 1 })).toThrow(
      expect.objectContaining({ code: "WEIGHTS_MISMATCH" }),
    );
    expect(() => recorder.recordEpoch({ weights: taggedWeights(1), loss: 1, metrics: { mse: 1 } })).toThrow(
      expect.objectContaining({ code: "INVALID_EPOCH_RECORD" }),
    );
    // Plain typed arrays are taken with the initial shapes.
    recorder.recordEpoch({ weights: taggedWeights(1).map((layer) => layer.map((w) => w.data)), loss: 1 });
    expect(() => recorder.recordEpoch({ weights: taggedWeights(2), loss: 1 })).toThrow(
      expect.objectContaining({ code: "TOO_MANY_EPOCHS" }),
    );
    recorder.end();
    const recording = await openRecording(path);
    expect(recording.info.completedEpochs).toBe(1);
    expect(recording.weights(1)).toEqual(taggedWeights(1));
    // Not reported: NaN, as ReplayData stores logs.get(metric, np.nan).
    expect(Array.from(recording.series("acc"))).toEqual([NaN]);
    expect(Array.from(recording.series("lr"))).toEqual([NaN]);
    recording.close();
  });

  it("records a diverged run: NaN and Inf are data", async () => {
    const path = join(scratchDir(), "replay.h5");
    const recorder = new Recorder(new Hdf5Storage(path), "diverged");
    await recorder.begin(beginOptions({ training: { epochs: 2, batchSize: 16 } }));
    const blownUp = taggedWeights(1).map((layer) =>
      layer.map((w) =>
        ndarray(
          w.data.map((v, i) => (i === 0 ? NaN : v * Infinity)),
          w.shape,
        ),
      ),
    );
    recorder.recordEpoch({ weights: blownUp, loss: NaN, metrics: { acc: 0.5 }, lr: 0.05 });
    recorder.recordEpoch({ weights: blownUp, loss: Infinity, metrics: { acc: 0.5 }, lr: 0.05 });
    recorder.end();
    const recording = await openRecording(path);
    expect(recording.weights(2)).toEqual(blownUp);
    expect(Array.from(recording.series("loss"))).toEqual([NaN, Infinity]);
    recording.close();
  });

  it("records an initial state only into <name>_init, which openRecording finds by <name>", async () => {
    const dir = scratchDir();
    const path = join(dir, "replay.h5");
    await recordInitialState(new Hdf5Storage(path), "untrained", {
      ...lineData(50),
      model: PARABOLA_MODEL,
      initialWeights: taggedWeights(0),
    });
    expect(await listGroups(path)).toEqual(["untrained_init"]);
    expect(existsSync(join(dir, "untrained_init_model.h5"))).toBe(true);
    const recording = await openRecording(path, "untrained");
    expect(recording.info).toMatchObject({
      group: "untrained_init",
      nEpochs: 0,
      completedEpochs: 0,
      samples: 50,
      batchSize: 50,
      nBatches: 1,
    });
    expect(recording.weights(0)).toEqual(taggedWeights(0));
    expect(() => recording.weights(1)).toThrow(
      expect.objectContaining({ hint: expect.stringMatching(/Valid epochs are 0 \(initial weights\) to 0/) }),
    );
    expect(recording.series("loss")).toEqual(new Float32Array(0));
    recording.close();
  });

  it("lets one recorder write a file at a time; the first one's data stays intact", async () => {
    const path = join(scratchDir(), "replay.h5");
    const first = new Recorder(new Hdf5Storage(path), "first");
    await first.begin(beginOptions({ training: { epochs: 2, batchSize: 16 } }));
    first.recordEpoch({ weights: taggedWeights(1), loss: 1 });
    await expect(new Recorder(new Hdf5Storage(path), "second").begin(beginOptions())).rejects.toMatchObject({
      code: "FILE_LOCKED",
      message: expect.stringContaining(`process ${process.pid}`),
    });
    first.recordEpoch({ weights: taggedWeights(2), loss: 0.5 });
    first.end();
    const recording = await openRecording(path);
    expect(recording.info.group).toBe("first");
    expect(recording.weights(2)).toEqual(taggedWeights(2));
    recording.close();
    // After the first ends, the file is free again.
    await record(new Hdf5Storage(path), "second", 1);
    expect(await listGroups(path)).toEqual(["first", "second"]);
  });

  it("takes over the lock a killed recorder left behind", async () => {
    const path = join(scratchDir(), "replay.h5");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(`${path}.lock`, `${gone.stdout}\n`);
    await record(new Hdf5Storage(path), "run", 1);
    expect(await listGroups(path)).toEqual(["run"]);
  });

  it("keeps the model description in the group itself", async () => {
    const dir = scratchDir();
    const path = join(dir, "replay.h5");
    // A non-ASCII layer name survives the ASCII JSON attribute as a \u escape.
    const model = {
      ...PARABOLA_MODEL,
      layers: [{ ...PARABOLA_MODEL.layers[0], name: "cachée" }, PARABOLA_MODEL.layers[1]],
    };
    await record(new Hdf5Storage(path, { modelFile: false }), "run", 1, { model });
    expect(existsSync(join(dir, "run_model.h5"))).toBe(false);
    const recording = await openRecording(path);
    expect(recording.info.model).toEqual(model);
    recording.close();
  });
});

describe("MemoryStorage", () => {
  it("is readable while recording and refuses a second recording of the same group", async () => {
    const storage = new MemoryStorage();
    const recorder = new Recorder(storage, "live");
    await recorder.begin(beginOptions());
    recorder.recordEpoch({ weights: taggedWeights(1), loss: 0.7, metrics: { acc: 0.4 }, lr: 0.05 });
    const live = storage.open("live");
    expect(live.info.completedEpochs).toBe(1);
    expect(live.weights(1)).toEqual(taggedWeights(1));
    expect(Array.from(live.series("acc"))).toEqual([Math.fround(0.4)]);
    expect(() => live.weights(2)).toThrow(expect.objectContaining({ code: "EPOCH_OUT_OF_RANGE" }));
    await expect(new Recorder(storage, "live").begin(beginOptions())).rejects.toMatchObject({ code: "GROUP_EXISTS" });
    expect(() => storage.open("other")).toThrow(expect.objectContaining({ code: "GROUP_NOT_FOUND" }));
    const weights: NdArray[][] = live.weights(0);
    expect(weights).toEqual(taggedWeights(0));
  });
});
