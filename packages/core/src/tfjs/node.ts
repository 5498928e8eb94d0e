import { createRequire } from "node:module";
import type * as TfjsCore from "@tensorflow/tfjs-core";
import type * as TfjsWasm from "@tensorflow/tfjs-backend-wasm";

/**
 * tfjs in Node: its CommonJS bundles through require(). Imported as ES modules, each bundle (a few
 * megabytes) would first be parsed for module syntax and scanned for its export names, about 0.2 s
 * of every start; required, they are the same module objects an importer of tfjs gets.
 */
const require = createRequire(import.meta.url);

export const tf: typeof TfjsCore = require("@tensorflow/tfjs-core");
export const tfWasm: typeof TfjsWasm = require("@tensorflow/tfjs-backend-wasm");
// tfjs-core's Node build registers no gradient functions; tfjs-layers' build registers them all, in
// tfjs' global registry that tf.grads (core's gradient violins, a caller's training loop) reads.
require("@tensorflow/tfjs-layers");

/** The CPU backend, loaded when first asked for (the fallback, or `backend: "cpu"`). */
export function registerCpuBackend(): void {
  require("@tensorflow/tfjs-backend-cpu");
}
