import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import { tf, tfWasm } from "#tfjs";
import { ndarray, type NdArray } from "@deepreplay/frames";

/**
 * Runs `compute` in a scope of its own, which frees every tensor made in it when it returns: `compute`
 * downloads what it needs (dataSync) and returns plain data. Tensors made before (an epoch's weights,
 * inputs kept for the whole replay) stay. (Not tf.tidy: it would walk the typed arrays returned
 * element by element.)
 */
export function inScope<T>(compute: () => T): T {
  const engine = tf.engine();
  engine.startScope();
  try {
    return compute();
  } finally {
    engine.endScope();
  }
}

/** Downloads each float32 tensor `compute` returns, freeing every tensor it made. */
export function readArrays(compute: () => Tensor[]): NdArray[] {
  return inScope(() => compute().map((t) => ndarray(t.dataSync() as Float32Array, t.shape)));
}

/**
 * A float32 tensor's values in place where the backend allows it (WASM: a view of its memory, which
 * spares a million-point read its copy and allocation), else downloaded. Use the view at once: the
 * next tfjs op may move that memory.
 */
export function peek(t: Tensor): Float32Array {
  const backend = tf.backend();
  return (backend instanceof tfWasm.BackendWasm ? backend.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
}

/** `readArrays` for named results, as flat Float32Arrays. */
export function read<K extends string>(compute: () => Record<K, Tensor>): Record<K, Float32Array> {
  let keys: K[] = [];
  const arrays = readArrays(() => {
    const results = compute();
    keys = Object.keys(results) as K[];
    return keys.map((key) => results[key]);
  });
  return Object.fromEntries(keys.map((key, i) => [key, arrays[i].data])) as Record<K, Float32Array>;
}

/** The values as a Float32Array (tfjs takes no Float64Array); the same array when it already is one. */
export function float32(data: Float32Array | Float64Array): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/** A float32 tensor of flat points (or rows) with `width` columns. */
export function rows(data: Float32Array | Float64Array, width: number): Tensor2D {
  return tf.tensor2d(float32(data), [data.length / width, width], "float32");
}
