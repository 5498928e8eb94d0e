/**
 * Hyper-parameters in Action! Part 1 — activation functions (the original's
 * examples/part1_activation_functions.py): record the training of a 2-unit hidden layer on the
 * parabola data set with tfjs-layers, replay it, and compose the four visualisations of one epoch
 * (PNG) and of every epoch (GIF).
 *
 *   node --conditions=@deepreplay/source --import tsx examples/part1-activation-functions/main.ts [OUT]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import {
  featureSpaceFrames,
  lossAndMetricData,
  lossAndMetricFrames,
  lossHistogramFrames,
  openReplay,
  probabilityHistogramFrames,
} from "@deepreplay/core";
import { parabola } from "@deepreplay/datasets";
import { composeFigures, type Figure } from "@deepreplay/frames";
import { openRecording } from "@deepreplay/recorder";
import { ReplayData } from "@deepreplay/recorder/tfjs";
import { animate, renderPng } from "@deepreplay/render-png";

export interface Part1Options {
  out?: string;
  epochs?: number;
  activation?: "sigmoid" | "tanh" | "relu";
  /** The epoch of the still figure (the original's compose_plots(..., 80)). */
  epoch?: number;
}

export async function main({
  out = "deepreplay-examples/part1",
  epochs = 150,
  activation = "sigmoid",
  epoch = 80,
}: Part1Options = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "hyperparms_in_action.h5");
  rmSync(file, { force: true });
  const group = "part1_activation_functions";

  // 1. Record: the ReplayData callback stores the weights of every epoch (and epoch 0).
  tf.env().set("PROD", true); // no "install tfjs-node" banner
  await tf.setBackend("cpu");
  const { inputs, targets } = parabola();
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [2],
        units: 2,
        activation,
        name: "hidden",
        kernelInitializer: tfl.initializers.glorotNormal({ seed: 42 }),
      }),
      tfl.layers.dense({
        units: 1,
        activation: "sigmoid",
        name: "output",
        kernelInitializer: tfl.initializers.randomNormal({ seed: 42 }),
      }),
    ],
  });
  model.compile({ loss: "binaryCrossentropy", optimizer: tf.train.sgd(0.05), metrics: ["accuracy"] });
  const [x, y] = [
    tf.tensor2d(Float32Array.from(inputs.data), [2000, 2]),
    tf.tensor2d(Float32Array.from(targets.data), [2000, 1]),
  ];
  await model.fit(x, y, {
    epochs,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    callbacks: [new ReplayData({ inputs, targets, storage: file, group })],
  });
  const [evaluatedLoss] = (model.evaluate(x, y) as tf.Scalar[]).map((t) => t.dataSync()[0]);

  // 2. Replay: open the recording and build the visualisations, lazily, epoch by epoch.
  const replay = await openReplay(await openRecording(file, group));
  const still = Math.min(epoch, replay.lastEpoch);
  const figures = composeFigures(
    [
      featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0 }),
      probabilityHistogramFrames(replay),
      lossAndMetricFrames(replay),
      lossHistogramFrames(replay),
    ],
    // The original's layout by default: the feature space square over the full height, the histograms in the middle.
    { title: `Activation: ${activation}` },
  );

  // 3. Draw: every epoch into the animation, and one epoch as a still on the way.
  let stillFigure: Figure | undefined;
  function* keepingStill() {
    for (const figure of figures) {
      if (figure.epoch === still) stillFigure = figure;
      yield figure;
    }
  }
  const size = { width: 1200, height: 700 };
  const animation = await animate(keepingStill(), { out: join(out, "part1.gif"), fps: 5, ...size });
  writeFileSync(join(out, "part1.png"), renderPng(stillFigure!, size));
  const { loss, metric } = lossAndMetricData(replay);
  replay.close();
  return { file, animation, loss: Array.from(loss), accuracy: Array.from(metric), evaluatedLoss };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loss, accuracy } = await main({ out: process.argv[2] });
  console.log(
    `loss ${loss[0].toFixed(3)} → ${loss.at(-1)!.toFixed(3)}, accuracy ${accuracy[0].toFixed(3)} → ${accuracy.at(-1)!.toFixed(3)}`,
  );
}
