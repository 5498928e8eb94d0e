/**
 * A run with layers wider than 2 units, recorded for real: tfjs-layers trains
 * Dense(6, tanh) → Dense(4, relu) → Dense(3, softmax) on three Gaussian blobs in the plane
 * (categorical cross-entropy, Adam), recorded by the ReplayData callback into memory.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { ndarray, type NdArray, type RecordingSource } from "@deepreplay/frames";
import { MemoryStorage } from "@deepreplay/recorder";
import { ReplayData } from "@deepreplay/recorder/tfjs";

export const WIDE_EPOCHS = 6;
const PER_CLASS = 50;
const CENTRES = [
  [-0.6, -0.4],
  [0.6, -0.4],
  [0, 0.6],
];

export async function recordWideRun(): Promise<RecordingSource> {
  const n = PER_CLASS * CENTRES.length;
  const inputs = ndarray(new Float64Array(2 * n), [n, 2]);
  const targets = ndarray(new Float64Array(3 * n), [n, 3]);
  // A fixed low-discrepancy spread around each centre: the data are the same on every run.
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const angle = i * 2.399963;
    const radius = 0.35 * Math.sqrt(((i * 0.618034) % 1) + 0.01);
    inputs.data.set([CENTRES[c][0] + radius * Math.cos(angle), CENTRES[c][1] + radius * Math.sin(angle)], 2 * i);
    targets.data[3 * i + c] = 1;
  }
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      units: 6,
      activation: "tanh",
      inputShape: [2],
      name: "wide",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 11 }),
    }),
  );
  model.add(
    tfl.layers.dense({
      units: 4,
      activation: "relu",
      name: "narrow",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 12 }),
    }),
  );
  model.add(
    tfl.layers.dense({
      units: 3,
      activation: "softmax",
      name: "output",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 13 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.05), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const tensor = (array: NdArray) => tf.tensor(Float32Array.from(array.data), [...array.shape]);
  const [x, y] = [tensor(inputs), tensor(targets)];
  const storage = new MemoryStorage();
  await model.fit(x, y, {
    epochs: WIDE_EPOCHS,
    batchSize: 30,
    verbose: 0,
    shuffle: false,
    callbacks: [new ReplayData({ inputs, targets, storage, group: "wide" })],
  });
  tf.dispose([x, y]);
  model.dispose();
  return storage.open("wide");
}
