import * as tf from "@tensorflow/tfjs-core";
import * as tfWasm from "@tensorflow/tfjs-backend-wasm";
// A bundle loads everything up front: the CPU backend, and tfjs-core's gradients, which
// tfjs-layers registers (as in Node).
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-layers";

export { tf, tfWasm };

/** Registered on import in a bundle. */
export function registerCpuBackend(): void {}
