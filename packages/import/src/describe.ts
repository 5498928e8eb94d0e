import type { LayerSpec, ModelDescription, NdArray } from "@deepreplay/frames";
import { isGroup, withHdf5 } from "./hdf5.js";
import { readKerasArchitecture, readKerasCheckpoint } from "./keras/read.js";
import { layerWeights, readOnnxArchitecture, readStateDict } from "./torch/index.js";
import { expectedWeightShapes } from "./shapes.js";
import type { NamedBytes } from "./types.js";

/** One layer as `deepreplay inspect` prints an architecture read from a checkpoint. */
export interface LayerSummary {
  index: number;
  name: string;
  kind: LayerSpec["kind"];
  /** Units of a Dense layer. */
  units?: number;
  /** The activation applied, for layers that apply one. */
  activation?: string;
  /** The shapes of its weight arrays as found in the file, Keras order and layout. */
  weightShapes: number[][];
  /** Where they are in the checkpoint, when the architecture file says (ONNX initializers). */
  weightNames?: string[];
}

/** A checkpoint or architecture file as the importer understood it. */
export interface FileSummary {
  file: string;
  /** What the file is, in words. */
  format: string;
  inputShape?: number[];
  layers?: LayerSummary[];
  loss?: string;
  metrics?: string[];
  optimizer?: { name: string; learningRate?: number };
  /** A state_dict's tensors, in file order, when no architecture was given to map them. */
  tensors?: { name: string; shape: number[] }[];
}

type Described = Pick<ModelDescription, "inputShape" | "layers"> &
  Partial<Pick<ModelDescription, "loss" | "metrics" | "optimizer">>;

function summary(
  file: string,
  format: string,
  model: Described,
  shapes: readonly (readonly number[][])[],
  names?: string[][],
): FileSummary {
  return {
    file,
    format,
    inputShape: model.inputShape,
    layers: model.layers.map((layer, index) => ({
      index,
      name: layer.name,
      kind: layer.kind,
      ...(layer.kind === "Dense" ? { units: layer.units } : {}),
      ...("activation" in layer ? { activation: layer.activation } : {}),
      weightShapes: shapes[index].map((shape) => [...shape]),
      ...(names?.[index].length ? { weightNames: names[index] } : {}),
    })),
    ...(model.loss ? { loss: model.loss } : {}),
    ...(model.metrics?.length ? { metrics: model.metrics } : {}),
    ...(model.optimizer
      ? {
          optimizer: {
            name: model.optimizer.name,
            ...(model.optimizer.learningRate === undefined ? {} : { learningRate: model.optimizer.learningRate }),
          },
        }
      : {}),
  };
}

const shapesOf = (weights: readonly (readonly NdArray[])[]) => weights.map((layer) => layer.map((w) => [...w.shape]));

const KERAS_GROUPS = ["model_weights", "layers", "_layer_checkpoint_dependencies"];

/** True for an HDF5 file Keras wrote (a model, or weights), as opposed to a deepreplay recording. */
export async function isKerasHdf5(file: NamedBytes): Promise<boolean> {
  return withHdf5(
    file.name,
    file.bytes,
    (root) =>
      "model_config" in root.attrs ||
      "layer_names" in root.attrs ||
      KERAS_GROUPS.some((name) => isGroup(root.get(name))),
  );
}

/**
 * What a checkpoint or architecture file holds, layer by layer: a `.keras`, a Keras `.h5`, a
 * `.weights.h5` (with `model` naming its architecture), an `.onnx`, or a PyTorch state_dict
 * (`.pt`, `.pth`, `.safetensors`; mapped to layers when `model` is its ONNX file).
 */
export async function describeFile(file: NamedBytes, model?: NamedBytes): Promise<FileSummary> {
  const name = file.name.toLowerCase();
  if (name.endsWith(".onnx")) {
    const { model: onnx, weights } = readOnnxArchitecture(file);
    const names = weights.map((sources) => sources.map((source) => source.name));
    return summary(file.name, "ONNX graph", onnx, expectedWeightShapes(onnx.inputShape, onnx.layers), names);
  }
  if (/\.(pt|pth|safetensors)$/.test(name)) {
    const tensors = readStateDict(file);
    if (!model)
      return {
        file: file.name,
        format: name.endsWith(".safetensors") ? "safetensors state_dict" : "PyTorch state_dict",
        tensors: [...tensors].map(([key, t]) => ({ name: key, shape: [...t.shape] })),
      };
    const architecture = readOnnxArchitecture(model);
    const weights = layerWeights(architecture, tensors, file.name);
    const names = architecture.weights.map((sources) => sources.map((source) => source.name));
    return summary(
      file.name,
      `PyTorch state_dict, layers from ${model.name}`,
      architecture.model,
      shapesOf(weights),
      names,
    );
  }
  const given = model ? await readKerasArchitecture(model) : undefined;
  const { architecture, weights } = await readKerasCheckpoint(file, given);
  const format =
    file.bytes[0] === 0x50
      ? "Keras .keras model"
      : architecture === given
        ? `Keras weights, layers from ${model!.name}`
        : "Keras HDF5 model";
  const training = architecture.training;
  return summary(
    file.name,
    format,
    { inputShape: architecture.inputShape, layers: architecture.layers.map((l) => l.spec), ...training },
    shapesOf(weights),
  );
}
