import type { Tensor } from "@tensorflow/tfjs-core";
import { tf } from "#tfjs";
import {
  DeepReplayError,
  isAllFinite,
  outputWidths,
  weightShapes,
  type ModelDescription,
  type NdArray,
} from "@deepreplay/frames";
import { applyLayer } from "./layers.js";
import { float32 } from "./read.js";

export interface ForwardOptions {
  /** Index of the first layer to apply: `x` is that layer's input (default 0). */
  from?: number;
  /** Index of the last layer to apply, inclusive (default: the output layer). */
  to?: number;
  /** Fuse matMul + bias + activation where possible (default true; gradients need false). */
  fused?: boolean;
  /** Keep every applied layer's output and z-values (default false). */
  keep?: boolean;
  /** Weights to use instead of the epoch's own (gradients substitute the kernels they differentiate). */
  weights?: readonly (readonly Tensor[])[];
}

export interface ForwardResult {
  output: Tensor;
  /** Per layer index (when `keep`): the layer's output. */
  outputs: Tensor[];
  /** Per layer index (when `keep`): the layer's value before its activation, if it has one. */
  zs: (Tensor | undefined)[];
}

/**
 * One epoch's network: the architecture with that epoch's weights as tensors. Dispose it when done;
 * the forward pass itself allocates only inside the caller's tf.tidy.
 */
export class Network {
  readonly model: ModelDescription;
  readonly weights: Tensor[][];
  /** False when any weight is NaN or infinite (a diverged run). */
  readonly finite: boolean;

  constructor(model: ModelDescription, arrays: readonly (readonly NdArray[])[], epoch: number) {
    checkWeights(model, arrays, epoch);
    this.model = model;
    this.finite = arrays.every((layer) => layer.every((w) => isAllFinite(w.data)));
    this.weights = arrays.map((layer) => layer.map((w) => tf.tensor(float32(w.data), [...w.shape], "float32")));
  }

  get lastLayer(): number {
    return this.model.layers.length - 1;
  }

  forward(
    x: Tensor,
    { from = 0, to = this.lastLayer, fused = true, keep = false, weights = this.weights }: ForwardOptions = {},
  ): ForwardResult {
    const outputs: Tensor[] = [];
    const zs: (Tensor | undefined)[] = [];
    let output = x;
    for (let i = from; i <= to; i++) {
      const result = applyLayer(this.model.layers[i], output, weights[i], { fused, keepZ: keep });
      output = result.output;
      if (keep) {
        outputs[i] = output;
        zs[i] = result.z;
      }
    }
    return { output, outputs, zs };
  }

  dispose(): void {
    this.weights.forEach((layer) => layer.forEach((w) => w.dispose()));
  }
}

function checkWeights(model: ModelDescription, arrays: readonly (readonly NdArray[])[], epoch: number): void {
  const mismatch = (where: string) =>
    new DeepReplayError("WEIGHTS_MISMATCH", `The weights of epoch ${epoch} do not fit the model: ${where}.`, {
      hint: "The recording and its model description disagree: check that they come from the same training run.",
    });
  if (arrays.length !== model.layers.length)
    throw mismatch(`${arrays.length} layers of weights for ${model.layers.length} layers`);
  const widths = outputWidths(model.inputShape, model.layers);
  model.layers.forEach((spec, i) => {
    const expected = weightShapes(spec, i === 0 ? model.inputShape[model.inputShape.length - 1] : widths[i - 1]);
    const actual = (arrays[i] ?? []).map((w) => w.shape);
    if (actual.length !== expected.length)
      throw mismatch(`layer "${spec.name}" has ${actual.length} arrays, expected ${expected.length}`);
    if (actual.some((shape, j) => shape.join() !== expected[j].join())) {
      const text = (shapes: readonly (readonly number[])[]) => shapes.map((shape) => `[${shape.join(", ")}]`).join(" ");
      throw mismatch(`layer "${spec.name}" (${spec.kind}) holds ${text(actual)}, expected ${text(expected)}`);
    }
  });
}
