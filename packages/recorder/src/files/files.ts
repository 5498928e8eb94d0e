/**
 * What the recorder needs of the platform's file system. Node has paths (h5wasm reads and writes
 * the host's files); a browser has only bytes, which live in h5wasm's in-memory file system there.
 * The package's "#files" import picks the implementation by the "node" condition.
 */
export interface Files {
  /** Puts bytes where h5wasm can open them as a file. */
  stage(bytes: Uint8Array): StagedFile;
  /** An empty place for h5wasm to write a new file into. */
  scratch(): StagedFile;
  /** Sends the HDF5 library's error printout nowhere: the recorder reports failures as typed errors. */
  silenceHdf5Errors(fs: unknown): void;
  /**
   * Reads a staged file through once where a runaway read can be stopped (a corrupt file can make
   * the HDF5 library loop or abort); a typed error, naming the file `name`, when that fails.
   */
  probe(path: string, name: string): Promise<void>;
  /** Starts what `probe` reads with now, so that it starts up while the HDF5 library does here. */
  prepareProbe(): void;
  resolve(path: string): string;
  exists(path: string): boolean;
  /** The file `name` in the folder of `path`. */
  beside(path: string, name: string): string;
  hasHdf5Signature(path: string): boolean;
  /** Every check that can fail before a byte is written to `path`. */
  checkWritable(path: string): void;
  /** Takes `<path>.lock` so that one recorder at a time writes the file; returns the release. */
  acquireWriteLock(path: string): () => void;
}

export interface StagedFile {
  /** Where h5wasm opens it. */
  readonly path: string;
  /** The file's bytes now. */
  read(): Uint8Array;
  /** Removes it. */
  release(): void;
}

/** HDF5's superblock signature sits at 0, 512, 1024, 2048, ... (after an optional user block). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether a file of `size` bytes, read through `readAt(offset, length)`, carries HDF5's signature. */
export function findsHdf5Signature(size: number, readAt: (offset: number, length: number) => Uint8Array): boolean {
  for (let offset = 0; offset + SIGNATURE.length <= size; offset = offset === 0 ? 512 : offset * 2) {
    const bytes = readAt(offset, SIGNATURE.length);
    if (SIGNATURE.every((byte, i) => bytes[i] === byte)) return true;
  }
  return false;
}
