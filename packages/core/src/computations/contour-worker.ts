/**
 * A contour worker (see contour-thread.ts): samples its rows of each contour it is sent, in shared
 * memory, with core's own backend and engine so its numbers are the main thread's. It answers
 * through shared slots, since the main thread waits for it without an event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.js";
import { Network } from "../engine/forward.js";
import { rows } from "../engine/read.js";
import { FAILED, JOB, OK, STATUS, sampleContour, type ContourJob, type ContourWorkerData } from "./contour.js";

const { model, plan, backend, signals, rows: shared } = workerData as ContourWorkerData;

function signal(slot: number, value: number): void {
  Atomics.store(signals, slot, value);
  Atomics.notify(signals, slot);
}

/** The regular rows on the device, kept while the jobs name the same grid. */
let grid: { id: number; tensor: tf.Tensor2D } | undefined;

function run(job: ContourJob): void {
  if (grid?.id !== job.gridId) {
    grid?.tensor.dispose();
    grid = { id: job.gridId, tensor: rows(shared.regular, 2) };
  }
  const network = new Network(model, job.weights, job.epoch);
  try {
    sampleContour(network, plan, grid.tensor, shared);
  } finally {
    network.dispose();
  }
}

// Another backend than the main thread's (WASM failing here only) could give other numbers: then
// this worker says so and ends, and the main thread samples every row itself.
const started = await initBackend({ ...backend, warn: () => undefined });
if (started !== backend.backend) {
  signal(STATUS, FAILED);
} else {
  parentPort!.on("message", (job: ContourJob) => {
    // An error here is the main thread's too: it samples these rows itself and meets it there.
    try {
      run(job);
      signal(JOB, OK);
    } catch {
      signal(JOB, FAILED);
    }
  });
  signal(STATUS, OK);
  // For listeners on an event loop (tests); the main thread reads STATUS.
  parentPort!.postMessage("ready");
}
