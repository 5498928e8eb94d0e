import type { Tensor } from "@tensorflow/tfjs-core";
import { outputWidths, type ActivationName } from "@deepreplay/frames";
import { predictedClasses } from "../targets.js";
import type { Network } from "./forward.js";
import { applyLayer } from "./layers.js";
import { peek } from "./read.js";

/**
 * Whether an output activation keeps the class decision of its input: one sigmoid or hard_sigmoid
 * unit crosses 0.5 at z = 0, and softmax keeps the argmax of several. (Over several units the
 * sigmoids saturate to equal 1s, and softmax over one unit is always 1: neither keeps it.)
 */
function decidesOnZ(activation: ActivationName, units: number): boolean {
  return units === 1 ? activation === "sigmoid" || activation === "hard_sigmoid" : activation === "softmax";
}

/**
 * Classes the network predicts for `x` fed at layer `from` (p > 0.5 for one unit, argmax for
 * several). When the output activation keeps the decision it is left out, which spares a pass over
 * a million contour points; points whose probability rounds to exactly 0.5 in float32 then count
 * as the class their z-value says. The outputs are read in place and thresholded in JS, which costs
 * less than tfjs' greater + cast on WASM.
 */
export function predictClasses(network: Network, x: Tensor, from = 0): Int32Array {
  const last = network.lastLayer;
  const spec = network.model.layers[last];
  const units = outputWidths(network.model.inputShape, network.model.layers)[last];
  const skipsActivation = from <= last && "activation" in spec && decidesOnZ(spec.activation, units);
  if (!skipsActivation) return predictedClasses(peek(network.forward(x, { from }).output), units);
  const input = from < last ? network.forward(x, { from, to: last - 1 }).output : x;
  const z =
    spec.kind === "Activation"
      ? input
      : applyLayer({ ...spec, activation: "linear" }, input, network.weights[last], { fused: true, keepZ: false })
          .output;
  return predictedClasses(peek(z), units, 0);
}
