import { closeSync, realpathSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { DeepReplayError } from "@deepreplay/frames";

/**
 * A corrupt HDF5 file can make the HDF5 library loop forever or abort its WebAssembly instance
 * (both seen when fuzzing replay files), and neither can be stopped from the thread that runs it.
 * So every file is first read through once in a worker thread, which can be stopped: this thread
 * then opens only files the same library has already read whole, and reads nothing new in them.
 */

export interface ProbeOptions {
  /** What messages call the file (default its path): bytes are probed as a temporary file. */
  name?: string;
  /** How long the worker may go without finishing one object before the file is declared unreadable. */
  stallMs?: number;
}

const DEFAULT_STALL_MS = 3000;

/**
 * The worker: reads every attribute, every dataset's metadata and all its values (in blocks of
 * rows, reporting each), and discards them. HDF5's own error printout goes nowhere: the caller
 * reports the failure in one line.
 */
const WORKER_SOURCE = `
// Only dynamic imports: eval'd code runs as CommonJS or, under --input-type=module, as ESM.
(async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const fs = (await import("node:fs")).default;
  const { devNull } = await import("node:os");
  const BLOCK_BYTES = 16 * 1024 * 1024;
  // Descriptors belong to the process, not the thread: a stopped worker's open file is closed by the caller.
  const open = new Set();
  const { openSync, closeSync } = fs;
  fs.openSync = (...args) => { const fd = openSync(...args); open.add(fd); return fd; };
  fs.closeSync = (fd) => { open.delete(fd); return closeSync(fd); };
  // Emscripten prints an abort on console.error; the caller reports it.
  console.error = () => {};
  const h5 = await import(workerData.h5wasm);
  await h5.ready;
  const stderr = h5.FS.getStream(2);
  if (stderr) stderr.nfd = openSync(devNull, "w");
  const readDataset = (dataset, step) => {
    const shape = dataset.shape;
    if (!shape || shape.length === 0) return void dataset.value;
    const rowBytes = Math.max(1, dataset.metadata.size * shape.slice(1).reduce((a, b) => a * b, 1));
    const rows = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
    for (let start = 0; start < shape[0]; start += rows) {
      dataset.slice([[start, Math.min(shape[0], start + rows)]]);
      step();
    }
  };
  const walk = (group, step) => {
    for (const attribute of Object.values(group.attrs)) void attribute.value;
    step();
    for (const name of group.keys()) {
      const entity = group.get(name);
      if (entity instanceof h5.Group) walk(entity, step);
      else if (entity instanceof h5.Dataset) readDataset(entity, step);
    }
  };
  parentPort.on("message", ({ id, path }) => {
    const step = () => parentPort.postMessage({ id, type: "step", fds: [...open] });
    let file;
    try {
      file = new h5.File(path, "r");
      if (file.file_id < 0n) throw new Error("the HDF5 library cannot open it");
      step();
      walk(file, step);
      parentPort.postMessage({ id, type: "done" });
    } catch (error) {
      const aborted = error instanceof WebAssembly.RuntimeError;
      parentPort.postMessage({ id, type: "failed", aborted, fds: [...open], message: String(error && error.message || error).split("\\n")[0] });
    } finally {
      try { if (file && file.file_id >= 0n) file.close(); } catch {}
    }
  });
  parentPort.postMessage({ type: "ready" });
})();
`;

type Reply = { id: number; type: "step" | "done" | "failed"; fds?: number[]; aborted?: boolean; message?: string };

/** Failed probes after which the worker is replaced by a fresh one. */
const RECYCLE_AFTER_FAILURES = 1000;
let failures = 0;
let worker: Promise<Worker> | undefined;
let nextId = 0;
/** One file at a time: a probe waits for the one before it. */
let queue: Promise<unknown> = Promise.resolve();

function unreadable(path: string, why: string): DeepReplayError {
  return new DeepReplayError("CORRUPT_HDF5", `${path} is damaged: ${why}.`, {
    hint: "The file is truncated or corrupt; record it again or restore it from a copy.",
  });
}

/** The worker, once it has loaded h5wasm (its start-up does not count against a probe's stall time). */
function readyWorker(): Promise<Worker> {
  worker ??= new Promise<Worker>((resolve, reject) => {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { h5wasm: import.meta.resolve("h5wasm/node") },
    });
    started.once("message", () => resolve(started));
    started.on("error", (error) => {
      worker = undefined;
      reject(
        new DeepReplayError("HDF5_UNAVAILABLE", `The HDF5 reading thread could not start: ${error.message}.`, {
          hint: "Check that h5wasm is installed.",
          cause: error,
        }),
      );
    });
  });
  return worker;
}

/** Probes under way: while there are none, the worker must not keep the process alive. */
let probing = 0;

/**
 * An idle worker is stopped after this long: its HDF5 library holds some 30 MB that a command
 * replaying one file would carry to the end; the next probe starts another (0.2 s).
 */
const IDLE_STOP_MS = 1000;
let idleStop: NodeJS.Timeout | undefined;

function stopWhenIdle(idle: Worker): void {
  clearTimeout(idleStop);
  idleStop = setTimeout(() => {
    if (probing > 0) return;
    worker = undefined;
    void idle.terminate();
  }, IDLE_STOP_MS);
  idleStop.unref();
}

/** Starts the worker now; a failure to start is reported by the next probe, which starts it again. */
export function startProbeThread(): void {
  readyWorker().then(
    (started) => probing === 0 && started.unref(),
    () => undefined,
  );
}

/**
 * Stops a worker that cannot go on. Its open descriptors outlive it (they belong to the process):
 * those still naming the probed file are closed, once it has stopped and before the next probe.
 */
async function stop(stopped: Worker, fds: readonly number[], path: string): Promise<void> {
  worker = undefined;
  await stopped.terminate();
  for (const fd of fds) {
    try {
      if (realpathSync(`/proc/self/fd/${fd}`) === realpathSync(path)) closeSync(fd);
    } catch {
      // Closed already, or no /proc to check it by: leave it.
    }
  }
}

async function probeOnce(path: string, name: string, stallMs: number): Promise<void> {
  const current = await readyWorker();
  const id = nextId++;
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout;
    let fds: number[] = [];
    const finish = (error?: DeepReplayError, stopWorker = false) => {
      probing -= 1;
      clearTimeout(timer);
      current.off("message", onMessage);
      current.off("exit", onExit);
      // Idle between probes, the worker must not keep the process alive.
      current.unref();
      if (!stopWorker) stopWhenIdle(current);
      const stopped = stopWorker ? stop(current, fds, path) : Promise.resolve();
      void stopped.then(() => (error ? reject(error) : resolve()));
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(unreadable(name, `the HDF5 library made no progress reading it for ${stallMs} ms`), true),
        stallMs,
      );
    };
    const onMessage = (reply: Reply) => {
      if (reply.id !== id) return;
      fds = reply.fds ?? fds;
      if (reply.type === "step") return arm();
      if (reply.type === "done") return finish();
      // An aborted WebAssembly instance cannot be trusted with another file; nor, in time, one that
      // failed often: each error h5wasm throws leaves some of its stack behind (it aborts after ~14,000).
      const why = reply.aborted
        ? `the HDF5 library aborted reading it (${reply.message})`
        : `reading it failed (${reply.message})`;
      failures += 1;
      finish(unreadable(name, why), reply.aborted || failures % RECYCLE_AFTER_FAILURES === 0);
    };
    const onExit = () => {
      worker = undefined;
      finish(unreadable(name, "the reading thread stopped"));
    };
    probing += 1;
    clearTimeout(idleStop);
    current.ref();
    current.on("message", onMessage);
    current.once("exit", onExit);
    arm();
    current.postMessage({ id, path });
  });
}

/** Reads `path` through in a worker; a typed "CORRUPT_HDF5" error when that fails, aborts or stalls. */
export function probeHdf5(path: string, { name = path, stallMs = DEFAULT_STALL_MS }: ProbeOptions = {}): Promise<void> {
  const result = queue.then(() => probeOnce(path, name, stallMs));
  queue = result.catch(() => undefined);
  return result;
}
