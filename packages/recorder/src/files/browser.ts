import { DeepReplayError } from "@deepreplay/frames";
import { FS } from "#h5wasm";
import type { Files, StagedFile } from "./files.js";

type MemoryFs = NonNullable<typeof FS>;
type Stream = { stream_ops: Record<string, unknown> };

/** h5wasm's in-memory file system: set once h5wasm is ready, which the recorder awaits before any file. */
function memoryFs(): MemoryFs {
  if (!FS) throw new Error("h5wasm is not ready");
  return FS;
}

const FOLDER = "/deepreplay";
let staged = 0;

function stagedFile(bytes?: Uint8Array): StagedFile {
  const fs = memoryFs();
  if (!fs.analyzePath(FOLDER).exists) fs.mkdir(FOLDER);
  const path = `${FOLDER}/${++staged}.h5`;
  if (bytes) fs.writeFile(path, bytes);
  return {
    path,
    read: () => fs.readFile(path),
    release: () => {
      if (fs.analyzePath(path).exists) fs.unlink(path);
    },
  };
}

function pathsNeedNode(): never {
  throw new DeepReplayError(
    "PATHS_NEED_NODE",
    "Files are opened by path only in Node; in a browser, pass their bytes.",
    {
      hint: "Pass a Uint8Array or ArrayBuffer (for a picked file: await file.arrayBuffer()), and record into Hdf5BytesStorage or MemoryStorage.",
    },
  );
}

export const files: Files = {
  stage: (bytes) => stagedFile(bytes),
  scratch: () => stagedFile(),
  silenceHdf5Errors(fs) {
    const stderr = (fs as { getStream(fd: number): Stream | undefined }).getStream(2);
    if (stderr)
      stderr.stream_ops = {
        ...stderr.stream_ops,
        write: (_stream: unknown, _buffer: unknown, _offset: number, length: number) => length,
      };
  },
  // No thread to stop a runaway read in here: a page that opens untrusted files does so in a Web Worker.
  probe: async () => {},
  prepareProbe: () => {},
  resolve: pathsNeedNode,
  exists: pathsNeedNode,
  beside: pathsNeedNode,
  hasHdf5Signature: pathsNeedNode,
  checkWritable: pathsNeedNode,
  acquireWriteLock: pathsNeedNode,
};
