import { ndarray, type NdArray } from "@deepreplay/frames";
import { fileError } from "./errors.js";
import { expectedWeightShapes, sameShape, shapeText } from "./shapes.js";
import type { Architecture, TensorMap, WeightSource } from "./types.js";

/**
 * Each layer's weight arrays from one checkpoint, in Keras' order and layout (transposed where the
 * architecture says), as float32. Named sources are looked up by name; those marked `byPosition`
 * take, in layer order, the next checkpoint tensor no named source claimed whose shape fits.
 * A prefix every key carries from a wrapper (`module.` of DataParallel, `_orig_mod.` of
 * torch.compile) is taken off. A missing tensor or one whose shape does not fit the architecture
 * is refused, naming the file and the key.
 */
export function layerWeights(arch: Architecture, checkpoint: TensorMap, fileName: string): NdArray[][] {
  const { model, weights } = arch;
  const tensors = unwrapped(checkpoint, weights.flat());
  const claimed = new Set(
    weights
      .flat()
      .filter((source) => !source.byPosition)
      .map((source) => source.name),
  );
  const unclaimed = [...tensors.keys()].filter((key) => !claimed.has(key));
  const expected = expectedWeightShapes(model.inputShape, model.layers);
  return model.layers.map((spec, i) => {
    const sources = weights[i] ?? [];
    const shapes = expected[i];
    return sources.map((source, j) => {
      const want = source.transpose ? [...shapes[j]].reverse() : shapes[j];
      const key = source.byPosition ? unclaimed.find((k) => sameShape(tensors.get(k)!.shape, want)) : source.name;
      const tensor = key === undefined ? undefined : tensors.get(key);
      if (!tensor) {
        throw fileError(
          "CHECKPOINT_MISSING_TENSOR",
          fileName,
          `has no tensor "${source.name}"${source.byPosition ? ` (nor any unclaimed one of shape ${shapeText(want)})` : ""} for layer "${spec.name}".`,
          `Its tensors: ${[...tensors.keys()].join(", ") || "none"}. Give checkpoints of the model the architecture describes.`,
        );
      }
      if (source.byPosition) unclaimed.splice(unclaimed.indexOf(key!), 1);
      if (!sameShape(tensor.shape, want)) {
        throw fileError(
          "CHECKPOINT_SHAPE",
          fileName,
          `tensor "${key}" has shape ${shapeText(tensor.shape)}, but layer "${spec.name}" needs ${shapeText(want)}.`,
          "The checkpoint is of another architecture: give checkpoints of the model the architecture describes.",
        );
      }
      return toKeras(tensor, source);
    });
  });
}

/** Prefixes that wrappers put before every key: nn.DataParallel/DistributedDataParallel, torch.compile. */
const WRAPPER_PREFIXES = ["module.", "_orig_mod."];

/** The checkpoint with a wrapper's prefix taken off when every key has it and the architecture's names do not. */
function unwrapped(tensors: TensorMap, sources: readonly WeightSource[]): TensorMap {
  const keys = [...tensors.keys()];
  const prefix = WRAPPER_PREFIXES.find(
    (p) => keys.length > 0 && keys.every((k) => k.startsWith(p)) && !sources.some((s) => s.name.startsWith(p)),
  );
  return prefix ? new Map([...tensors].map(([key, tensor]) => [key.slice(prefix.length), tensor])) : tensors;
}

/** The tensor as float32, transposed from PyTorch's [out, in] to Keras' [in, out] where the source says. */
function toKeras(tensor: NdArray, source: WeightSource): NdArray {
  const data = Float32Array.from(tensor.data);
  if (!source.transpose) return ndarray(data, tensor.shape);
  const [rows, columns] = tensor.shape;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c];
  return ndarray(out, [columns, rows]);
}
