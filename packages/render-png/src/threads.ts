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
 * The worker's module and how to start it. Built, it is dist/worker.js. From source (tests, tsx),
 * it is src/worker.ts, which Node 20 cannot load by itself, and `--import tsx` does not reach a
 * worker's ESM loader: the worker first runs tsx's register() (through a data: URL) and gets
 * the workspace's source condition, so it imports the same sources as this thread.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const filename = new URL(fromSource ? "./worker.ts" : "./worker.js", import.meta.url).href;
  if (!fromSource) return { filename };
  let tsx: string;
  try {
    tsx = import.meta.resolve("tsx/esm/api");
  } catch (cause) {
    throw new DeepReplayError("WORKER_UNAVAILABLE", "Rendering threads started from TypeScript sources need tsx.", {
      hint: "Install tsx (npm install -D tsx), build the package and use dist/, or pass threads: 0.",
      cause,
    });
  }
  const register = `data:text/javascript,import{register}from${JSON.stringify(tsx)};register();`;
  // Not this process's flags: a tsx found there would load the worker as CommonJS and its
  // plugins as ESM, two copies of the renderer registry.
  return { filename, execArgv: ["--conditions=@deepreplay/source", "--import", register] };
}

/** Paths become file URLs (resolved against the working folder); package names stay as they are. */
function importable(specifier: string): string {
  return specifier.startsWith(".") || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
}
