import h5wasm from "#h5wasm";
import { DeepReplayError } from "@deepreplay/frames";

export type H5File = InstanceType<typeof h5wasm.File>;
export type H5Group = InstanceType<typeof h5wasm.Group>;
export type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

export function isGroup(entity: unknown): entity is H5Group {
  return entity instanceof h5wasm.Group;
}

export function isDataset(entity: unknown): entity is H5Dataset {
  return entity instanceof h5wasm.Dataset;
}

/** An integer attribute (HDF5 int64 comes back as BigInt), or undefined when absent. */
export function integerAttribute(node: H5Group, name: string): number | undefined {
  const attribute = node.attrs[name];
  if (!attribute) return undefined;
  const value = attribute.value;
  const scalar = Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<unknown>)[0] : value;
  if (typeof scalar === "bigint") return Number(scalar);
  if (typeof scalar === "number") return scalar;
  throw new DeepReplayError("INVALID_ATTRIBUTE", `Attribute ${name} of ${node.path} is not an integer.`, {
    hint: "The file does not follow deepreplay's layout.",
  });
}

/** A string or string-array attribute (fixed or variable length), as strings without padding. */
export function stringsAttribute(node: H5Group, name: string): string[] | undefined {
  const attribute = node.attrs[name];
  if (!attribute) return undefined;
  const value = attribute.value;
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (typeof v === "string" ? v.replace(/\0+$/, "") : String(v)));
}

export function stringAttribute(node: H5Group, name: string): string | undefined {
  return stringsAttribute(node, name)?.[0];
}

/** An int64 scalar attribute, as h5py writes Python ints. */
export function writeIntegerAttribute(node: H5Group, name: string, value: number): void {
  node.create_attribute(name, BigInt64Array.of(BigInt(value)), [], "<q");
}

/** Rewrites an int64 scalar attribute in place of the old one. */
export function replaceIntegerAttribute(node: H5Group, name: string, value: number): void {
  if (name in node.attrs) node.delete_attribute(name);
  writeIntegerAttribute(node, name, value);
}

/**
 * A fixed-length byte-string array attribute, as h5py writes a list of numpy bytes (Keras encodes
 * names as UTF-8): width = the longest string's UTF-8 length, at least 1.
 */
export function writeFixedStringsAttribute(node: H5Group, name: string, values: readonly string[]): void {
  const encoder = new TextEncoder();
  const width = Math.max(1, ...values.map((value) => encoder.encode(value).length));
  node.create_attribute(name, [...values], [values.length], `A${width}`);
}

/**
 * A variable-length ASCII string scalar attribute, as Keras 2 writes its JSON configs (h5py 2 hands
 * ASCII back as bytes, which Keras decodes; UTF-8 would come back as str and break its load_model).
 * Non-ASCII characters become JSON \u escapes.
 */
export function writeAsciiAttribute(node: H5Group, name: string, value: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is everything outside ASCII, \x00 included on purpose
  const ascii = value.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  node.create_attribute(name, ascii, [], "A");
}

/**
 * A float32 dataset of `rows` rows of `rowShape`, filled with zeros, written one row at a time:
 * chunked by row so that no full-size buffer is ever allocated and each epoch touches one chunk.
 */
export function createRowDataset(node: H5Group, name: string, rows: number, rowShape: readonly number[]): H5Dataset {
  const shape = [rows, ...rowShape];
  if (rows === 0 || rowShape.some((n) => n === 0)) {
    return node.create_dataset({ name, data: new Float32Array(0), shape, dtype: "<f" });
  }
  const dataset = node.create_dataset({
    name,
    data: new Float32Array(0),
    shape: [0, ...rowShape],
    maxshape: shape,
    chunks: [1, ...rowShape],
    dtype: "<f",
  });
  dataset.resize(shape);
  return dataset;
}

export function writeRow(dataset: H5Dataset, row: number, values: Float32Array): void {
  dataset.write_slice([[row, row + 1]], values);
}
