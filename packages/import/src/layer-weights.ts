import { ndarray, type NdArray } from "@deepreplay/frames";
import { fileError } from "./errors.js";
import { expectedWeightShapes, sameShape, shapeText } from "./shapes.js";
import type { Architecture, TensorMap, WeightSource } from "./types.js";

/**
 * Each layer's weight arrays from one checkpoint, in Keras' order and layout (transposed where the
 * architecture says), as float32. Named sources are looked up by name; those marked `byPosition`
 * take, in layer order, the next checkpoint tensor no named source claimed whose shape fits.
 * A missing tensor or one whose shape does not fit the architecture is refused, naming the file
 * and the key.
 */
export function layerWeights(arch: Architecture, tensors: TensorMap, fileName: string): NdArray[][] {
  const { model, weights } = arch;
  const claimed = new Set(weights.flat().filter((source) => !source.byPosition).map((source) => source.name));
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

/** The tensor as float32, transposed from PyTorch's [out, in] to Keras' [in, out] where the source says. */
function toKeras(tensor: NdArray, source: WeightSource): NdArray {
  const data = Float32Array.from(tensor.data);
  if (!source.transpose) return ndarray(data, tensor.shape);
  const [rows, columns] = tensor.shape;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c];
  return ndarray(out, [columns, rows]);
}
