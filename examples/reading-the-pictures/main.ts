/**
 * The pictures of docs/reading-the-pictures.md, rendered from runs recorded here:
 *
 * - violins of z-values, weights, activations and gradients at initialisation for the Part 2
 *   block (5 hidden layers of 100 units on the 10-D ball data set), with the post's three
 *   activation/initializer pairs and three that go wrong (saturated sigmoids, exploding ReLUs,
 *   dead ReLUs);
 * - a feature space of a 10-unit layer projected on its principal components, and the loss
 *   landscape along the training trajectory, from the parabola data set trained here.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/reading-the-pictures/main.ts [OUT]
 *
 * OUT defaults to docs/pictures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { featureSpaceFrames, layerViolinsFrames, lossLandscapeFrames, openReplay } from "@deepreplay/core";
import { ball, parabola } from "@deepreplay/datasets";
import { gridLayout, type Figure, type LayerQuantity } from "@deepreplay/frames";
import { MemoryStorage, openRecording } from "@deepreplay/recorder";
import { ReplayData, recordInitialModel } from "@deepreplay/recorder/tfjs";
import { renderPng } from "@deepreplay/render-png";

type Activation = "sigmoid" | "tanh" | "relu";
type Initializer = ReturnType<typeof tfl.initializers.heUniform>;

/** The post's three set-ups, then three that go wrong. */
export const SETUPS: readonly {
  name: string;
  title: string;
  activation: Activation;
  kernel: () => Initializer;
  bias?: number;
}[] = [
  {
    name: "sigmoid-normal-0.01",
    title: "sigmoid, normal σ = 0.01: vanishing gradients",
    activation: "sigmoid",
    kernel: () => tfl.initializers.randomNormal({ stddev: 0.01, seed: 13 }),
  },
  {
    name: "tanh-glorot",
    title: "tanh, Glorot uniform: healthy",
    activation: "tanh",
    kernel: () => tfl.initializers.glorotUniform({ seed: 13 }),
  },
  {
    name: "relu-he",
    title: "ReLU, He uniform: healthy",
    activation: "relu",
    kernel: () => tfl.initializers.heUniform({ seed: 13 }),
  },
  {
    name: "sigmoid-normal-1",
    title: "sigmoid, normal σ = 1: saturated",
    activation: "sigmoid",
    kernel: () => tfl.initializers.randomNormal({ stddev: 1, seed: 13 }),
  },
  {
    name: "relu-normal-1",
    title: "ReLU, normal σ = 1: exploding",
    activation: "relu",
    kernel: () => tfl.initializers.randomNormal({ stddev: 1, seed: 13 }),
  },
  {
    name: "relu-he-bias-minus-1",
    title: "ReLU, He uniform, bias −1: dead units",
    activation: "relu",
    kernel: () => tfl.initializers.heUniform({ seed: 13 }),
    bias: -1,
  },
];

/** The original's build_model: 5 hidden layers h1..h5 of 100 units, then a sigmoid output o. */
function blockModel({ activation, kernel, bias }: (typeof SETUPS)[number]) {
  const model = tfl.sequential();
  for (let i = 1; i <= 5; i++) {
    const biasInitializer = bias === undefined ? "zeros" : tfl.initializers.constant({ value: bias });
    model.add(
      tfl.layers.dense({
        ...(i === 1 ? { inputShape: [10] } : {}),
        units: 100,
        activation,
        kernelInitializer: kernel(),
        biasInitializer,
        name: `h${i}`,
      }),
    );
  }
  model.add(tfl.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: kernel(), name: "o" }));
  model.compile({ loss: "binaryCrossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  return model;
}

const QUANTITIES: readonly LayerQuantity[] = ["z-values", "weights", "activations", "gradients"];
const SIZE = { width: 960, height: 640 };

async function violins(out: string): Promise<string[]> {
  // The recording (and the Keras model files beside it) stay out of OUT.
  const scratch = mkdtempSync(join(tmpdir(), "deepreplay-pictures-"));
  const file = join(scratch, "violins.h5");
  const { inputs, targets } = ball({ nDims: 10 });
  const written: string[] = [];
  for (const setup of SETUPS) {
    const model = blockModel(setup);
    await recordInitialModel(model, { inputs, targets, storage: file, group: setup.name });
    model.dispose();
  }
  for (const setup of SETUPS) {
    const replay = await openReplay(await openRecording(file, setup.name));
    const panels = QUANTITIES.map(
      (quantity) => [...layerViolinsFrames(replay, quantity, { includeInputs: false, excludeOutputs: true })][0],
    );
    const figure: Figure = { title: setup.title, epoch: 0, panels, layout: gridLayout(panels.length, 2) };
    const path = join(out, `violins-${setup.name}.png`);
    writeFileSync(path, renderPng(figure, SIZE));
    written.push(path);
    replay.close();
  }
  rmSync(scratch, { recursive: true, force: true });
  return written;
}

const TRAINED_EPOCHS = 40;

/** The parabola data set, a 10-unit tanh layer then a sigmoid output, trained by SGD and recorded into memory. */
async function trainedRun() {
  const { inputs, targets } = parabola();
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      inputShape: [2],
      units: 10,
      activation: "tanh",
      name: "wide",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 42 }),
    }),
  );
  model.add(
    tfl.layers.dense({
      units: 1,
      activation: "sigmoid",
      name: "output",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 42 }),
    }),
  );
  model.compile({ loss: "binaryCrossentropy", optimizer: tf.train.sgd(0.1), metrics: ["accuracy"] });
  const storage = new MemoryStorage();
  const x = tf.tensor2d(Float32Array.from(inputs.data), [inputs.shape[0], 2]);
  const y = tf.tensor2d(Float32Array.from(targets.data), [targets.shape[0], 1]);
  await model.fit(x, y, {
    epochs: TRAINED_EPOCHS,
    batchSize: 16,
    verbose: 0,
    shuffle: false,
    callbacks: [new ReplayData({ inputs, targets, storage, group: "wide" })],
  });
  tf.dispose([x, y]);
  model.dispose();
  return storage.open("wide");
}

async function beyond(out: string): Promise<string[]> {
  const replay = await openReplay(await trainedRun());
  const written: string[] = [];
  const write = (name: string, png: Uint8Array) => {
    const path = join(out, name);
    writeFileSync(path, png);
    written.push(path);
  };
  const spaces = [...featureSpaceFrames(replay, { layer: "wide" })];
  for (const epoch of [0, 5, TRAINED_EPOCHS])
    write(`projection-epoch-${epoch}.png`, renderPng(spaces[epoch], { width: 520, height: 480 }));
  const landscape = [...lossLandscapeFrames(replay, { colorScale: "log" })];
  for (const epoch of [10, TRAINED_EPOCHS])
    write(`landscape-epoch-${epoch}.png`, renderPng(landscape[epoch], { width: 520, height: 440 }));
  return written;
}

export async function main({ out = "docs/pictures" }: { out?: string } = {}): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  return [...(await violins(out)), ...(await beyond(out))];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const path of await main({ out: process.argv[2] })) console.log(`wrote ${path}`);
}
