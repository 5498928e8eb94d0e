import { Worker } from "node:worker_threads";
import type { ModelDescription, NdArray } from "@deepreplay/frames";
import { startedBackend } from "../backend.js";
import { FAILED, JOB, OK, STATUS, WAITING, type ContourJob, type ContourPlan, type ContourRows, type ContourWorkerData, type SampledRows } from "./contour.js";

/**
 * A worker thread sampling some rows of each contour (contour-worker.ts). It starts in the
 * background and is to be used only once `ready`; until then, or once it failed, the caller samples
 * those rows itself. The caller waits for it synchronously (contours are lazy getters), so it
 * answers through shared memory, not messages.
 */
export class ContourThread {
  readonly #worker: Worker;
  readonly #signals = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  readonly #rows: ContourRows;
  /** The grid whose rows are in `#rows.regular`. */
  #gridId: number | undefined;
  #failed = false;

  /**
   * A worker for `count` points of each contour, computing as this thread does; undefined when core's
   * initBackend did not start this thread's backend, or no worker can start (then this thread samples
   * every row).
   */
  static start(model: ModelDescription, plan: ContourPlan, count: number): ContourThread | undefined {
    const backend = startedBackend();
    try {
      return backend && new ContourThread({ model, plan, backend, count });
    } catch {
      return undefined;
    }
  }

  private constructor({ model, plan, backend, count }: Omit<ContourWorkerData, "signals" | "rows"> & { count: number }) {
    this.#rows = { regular: sharedFloats(2 * count), points: sharedFloats(plan.bent ? 2 * count : 0), prediction: new Int32Array(new SharedArrayBuffer(4 * count)) };
    const { filename, execArgv } = workerModule();
    const workerData: ContourWorkerData = { model, plan, backend, signals: this.#signals, rows: this.#rows };
    this.#worker = new Worker(filename, { execArgv, workerData });
    // It must never keep the process alive; one that dies is not used again.
    this.#worker.unref();
    this.#worker.on("error", () => (this.#failed = true));
    this.#worker.on("exit", () => (this.#failed = true));
  }

  get ready(): boolean {
    return !this.#failed && Atomics.load(this.#signals, STATUS) === OK;
  }

  /**
   * Sends the ready worker one epoch's rows, with the epoch's weights; `gridId` names their regular
   * points (the same id, the same points), asked of `regular` only when it is new. Returns `done`,
   * which waits for the worker and gives its results (in shared memory: copy them before the next
   * post), or undefined when it failed. It waits 1 s more than ten times `ownMs`, what the caller
   * took to sample about as many rows.
   */
  post(epoch: number, weights: NdArray[][], gridId: number, regular: () => Float32Array): (ownMs: number) => Required<SampledRows> | undefined {
    if (gridId !== this.#gridId) {
      this.#rows.regular.set(regular());
      this.#gridId = gridId;
    }
    Atomics.store(this.#signals, JOB, WAITING);
    const job: ContourJob = { epoch, weights, gridId };
    this.#worker.postMessage(job);
    return (ownMs) => {
      Atomics.wait(this.#signals, JOB, WAITING, 1000 + 10 * ownMs);
      if (Atomics.load(this.#signals, JOB) === OK) return this.#rows;
      // Failed or late: not used again.
      this.close();
      return undefined;
    };
  }

  close(): void {
    this.#failed = true;
    void this.#worker.terminate();
  }
}

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/**
 * The worker's module and how to start it, never with this process's flags (a loader such as tsx's
 * would be started again for nothing). Built, it is dist/computations/contour-worker.js. From
 * source (tests, tsx) it is the .ts file, which Node 20 cannot load by itself, and `--import tsx`
 * does not reach a worker: as render-png's threads.ts does, the worker first runs tsx's register()
 * (through a data: URL) and gets the workspace's source condition, to import the same sources.
 */
function workerModule(): { filename: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const filename = new URL(fromSource ? "./contour-worker.ts" : "./contour-worker.js", import.meta.url);
  if (!fromSource) return { filename, execArgv: [] };
  const register = `data:text/javascript,import{register}from${JSON.stringify(import.meta.resolve("tsx/esm/api"))};register();`;
  return { filename, execArgv: ["--conditions=@deepreplay/source", "--import", register] };
}
