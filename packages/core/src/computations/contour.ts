import type * as tf from "@tensorflow/tfjs-core";
import type { Network } from "../engine/forward.js";
import { inScope, peek } from "../engine/read.js";
import { predictedClasses } from "../targets.js";

/** How the points of a sampled contour are drawn and predicted. */
export interface ContourPlan {
  /** The layer the space shows (-1: the inputs); outputs are predicted from its successor on. */
  layer: number;
  /** Bend the regular points through layers 0..layer, else draw them as they are. */
  bent: boolean;
  /** Output units of the model. */
  units: number;
}

/** Where sampled rows go: their predicted classes and, for bent plans, their points as drawn. */
export interface SampledRows {
  points?: Float32Array;
  prediction: Int32Array;
}

/** Samples a contour into `out`, reading the outputs in place from the backend. */
export function sampleContour(network: Network, plan: ContourPlan, regular: tf.Tensor2D, out: SampledRows): void {
  inScope(() => {
    const drawn = plan.bent ? network.forward(regular, { to: plan.layer }).output : regular;
    // Thresholding a million outputs in JS costs less than tfjs' greater + cast on WASM.
    predictedClasses(peek(network.forward(drawn, { from: plan.layer + 1 }).output), plan.units, out.prediction);
    if (plan.bent) out.points!.set(peek(drawn));
  });
}
