import { ndarray, type NdArray } from "@deepreplay/frames";
import { ELEMENT_TYPES, gather, sizeOf, type ElementTypeName } from "../dtypes.js";
import { fileError } from "../errors.js";
import { isZip, readZip } from "../zip.js";
import type { NamedBytes, TensorMap } from "../types.js";
import { unpickle, type PickleDict, type PickleValue, type TensorRef } from "./pickle.js";
import { readSafetensors } from "./safetensors.js";

/** Each storage class's element type. */
const STORAGE_ELEMENTS: Record<string, ElementTypeName> = {
  DoubleStorage: "float64",
  FloatStorage: "float32",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  LongStorage: "int64",
  IntStorage: "int32",
  ShortStorage: "int16",
  CharStorage: "int8",
  ByteStorage: "uint8",
  BoolStorage: "bool",
};

/**
 * The tensors of a PyTorch state_dict, as float32, in the file's order: a `torch.save` zip
 * (`.pt`/`.pth`) read through the restricted unpickler (a training checkpoint dict that nests the
 * state_dict under "model_state_dict", "state_dict" or "model" is read for that), or a `.safetensors` file.
 */
export function readStateDict(file: NamedBytes): TensorMap {
  if (/\.safetensors$/i.test(file.name) || looksLikeSafetensors(file.bytes)) return readSafetensors(file);
  if (!isZip(file.bytes)) {
    const legacy = file.bytes[0] === 0x80 && file.bytes[1] === 0x02;
    throw fileError(
      "TORCH_FORMAT",
      file.name,
      legacy
        ? "is in PyTorch's legacy (pre-1.6) serialization format."
        : "is neither a torch.save zip archive nor a .safetensors file.",
      legacy
        ? "Load it and save it again with a current torch.save(model.state_dict(), path)."
        : "Give the files torch.save(model.state_dict(), path) writes each epoch, or .safetensors.",
    );
  }
  // Only the pickle first: the storages it names are extracted after, with the sizes it declares.
  const pickles = readZip(file.name, file.bytes, { select: (name) => /^[^/]+\/data\.pkl$/.test(name) });
  if (pickles.size !== 1) {
    throw fileError(
      "TORCH_FORMAT",
      file.name,
      `holds ${pickles.size} data.pkl entries, not one.`,
      "Give the file torch.save(model.state_dict(), path) writes.",
    );
  }
  const [[pickleName, pickle]] = pickles;
  const prefix = pickleName.slice(0, -"data.pkl".length);
  const root = unpickle(`${file.name}:${pickleName}`, pickle);
  if (!(root instanceof Map)) {
    throw fileError(
      "TORCH_NOT_STATE_DICT",
      file.name,
      "holds a pickled object that is not a state_dict.",
      "Save model.state_dict(), not the model or a training checkpoint dict.",
    );
  }
  const refs = [...modelState(root)].map(([key, value]) => stateEntry(file, key, value));

  const storageNames = new Set(refs.map(([, ref]) => `${prefix}data/${ref.storage.key}`));
  const declared = refs.reduce(
    (sum, [, ref]) => sum + ref.storage.numel * ELEMENT_TYPES[STORAGE_ELEMENTS[ref.storage.type]].size,
    0,
  );
  const storages = readZip(file.name, file.bytes, {
    select: (name) => storageNames.has(name),
    maxTotalBytes: declared,
  });
  const byteOrder = readZip(file.name, file.bytes, { select: (name) => name === `${prefix}byteorder` }).get(
    `${prefix}byteorder`,
  );
  const littleEndian = byteOrder === undefined || new TextDecoder().decode(byteOrder) === "little";

  return new Map(
    refs.map(([key, ref]) => [
      key,
      materialize(file, key, ref, storages.get(`${prefix}data/${ref.storage.key}`), littleEndian),
    ]),
  );
}

/** A safetensors file under another extension: a plausible header length, then a JSON object. */
function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return length >= 2n && length <= BigInt(bytes.length - 8) && bytes[8] === 0x7b; // "{"
}

/** Keys under which training loops nest the model's state_dict in a checkpoint dict (`{"model_state_dict": ..., "optimizer_state_dict": ..., "epoch": e}`). */
const NESTED_STATE = ["model_state_dict", "state_dict", "model"];

const isTensor = (value: PickleValue): value is TensorRef =>
  Boolean(value && typeof value === "object" && "kind" in value && value.kind === "tensor");

/** The state_dict itself, or the one a training checkpoint dict holds under a conventional key. */
function modelState(root: PickleDict): PickleDict {
  if ([...root.values()].every(isTensor)) return root;
  for (const key of NESTED_STATE) {
    const nested = root.get(key);
    if (nested instanceof Map && nested.size > 0 && [...nested.values()].every(isTensor)) return nested;
  }
  return root;
}

function stateEntry(file: NamedBytes, key: PickleValue, value: PickleValue): [string, TensorRef] {
  if (typeof key === "string" && isTensor(value)) return [key, value];
  throw fileError(
    "TORCH_NOT_STATE_DICT",
    file.name,
    `entry ${JSON.stringify(typeof key === "string" ? key : String(key))} is not a tensor.`,
    `Save model.state_dict() alone, or nest it under one of ${NESTED_STATE.map((k) => `"${k}"`).join(", ")} in a checkpoint dict.`,
  );
}

/** A tensor's view of its storage, copied to a row-major float32 array (strides and offset honoured). */
function materialize(
  file: NamedBytes,
  key: string,
  ref: TensorRef,
  storage: Uint8Array | undefined,
  littleEndian: boolean,
): NdArray {
  const type = ELEMENT_TYPES[STORAGE_ELEMENTS[ref.storage.type]];
  const bad = (what: string) =>
    fileError(
      "TORCH_CORRUPT",
      file.name,
      `tensor "${key}" ${what}.`,
      "The checkpoint is truncated or damaged: save it again.",
    );
  if (!storage) throw bad(`has no storage entry data/${ref.storage.key}`);
  if (storage.length !== ref.storage.numel * type.size)
    throw bad(`has a storage of ${storage.length} bytes, not the ${ref.storage.numel * type.size} declared`);
  const size = sizeOf(ref.shape);
  if (size === undefined) throw bad(`declares the shape (${ref.shape.join(", ")})`);
  // The view reaches from offset to offset + Σ (n - 1)·stride; every index must be inside the storage.
  const last = ref.shape.reduce((at, n, axis) => at + (n - 1) * ref.strides[axis], ref.offset);
  if (size > 0 && (ref.offset < 0 || ref.strides.some((s) => s < 0) || last >= ref.storage.numel)) {
    throw bad(`views elements ${ref.offset}..${last} of a storage of ${ref.storage.numel}`);
  }
  const out = new Float32Array(size);
  if (size > 0) gather(out, storage, type, littleEndian, ref.shape, ref.strides, ref.offset);
  return ndarray(out, ref.shape);
}
