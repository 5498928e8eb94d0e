import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { parabola } from "@deepreplay/datasets";
import { ReplayData, recordInitialModel, tfjsWeights } from "@deepreplay/recorder/tfjs";
import { havePythonFixtures } from "../../../tools/testing/fixtures.js";
import { MemoryStorage, listGroups, openRecording } from "../src/index.js";
import { expectPythonLayout } from "./helpers/h5-layout.js";
import { PARABOLA_MODEL } from "../../../tools/testing/parabola-model.js";
import { scratchDir } from "./helpers/recordings.js";
import { parabolaModel, tensor, useCpuBackend } from "./helpers/tfjs-models.js";

const here = dirname(fileURLToPath(import.meta.url));
const EPOCHS = 3;

beforeAll(useCpuBackend);

describe("ReplayData (tfjs-layers callback)", () => {
  it("records model.fit as Python's ReplayData records Keras' fit, and reads back what was recorded", async () => {
    const { inputs, targets } = parabola();
    const model = parabolaModel();
    const seen = [tfjsWeights(model)];
    const path = join(scratchDir(), "replay.h5");
    const history = await model.fit(tensor(inputs), tensor(targets), {
      epochs: EPOCHS,
      batchSize: 16,
      verbose: 0,
      callbacks: [
        new ReplayData({ inputs, targets, storage: path, group: "part1" }),
        new tfl.CustomCallback({ onEpochEnd: () => void seen.push(tfjsWeights(model)) }),
      ],
    });
    const recording = await openRecording(path);
    try {
      expect(recording.info).toMatchObject({
        group: "part1",
        samples: 2000,
        batchSize: 16,
        nBatches: 125,
        nEpochs: EPOCHS,
        completedEpochs: EPOCHS,
        nLayers: 2,
        activationFunctions: ["sigmoid", "sigmoid"],
        series: ["loss", "acc", "lr"],
      });
      expect(recording.info.model).toEqual(PARABOLA_MODEL);
      expect(recording.inputs()).toEqual(inputs);
      expect(recording.targets()).toEqual(targets);
      for (let epoch = 0; epoch <= EPOCHS; epoch++) expect(recording.weights(epoch)).toEqual(seen[epoch]);
      // Training moved the weights: each epoch differs from the one before.
      expect(recording.weights(1)).not.toEqual(recording.weights(0));
      expect(Array.from(recording.series("loss"))).toEqual(history.history.loss.map((v) => Math.fround(v as number)));
      expect(Array.from(recording.series("acc"))).toEqual(history.history.acc.map((v) => Math.fround(v as number)));
      expect(Array.from(recording.series("lr"))).toEqual(Array(EPOCHS).fill(Math.fround(0.05)));
    } finally {
      recording.close();
    }
    if (havePythonFixtures) await expectPythonLayout(path, "part1", { samples: 2000, epochs: EPOCHS });
  });

  it("records a Functional chain, its InputLayer at index 0 as Keras counts it", async () => {
    const input = tfl.input({ shape: [2], name: "x" });
    const hidden = tfl.layers.dense({ units: 3, activation: "tanh", name: "h" }).apply(input) as tfl.SymbolicTensor;
    const output = tfl.layers.dense({ units: 1, activation: "sigmoid", name: "y" }).apply(hidden) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "binaryCrossentropy", metrics: ["accuracy"] });
    const { inputs, targets } = parabola({ nPoints: 40 });
    const storage = new MemoryStorage();
    await model.fit(tensor(inputs), tensor(targets), {
      epochs: 2,
      batchSize: 8,
      verbose: 0,
      callbacks: [new ReplayData({ inputs, targets, storage, group: "functional" })],
    });
    const recording = storage.open("functional");
    expect(recording.info.model.layers.map((layer) => layer.kind)).toEqual(["InputLayer", "Dense", "Dense"]);
    expect(recording.info.activationFunctions).toEqual(["", "tanh", "sigmoid"]);
    expect(recording.weights(2).map((layer) => layer.map((w) => w.shape))).toEqual([[], [[2, 3], [3]], [[3, 1], [1]]]);
    expect(recording.weights(2)).toEqual(tfjsWeights(model));
    expect(Array.from(recording.series("lr"))).toEqual([0.01, 0.01].map(Math.fround));
  });

  it("records a model's initial state without training into <group>_init, and refuses an uncompiled model", async () => {
    const { inputs, targets } = parabola({ nPoints: 20 });
    const dir = scratchDir();
    const path = join(dir, "replay.h5");
    await expect(
      recordInitialModel(parabolaModel({ compile: false }), { inputs, targets, storage: path, group: "raw" }),
    ).rejects.toMatchObject({
      code: "MODEL_NOT_COMPILED",
    });
    expect(readdirSync(dir)).toEqual([]);
    const model = parabolaModel();
    await recordInitialModel(model, { inputs, targets, storage: path, group: "raw", batchSize: 16 });
    expect(await listGroups(path)).toEqual(["raw_init"]);
    const recording = await openRecording(path, "raw");
    expect(recording.info).toMatchObject({ nEpochs: 0, completedEpochs: 0, samples: 40, batchSize: 16, nBatches: 3 });
    expect(recording.weights(0)).toEqual(tfjsWeights(model));
    recording.close();
  });

  it("refuses a model whose layers the replay cannot compute, before fit writes anything", async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv1d({ filters: 1, kernelSize: 1, inputShape: [2, 1], name: "conv" }),
        tfl.layers.flatten({ name: "flat" }),
        tfl.layers.dense({ units: 1, name: "out" }),
      ],
    });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const { inputs, targets } = parabola({ nPoints: 10 });
    const x = tf.tensor(Float32Array.from(inputs.data), [20, 2, 1]);
    const storage = new MemoryStorage();
    await expect(
      model.fit(x, tensor(targets), {
        epochs: 1,
        verbose: 0,
        callbacks: [new ReplayData({ inputs, targets, storage, group: "conv" })],
      }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_LAYER", message: expect.stringContaining('"conv" is a Conv1D') });
    expect(storage.groups()).toEqual([]);
  });
});

describe("crash safety", () => {
  it("leaves a file that replays every flushed epoch when training is killed with SIGKILL", async () => {
    const KILL_AFTER = 3;
    const dir = scratchDir();
    const path = join(dir, "replay.h5");
    const child = spawn(
      process.execPath,
      ["--conditions=@deepreplay/source", "--import", "tsx", join(here, "fixtures", "train-until-killed.ts"), path],
      { cwd: resolve(here, "../../.."), stdio: ["ignore", "pipe", "inherit"] },
    );
    const reported: { epoch: number; weights: number[][][] }[] = [];
    const exited = new Promise((done) => child.on("exit", done));
    for await (const line of createInterface({ input: child.stdout! })) {
      reported.push(JSON.parse(line));
      if (reported.length === KILL_AFTER + 1) child.kill("SIGKILL");
    }
    await exited;
    expect(child.signalCode).toBe("SIGKILL");
    // The child never reached end(): its lock is still there, and the file was never closed.
    expect(existsSync(`${path}.lock`)).toBe(true);
    const recording = await openRecording(path);
    try {
      const completed = recording.info.completedEpochs;
      expect(completed).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(completed).toBeLessThan(recording.info.nEpochs);
      for (const { epoch, weights } of reported.filter(({ epoch }) => epoch <= completed)) {
        expect(recording.weights(epoch).map((layer) => layer.map((w) => Array.from(w.data)))).toEqual(weights);
      }
      expect(recording.series("loss").every(Number.isFinite)).toBe(true);
      expect(recording.series("loss")).toHaveLength(completed);
    } finally {
      recording.close();
    }
    // A new recorder takes over the dead one's lock and appends beside the survivor.
    const { inputs, targets } = parabola({ nPoints: 10 });
    await recordInitialModel(parabolaModel(), { inputs, targets, storage: path, group: "after" });
    expect(await listGroups(path)).toEqual(["after_init", "killed"]);
  });
});

describe("package entry points", () => {
  it("keeps tfjs out of the main entry: only the /tfjs subpath imports it", () => {
    const src = resolve(here, "../src");
    const reached = new Set<string>();
    const imports: string[] = [];
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const [, target] of readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/g)) {
        if (target.startsWith(".")) visit(resolve(dirname(file), target.replace(/\.js$/, ".ts")));
        else imports.push(target);
      }
    };
    visit(join(src, "index.ts"));
    expect(imports.filter((name) => name.startsWith("@tensorflow"))).toEqual([]);
    expect([...reached].some((file) => file.includes(`${join(src, "tfjs")}`))).toBe(false);
    const pkg = JSON.parse(readFileSync(resolve(here, "../package.json"), "utf8"));
    expect(pkg.exports["./tfjs"]).toEqual({
      "@deepreplay/source": "./src/tfjs/index.ts",
      types: "./dist/tfjs/index.d.ts",
      default: "./dist/tfjs/index.js",
    });
    expect(pkg.peerDependenciesMeta["@tensorflow/tfjs-layers"]).toEqual({ optional: true });
  });
});
