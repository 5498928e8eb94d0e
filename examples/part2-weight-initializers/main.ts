/**
 * Hyper-parameters in Action! Part 2 — weight initializers (the original's
 * examples/part2_weight_initializers.py): a block of 5 hidden layers of 100 units on the 10-D ball
 * data set, recorded before any training (init-only), and the distributions of its z-values,
 * weights, activations and gradients per layer as violins, for three activation/initializer pairs.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/part2-weight-initializers/main.ts [OUT]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { layerViolinsFrames, openReplay } from "@deepreplay/core";
import { ball } from "@deepreplay/datasets";
import { composeFigures, type LayerQuantity, type LayerViolinsFrame } from "@deepreplay/frames";
import { openRecording } from "@deepreplay/recorder";
import { recordInitialModel } from "@deepreplay/recorder/tfjs";
import { renderPng } from "@deepreplay/render-png";

/** The three set-ups of the post: a too-small normal, Glorot for tanh, He for ReLU. */
export const SETUPS = [
  {
    group: "sigmoid_stdev_0.01",
    activation: "sigmoid",
    title: "Activation: sigmoid - Initializer: σ = 0.01",
    initializer: () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: 13 }),
  },
  {
    group: "tanh_glorot_uniform",
    activation: "tanh",
    title: "Activation: Tanh - Initializer: Glorot Uniform",
    initializer: () => tfl.initializers.glorotUniform({ seed: 13 }),
  },
  {
    group: "relu_he_uniform",
    activation: "relu",
    title: "Activation: ReLU - Initializer: He Uniform",
    initializer: () => tfl.initializers.heUniform({ seed: 13 }),
  },
] as const;

/** The original's build_model: n hidden layers h1..hn of `units`, then a sigmoid output o. */
function blockModel(
  activation: "sigmoid" | "tanh" | "relu",
  initializer: () => ReturnType<typeof tfl.initializers.heUniform>,
  layers = 5,
  units = 100,
) {
  const model = tfl.sequential();
  for (let i = 1; i <= layers; i++) {
    model.add(
      tfl.layers.dense({
        ...(i === 1 ? { inputShape: [10] } : {}),
        units,
        activation,
        kernelInitializer: initializer(),
        name: `h${i}`,
      }),
    );
  }
  model.add(tfl.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: initializer(), name: "o" }));
  model.compile({ loss: "binaryCrossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  return model;
}

const QUANTITIES: readonly LayerQuantity[] = ["z-values", "weights", "activations", "gradients"];

export async function main({ out = "deepreplay-examples/part2" }: { out?: string } = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "part2_weight_initializers.h5");
  rmSync(file, { force: true });
  tf.env().set("PROD", true); // no "install tfjs-node" banner
  await tf.setBackend("cpu");
  const { inputs, targets } = ball({ nDims: 10 });

  // Only the initial weights matter: record the compiled model without training (group <name>_init).
  for (const { group, activation, initializer } of SETUPS) {
    const model = blockModel(activation, initializer);
    await recordInitialModel(model, { inputs, targets, storage: file, group });
    model.dispose();
  }

  const std: Record<string, Record<string, number[]>> = {};
  for (const { group, title } of SETUPS) {
    const replay = await openReplay(await openRecording(file, group));
    // The original leaves the inputs and the output layer out of every panel.
    const sources = QUANTITIES.map((quantity) =>
      layerViolinsFrames(replay, quantity, { includeInputs: false, excludeOutputs: true }),
    );
    const [figure] = composeFigures(sources, { title, columns: 2 });
    writeFileSync(join(out, `${group}.png`), renderPng(figure, { width: 1200, height: 800 }));
    std[group] = Object.fromEntries(
      (figure.panels as LayerViolinsFrame[]).map((panel) => [panel.quantity, panel.layers.map((layer) => layer.std)]),
    );
    replay.close();
  }
  return { file, std };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { std } = await main({ out: process.argv[2] });
  for (const [group, quantities] of Object.entries(std)) {
    console.log(
      group,
      Object.entries(quantities)
        .map(([q, s]) => `${q} std ${s.map((v) => v.toFixed(3)).join(" ")}`)
        .join("; "),
    );
  }
}
