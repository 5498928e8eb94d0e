import * as tf from "@tensorflow/tfjs-core";
import { ndarray, type NdArray, type RecordingSource } from "@deepreplay/frames";
import { parabola } from "@deepreplay/datasets";
import { parabolaModel } from "./parabola-model.js";

/** Trains the model by mini-batch SGD and keeps every epoch's weights (epoch 0 = initial). */
function train(inputs: NdArray, targets: NdArray, epochs: number, batchSize: number): { weights: NdArray[][][]; loss: Float32Array } {
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
  const optimizer = tf.train.sgd(0.5);
  const lossOf = (xb: tf.Tensor2D, yb: tf.Tensor2D): tf.Scalar =>
    tf.losses.sigmoidCrossEntropy(yb, tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(xb, w1), b1)), w2), b2)) as tf.Scalar;
  const weights = [snapshot()];
  const loss = new Float32Array(epochs);
  const n = inputs.shape[0];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
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

/**
 * A recording of the parabola model trained here, in memory, by SGD (lr 0.5, batches of 100, seeded):
 * what the benchmarks replay. tfjs-core's backend must be started first (core's initBackend).
 */
export function parabolaRecording(nEpochs: number): RecordingSource {
  const data = parabola();
  const { weights, loss } = train(data.inputs, data.targets, nEpochs, 100);
  return {
    info: {
      group: "bench",
      samples: data.targets.shape[0],
      batchSize: 16,
      nBatches: Math.ceil(data.targets.shape[0] / 16),
      nEpochs,
      completedEpochs: nEpochs,
      nLayers: 2,
      activationFunctions: ["sigmoid", "sigmoid"],
      series: ["loss"],
      model: parabolaModel(0.5),
    },
    inputs: () => data.inputs,
    targets: () => data.targets,
    weights: (epoch) => weights[epoch],
    series: () => loss,
  };
}
