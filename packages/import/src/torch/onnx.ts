import protobuf from "protobufjs/light.js";
import type { ActivationName, LayerSpec } from "@deepreplay/frames";
import { fileError } from "../errors.js";
import type { Architecture, NamedBytes, WeightSource } from "../types.js";
import { ONNX_SCHEMA } from "./onnx-schema.js";

/**
 * The architecture of a PyTorch model from its `torch.onnx.export` file (the dynamo exporter of
 * PyTorch 2.9+ and the legacy TorchScript one): a chain of Linear layers, activations, Flatten,
 * BatchNormalization and Dropout, as our model description, and where each layer's weights are in
 * the model's state_dict. Only the graph's structure and the initializers' shapes are read; the
 * weights come from the checkpoints.
 */

interface Attribute {
  name: string;
  f?: number;
  i?: number;
  ints?: number[];
  floats?: number[];
  t?: Tensor;
}
interface Tensor {
  name?: string;
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int64Data?: number[];
  rawData?: Uint8Array;
}
interface Node {
  name?: string;
  opType: string;
  domain?: string;
  input?: string[];
  output?: string[];
  attribute?: Attribute[];
  metadataProps?: { key: string; value: string }[];
}
interface ValueInfo {
  name: string;
  type?: { tensorType?: { shape?: { dim?: { dimValue?: number; dimParam?: string }[] } } };
}
interface Graph {
  node?: Node[];
  initializer?: Tensor[];
  input?: ValueInfo[];
  output?: ValueInfo[];
}

/** A constant operand (initializer, Constant node, or a Transpose/Identity of one), traced back to the tensor it came from. */
interface Constant {
  /** The name of the initializer (or Constant output) it derives from. */
  readonly source: string;
  /** Its shape in the graph at this point. */
  readonly dims: number[];
  /** Its value, when it is one float (a Dropout ratio). */
  readonly scalar?: number;
  /** Its values, when it is a list of int64 (a Reshape's shape). */
  readonly ints?: number[];
  /** True when it is the transpose of the source (an odd number of 2-D transposes). */
  readonly transposed: boolean;
}

/** What the walk over the nodes builds: layers, their weights, and the value the next node must consume. */
interface Walk {
  readonly file: string;
  readonly constants: Map<string, Constant>;
  readonly layers: LayerSpec[];
  readonly weights: WeightSource[][];
  /** The data path: the one non-constant value every node continues. */
  current: string;
  /** Its shape without the batch axis. */
  shape: number[];
  /** The input's batch size when the export fixed it (NaN when dynamic). */
  readonly batch: number;
  /** The last layer is a Dense whose output is `current` with nothing applied yet (an activation may join it). */
  openDense: boolean;
}

const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType("onnx.ModelProto");

/** PyTorch's and ONNX's defaults. */
const defaults = { leakyAlpha: 0.01, eluAlpha: 1, epsilon: 1e-5, dropout: 0.5 };
/** SELU's fixed constants (Keras uses the same). */
const SELU = { alpha: 1.6732632423543772, gamma: 1.0507009873554805 };

/**
 * The architecture in an ONNX file as our model description (loss and metrics empty: PyTorch files
 * name none) and, per layer, where its weights are in the model's state_dict. Refuses, naming the
 * file: undecodable bytes, unknown ops (listing the supported ones), graphs that are not one chain.
 */
export function readOnnxArchitecture(file: NamedBytes): Architecture {
  let graph: Graph | undefined;
  try {
    graph = (Model.toObject(Model.decode(file.bytes), { longs: Number }) as { graph?: Graph }).graph;
  } catch (cause) {
    throw fileError(
      "ONNX_INVALID",
      file.name,
      `is not a readable ONNX model (${(cause as Error).message}).`,
      "The file is truncated or damaged: export it again with torch.onnx.export.",
      cause,
    );
  }
  if (!graph?.node?.length)
    throw fileError(
      "ONNX_INVALID",
      file.name,
      "holds no graph.",
      "Export the model with torch.onnx.export(model, example_input, path).",
    );

  const constants = new Map<string, Constant>();
  for (const tensor of graph.initializer ?? []) constants.set(tensor.name ?? "", constantOf(tensor.name ?? "", tensor));
  // Inputs that are not initializers: the data first; any others are weights exported without values (export_params=False).
  const [data, ...weightInputs] = (graph.input ?? []).filter((input) => !constants.has(input.name));
  if (!data)
    throw fileError("ONNX_INVALID", file.name, "has no graph input.", "Export the model with an example input.");
  for (const input of weightInputs)
    constants.set(input.name, { source: input.name, dims: dims(input), transposed: false });
  const [batch, ...shape] = dims(data);
  if (shape.length === 0 || shape.some((n) => !(n > 0))) {
    throw fileError(
      "ONNX_SHAPE",
      file.name,
      `its input "${data.name}" has no fixed feature shape.`,
      "Export with an example input of the data's shape; only the batch axis may be dynamic.",
    );
  }

  const walk: Walk = {
    file: file.name,
    constants,
    layers: [],
    weights: [],
    current: data.name,
    shape,
    batch,
    openDense: false,
  };
  for (const node of graph.node) {
    // "" and "ai.onnx" both name the standard operator set; any other domain is a custom op.
    const custom = node.domain && node.domain !== "ai.onnx" ? node.domain : undefined;
    const op = OPS[node.opType];
    if (!op || custom) {
      throw fileError(
        "ONNX_UNSUPPORTED_OP",
        file.name,
        `node "${node.name ?? ""}" is a ${node.opType}${custom ? ` of domain ${custom}` : ""}, which the importer does not know.`,
        `Supported ops: ${Object.keys(OPS).join(", ")}.`,
      );
    }
    op(node, walk);
  }
  const output = graph.output?.[0]?.name;
  if (graph.output?.length !== 1 || output !== walk.current) {
    throw fileError(
      "ONNX_GRAPH",
      file.name,
      `its output is not the end of one chain of layers from "${data.name}".`,
      "Only sequential models (one input, one output, one layer after another) are imported.",
    );
  }
  if (!walk.layers.length)
    throw fileError("ONNX_GRAPH", file.name, "holds no layers.", "Export the model itself, not an empty module.");
  return { model: { inputShape: shape, layers: walk.layers, loss: "", metrics: [] }, weights: walk.weights };
}

const FLOAT = 1;
const INT64 = 7;

function constantOf(name: string, tensor: Tensor): Constant {
  const dims = tensor.dims ?? [];
  const one = dims.every((n) => n === 1);
  const raw = tensor.rawData;
  const scalar =
    one && tensor.dataType === FLOAT
      ? (tensor.floatData?.[0] ??
        (raw?.length === 4 ? new DataView(raw.buffer, raw.byteOffset, 4).getFloat32(0, true) : undefined))
      : undefined;
  const ints = dims.length === 1 && tensor.dataType === INT64 ? int64Values(tensor, dims[0]) : undefined;
  return {
    source: name,
    dims,
    transposed: false,
    ...(scalar === undefined ? {} : { scalar }),
    ...(ints ? { ints } : {}),
  };
}

/** The `count` values of an int64 tensor (int64_data, or raw little-endian bytes); undefined when it holds another number of them. */
function int64Values(tensor: Tensor, count: number): number[] | undefined {
  if (tensor.int64Data?.length) return tensor.int64Data.length === count ? tensor.int64Data.map(Number) : undefined;
  const raw = tensor.rawData;
  if (raw?.byteLength !== 8 * count) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Array.from({ length: count }, (_, i) => Number(view.getBigInt64(8 * i, true)));
}

function dims(value: ValueInfo): number[] {
  return (value.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimValue ?? NaN);
}

const attribute = (node: Node, name: string) => node.attribute?.find((a) => a.name === name);

const graphError = (walk: Walk, node: Node, message: string) =>
  fileError(
    "ONNX_GRAPH",
    walk.file,
    `node "${node.name ?? node.opType}" (${node.opType}) ${message}.`,
    "Only sequential models of Linear, activation, Flatten, BatchNorm1d and Dropout layers are imported.",
  );

/** The node continues the data path: its first input is the current value. */
function onPath(walk: Walk, node: Node): void {
  if (node.input?.[0] !== walk.current)
    throw graphError(
      walk,
      node,
      `does not continue the chain of layers (it reads "${node.input?.[0]}", the chain is at "${walk.current}")`,
    );
}

function constant(walk: Walk, node: Node, index: number): Constant {
  const found = walk.constants.get(node.input?.[index] ?? "");
  if (!found)
    throw graphError(walk, node, `takes its operand "${node.input?.[index]}" from the data, not from weights`);
  return found;
}

const advance = (walk: Walk, node: Node) => {
  walk.current = node.output?.[0] ?? "";
};

/**
 * The PyTorch module a node belongs to: the dynamo exporter's `pkg.torch.onnx.name_scopes`
 * metadata (`['', 'hidden', 'linear']`), or the legacy exporter's node name (`/hidden/Gemm`,
 * `/features/features.0/Gemm`, whose last scope holds the full path).
 */
function moduleName(node: Node): string | undefined {
  const scopes = node.metadataProps?.find((p) => p.key === "pkg.torch.onnx.name_scopes")?.value;
  if (scopes) {
    const parts = [...scopes.matchAll(/'([^']*)'/g)].map((m) => m[1]);
    const path = parts.slice(1, -1).join(".");
    if (path) return path;
  }
  const segments = node.name?.split("/") ?? [];
  return node.name?.startsWith("/") && segments.length > 2 ? segments[segments.length - 2] : undefined;
}

/** A state_dict key as exporters name initializers after parameters: `hidden.weight`, `bn.running_mean`. */
const PARAMETER = /^[A-Za-z_]\w*(\.\w+)*\.(weight|bias|running_mean|running_var)$/;

/**
 * Where a layer's weight is in the checkpoint. The initializer's own name when it is a parameter's
 * (`hidden.weight`); else `<module>.<suffix>` from the node's module (the legacy exporter's
 * `onnx::MatMul_12`, a transposed copy of `hidden.weight`); else the initializer's name, matched by
 * position and shape in the checkpoint (layerWeights). `transpose` says the checkpoint holds the
 * transpose of what the layer needs in Keras' layout, as the graph's operations on the source tell.
 */
function weightSource(
  constant: Constant,
  module: string | undefined,
  suffix: string,
  kerasIsTransposeOfSource: boolean,
): WeightSource {
  if (PARAMETER.test(constant.source)) return { name: constant.source, transpose: kerasIsTransposeOfSource };
  // Not a parameter's own name: an exporter's copy. A Linear's checkpoint weight is [out, in], the transpose of the Keras kernel.
  const transpose = suffix === "weight";
  if (module) return { name: `${module}.${suffix}`, transpose };
  return { name: constant.source, transpose, byPosition: true };
}

function addLayer(walk: Walk, spec: LayerSpec, weights: WeightSource[] = []): void {
  const taken = new Set(walk.layers.map((layer) => layer.name));
  let name = spec.name;
  for (let k = 1; taken.has(name); k++) name = `${spec.name}_${k}`;
  walk.layers.push({ ...spec, name });
  walk.weights.push(weights);
  walk.openDense = spec.kind === "Dense";
}

/** A Flatten layer: everything after the batch axis becomes one axis of features. */
function flatten(walk: Walk, node: Node): void {
  addLayer(walk, { kind: "Flatten", name: moduleName(node) ?? `flatten_${walk.layers.length + 1}` });
  walk.shape = [walk.shape.reduce((a, b) => a * b, 1)];
  advance(walk, node);
}

/**
 * A Reshape's target that flattens after the batch axis: the batch kept ([0, …] unless allowzero,
 * [-1, …] beside a fixed width, or the export's own fixed batch size), the features as one axis
 * (-1, or their product).
 */
function flattensAfterBatch(target: readonly number[], features: number, batch: number, allowZero: boolean): boolean {
  if (target.length !== 2) return false;
  const [rows, width] = target;
  const keepsBatch = (rows === 0 && !allowZero) || (rows === -1 && width !== -1) || (rows > 0 && rows === batch);
  return keepsBatch && (width === -1 || width === features);
}

function dense(walk: Walk, node: Node, kernel: Constant, kernelTransposed: boolean, bias: Constant | undefined): void {
  // The Keras kernel K is [in, out]: the operand C, or C^T for Gemm's transB. C is the source S or,
  // through Transpose nodes, S^T; so K is S^T exactly when one of the two transposes it.
  const [rows, units] = kernelTransposed ? [...kernel.dims].reverse() : kernel.dims;
  const width = walk.shape[walk.shape.length - 1];
  if (kernel.dims.length !== 2 || rows !== width)
    throw graphError(walk, node, `multiplies a width of ${width} by a weight of shape [${kernel.dims.join(", ")}]`);
  if (bias && (bias.dims.length !== 1 || bias.dims[0] !== units))
    throw graphError(walk, node, `adds a bias of shape [${bias.dims.join(", ")}] to ${units} units`);
  const module = moduleName(node);
  const weights = [weightSource(kernel, module, "weight", kernelTransposed !== kernel.transposed)];
  if (bias) weights.push(weightSource(bias, module, "bias", false));
  addLayer(
    walk,
    {
      kind: "Dense",
      name: module ?? `dense_${walk.layers.length + 1}`,
      units,
      activation: "linear",
      useBias: Boolean(bias),
    },
    weights,
  );
  walk.shape = [...walk.shape.slice(0, -1), units];
  advance(walk, node);
}

/** An activation joins the Linear it directly follows (one layer, named after the Linear), else is a layer of its own. */
function activation(name: ActivationName, alpha?: (node: Node, walk: Walk) => number | undefined) {
  return (node: Node, walk: Walk) => {
    onPath(walk, node);
    const a = alpha?.(node, walk);
    const last = walk.layers[walk.layers.length - 1];
    if (walk.openDense && last.kind === "Dense") {
      walk.layers[walk.layers.length - 1] = { ...last, activation: name, ...(a === undefined ? {} : { alpha: a }) };
      walk.openDense = false;
    } else {
      addLayer(walk, {
        kind: "Activation",
        name: moduleName(node) ?? `${name}_${walk.layers.length + 1}`,
        activation: name,
        ...(a === undefined ? {} : { alpha: a }),
      });
      walk.openDense = false;
    }
    advance(walk, node);
  };
}

/** Checks that an attribute, if given, has the value the replay's activation uses (nothing to record). */
const fixed =
  (attr: string, value: number, what: string) =>
  (node: Node, walk: Walk): undefined => {
    const given = attribute(node, attr)?.f;
    if (given !== undefined && Math.abs(given - value) > 1e-6)
      throw graphError(walk, node, `has ${attr}=${given}; the replay's ${what} uses ${value}`);
    return undefined;
  };

type Op = (node: Node, walk: Walk) => void;

/** How each supported op is read: the registry the walk dispatches on. */
const OPS: Record<string, Op> = {
  Gemm(node, walk) {
    onPath(walk, node);
    const alpha = attribute(node, "alpha")?.f ?? 1;
    const beta = attribute(node, "beta")?.f ?? 1;
    if (attribute(node, "transA")?.i || alpha !== 1 || (node.input?.[2] && beta !== 1))
      throw graphError(walk, node, "scales or transposes its input (transA, alpha, beta), which a Linear never does");
    dense(
      walk,
      node,
      constant(walk, node, 1),
      Boolean(attribute(node, "transB")?.i),
      node.input?.[2] ? constant(walk, node, 2) : undefined,
    );
  },
  MatMul(node, walk) {
    onPath(walk, node);
    dense(walk, node, constant(walk, node, 1), false, undefined);
  },
  /** The bias of the MatMul just before it. */
  Add(node, walk) {
    const [a, b] = node.input ?? [];
    const last = walk.layers[walk.layers.length - 1];
    const biasIndex = a === walk.current ? 1 : b === walk.current ? 0 : -1;
    if (biasIndex < 0 || !walk.openDense || last.kind !== "Dense" || last.useBias)
      throw graphError(walk, node, "adds something other than a bias to a MatMul");
    const bias = constant(walk, node, biasIndex);
    if (bias.dims.length !== 1 || bias.dims[0] !== last.units)
      throw graphError(walk, node, `adds a bias of shape [${bias.dims.join(", ")}] to ${last.units} units`);
    walk.layers[walk.layers.length - 1] = { ...last, useBias: true };
    walk.weights[walk.weights.length - 1].push(weightSource(bias, moduleName(node), "bias", false));
    advance(walk, node);
  },
  Relu: activation("relu"),
  Sigmoid: activation("sigmoid"),
  Tanh: activation("tanh"),
  Softmax: activation("softmax", (node, walk) => {
    const axis = attribute(node, "axis")?.i ?? -1;
    if (axis !== -1 && axis !== walk.shape.length)
      throw graphError(walk, node, `takes the softmax over axis ${axis}, not the last`);
    return undefined;
  }),
  // PyTorch's default slope is 0.01 (Keras' is 0.3): always said explicitly.
  LeakyRelu: activation("leaky_relu", (node) => attribute(node, "alpha")?.f ?? defaults.leakyAlpha),
  Elu: activation("elu", fixed("alpha", defaults.eluAlpha, "ELU")),
  Selu: activation("selu", (node, walk) => {
    fixed("alpha", SELU.alpha, "SELU")(node, walk);
    return fixed("gamma", SELU.gamma, "SELU")(node, walk);
  }),
  Softplus: activation("softplus"),
  Flatten(node, walk) {
    onPath(walk, node);
    const axis = attribute(node, "axis")?.i ?? 1;
    if (axis !== 1) throw graphError(walk, node, `flattens from axis ${axis}, not after the batch axis`);
    flatten(walk, node);
  },
  /** How exporters write a Flatten or x.view(x.size(0), -1): read as a Flatten; any other reshape is refused. */
  Reshape(node, walk) {
    onPath(walk, node);
    const target = constant(walk, node, 1).ints;
    const features = walk.shape.reduce((a, b) => a * b, 1);
    if (!target || !flattensAfterBatch(target, features, walk.batch, Boolean(attribute(node, "allowzero")?.i))) {
      throw fileError(
        "ONNX_UNSUPPORTED_OP",
        walk.file,
        `node "${node.name ?? ""}" is a Reshape to ${target ? `[${target.join(", ")}]` : "a shape computed in the graph"}, which does not flatten the ${features} features after the batch axis.`,
        `A Reshape is read as a Flatten when its shape is [0, -1], [-1, ${features}] or [batch, -1] with the export's batch size; reshape with nn.Flatten or x.view(x.size(0), -1).`,
      );
    }
    flatten(walk, node);
  },
  Identity(node, walk) {
    const input = node.input?.[0] ?? "";
    const known = walk.constants.get(input);
    if (known) walk.constants.set(node.output?.[0] ?? "", known);
    else {
      onPath(walk, node);
      advance(walk, node);
    }
  },
  /** A weight transposed in the graph (the dynamo exporter's MatMul of `hidden.weight` through a Transpose). */
  Transpose(node, walk) {
    const operand = constant(walk, node, 0);
    const perm = attribute(node, "perm")?.ints ?? [...operand.dims.keys()].reverse();
    if (operand.dims.length !== 2 || perm.join() !== "1,0")
      throw graphError(walk, node, "transposes something other than a weight matrix");
    walk.constants.set(node.output?.[0] ?? "", {
      source: operand.source,
      dims: [operand.dims[1], operand.dims[0]],
      transposed: !operand.transposed,
    });
  },
  /** A weight kept as a Constant node (the legacy exporter without initializers). */
  Constant(node, walk) {
    const name = node.output?.[0] ?? "";
    // The value is a tensor, or (opset 12+) one float or a list of them.
    const float = attribute(node, "value_float")?.f;
    const floats = attribute(node, "value_floats")?.floats;
    const tensor =
      attribute(node, "value")?.t ??
      (float !== undefined
        ? { dims: [], dataType: FLOAT, floatData: [float] }
        : floats
          ? { dims: [floats.length], dataType: FLOAT, floatData: floats }
          : undefined);
    if (!tensor) throw graphError(walk, node, "holds a constant of a kind no Linear, BatchNorm or Dropout takes");
    walk.constants.set(name, constantOf(name, tensor));
  },
  BatchNormalization(node, walk) {
    onPath(walk, node);
    if (attribute(node, "training_mode")?.i) throw graphError(walk, node, "is exported in training mode");
    const width = walk.shape[0];
    const operands = [1, 2, 3, 4].map((i) => constant(walk, node, i));
    if (walk.shape.length !== 1 || operands.some((c) => c.dims.length !== 1 || c.dims[0] !== width))
      throw graphError(walk, node, "normalises something other than the features of a flat input");
    const module = moduleName(node);
    const weights = operands.map((c, i) =>
      weightSource(c, module, ["weight", "bias", "running_mean", "running_var"][i], false),
    );
    const epsilon = attribute(node, "epsilon")?.f ?? defaults.epsilon;
    addLayer(
      walk,
      {
        kind: "BatchNormalization",
        name: module ?? `batch_normalization_${walk.layers.length + 1}`,
        epsilon,
        center: true,
        scale: true,
      },
      weights,
    );
    advance(walk, node);
  },
  Dropout(node, walk) {
    onPath(walk, node);
    // The ratio is input 1 since opset 12, an attribute before.
    const rate =
      (node.input?.[1] ? walk.constants.get(node.input[1])?.scalar : attribute(node, "ratio")?.f) ?? defaults.dropout;
    addLayer(walk, { kind: "Dropout", name: moduleName(node) ?? `dropout_${walk.layers.length + 1}`, rate });
    advance(walk, node);
  },
};
