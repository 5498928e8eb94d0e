import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DeepReplayError } from "@deepreplay/frames";
import { findsHdf5Signature, type Files, type StagedFile } from "./files.js";
import { acquireWriteLock } from "./node/lock.js";
import { probeHdf5, startProbeThread } from "./node/probe.js";

function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    return findsHdf5Signature(fstatSync(fd).size, (offset, length) => {
      const bytes = new Uint8Array(length);
      readSync(fd, bytes, 0, length, offset);
      return bytes;
    });
  } finally {
    closeSync(fd);
  }
}

function notWritable(path: string, why: string, cause?: unknown): DeepReplayError {
  return new DeepReplayError("PATH_NOT_WRITABLE", `Cannot write ${path}: ${why}.`, {
    hint: "Record into an existing directory you can write to.",
    cause,
  });
}

function checkWritable(path: string): void {
  const directory = dirname(path);
  if (!existsSync(directory)) throw notWritable(path, `the directory ${directory} does not exist`);
  try {
    accessSync(directory, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch (error) {
    throw notWritable(path, "permission denied", error);
  }
  if (existsSync(path) && !hasHdf5Signature(path)) {
    throw new DeepReplayError("NOT_HDF5", `${path} exists and is not an HDF5 file.`, {
      hint: "Choose a new file name or an existing deepreplay file: the recorder never overwrites other files.",
    });
  }
}

let folder: string | undefined;
let staged = 0;

/** h5wasm in Node reads the host's files only: bytes go to a file of a private temporary folder, removed at exit. */
function stagedFile(bytes?: Uint8Array): StagedFile {
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), "deepreplay-"));
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  const path = join(folder, `${++staged}.h5`);
  if (bytes) writeFileSync(path, bytes, { flag: "wx" });
  return {
    path,
    read: () => {
      const buffer = readFileSync(path);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
    release: () => rmSync(path, { force: true }),
  };
}

export const files: Files = {
  stage: (bytes) => stagedFile(bytes),
  scratch: () => stagedFile(),
  silenceHdf5Errors(fs) {
    const stderr = (fs as { getStream?(fd: number): { nfd: number } | undefined } | null)?.getStream?.(2);
    if (stderr) stderr.nfd = openSync(devNull, "w");
  },
  probe: (path, name) => probeHdf5(path, { name }),
  prepareProbe: startProbeThread,
  resolve: (path) => resolve(path),
  exists: (path) => existsSync(path),
  beside: (path, name) => join(dirname(resolve(path)), name),
  hasHdf5Signature,
  checkWritable,
  acquireWriteLock,
};
