import { dirname } from "node:path";
import { createRequire } from "node:module";

/**
 * The installed tfjs-backend-wasm's dist/ folder, found through Node's resolver so it works under
 * Vitest, plain Node and from a built dist/ alike.
 */
export function defaultWasmFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + "/";
}
