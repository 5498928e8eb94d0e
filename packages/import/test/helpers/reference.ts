import type { HandLayer } from "./keras-files.js";

/**
 * What Keras computes for a chain of Dense / BatchNormalization / Dropout / Activation layers, in
 * float64 plain JavaScript, written from Keras' definitions (not from the code under test).
 */

type Rows = number[][];

const activations: Record<string, (row: number[]) => number[]> = {
  linear: (r) => r,
  sigmoid: (r) => r.map((z) => 1 / (1 + Math.exp(-z))),
  tanh: (r) => r.map(Math.tanh),
  relu: (r) => r.map((z) => Math.max(0, z)),
  softmax: (r) => {
    const max = Math.max(...r);
    const e = r.map((z) => Math.exp(z - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  },
};

function weight(layer: HandLayer, name: string): { data: Float32Array; shape: number[] } {
  const found = layer.weights.find((w) => w.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

function applyLayer(layer: HandLayer, x: Rows, activationOverride?: string): Rows {
  const c = layer.config;
  switch (layer.className) {
    case "Dense": {
      const kernel = weight(layer, "kernel");
      const bias = layer.weights.find((w) => w.name === "bias");
      const units = kernel.shape[1];
      const f = activations[activationOverride ?? (c.activation as string)];
      return x.map((row) =>
        f(
          Array.from(
            { length: units },
            (_, u) => row.reduce((s, v, i) => s + v * kernel.data[i * units + u], 0) + (bias ? bias.data[u] : 0),
          ),
        ),
      );
    }
    case "BatchNormalization": {
      const [gamma, beta, mean, variance] = ["gamma", "beta", "moving_mean", "moving_variance"].map(
        (n) => weight(layer, n).data,
      );
      const epsilon = c.epsilon as number;
      return x.map((row) => row.map((v, i) => ((v - mean[i]) / Math.sqrt(variance[i] + epsilon)) * gamma[i] + beta[i]));
    }
    case "Activation":
      return x.map(activations[c.activation as string]);
    default:
      return x; // InputLayer, Dropout (inference)
  }
}

export interface Reference {
  prob: Rows;
  /** The output of every layer, by name. */
  outputs: Map<string, Rows>;
  sampleLoss: number[];
  loss: number;
  accuracy: number;
}

const EPSILON = 1e-7;
const clip = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p));

/**
 * The forward pass and Keras' losses: binary cross-entropy (mean over units), categorical (on outputs
 * normalised to sum 1) or mean squared error of one output unit (`labels` are then the target values).
 */
export function reference(
  layers: HandLayer[],
  x: Rows,
  labels: number[],
  options: { loss: string; outputActivation?: string },
): Reference {
  const outputs = new Map<string, Rows>();
  let h = x;
  layers.forEach((layer, i) => {
    h = applyLayer(layer, h, i === layers.length - 1 ? options.outputActivation : undefined);
    outputs.set(layer.config.name as string, h);
  });
  const prob = h;
  const sampleLoss = prob.map((p, i) => {
    if (options.loss === "mean_squared_error") return (p[0] - labels[i]) ** 2;
    if (options.loss === "binary_crossentropy")
      return -(labels[i] * Math.log(clip(p[0])) + (1 - labels[i]) * Math.log(1 - clip(p[0])));
    const sum = p.reduce((a, b) => a + b, 0);
    return -Math.log(clip(p[labels[i]] / sum));
  });
  const predicted = prob.map((p) => (p.length === 1 ? Number(p[0] > 0.5) : p.indexOf(Math.max(...p))));
  return {
    prob,
    outputs,
    sampleLoss,
    loss: sampleLoss.reduce((a, b) => a + b, 0) / sampleLoss.length,
    accuracy: predicted.filter((c, i) => c === labels[i]).length / labels.length,
  };
}
