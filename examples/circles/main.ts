/**
 * Circles (the original's examples/circles_dataset.py): one hidden layer of 10 ReLU units learns to
 * separate an inner circle from an outer one; the decision boundary in input space, epoch by epoch.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/circles/main.ts [OUT]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import { decisionBoundaryData, decisionBoundaryFrames, lossAndMetricData, openReplay } from "@deepreplay/core";
import { circles } from "@deepreplay/datasets";
import type { Extent } from "@deepreplay/frames";
import { openRecording } from "@deepreplay/recorder";
import { ReplayData } from "@deepreplay/recorder/tfjs";
import { animate, renderPng } from "@deepreplay/render-png";

const LIMITS: { xlim: Extent; ylim: Extent } = { xlim: [-1.3, 1.3], ylim: [-1.3, 1.3] };

export async function main({
  out = "deepreplay-examples/circles",
  epochs = 100,
}: {
  out?: string;
  epochs?: number;
} = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "circles_dataset.h5");
  rmSync(file, { force: true });
  tf.env().set("PROD", true); // no "install tfjs-node" banner
  await tf.setBackend("cpu");

  const { inputs, targets } = circles({ nSamples: 2000, noise: 0.03, seed: 27 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [2],
        units: 10,
        activation: "relu",
        name: "hidden",
        kernelInitializer: tfl.initializers.heNormal({ seed: 42 }),
      }),
      tfl.layers.dense({
        units: 1,
        activation: "sigmoid",
        name: "output",
        kernelInitializer: tfl.initializers.randomNormal({ seed: 42 }),
      }),
    ],
  });
  model.compile({ loss: "binaryCrossentropy", optimizer: tf.train.sgd(0.1), metrics: ["accuracy"] });
  const x = tf.tensor2d(Float32Array.from(inputs.data), [2000, 2]);
  const y = tf.tensor2d(Float32Array.from(targets.data), [2000, 1]);
  await model.fit(x, y, {
    epochs,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    callbacks: [new ReplayData({ inputs, targets, storage: file, group: "circles" })],
  });

  const replay = await openReplay(await openRecording(file, "circles"));
  const last = replay.lastEpoch;
  await animate(decisionBoundaryFrames(replay, { ...LIMITS, contourPoints: 0 }), {
    out: join(out, "decision_boundary.gif"),
    fps: 10,
  });
  const [final] = decisionBoundaryFrames(replay, { ...LIMITS, contourPoints: 0, epochStart: last });
  writeFileSync(join(out, "decision_boundary.png"), renderPng(final, { width: 600, height: 600 }));

  // The replayed decision on a 20 × 20 grid, against the trained model's own predictions there.
  const { contour, prediction } = decisionBoundaryData(replay, { ...LIMITS, contourPoints: 20, epochStart: last });
  const predicted = (model.predict(tf.tensor2d(Float32Array.from(contour.data), [400, 2])) as tf.Tensor).dataSync();
  const agreement = Array.from(predicted).filter((p, i) => Number(p > 0.5) === prediction.data[i]).length / 400;
  const { metric } = lossAndMetricData(replay);
  replay.close();
  return { file, accuracy: Array.from(metric), agreement };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { accuracy, agreement } = await main({ out: process.argv[2] });
  console.log(
    `accuracy ${accuracy[0].toFixed(3)} → ${accuracy.at(-1)!.toFixed(3)}; replayed decisions agree with the model on ${(agreement * 100).toFixed(0)}% of a 20×20 grid`,
  );
}
