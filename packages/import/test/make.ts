/**
 * Hand-made files in the formats the importers read, written byte by byte from the formats'
 * specifications (numpy's NEP 1 .npy layout, ...): the tests' real bytes, made without Python.
 */
import { zipSync, type Zippable } from "fflate";
import protobuf from "protobufjs/light.js";
import { ONNX_SCHEMA } from "../src/torch/onnx-schema.js";

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Little-endian bytes of typed values. */
export const f32 = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);
export const f64 = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);
export const i64 = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
export const i32 = (values: number[]) => new Uint8Array(Int32Array.from(values).buffer);

/** A .npy file as numpy.save writes it (version 1.0, header padded with spaces to 64 bytes, then \n). */
export function npy(
  descr: string,
  shape: number[],
  data: Uint8Array,
  fortran = false,
  headerText?: string,
): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header =
    headerText ?? `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${tuple}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const prefix = new Uint8Array(10);
  prefix.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(prefix.buffer).setUint16(8, header.length, true);
  return concat(prefix, ascii(header), data);
}

/** A zip archive through fflate (stored entries by default, as np.savez and torch.save write them). */
export function zip(entries: Record<string, Uint8Array>, level: 0 | 6 = 0): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, bytes] of Object.entries(entries)) zippable[name] = [bytes, { level }];
  return zipSync(zippable);
}

/** A copy with one bit flipped. */
export function flipBit(bytes: Uint8Array, at: number, bit = 0): Uint8Array {
  const copy = bytes.slice();
  copy[at] ^= 1 << bit;
  return copy;
}

/**
 * Pickle opcodes (CPython's Lib/pickletools.py names and bytes), written as torch.save's pickler
 * writes a state_dict: protocol 2 with GLOBAL and BINPUT, or protocol 4 with FRAME, STACK_GLOBAL and
 * MEMOIZE.
 */
export class PickleWriter {
  readonly #parts: Uint8Array[] = [];
  #memo = 0;
  constructor(readonly protocol: 2 | 4 = 2) {}

  op(...bytes: number[]): this {
    this.#parts.push(Uint8Array.from(bytes));
    return this;
  }
  raw(bytes: Uint8Array): this {
    this.#parts.push(bytes);
    return this;
  }
  u32(n: number): Uint8Array {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    return b;
  }
  string(text: string): this {
    const bytes = ascii(text);
    if (this.protocol >= 4 && bytes.length < 256) return this.op(0x8c, bytes.length).raw(bytes).memoize(); // SHORT_BINUNICODE
    return this.op(0x58).raw(this.u32(bytes.length)).raw(bytes).memoize(); // BINUNICODE
  }
  int(n: number): this {
    if (n >= 0 && n < 256) return this.op(0x4b, n); // BININT1
    if (n >= 0 && n < 65536) return this.op(0x4d, n & 0xff, n >> 8); // BININT2
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, n, true);
    return this.op(0x4a).raw(b); // BININT
  }
  global(module: string, name: string): this {
    if (this.protocol >= 4) return this.string(module).string(name).op(0x93).memoize(); // STACK_GLOBAL
    return this.op(0x63)
      .raw(ascii(`${module}\n${name}\n`))
      .memoize(); // GLOBAL
  }
  memoize(): this {
    if (this.protocol >= 4) return this.op(0x94); // MEMOIZE
    return this.op(0x71, this.#memo++ & 0xff); // BINPUT
  }
  mark = () => this.op(0x28);
  tuple = () => this.op(0x74).memoize();
  emptyTuple = () => this.op(0x29);
  reduce = () => this.op(0x52).memoize();
  emptyDict = () => this.op(0x7d).memoize();
  setItem = () => this.op(0x73);
  setItems = () => this.op(0x75);
  build = () => this.op(0x62);
  persistentId = () => this.op(0x51); // BINPERSID
  newFalse = () => this.op(0x89);
  stop = () => this.op(0x2e);

  bytes(): Uint8Array {
    const body = concat(...this.#parts);
    if (this.protocol < 4) return concat(Uint8Array.of(0x80, 2), body);
    // Protocol 4: one FRAME around everything after PROTO.
    const frame = new Uint8Array(9);
    frame[0] = 0x95;
    new DataView(frame.buffer).setBigUint64(1, BigInt(body.length), true);
    return concat(Uint8Array.of(0x80, 4), frame, body);
  }
}

export interface PickledTensor {
  key: string;
  storageType?: string;
  storageKey: string;
  numel: number;
  offset?: number;
  shape: number[];
  strides?: number[];
  /** Wrap in torch._utils._rebuild_parameter, as a pickled nn.Parameter is. */
  parameter?: boolean;
}

const contiguous = (shape: number[]) => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

/** `torch.save(model.state_dict())`'s data.pkl: an OrderedDict of _rebuild_tensor_v2 calls, then `_metadata` set by BUILD. */
export function stateDictPickle(tensors: PickledTensor[], protocol: 2 | 4 = 2): Uint8Array {
  const p = new PickleWriter(protocol);
  const ints = (values: number[]) => {
    p.mark();
    values.forEach((v) => p.int(v));
    return p.tuple();
  };
  p.global("collections", "OrderedDict").emptyTuple().reduce().mark();
  for (const t of tensors) {
    p.string(t.key);
    if (t.parameter) p.global("torch._utils", "_rebuild_parameter").mark();
    p.global("torch._utils", "_rebuild_tensor_v2").mark();
    p.mark()
      .string("storage")
      .global("torch", t.storageType ?? "FloatStorage")
      .string(t.storageKey)
      .string("cpu")
      .int(t.numel)
      .tuple()
      .persistentId();
    p.int(t.offset ?? 0);
    ints(t.shape);
    ints(t.strides ?? contiguous(t.shape));
    p.newFalse().global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
    if (t.parameter) p.op(0x88).global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
  }
  p.setItems();
  // state: {'_metadata': OrderedDict([('', {'version': 1})])}
  p.emptyDict()
    .string("_metadata")
    .global("collections", "OrderedDict")
    .emptyTuple()
    .reduce()
    .mark()
    .string("")
    .emptyDict()
    .string("version")
    .int(1)
    .setItem()
    .setItems()
    .setItem()
    .build();
  return p.stop().bytes();
}

/** A torch.save zip: `<archive>/data.pkl`, `byteorder`, `data/<key>` storages, `version`. */
export function torchZip(
  archive: string,
  pickle: Uint8Array,
  storages: Record<string, Uint8Array>,
  byteorder = "little",
): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    [`${archive}/data.pkl`]: pickle,
    [`${archive}/byteorder`]: ascii(byteorder),
  };
  for (const [key, bytes] of Object.entries(storages)) entries[`${archive}/data/${key}`] = bytes;
  entries[`${archive}/version`] = ascii("3\n");
  return zip(entries);
}

/** A .safetensors file: u64 header length, JSON header, data (entries in the order given, contiguous). */
export function safetensors(
  tensors: { key: string; dtype: string; shape: number[]; data: Uint8Array }[],
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let at = 0;
  for (const t of tensors) {
    header[t.key] = { dtype: t.dtype, shape: t.shape, data_offsets: [at, at + t.data.length] };
    at += t.data.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(json.length), true);
  return concat(length, ascii(json), ...tensors.map((t) => t.data));
}

const ModelProto = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType("onnx.ModelProto");

export interface OnnxNode {
  op: string;
  inputs: string[];
  output: string;
  name?: string;
  /** The dynamo exporter's module path metadata: ['', 'hidden', 'linear']. */
  scopes?: string[];
  domain?: string;
  attributes?: Record<
    string,
    | { f: number }
    | { i: number }
    | { ints: number[] }
    | { floats: number[] }
    | { t: { dims: number[]; floats?: number[] } }
  >;
}

/**
 * An ONNX ModelProto encoded with the same onnx.proto fields the reader decodes, as the exporters
 * lay them out: initializers with dims and raw float data, attributes typed (FLOAT 1, INT 2, TENSOR 4, INTS 7).
 */
export function onnxModel(options: {
  input: { name: string; dims: (number | string)[] };
  output: string;
  nodes: OnnxNode[];
  /** Float tensors, or int64 ones (`int64`: a Reshape's shape). */
  initializers: { name: string; dims: number[]; values?: number[]; int64?: number[] }[];
  /** List the initializers as graph inputs too (the legacy exporter's keep_initializers_as_inputs). */
  initializersAsInputs?: boolean;
}): Uint8Array {
  const valueInfo = (name: string, dims: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });
  // AttributeProto.type: FLOAT 1, INT 2, TENSOR 4, FLOATS 6, INTS 7.
  const attribute = (name: string, value: NonNullable<OnnxNode["attributes"]>[string]) => {
    if ("f" in value) return { name, type: 1, f: value.f };
    if ("i" in value) return { name, type: 2, i: value.i };
    if ("ints" in value) return { name, type: 7, ints: value.ints };
    if ("floats" in value) return { name, type: 6, floats: value.floats };
    const { dims, floats = new Array(dims.reduce((a, b) => a * b, 1)).fill(0) } = value.t;
    return { name, type: 4, t: { dims, dataType: 1, rawData: f32(floats) } };
  };
  // TensorProto.data_type: FLOAT 1, INT64 7; raw_data little-endian, as exporters write it.
  const initializers = options.initializers.map((t) =>
    t.int64
      ? { name: t.name, dims: t.dims, dataType: 7, rawData: new Uint8Array(BigInt64Array.from(t.int64, BigInt).buffer) }
      : {
          name: t.name,
          dims: t.dims,
          dataType: 1,
          rawData: f32(t.values ?? new Array(t.dims.reduce((a, b) => a * b, 1)).fill(0.5)),
        },
  );
  const model = ModelProto.fromObject({
    irVersion: 10,
    opsetImport: [{ domain: "", version: 18 }],
    producerName: "pytorch",
    graph: {
      name: "main_graph",
      node: options.nodes.map((n) => ({
        input: n.inputs,
        output: [n.output],
        name: n.name ?? "",
        opType: n.op,
        domain: n.domain ?? "",
        attribute: Object.entries(n.attributes ?? {}).map(([name, value]) => attribute(name, value)),
        metadataProps: n.scopes
          ? [{ key: "pkg.torch.onnx.name_scopes", value: `[${n.scopes.map((s) => `'${s}'`).join(", ")}]` }]
          : [],
      })),
      initializer: initializers,
      input: [
        valueInfo(options.input.name, options.input.dims),
        ...(options.initializersAsInputs ? options.initializers.map((t) => valueInfo(t.name, t.dims)) : []),
      ],
      output: [valueInfo(options.output, [options.input.dims[0], 1])],
    },
  });
  return ModelProto.encode(model).finish();
}
