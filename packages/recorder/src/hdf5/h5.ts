import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { devNull } from "node:os";
import { resolve } from "node:path";
import h5wasm, { FS } from "h5wasm/node";
import { DeepReplayError } from "@deepreplay/frames";
import { probeHdf5 } from "./probe.js";

export type H5File = InstanceType<typeof h5wasm.File>;
export type H5Group = InstanceType<typeof h5wasm.Group>;
export type H5Dataset = InstanceType<typeof h5wasm.Dataset>;

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** HDF5's superblock signature sits at 0, 512, 1024, 2048, ... (after an optional user block). */
export function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.alloc(SIGNATURE.length);
    for (let offset = 0; offset + SIGNATURE.length <= size; offset = offset === 0 ? 512 : offset * 2) {
      readSync(fd, bytes, 0, bytes.length, offset);
      if (bytes.equals(SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

let quiet = false;

/**
 * Waits for h5wasm. The HDF5 library prints a trace on stderr for every error, even those it
 * recovers from; the reader and the writer report failures as typed errors instead, so that
 * printout goes to the null device (a command line prints one line per failure).
 */
export async function readyH5(): Promise<void> {
  await h5wasm.ready;
  if (quiet) return;
  quiet = true;
  const stderr = (FS as unknown as { getStream?(fd: number): { nfd: number } | undefined } | null)?.getStream?.(2);
  if (stderr) stderr.nfd = openSync(devNull, "w");
}

/** Opens an existing HDF5 file read-only, with typed errors for a missing or foreign file. */
export async function openH5ForReading(path: string): Promise<H5File> {
  await readyH5();
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new DeepReplayError("file-not-found", `No file at ${absolute}.`, { hint: "Check the path of the replay file." });
  }
  const signed = hasHdf5Signature(absolute);
  if (signed) await probeHdf5(absolute);
  const file = signed ? new h5wasm.File(absolute, "r") : undefined;
  if (!file || file.file_id < 0n) {
    throw new DeepReplayError("not-hdf5", `${absolute} is not a readable HDF5 file.`, {
      hint: "Pass a file written by deepreplay (Python) or @deepreplay/recorder.",
    });
  }
  return file;
}

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
  throw new DeepReplayError("invalid-attribute", `Attribute ${name} of ${node.path} is not an integer.`, {
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
