import { ndarray, type NdArray } from "@deepreplay/frames";
import { ELEMENT_TYPES, gather, rowMajorStrides, sizeOf, type ElementTypeName } from "../dtypes.js";
import { fileError } from "../errors.js";
import type { NamedBytes, TensorMap } from "../types.js";

const SAFETENSORS_TYPES: Record<string, ElementTypeName> = {
  F64: "float64",
  F32: "float32",
  F16: "float16",
  BF16: "bfloat16",
  I64: "int64",
  I32: "int32",
  I16: "int16",
  I8: "int8",
  U64: "uint64",
  U32: "uint32",
  U16: "uint16",
  U8: "uint8",
  BOOL: "bool",
};

/** The safetensors library's own cap on the JSON header. */
const MAX_HEADER = 100_000_000;

interface Entry {
  readonly dtype: string;
  readonly shape: number[];
  readonly data_offsets: [number, number];
}

/**
 * A `.safetensors` file: an 8-byte little-endian header length, a JSON header (`__metadata__` and one
 * entry per tensor: dtype, shape, data_offsets into the data that follows), the raw little-endian
 * data. Tensors come as float32, in the order of their data (the header's keys are sorted by name).
 */
export function readSafetensors(file: NamedBytes): TensorMap {
  const { bytes } = file;
  const bad = (what: string) =>
    fileError(
      "SAFETENSORS_INVALID",
      file.name,
      `not a readable .safetensors file (${what}).`,
      "The file is truncated or damaged: save it again with safetensors.torch.save_file.",
    );
  if (bytes.length < 8) throw bad("shorter than its header length");
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER || 8 + headerLength > bytes.length)
    throw bad(`declares a header of ${headerLength} bytes`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (cause) {
    throw fileError(
      "SAFETENSORS_INVALID",
      file.name,
      "has a header that is not JSON.",
      "The file is truncated or damaged: save it again.",
      cause,
    );
  }
  if (!header || typeof header !== "object" || Array.isArray(header)) throw bad("its header is not an object");
  const data = bytes.subarray(8 + headerLength);
  const entries = Object.entries(header)
    .filter(([key]) => key !== "__metadata__")
    .map(([key, entry]) => [key, checkEntry(file, key, entry, data.length)] as const)
    .sort(([, a], [, b]) => a.data_offsets[0] - b.data_offsets[0]);
  return new Map(entries.map(([key, entry]) => [key, tensor(entry, data)]));
}

function checkEntry(file: NamedBytes, key: string, value: unknown, dataLength: number): Entry {
  const entry = value as Partial<Entry> | null;
  const bad = (what: string) =>
    fileError(
      "SAFETENSORS_INVALID",
      file.name,
      `tensor "${key}" ${what}.`,
      "The file is truncated or damaged: save it again.",
    );
  if (
    !entry ||
    typeof entry !== "object" ||
    typeof entry.dtype !== "string" ||
    !Array.isArray(entry.shape) ||
    !Array.isArray(entry.data_offsets)
  )
    throw bad("has a malformed entry");
  const typeName = SAFETENSORS_TYPES[entry.dtype];
  if (!typeName) {
    throw fileError(
      "SAFETENSORS_DTYPE",
      file.name,
      `tensor "${key}" has dtype ${entry.dtype}.`,
      `Save float or int tensors (${Object.keys(SAFETENSORS_TYPES).join(", ")}).`,
    );
  }
  const [begin, end] = entry.data_offsets;
  const size = sizeOf(entry.shape);
  if (
    size === undefined ||
    !Number.isSafeInteger(begin) ||
    !Number.isSafeInteger(end) ||
    begin < 0 ||
    end > dataLength ||
    end - begin !== size * ELEMENT_TYPES[typeName].size
  ) {
    throw bad(
      `declares shape [${entry.shape.join(", ")}] of ${entry.dtype} at bytes ${begin}..${end} of ${dataLength}`,
    );
  }
  return entry as Entry;
}

function tensor(entry: Entry, data: Uint8Array): NdArray {
  const type = ELEMENT_TYPES[SAFETENSORS_TYPES[entry.dtype]];
  const out = new Float32Array(sizeOf(entry.shape)!);
  const [begin, end] = entry.data_offsets;
  if (out.length > 0) gather(out, data.subarray(begin, end), type, true, entry.shape, rowMajorStrides(entry.shape));
  return ndarray(out, entry.shape);
}
