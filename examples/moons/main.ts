/**
 * Moons (the original's examples/moons_dataset.py): a wider tanh layer followed by a 2-unit linear
 * bottleneck, so a model with more than 2 hidden units still has a feature space to look at, the
 * answer to the original's FAQ. The grid is not drawn and the axes follow each epoch, as there.
 *
 *   node --conditions=@deepreplay/source --import tsx examples/moons/main.ts [OUT]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import {
  featureSpaceData,
  featureSpaceFrames,
  lossAndMetricFrames,
  openReplay,
  probabilityHistogramFrames,
} from "@deepreplay/core";
import { moons } from "@deepreplay/datasets";
import { composeFigures, type Figure } from "@deepreplay/frames";
import { openRecording } from "@deepreplay/recorder";
import { ReplayData } from "@deepreplay/recorder/tfjs";
import { animate, renderPng } from "@deepreplay/render-png";

export async function main({
  out = "deepreplay-examples/moons",
  epochs = 100,
}: {
  out?: string;
  epochs?: number;
} = {}) {
  mkdirSync(out, { recursive: true });
  const file = join(out, "moons_dataset.h5");
  rmSync(file, { force: true });
  tf.env().set("PROD", true); // no "install tfjs-node" banner
  await tf.setBackend("cpu");

  const { inputs, targets } = moons({ nSamples: 2000, noise: 0.03, seed: 27 });
  const glorot = () => tfl.initializers.glorotNormal({ seed: 42 });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [2], units: 16, activation: "tanh", name: "wide", kernelInitializer: glorot() }),
      tfl.layers.dense({ units: 2, activation: "linear", name: "bottleneck", kernelInitializer: glorot() }),
      tfl.layers.dense({
        units: 1,
        activation: "sigmoid",
        name: "output",
        kernelInitializer: tfl.initializers.randomNormal({ seed: 42 }),
      }),
    ],
  });
  model.compile({ loss: "binaryCrossentropy", optimizer: tf.train.sgd(0.05), metrics: ["accuracy"] });
  const x = tf.tensor2d(Float32Array.from(inputs.data), [2000, 2]);
  const y = tf.tensor2d(Float32Array.from(targets.data), [2000, 1]);
  await model.fit(x, y, {
    epochs,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    callbacks: [new ReplayData({ inputs, targets, storage: file, group: "moons" })],
  });

  const replay = await openReplay(await openRecording(file, "moons"));
  const space = { layer: "bottleneck", displayGrid: false, scaleFixed: false, contourPoints: 0 };
  const figures = composeFigures(
    [featureSpaceFrames(replay, space), probabilityHistogramFrames(replay), lossAndMetricFrames(replay)],
    { title: "Moons", columns: 2 },
  );
  let last: Figure | undefined;
  function* keepingLast() {
    for (const figure of figures) yield (last = figure);
  }
  await animate(keepingLast(), { out: join(out, "moons.gif"), fps: 10, width: 960, height: 800 });
  writeFileSync(join(out, "moons.png"), renderPng(last!, { width: 960, height: 800 }));

  // The bottleneck's output, replayed, against the trained model's own layer output.
  const { inputs: sorted, bentInputs } = featureSpaceData(replay, { ...space, epochStart: replay.lastEpoch });
  const bottleneck = tfl.model({
    inputs: model.inputs,
    outputs: model.getLayer("bottleneck").output as tfl.SymbolicTensor,
  });
  const expected = (bottleneck.predict(tf.tensor2d(Float32Array.from(sorted.data), [2000, 2])) as tf.Tensor).dataSync();
  const maxDifference = Math.max(...Array.from(expected, (v, i) => Math.abs(v - bentInputs.data[i])));
  replay.close();
  return { file, maxDifference, frames: replay.lastEpoch + 1 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { maxDifference } = await main({ out: process.argv[2] });
  console.log(`replayed bottleneck output within ${maxDifference.toExponential(1)} of the model's`);
}
