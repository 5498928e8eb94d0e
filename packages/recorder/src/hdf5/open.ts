import h5wasm, { FS } from "#h5wasm";
import { files } from "#files";
import { DeepReplayError } from "@deepreplay/frames";
import { findsHdf5Signature } from "../files/files.js";
import type { H5File } from "./h5.js";

/** An HDF5 file's bytes: a Uint8Array (a Node Buffer is one) or an ArrayBuffer. */
export type Hdf5Bytes = Uint8Array | ArrayBuffer;
/** An HDF5 file: its path (in Node) or its bytes (anywhere). */
export type Hdf5Source = string | Hdf5Bytes;

/** An HDF5 file open for reading, with the name messages call it by. */
export interface OpenedH5 {
  readonly file: H5File;
  /** The absolute path, or "an in-memory file (N bytes)". */
  readonly name: string;
  /** The path of a file opened by path (the folder a Keras model file is looked for in). */
  readonly path: string | undefined;
  close(): void;
}

let quiet = false;

/**
 * Waits for h5wasm. The HDF5 library prints a trace on stderr for every error, even those it
 * recovers from; the reader and the writer report failures as typed errors instead, so that
 * printout goes nowhere (a command line prints one line per failure).
 */
export async function readyH5(): Promise<void> {
  await h5wasm.ready;
  if (quiet) return;
  quiet = true;
  files.silenceHdf5Errors(FS);
}

export function toBytes(source: Hdf5Bytes): Uint8Array {
  return source instanceof Uint8Array ? source : new Uint8Array(source);
}

function isBytes(source: unknown): source is Hdf5Bytes {
  return source instanceof Uint8Array || source instanceof ArrayBuffer;
}

export function hasHdf5Signature(bytes: Uint8Array): boolean {
  return findsHdf5Signature(bytes.byteLength, (offset, length) => bytes.subarray(offset, offset + length));
}

function notHdf5(name: string): DeepReplayError {
  return new DeepReplayError("NOT_HDF5", `${name} is not a readable HDF5 file.`, {
    hint: "Pass a file written by deepreplay (Python) or @deepreplay/recorder.",
  });
}

/** Opens a staged or host file that carries the signature, once the probe has read it through. */
async function openChecked(path: string, name: string): Promise<H5File> {
  await files.probe(path, name);
  const file = new h5wasm.File(path, "r");
  if (file.file_id < 0n) {
    throw new DeepReplayError("CORRUPT_HDF5", `${name} is damaged: the HDF5 library cannot open it.`, {
      hint: "The file is truncated or corrupt; record it again or restore it from a copy.",
    });
  }
  return file;
}

async function openPath(path: string): Promise<OpenedH5> {
  const absolute = files.resolve(path);
  if (!files.exists(absolute)) {
    throw new DeepReplayError("FILE_NOT_FOUND", `No file at ${absolute}.`, {
      hint: "Check the path of the replay file.",
    });
  }
  if (!files.hasHdf5Signature(absolute)) throw notHdf5(absolute);
  const file = await openChecked(absolute, absolute);
  return { file, name: absolute, path: absolute, close: () => file.close() };
}

async function openBytes(source: Hdf5Bytes): Promise<OpenedH5> {
  const bytes = toBytes(source);
  const name = `an in-memory file (${bytes.byteLength} bytes)`;
  if (!hasHdf5Signature(bytes)) throw notHdf5(name);
  const staged = files.stage(bytes);
  try {
    const file = await openChecked(staged.path, name);
    return {
      file,
      name,
      path: undefined,
      close: () => {
        file.close();
        staged.release();
      },
    };
  } catch (error) {
    staged.release();
    throw error;
  }
}

/** Opens an existing HDF5 file read-only, with typed errors for a missing or foreign file. */
export async function openH5ForReading(source: Hdf5Source): Promise<OpenedH5> {
  files.prepareProbe();
  await readyH5();
  if (typeof source === "string") return openPath(source);
  if (isBytes(source)) return openBytes(source);
  throw new DeepReplayError(
    "INVALID_SOURCE",
    `An HDF5 file is given by its path or its bytes, not ${describe(source)}.`,
    {
      hint: "Pass a path (in Node), a Uint8Array or an ArrayBuffer (for a picked File or a fetch Response: await it.arrayBuffer()).",
    },
  );
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  return `a ${value.constructor?.name ?? "object"}`;
}
