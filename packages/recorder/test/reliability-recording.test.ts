import { spawn } from "node:child_process";
import fs, { copyFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import h5wasm from "h5wasm/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isDeepReplayError, type DeepReplayError } from "@deepreplay/frames";
import { fixturePath, requirePythonFixtures } from "../../../tools/testing/fixtures.js";
import { Hdf5Storage, Recorder, listGroups, openRecording, parseKerasModel } from "../src/index.js";
import { PARABOLA_MODEL } from "../../../tools/testing/parabola-model.js";
import { lineData, scratchDir, taggedWeights } from "./helpers/recordings.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Makes every write to a file above stderr fail as on a full disk (h5wasm writes through fs.writeSync), until the mocks are restored. */
function fillDisk(): void {
  const write = fs.writeSync as (...args: unknown[]) => number;
  vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (fd > 2)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
        code: "ENOSPC",
        errno: -28,
        syscall: "write",
      });
    return write(fd, ...rest);
  }) as typeof fs.writeSync);
}

describe("recording safety", () => {
  afterEach(() => vi.restoreAllMocks());

  it("refuses a second recorder while another process records into the file, and leaves the first one's data intact", async () => {
    const path = join(scratchDir(), "replay.h5");
    const child = spawn(
      process.execPath,
      ["--conditions=@deepreplay/source", "--import", "tsx", join(here, "fixtures", "train-until-killed.ts"), path],
      { cwd: resolve(here, "../../.."), stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((done) => child.on("exit", done));
    const reported: { epoch: number; weights: number[][][] }[] = [];
    let refusal: unknown;
    for await (const line of createInterface({ input: child.stdout! })) {
      reported.push(JSON.parse(line));
      if (reported.length === 3) {
        // The other process is mid-run: a recorder here must not touch its file.
        refusal = await new Recorder(new Hdf5Storage(path), "second")
          .begin({
            ...lineData(10),
            model: PARABOLA_MODEL,
            training: { epochs: 1, batchSize: 5 },
            initialWeights: taggedWeights(0),
          })
          .catch((error) => error);
      }
      if (reported.length === 5) child.kill("SIGKILL");
    }
    await exited;
    expect(isDeepReplayError(refusal, "FILE_LOCKED")).toBe(true);
    expect((refusal as Error).message).toContain(`process ${child.pid}`);
    expect(await listGroups(path)).toEqual(["killed"]);
    const recording = await openRecording(path);
    try {
      const completed = recording.info.completedEpochs;
      expect(completed).toBeGreaterThanOrEqual(4);
      for (const { epoch, weights } of reported.filter(({ epoch }) => epoch <= completed)) {
        expect(recording.weights(epoch).map((layer) => layer.map((w) => Array.from(w.data)))).toEqual(weights);
      }
    } finally {
      recording.close();
    }
  });

  it("ends a run whose disk fills at epoch 3 with an error naming the epochs safe on disk, which stay readable", async () => {
    const path = join(scratchDir(), "replay.h5");
    const recorder = new Recorder(new Hdf5Storage(path), "run");
    await recorder.begin({
      ...lineData(50),
      model: PARABOLA_MODEL,
      training: { epochs: 5, batchSize: 16 },
      initialWeights: taggedWeights(0),
    });
    recorder.recordEpoch({ weights: taggedWeights(1), loss: 1, metrics: { acc: 0.1 }, lr: 0.05 });
    recorder.recordEpoch({ weights: taggedWeights(2), loss: 0.5, metrics: { acc: 0.2 }, lr: 0.05 });

    fillDisk();
    let failure: unknown;
    try {
      recorder.recordEpoch({ weights: taggedWeights(3), loss: 0.25, metrics: { acc: 0.3 }, lr: 0.05 });
    } catch (error) {
      failure = error;
    }
    expect(isDeepReplayError(failure, "WRITE_FAILED")).toBe(true);
    expect((failure as Error).message).toMatch(/Writing epoch 3 to .*replay\.h5 failed/);
    expect((failure as DeepReplayError).hint).toContain("Epochs 0..2 are safe on disk");
    // Nothing more is written once a write has failed.
    expect(() => recorder.recordEpoch({ weights: taggedWeights(4), loss: 0.2 })).toThrow(/Writing epoch 3/);
    recorder.end();
    vi.restoreAllMocks();

    const recording = await openRecording(path);
    try {
      expect(recording.info.completedEpochs).toBe(2);
      for (const epoch of [0, 1, 2]) expect(recording.weights(epoch)).toEqual(taggedWeights(epoch));
      expect(Array.from(recording.series("loss"))).toEqual([1, 0.5]);
    } finally {
      recording.close();
    }
  });
});

/** A Keras model file holding only the two JSON attributes the reader uses. */
async function kerasModelFile(path: string, modelConfig: string): Promise<void> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, "w");
  try {
    file.create_attribute("model_config", modelConfig);
    file.create_attribute("training_config", JSON.stringify({ loss: "binary_crossentropy", metrics: ["acc"] }));
  } finally {
    file.close();
  }
}

const dense = (name: string, extra: Record<string, unknown> = {}) => ({
  class_name: "Dense",
  config: { name, units: 1, activation: "sigmoid", ...extra },
});
const sequential = (layers: unknown[]) =>
  JSON.stringify({ class_name: "Sequential", config: { name: "model", layers } });

describe.runIf(requirePythonFixtures())("Keras model files the replay cannot run", () => {
  // Layer JSON as a file holds it: a Lambda's marshalled Python code (with a JavaScript payload
  // beside it that must never run), a Conv2D, a custom class with a prototype-polluting key.
  const layers: [string, string, RegExp][] = [
    [
      "a Lambda layer",
      `{"class_name": "Lambda", "config": {"name": "squash", "function": ["4wEAAAAAAAAA", null, null], "function_type": "lambda", "js": "globalThis.__deepreplayRan = true"}}`,
      /Layer "squash" is a Lambda, which the replay cannot compute/,
    ],
    [
      "a Conv2D layer",
      `{"class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": [3, 3]}}`,
      /Layer "conv" is a Conv2D/,
    ],
    [
      "a custom class",
      `{"class_name": "MyAttention", "config": {"name": "attend", "module": "my_layers", "__proto__": {"evil": true}}}`,
      /Layer "attend" is a MyAttention/,
    ],
  ];

  it.each(layers)("refuses %s by name when the Python recording is opened", async (_, layer, message) => {
    const dir = scratchDir();
    const replayPath = join(dir, "replay.h5");
    copyFileSync(fixturePath("hyperparms_in_action.h5"), replayPath);
    const modelPath = join(dir, "part1_activation_functions_model.h5");
    await kerasModelFile(
      modelPath,
      sequential([dense("hidden", { units: 2, batch_input_shape: [null, 2] }), JSON.parse(layer)]),
    );
    await expect(openRecording(replayPath)).rejects.toMatchObject({
      code: "UNSUPPORTED_LAYER",
      message: expect.stringMatching(message),
    });
    expect((globalThis as Record<string, unknown>).__deepreplayRan).toBeUndefined();
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });

  it("parses model JSON as data only: code-like strings and prototype keys change nothing", () => {
    const config = `{"class_name": "Sequential", "config": {"layers": [
      {"class_name": "Dense", "config": {"name": "constructor", "units": 2, "activation": "sigmoid", "batch_input_shape": [null, 2], "__proto__": {"polluted": 1}}},
      {"class_name": "Dense", "config": {"name": "toString", "units": 1, "activation": "sigmoid"}}]}}`;
    const model = parseKerasModel(config, JSON.stringify({ loss: "binary_crossentropy", metrics: ["acc"] }));
    expect(model.layers.map((layer) => layer.name)).toEqual(["constructor", "toString"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
