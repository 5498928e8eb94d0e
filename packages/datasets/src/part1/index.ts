import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { Hdf5Storage, Recorder } from "@deepreplay/recorder";
import { describeTfjsModel, tfjsWeights } from "@deepreplay/recorder/tfjs";
import { parabola } from "../parabola.js";
import { type DenseLayer, trainEpoch } from "./dense-sgd.js";

export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const;
export type Part1Activation = (typeof ACTIVATIONS)[number];

/** The seed of both initializers, as the post's glorot_normal(seed=42) and normal(seed=42). */
export const SEED = 42;

/** The post's SGD: learning rate 0.05, batches of 16. */
const hyperParameters = { learningRate: 0.05, batchSize: 16 };

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
  model.compile({
    loss: "binaryCrossentropy",
    optimizer: tf.train.sgd(hyperParameters.learningRate),
    metrics: ["accuracy"],
  });
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
 * Trains the Part 1 model on the parabola data set and records it as the ReplayData callback would
 * from model.fit: the same description, initial weights (tfjs-layers' seeded initializers), and
 * per epoch the weights, loss, accuracy and lr. The steps run in plain typed arrays (dense-sgd.ts),
 * which computes fit's update in float32 some fifty times faster than tfjs-layers for batches this
 * small. Reproducible: seeded data and initializers, and the data set's (seeded) order every epoch,
 * as fit with shuffle: false.
 */
export async function trainPart1({ path, group, epochs, activation, onEpochEnd }: TrainPart1Options): Promise<void> {
  // PROD: no debug checks and no "install tfjs-node" banner on stderr.
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  const { inputs, targets } = parabola();
  const model = part1Model(activation);
  const [description, initialWeights] = [describeTfjsModel(model), tfjsWeights(model)];
  model.dispose();
  const { learningRate, batchSize } = hyperParameters;
  const layers: DenseLayer[] = initialWeights.map(([kernel, bias], l) => ({
    kernel: Float32Array.from(kernel.data),
    bias: Float32Array.from(bias.data),
    activation: l === 0 ? activation : "sigmoid",
  }));
  const recorder = new Recorder(new Hdf5Storage(path), group);
  await recorder.begin({
    inputs,
    targets,
    model: description,
    training: { epochs, batchSize, samples: targets.shape[0] },
    initialWeights,
  });
  // The model trains in float32, as tfjs does; the data sets are float64, as numpy's.
  const [x, y] = [Float32Array.from(inputs.data), Float32Array.from(targets.data)];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const { loss, acc } = trainEpoch(layers, x, y, { learningRate, batchSize });
      recorder.recordEpoch({
        weights: layers.map(({ kernel, bias }) => [kernel.slice(), bias.slice()]),
        loss,
        metrics: { acc },
        lr: learningRate,
      });
      onEpochEnd?.(epoch);
    }
  } finally {
    recorder.end();
  }
}
