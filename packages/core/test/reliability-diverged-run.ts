/**
 * A training run that diverges, recorded for real: the post's parabola model trained by
 * tfjs-layers with SGD (relu hidden units), whose learning rate jumps to 1e39 (infinite in float32) from epoch 3, so
 * that the weights and the loss turn NaN. The recording goes through the ReplayData callback.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { ndarray } from "@deepreplay/frames";
import { ReplayData } from "@deepreplay/recorder/tfjs";

export const DIVERGED_GROUP = "diverged";
export const DIVERGED_EPOCHS = 6;
/** The first epoch trained with the huge learning rate: its weights are the first non-finite ones. */
export const FIRST_DIVERGED_EPOCH = 3;

export async function recordDivergedRun(path: string): Promise<void> {
  // Two parabolas, as the post's data set: (x, x^2) labelled 1 and (x, x^2 - 0.5) labelled 0.
  const n = 200;
  const inputs = ndarray(new Float64Array(4 * n), [2 * n, 2]);
  const targets = ndarray(new Float64Array(2 * n), [2 * n, 1]);
  for (let i = 0; i < n; i++) {
    const x = -1 + (2 * i) / (n - 1);
    inputs.data.set([x, x * x, x, x * x - 0.5], 4 * i);
    targets.data.set([1, 0], 2 * i);
  }
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      units: 2,
      activation: "relu",
      inputShape: [2],
      name: "hidden",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }),
    }),
  );
  model.add(
    tfl.layers.dense({
      units: 1,
      activation: "sigmoid",
      name: "output",
      kernelInitializer: tfl.initializers.glorotNormal({ seed: 4 }),
    }),
  );
  const optimizer = tf.train.sgd(0.5);
  model.compile({ optimizer, loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const raiseRate = new tfl.CustomCallback({
    onEpochBegin: async (epoch) => {
      if (epoch + 1 === FIRST_DIVERGED_EPOCH) optimizer.setLearningRate(1e39);
    },
  });
  const tensor = (array: { data: Float64Array | Float32Array; shape: readonly number[] }) =>
    tf.tensor(Float32Array.from(array.data), [...array.shape]);
  const [x, y] = [tensor(inputs), tensor(targets)];
  await model.fit(x, y, {
    epochs: DIVERGED_EPOCHS,
    batchSize: 16,
    verbose: 0,
    callbacks: [raiseRate, new ReplayData({ inputs, targets, storage: path, group: DIVERGED_GROUP })],
  });
  tf.dispose([x, y]);
  model.dispose();
}
