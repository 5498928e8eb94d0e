import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { ndarray, type NdArray, type RecordingSource } from "@deepreplay/frames";
import { parabola } from "@deepreplay/datasets";
import { PARABOLA_MODEL } from "../../testing/parabola-model.js";

/** Every epoch's weights (epoch 0 = initial) and training loss: plain data, so it crosses processes. */
export interface ParabolaTraining {
  weights: NdArray[][][];
  loss: Float32Array;
}

/** Mini-batch SGD as the benchmarks train: a larger step and batch than the post's, for speed. */
const LEARNING_RATE = 0.5;
const BATCH_SIZE = 100;

/** Trains the model by mini-batch SGD and keeps every epoch's weights (epoch 0 = initial). */
function train(inputs: NdArray, targets: NdArray, epochs: number): ParabolaTraining {
  const x = tf.tensor2d(Float32Array.from(inputs.data), [inputs.shape[0], 2]);
  const y = tf.tensor2d(Float32Array.from(targets.data), [targets.shape[0], 1]);
  const variables = [
    tf.variable(tf.randomUniform([2, 2], -1, 1, "float32", 7)),
    tf.variable(tf.zeros([2])),
    tf.variable(tf.randomUniform([2, 1], -1, 1, "float32", 8)),
    tf.variable(tf.zeros([1])),
  ];
  const [w1, b1, w2, b2] = variables;
  const snapshot = (): NdArray[][] => [
    [ndarray(w1.dataSync() as Float32Array, [2, 2]), ndarray(b1.dataSync() as Float32Array, [2])],
    [ndarray(w2.dataSync() as Float32Array, [2, 1]), ndarray(b2.dataSync() as Float32Array, [1])],
  ];
  const optimizer = tf.train.sgd(LEARNING_RATE);
  const lossOf = (xb: tf.Tensor2D, yb: tf.Tensor2D): tf.Scalar =>
    tf.losses.sigmoidCrossEntropy(
      yb,
      tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(xb, w1), b1)), w2), b2),
    ) as tf.Scalar;
  const weights = [snapshot()];
  const loss = new Float32Array(epochs);
  const n = inputs.shape[0];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let start = 0; start < n; start += BATCH_SIZE) {
      const size = Math.min(BATCH_SIZE, n - start);
      tf.tidy(() => {
        optimizer.minimize(() => lossOf(tf.slice(x, [start, 0], [size, 2]), tf.slice(y, [start, 0], [size, 1])));
      });
    }
    loss[epoch - 1] = tf.tidy(() => lossOf(x, y).dataSync()[0]);
    weights.push(snapshot());
  }
  tf.dispose([x, y, ...variables]);
  optimizer.dispose();
  return { weights, loss };
}

/** Trains the parabola model (seeded). tfjs-core's backend must be started. */
export function trainParabola(nEpochs: number): ParabolaTraining {
  const data = parabola();
  return train(data.inputs, data.targets, nEpochs);
}

/** A training of the parabola model as a recording in memory: what the benchmarks replay. */
export function parabolaRecording({ weights, loss }: ParabolaTraining): RecordingSource {
  const data = parabola();
  const nEpochs = weights.length - 1;
  return {
    info: {
      group: "bench",
      samples: data.targets.shape[0],
      batchSize: BATCH_SIZE,
      nBatches: Math.ceil(data.targets.shape[0] / BATCH_SIZE),
      nEpochs,
      completedEpochs: nEpochs,
      nLayers: 2,
      activationFunctions: ["sigmoid", "sigmoid"],
      series: ["loss"],
      model: { ...PARABOLA_MODEL, optimizer: { name: "SGD", learningRate: LEARNING_RATE } },
    },
    inputs: () => data.inputs,
    targets: () => data.targets,
    weights: (epoch) => weights[epoch],
    series: () => loss,
  };
}

/**
 * Trains in a child process and returns its weights: the training's memory (tfjs' garbage, a
 * grown heap) then stays out of the peak RSS of the benchmark that replays it.
 */
export function trainParabolaInChild(nEpochs: number): Promise<ParabolaTraining> {
  const child = fork(fileURLToPath(import.meta.resolve("./train-parabola.ts")), [`${nEpochs}`], {
    execArgv: process.execArgv,
    serialization: "advanced",
  });
  return new Promise((resolve, reject) => {
    child.once("message", (training) => resolve(training as ParabolaTraining));
    child.once("exit", (code) =>
      reject(new Error(`the training process exited with ${code} before sending its weights`)),
    );
  });
}
