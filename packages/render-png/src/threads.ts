import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { DeepReplayError } from "@deepreplay/frames";
import { frameRunner, type EncodedFrame, type FrameJob } from "./encode-frame.js";

/** Draws frames somewhere: on worker threads, or on this one. */
export interface FrameEncoder {
  encode(job: FrameJob): Promise<EncodedFrame>;
  close(): Promise<void>;
}

export const defaultThreads = (): number => availableParallelism();

/** `threads` workers (0: this thread), each importing the plugin modules before its first frame. */
export function createFrameEncoder(threads: number, plugins: readonly string[]): FrameEncoder {
  const specifiers = plugins.map(importable);
  if (threads === 0) {
    const run = frameRunner(specifiers);
    return { encode: run, close: async () => undefined };
  }
  const pool = new Piscina<FrameJob, EncodedFrame>({
    ...workerModule(),
    minThreads: threads,
    maxThreads: threads,
    workerData: { plugins: specifiers },
  });
  return { encode: (job) => pool.run(job), close: () => pool.destroy() };
}

/**
 * The worker's module and how to start it. Built, it is dist/worker.js. From source (tests,
 * tsx), it is src/worker.ts, which Node cannot load by itself: the worker then gets tsx's loader
 * and the workspace's source condition, so it imports the same sources as this thread.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const filename = new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url).href;
  if (!fromSource) return { filename };
  let tsx: string;
  try {
    tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  } catch (cause) {
    throw new DeepReplayError("WORKER_UNAVAILABLE", "Rendering threads started from TypeScript sources need tsx.", {
      hint: "Install tsx (npm install -D tsx), build the package and use dist/, or pass threads: 0.",
      cause,
    });
  }
  return { filename, execArgv: [...process.execArgv, "--conditions=@deepreplay/source", "--import", tsx] };
}

/** Paths become file URLs (resolved against the working folder); package names stay as they are. */
function importable(specifier: string): string {
  return specifier.startsWith(".") || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
}
