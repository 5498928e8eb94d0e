import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { parabola } from "../parabola.js";
import { ReplayData } from "@deepreplay/recorder/tfjs";

export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const;
export type Part1Activation = (typeof ACTIVATIONS)[number];

/** The seed of both initializers, as the post's glorot_normal(seed=42) and normal(seed=42). */
export const SEED = 42;

/**
 * The "Hyper-parameters in Action! Part 1" model: Dense(2, activation) named "hidden", then
 * Dense(1, sigmoid) named "output"; SGD lr 0.05, binary cross-entropy, accuracy.
 */
export function part1Model(activation: Part1Activation): tfl.Sequential {
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      inputShape: [2],
      units: 2,
      activation,
      name: "hidden",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: SEED }),
    }),
  );
  model.add(
    tfl.layers.dense({
      units: 1,
      activation: "sigmoid",
      name: "output",
      kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: SEED }),
    }),
  );
  model.compile({ loss: "binaryCrossentropy", optimizer: tf.train.sgd(0.05), metrics: ["accuracy"] });
  return model;
}

export interface TrainPart1Options {
  /** The replay file to record into (created, or a new group added). */
  path: string;
  group: string;
  epochs: number;
  activation: Part1Activation;
  onEpochEnd?: (epoch: number) => void;
}

/**
 * Trains the Part 1 model on the parabola data set with the ReplayData callback. Reproducible: seeded
 * data and initializers, and fit keeps the data set's (seeded) order instead of reshuffling with
 * Math.random every epoch. Runs on tfjs' CPU backend, which beats WASM for batches this small.
 */
export async function trainPart1({ path, group, epochs, activation, onEpochEnd }: TrainPart1Options): Promise<void> {
  // PROD: no debug checks and no "install tfjs-node" banner on stderr.
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  const { inputs, targets } = parabola();
  const model = part1Model(activation);
  // tfjs takes float32 arrays; the data sets are float64, as numpy's.
  const [x, y] = [inputs, targets].map(({ data, shape }) => tf.tensor(Float32Array.from(data), [...shape], "float32"));
  const progress = new tfl.CustomCallback({ onEpochEnd: async (epoch) => onEpochEnd?.(epoch + 1) });
  try {
    await model.fit(x, y, {
      epochs,
      batchSize: 16,
      shuffle: false,
      verbose: 0,
      yieldEvery: "never",
      callbacks: [new ReplayData({ inputs, targets, storage: path, group }), progress],
    });
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}
