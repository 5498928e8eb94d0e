import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfl from "@tensorflow/tfjs-layers";
import type { NdArray } from "@deepreplay/frames";

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend("cpu");
}

/** The post's parabola model: hidden = Dense(2, sigmoid), output = Dense(1, sigmoid); SGD 0.05, BCE, accuracy. */
export function parabolaModel({ compile = true, seed = 42 } = {}): tfl.Sequential {
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      units: 2,
      activation: "sigmoid",
      inputShape: [2],
      name: "hidden",
      kernelInitializer: tfl.initializers.glorotNormal({ seed }),
    }),
  );
  model.add(
    tfl.layers.dense({
      units: 1,
      activation: "sigmoid",
      name: "output",
      kernelInitializer: tfl.initializers.randomNormal({ stddev: 0.05, seed }),
    }),
  );
  if (compile) model.compile({ optimizer: tf.train.sgd(0.05), loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return model;
}

export function tensor(array: NdArray): tf.Tensor {
  return tf.tensor(Float32Array.from(array.data), [...array.shape]);
}
