/**
 * Benchmark: @deepreplay/core's feature space at the original's defaults (1000 × 1000 contour,
 * 22 × 1000 grid points, 2000 inputs) over a 150-epoch recording of the parabola model
 * (hidden = Dense(2, sigmoid), output = Dense(1, sigmoid)), trained here in memory by mini-batch SGD
 * on tfjs-core. Prints ms per epoch and the process's peak RSS.
 *
 * Each mode replays the whole range --runs times; the best run is the figure least disturbed by
 * other work on the machine, the median the typical one.
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/core-feature-space.ts [--epochs 150] [--runs 3] [--no-regions]
 */
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs-core";
import { ndarray, type NdArray, type RecordingSource } from "@deepreplay/frames";
import { activeBackend, featureSpaceFrames, initBackend, openReplay } from "@deepreplay/core";
import { parabola } from "@deepreplay/datasets";
import { parabolaModel } from "./support/parabola-model.js";

const { values: args } = parseArgs({
  options: { epochs: { type: "string", default: "150" }, runs: { type: "string", default: "3" }, "no-regions": { type: "boolean", default: false } },
});
const nEpochs = Number(args.epochs);
const runs = Number(args.runs);

const model = parabolaModel(0.5);

/** Trains the model by mini-batch SGD and keeps every epoch's weights (epoch 0 = initial). */
function train(inputs: NdArray, targets: NdArray, epochs: number, batchSize = 16): { weights: NdArray[][][]; loss: Float32Array } {
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

await initBackend();
const data = parabola();
const trainStart = performance.now();
const { weights, loss } = train(data.inputs, data.targets, nEpochs, 100);
const trainMs = performance.now() - trainStart;

const source: RecordingSource = {
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
    model,
  },
  inputs: () => data.inputs,
  targets: () => data.targets,
  weights: (epoch) => weights[epoch],
  series: () => loss,
};

const replay = await openReplay(source);
const rssBefore = process.memoryUsage().rss;

/**
 * Replays the whole range; `readContour` also reads each frame's lazily sampled 1000 x 1000 contour.
 * Wall time and this process's CPU time (the latter barely moves when other work shares the cores).
 */
function replayRange(readContour: boolean): { ms: number; cpuMs: number; frames: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let frames = 0;
  for (const frame of featureSpaceFrames(replay, { layer: "hidden", regions: !args["no-regions"] })) {
    frames++;
    if (readContour && frame.contour!.prediction.length !== 1000 * 1000) throw new Error(`epoch ${frame.epoch}: contour incomplete`);
  }
  const { user, system } = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (user + system) / 1000, frames };
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
console.log(`backend                  ${activeBackend()}`);
console.log(`training (not measured)  ${nEpochs} epochs in ${(trainMs / 1000).toFixed(1)} s, final loss ${loss[nEpochs - 1].toFixed(4)}`);
console.log(`feature space            epochs 0..${nEpochs}, grid 22 x 1000, 2000 inputs, regions ${args["no-regions"] ? "off" : "200 x 200"}, scaleFixed (first pass included)`);
for (const readContour of [false, true]) {
  const results = Array.from({ length: runs }, () => replayRange(readContour)).sort((a, b) => a.ms - b.ms);
  const [best, median] = [results[0], results[results.length >> 1]];
  const perEpoch = (total: number): string => (total / best.frames).toFixed(1).padStart(6);
  const what = readContour ? "with the 1000 x 1000 contour read" : "contour left unread (lazy)";
  console.log(`${what.padEnd(34)} best ${perEpoch(best.ms)} ms per epoch wall (${perEpoch(best.cpuMs)} CPU), median ${perEpoch(median.ms)} (${perEpoch(median.cpuMs)} CPU) over ${runs} runs of ${best.frames} frames`);
}
console.log(`load average             ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} cores`);
console.log(`peak RSS                 ${mb(process.resourceUsage().maxRSS * 1024)} MB (${mb(rssBefore)} MB before replaying); tensors left ${tf.memory().numTensors}`);
