import h5wasm from "h5wasm";
import { DeepReplayError, isDeepReplayError } from "@deepreplay/frames";

/**
 * HDF5 read from bytes, in Node and in a browser: the bytes go into h5wasm's in-memory file system
 * for as long as one callback runs, then are removed. Failures of the HDF5 library on a damaged
 * file become one typed error naming the file.
 */

export type H5Group = InstanceType<typeof h5wasm.Group>;
export type H5Dataset = InstanceType<typeof h5wasm.Dataset>;
export type H5Entity = ReturnType<H5Group["get"]>;

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** HDF5's superblock signature sits at 0, 512, 1024, ... (after an optional user block). */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + SIGNATURE.length <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((b, i) => bytes[offset + i] === b)) return true;
  }
  return false;
}

interface MemoryFS {
  writeFile(path: string, data: Uint8Array): void;
  unlink(path: string): void;
  getStream?(fd: number): { tty?: { ops: { put_char(tty: unknown, c: number): void } } } | undefined;
}

let ready: Promise<MemoryFS> | undefined;
let serial = 0;

/**
 * The HDF5 library prints a trace on stderr for every error, even those it recovers from; damaged
 * files are reported as typed errors instead, so the in-memory module's stderr device is silenced.
 */
async function memoryFS(): Promise<MemoryFS> {
  const { FS } = (await h5wasm.ready) as unknown as { FS: MemoryFS };
  const tty = FS.getStream?.(2)?.tty;
  if (tty) tty.ops = { ...tty.ops, put_char() {} };
  return FS;
}

export function damaged(fileName: string, why: string, cause?: unknown): DeepReplayError {
  return new DeepReplayError("CORRUPT_CHECKPOINT", `${fileName} could not be read as HDF5: ${why}.`, {
    hint: "The file is truncated or damaged; save or copy it again.",
    cause,
  });
}

/** Runs `read` on the HDF5 file held in `bytes`; the file is closed and dropped afterwards. */
export async function withHdf5<T>(fileName: string, bytes: Uint8Array, read: (root: H5Group) => T): Promise<T> {
  if (!isHdf5(bytes)) throw damaged(fileName, "no HDF5 signature");
  ready ??= memoryFS();
  const FS = await ready;
  const path = `/deepreplay-import-${++serial}.h5`;
  FS.writeFile(path, bytes);
  let file: InstanceType<typeof h5wasm.File> | undefined;
  try {
    file = new h5wasm.File(path, "r");
    if (file.file_id < 0n) throw damaged(fileName, "the HDF5 library cannot open it");
    return read(file);
  } catch (error) {
    if (isDeepReplayError(error)) throw error;
    throw damaged(fileName, error instanceof Error ? error.message.split("\n")[0] : String(error), error);
  } finally {
    try {
      file?.close();
    } finally {
      FS.unlink(path);
    }
  }
}

export function isGroup(entity: H5Entity): entity is H5Group {
  return entity instanceof h5wasm.Group;
}

export function isDataset(entity: H5Entity): entity is H5Dataset {
  return entity instanceof h5wasm.Dataset;
}

/** A string or string-list attribute, padding removed; undefined when absent. */
export function stringsAttribute(node: H5Group, name: string): string[] | undefined {
  const attribute = node.attrs[name];
  if (!attribute) return undefined;
  const value = attribute.value;
  const values = Array.isArray(value)
    ? value
    : value === null
      ? []
      : ArrayBuffer.isView(value)
        ? Array.from(value as ArrayLike<unknown>)
        : [value];
  return values.map((v) =>
    typeof v === "string" ? v.replace(/\0+$/, "") : v instanceof Uint8Array ? new TextDecoder().decode(v) : String(v),
  );
}

export function stringAttribute(node: H5Group, name: string): string | undefined {
  return stringsAttribute(node, name)?.[0];
}
