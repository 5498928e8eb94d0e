/**
 * A training loop written with tfjs-core alone (no tfjs-layers), recorded with the standalone
 * Recorder: describe the model once, hand over the initial weights, then the weights, loss and
 * metric after every epoch. Any loop in any library records the same way.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/custom-training-loop/main.ts [OUT]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { featureSpaceFrames, lossAndMetricData, lossAndMetricFrames, openReplay } from "@deepreplay/core";
import { createRandom, parabola } from "@deepreplay/datasets";
import { composeFigures, ndarray, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { Hdf5Storage, openRecording, Recorder } from "@deepreplay/recorder";
import { renderPng } from "@deepreplay/render-png";

/** What the replay needs to know of the network: Keras' vocabulary, nothing executable. */
const MODEL: ModelDescription = {
  inputShape: [2],
  layers: [
    { kind: "Dense", name: "hidden", units: 2, activation: "tanh", useBias: true },
    { kind: "Dense", name: "output", units: 1, activation: "sigmoid", useBias: true },
  ],
  loss: "binary_crossentropy",
  metrics: ["acc"],
  optimizer: { name: "SGD", learningRate: 0.1 },
};

const BATCH = 16;
const EPSILON = 1e-7; // Keras clips probabilities before the log

export async function main({
  out = "deepreplay-examples/custom-loop",
  epochs = 50,
}: {
  out?: string;
  epochs?: number;
} = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "custom_loop.h5");
  rmSync(file, { force: true });
  tf.env().set("PROD", true); // no "install tfjs-node" banner
  await tf.setBackend("cpu");

  // The network as plain variables, initialised from a seeded generator.
  const random = createRandom(42);
  const init = (shape: [number, number] | [number], scale: number) =>
    tf.variable(
      tf.tensor(
        Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal()),
        shape,
      ),
    );
  const [w1, b1, w2, b2] = [init([2, 2], 0.7), init([2], 0), init([2, 1], 0.7), init([1], 0)];
  const forward = (x: tf.Tensor2D) => tf.sigmoid(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, w1), b1)), w2), b2));
  const bce = (p: tf.Tensor, y: tf.Tensor) => {
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))))));
  };
  // Layer by layer, each layer's weights in Keras order (kernel, bias).
  const weights = (): NdArray[][] =>
    [
      [w1, b1],
      [w2, b2],
    ].map((layer) => layer.map((v) => ndarray(v.dataSync() as Float32Array, v.shape)));

  const { inputs, targets } = parabola();
  const n = targets.shape[0];
  const x = tf.tensor2d(Float32Array.from(inputs.data), [n, 2]);
  const y = tf.tensor2d(Float32Array.from(targets.data), [n, 1]);
  const optimizer = tf.train.sgd(MODEL.optimizer!.learningRate!);

  const recorder = new Recorder(new Hdf5Storage(file), "custom");
  await recorder.begin({
    inputs,
    targets,
    model: MODEL,
    training: { epochs, batchSize: BATCH },
    initialWeights: weights(),
  });
  const ownLoss: number[] = [tf.tidy(() => bce(forward(x), y).dataSync()[0])];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let [lossSum, correct] = [0, 0];
    for (let start = 0; start < n; start += BATCH) {
      const size = Math.min(BATCH, n - start);
      tf.tidy(() => {
        const [xb, yb] = [tf.slice(x, [start, 0], [size, 2]), tf.slice(y, [start, 0], [size, 1])];
        const loss = optimizer.minimize(() => bce(forward(xb), yb) as tf.Scalar, true)!;
        lossSum += loss.dataSync()[0] * size;
        correct += tf.sum(tf.equal(tf.greater(forward(xb), 0.5), tf.cast(yb, "bool"))).dataSync()[0];
      });
    }
    // What Keras logs: the loss and accuracy averaged over the epoch's batches.
    recorder.recordEpoch({
      weights: weights().map((layer) => layer.map((w) => w.data as Float32Array)),
      loss: lossSum / n,
      metrics: { acc: correct / n },
      lr: 0.1,
    });
    ownLoss.push(tf.tidy(() => bce(forward(x), y).dataSync()[0]));
  }
  recorder.end();

  // Replay and draw: the last epoch's feature space and loss curve.
  const replay = await openReplay(await openRecording(file, "custom"));
  const last = replay.lastEpoch;
  const space = featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0, epochStart: last });
  const curve = skipTo(last, lossAndMetricFrames(replay)); // the whole curve, drawn at the last epoch
  const [figure] = composeFigures([space, curve], { title: "Custom loop", columns: 2 });
  writeFileSync(join(out, "custom_loop.png"), renderPng(figure, { width: 960, height: 440 }));
  const replayedLoss = Array.from(lossAndMetricData(replay).loss);
  const recordedLoss = Array.from(replay.trainingLoss());
  replay.close();
  return { file, ownLoss, replayedLoss, recordedLoss };
}

function* skipTo<F extends { epoch: number }>(epoch: number, frames: Iterable<F>): Generator<F> {
  for (const frame of frames) if (frame.epoch >= epoch) yield frame;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ownLoss, replayedLoss } = await main({ out: process.argv[2] });
  console.log(
    `loss over all inputs: the loop's ${ownLoss.at(-1)!.toFixed(4)}, the replay's ${replayedLoss.at(-1)!.toFixed(4)}`,
  );
}
