import { availableParallelism } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { DeepReplayError, integerOption } from "@deepreplay/frames";
import { WORKER_BUNDLE } from "./bundle-worker.js";
import { DEFAULT_PLUGINS, type EncodedFrame, type FrameJob } from "./frame-job.js";

/** Draws frames somewhere: on worker threads, or on this one. */
export interface FrameEncoder {
  /** How many frames it draws at once (0: on this thread). */
  readonly threads: number;
  encode(job: FrameJob): Promise<EncodedFrame>;
  close(): Promise<void>;
}

/** Rendering threads started ahead of an animation; see startRenderingThreads. */
export type RenderingThreads = FrameEncoder;

export interface RenderingThreadsOptions {
  /** Worker threads. Default: one per core. 0 draws on this thread with the plugins registered here. */
  threads?: number;
  /**
   * Renderer plugin modules each thread imports (they register themselves): package names,
   * absolute paths or file URLs. Default ["@deepreplay/render-svg"].
   */
  plugins?: readonly string[];
  /**
   * Threads that start up at once (default 1); the others start when the first frame is handed
   * over. A thread's start-up is most of a core for most of a second: started all at once, they
   * take the cores from the thread that computes the first frame and delay it. Pass `threads` when
   * this thread will be busy elsewhere meanwhile (training, say).
   */
  startNow?: number;
}

/**
 * A worker's V8 heap. Drawing a frame through jsdom leaves tens of MB of garbage, and with V8's
 * default limits each worker's heap grows to several hundred MB before it is collected. These
 * bounds keep a worker drawing 600×600 feature-space frames near 130 MB for a few per cent more
 * CPU (tools/bench/render-animation.ts); a young generation of 16 MB rather than 48 costs no
 * measurable time, since that garbage dies young. A frame that needs more (tens of thousands of points)
 * does not fail: the pool moves to workers with V8's default limits, see pooledEncoder.
 */
const BOUNDED_HEAP = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };

/**
 * Starts rendering threads now, each importing the plugin modules and making its drawing
 * surfaces ready, so that they start up while this thread opens a recording and computes the
 * first frames (a worker's start-up is most of the time to the first frame). Pass them to
 * animate() as `renderingThreads`, for one animation or several, and close them when done.
 */
export function startRenderingThreads({
  threads = availableParallelism(),
  plugins = DEFAULT_PLUGINS,
  startNow = 1,
}: RenderingThreadsOptions = {}): RenderingThreads {
  integerOption("threads", threads, { min: 0 }, "Pass 0 to render on this thread, or the number of worker threads.");
  integerOption("startNow", startNow, { min: 0 }, "Pass how many of the threads start up at once.");
  const specifiers = plugins.map(importable);
  if (threads === 0) {
    // Drawing here loads the renderers here; a process with rendering threads never does.
    const run = import("./encode-frame.js").then(({ frameRunner }) => frameRunner(specifiers));
    return { threads, encode: async (job) => (await run)(job), close: async () => undefined };
  }
  return pooledEncoder({ threads, startNow: Math.min(startNow, threads) }, specifiers);
}

/**
 * Workers with bounded heaps, replaced once by workers with V8's default heaps when a frame runs
 * out of memory; the frame and any others lost with the old workers are drawn again there.
 */
function pooledEncoder(size: PoolSize, specifiers: string[]): FrameEncoder {
  const { threads } = size;
  let bounded = true;
  let pool = startPool(size, specifiers, BOUNDED_HEAP);
  const encode = async (job: FrameJob): Promise<EncodedFrame> => {
    const used = pool;
    try {
      return await used.run(job);
    } catch (error) {
      if (used !== pool) return encode(job);
      if (!bounded || (error as NodeJS.ErrnoException)?.code !== "ERR_WORKER_OUT_OF_MEMORY") throw workerFailure(error);
      bounded = false;
      pool = startPool({ threads, startNow: threads }, specifiers, undefined);
      used.destroy().catch(() => undefined);
      return encode(job);
    }
  };
  return { threads, encode, close: () => pool.destroy() };
}

interface PoolSize {
  threads: number;
  startNow: number;
}

function startPool(
  { threads, startNow }: PoolSize,
  specifiers: string[],
  resourceLimits: typeof BOUNDED_HEAP | undefined,
) {
  return new Piscina<FrameJob, EncodedFrame>({
    ...workerModule(),
    // Piscina starts minThreads now and more, up to maxThreads, as frames queue; none is retired.
    minThreads: startNow,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // Between frames a worker must run its event loop: resvg's native memory is freed by
    // finalizers that wait there, and Atomics.wait would block them (RSS then grows per frame).
    atomics: "disabled",
    resourceLimits,
    workerData: { plugins: specifiers },
  });
}

/**
 * The worker's module and how to start it. Built, it is dist/worker.bundle.js: the build bundles
 * src/worker.ts with render-svg, Observable Plot and d3 into one file (bundle-worker.ts). From
 * source (tests, tsx), it is src/worker.ts, which Node 20 cannot load by itself, and `--import tsx`
 * does not reach a worker's ESM loader: the worker first runs tsx's register() (through a data:
 * URL) and gets the workspace's source condition, so it imports the same sources as this thread.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const filename = new URL(fromSource ? "./worker.ts" : `./${WORKER_BUNDLE}`, import.meta.url).href;
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
  // This process's flags too: should they load the worker and its plugins as two copies of
  // @deepreplay/frames, both find the one renderer registry (it lives on a global key).
  return { filename, execArgv: [...process.execArgv, "--conditions=@deepreplay/source", "--import", register] };
}

/** A worker that died takes its frame with it: say so, typed. */
function workerFailure(cause: unknown): DeepReplayError {
  return new DeepReplayError("WORKER_FAILED", `A rendering thread failed: ${(cause as Error)?.message ?? cause}`, {
    hint: "If it ran out of memory, draw smaller frames or use fewer threads; threads: 0 shows the error where it happens.",
    cause,
  });
}

/** Paths become file URLs (resolved against the working folder); package names stay as they are. */
function importable(specifier: string): string {
  return specifier.startsWith(".") || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
}
