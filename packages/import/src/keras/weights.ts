import { DeepReplayError, ndarray, type NdArray } from "@deepreplay/frames";
import { weightNames, type KerasLayerInfo } from "@deepreplay/recorder/keras";
import { isDataset, isGroup, stringAttribute, stringsAttribute, type H5Group } from "../hdf5.js";
import { sameShape, shapeText } from "../shapes.js";

/**
 * Finds each layer's weights in a Keras weights file, in the two layouts Keras writes:
 * - native (`.keras`' model.weights.h5, `.weights.h5` of Keras 3): `layers/<class-based name>/vars/<i>`,
 *   the group named after the layer's class in `model.layers` order (`dense`, `dense_1`, ...) and, in
 *   newer files, carrying the layer's own name in its `vars` group's `name` attribute;
 * - legacy (`.h5` of Keras 2 / tf.keras / Keras 3, and `save_weights` of tf.keras): `layer_names` on
 *   the weights group and `weight_names` on each layer's group, followed as written, never guessed.
 */

export interface LayerWeightsRequest {
  fileName: string;
  layers: readonly KerasLayerInfo[];
  /** Per layer, the shapes its arrays must have (checked before reading them). */
  shapes: readonly (readonly number[][])[];
}

function mismatch(fileName: string, message: string): DeepReplayError {
  return new DeepReplayError("CHECKPOINT_MISMATCH", `${fileName}: ${message}.`, {
    hint: "The checkpoint does not hold the weights of this architecture: pass checkpoints of one model (and --model naming that model).",
  });
}

/** Keras' `naming.to_snake_case`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** The group names saving_lib gives the layers of `model.layers`: the class in snake case, `_1`, `_2`... on repeats. */
export function classBasedNames(classNames: readonly string[]): string[] {
  const used = new Map<string, number>();
  return classNames.map((className) => {
    const base = toSnakeCase(className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    return count === undefined ? base : `${base}_${count + 1}`;
  });
}

/** The float arrays of a dataset, refused by shape before any value is read. */
function readArray(fileName: string, node: H5Group, path: string, expected: readonly number[], what: string): NdArray {
  const dataset = node.get(path);
  if (!isDataset(dataset))
    throw mismatch(fileName, `${what} is missing (no dataset ${node.path === "/" ? "" : node.path}/${path})`);
  const shape = dataset.shape ?? [];
  if (!sameShape(shape, expected))
    throw mismatch(fileName, `${what} has shape ${shapeText(shape)}, the architecture needs ${shapeText(expected)}`);
  const value = dataset.value;
  if (!(value instanceof Float32Array || value instanceof Float64Array))
    throw mismatch(fileName, `${what} is not a float array (${JSON.stringify(dataset.dtype)})`);
  return ndarray(Float32Array.from(value), [...expected]);
}

/** The numbered datasets `0`, `1`, ... of a `vars` group, looking into wrapped layers' groups when it has none. */
function varsGroups(node: H5Group): H5Group[] {
  const vars = node.get("vars");
  if (isGroup(vars) && vars.keys().length > 0) return [vars];
  // Older Keras 3 files nest a wrapped layer's state under _layer_checkpoint_dependencies/<name>.
  return node.keys().flatMap((key) => {
    if (key === "vars") return [];
    const child = node.get(key);
    return isGroup(child) ? varsGroups(child) : [];
  });
}

function nativeWeights(container: H5Group, { fileName, layers, shapes }: LayerWeightsRequest): NdArray[][] {
  const keys = container.keys();
  const byLayerName = new Map<string, string>();
  for (const key of keys) {
    const vars = container.get(`${key}/vars`);
    const name = isGroup(vars) ? stringAttribute(vars, "name") : undefined;
    if (name !== undefined) byLayerName.set(name, key);
  }
  const classBased = classBasedNames(layers.map((layer) => layer.className));
  return layers.map(({ spec }, i) => {
    const names = weightNames(spec);
    if (names.length === 0) return [];
    // Files that name their layers are matched by name only; older ones by class and position.
    const key = byLayerName.size > 0 ? byLayerName.get(spec.name) : classBased[i];
    const group = key === undefined ? null : container.get(key);
    if (!isGroup(group))
      throw mismatch(
        fileName,
        `no weights for layer "${spec.name}" (no group ${key === undefined ? "named so" : `${container.path}/${key}`}; it has ${keys.join(", ") || "none"})`,
      );
    const vars = varsGroups(group).flatMap((v) =>
      v
        .keys()
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => ({ v, k })),
    );
    if (vars.length !== names.length)
      throw mismatch(
        fileName,
        `layer "${spec.name}" holds ${vars.length} arrays in ${group.path}, the architecture needs ${names.length} (${names.join(", ")})`,
      );
    return vars.map(({ v, k }, j) => readArray(fileName, v, k, shapes[i][j], `${names[j]} of layer "${spec.name}"`));
  });
}

function legacyWeights(root: H5Group, { fileName, layers, shapes }: LayerWeightsRequest): NdArray[][] {
  const stored = stringsAttribute(root, "layer_names") ?? [];
  const known = new Set(layers.map(({ spec }) => spec.name));
  for (const name of stored) {
    const group = root.get(name);
    const extra = isGroup(group) && !known.has(name) && (stringsAttribute(group, "weight_names") ?? []).length > 0;
    if (extra) throw mismatch(fileName, `it holds weights of a layer "${name}" the architecture does not have`);
  }
  return layers.map(({ spec }, i) => {
    const names = weightNames(spec);
    if (names.length === 0) return [];
    const group = stored.includes(spec.name) ? root.get(spec.name) : null;
    if (!isGroup(group))
      throw mismatch(fileName, `no weights for layer "${spec.name}" (its layer_names: ${stored.join(", ") || "none"})`);
    const paths = stringsAttribute(group, "weight_names") ?? [];
    if (paths.length !== names.length)
      throw mismatch(
        fileName,
        `layer "${spec.name}" lists ${paths.length} weights, the architecture needs ${names.length} (${names.join(", ")})`,
      );
    return paths.map((path, j) =>
      readArray(fileName, group, path, shapes[i][j], `${names[j]} of layer "${spec.name}"`),
    );
  });
}

/** Each layer's weight arrays, Keras order, from a weights file in either layout. */
export function kerasWeights(root: H5Group, request: LayerWeightsRequest): NdArray[][] {
  const modelWeights = root.get("model_weights");
  if (isGroup(modelWeights)) return legacyWeights(modelWeights, request);
  if (root.attrs.layer_names) return legacyWeights(root, request);
  for (const name of ["layers", "_layer_checkpoint_dependencies"]) {
    const container = root.get(name);
    if (isGroup(container)) return nativeWeights(container, request);
  }
  throw new DeepReplayError(
    "NOT_A_KERAS_CHECKPOINT",
    `${request.fileName} holds no Keras weights (no model_weights, layer_names or layers group).`,
    {
      hint: "Pass checkpoints saved by Keras: model.save / ModelCheckpoint (.keras, .h5) or save_weights (.weights.h5).",
    },
  );
}
