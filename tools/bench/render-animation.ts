/**
 * Benchmark: a 150-frame 600×600 feature-space GIF of the parabola recording, end to end: the
 * recording (epochs 0..149, trained first in a child process, not measured) replayed by
 * @deepreplay/core on this thread (2000 inputs, 22 × 1000 grid points, exact decision regions),
 * its frames drawn by @deepreplay/render-png's worker threads. Prints ms per frame for each stage (frame math on this thread, Plot → SVG,
 * resvg → pixels, GIF quantise + LZW; time elapsed inside the rendering threads, so it grows when
 * other processes share the cores), the wall time, the CPU time of all threads (what the cores
 * actually spent) and the process's peak RSS (worker threads included).
 *
 * From the built packages (what users run):
 *   npm run build && npx tsx tools/bench/render-animation.ts
 * From sources (workers then load TypeScript through tsx, slower to start):
 *   node --conditions=@deepreplay/source --import tsx tools/bench/render-animation.ts
 * The rendering threads start with the clock, as the command line starts them before it opens the recording.
 * Options: --frames 150 --size 600 --threads <cores> --out <file.gif|file.mp4>
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { FeatureSpaceFrame } from "@deepreplay/frames";
import { featureSpaceFrames, initBackend, openReplay } from "@deepreplay/core";
import { animate, startRenderingThreads } from "@deepreplay/render-png";
import { measureSteal } from "./support/host.js";
import { parabolaRecording, trainParabolaInChild } from "./support/parabola-recording.js";

const { values: args } = parseArgs({
  options: {
    frames: { type: "string", default: "150" },
    size: { type: "string", default: "600" },
    threads: { type: "string" },
    out: { type: "string" },
  },
});
const frameCount = Number(args.frames);
const size = Number(args.size);

const training = await trainParabolaInChild(frameCount - 1);

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const steal = measureSteal();
// As the command line does: the rendering threads start up while the backend starts and the replay opens.
const renderingThreads = startRenderingThreads({
  threads: args.threads === undefined ? undefined : Number(args.threads),
});
await initBackend();
const replay = await openReplay(parabolaRecording(training));
const openMs = performance.now() - started;

/**
 * Core's frames of every epoch, timed as they are made (on this thread, while the workers draw),
 * their lazily traced regions (what the renderer draws) included.
 */
let mathMs = 0;
function* frames(): Generator<FeatureSpaceFrame> {
  const epochs = featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0 });
  for (;;) {
    const t = performance.now();
    const next = epochs.next();
    if (!next.done) void next.value.regions;
    mathMs += performance.now() - t;
    if (next.done) return;
    yield next.value as FeatureSpaceFrame;
  }
}

const folder = await mkdtemp(join(tmpdir(), "bench-render-animation-"));
const out = args.out ?? join(folder, "feature-space.gif");
const fromSource = import.meta.resolve("@deepreplay/render-png").endsWith(".ts");
let firstFrameMs: number | undefined;
const result = await animate(frames(), {
  out,
  width: size,
  height: size,
  fps: 10,
  renderingThreads,
  total: frameCount,
  onProgress: (done) => {
    if (done === 1) firstFrameMs = performance.now() - started;
  },
});
const wallMs = performance.now() - started;
await renderingThreads.close();
const cpu = process.cpuUsage(cpuBefore);
const bytes = (await stat(out)).size;
const peakMb = process.resourceUsage().maxRSS / 1024;
await rm(folder, { recursive: true, force: true });

const perFrame = (ms: number) => (ms / result.frames).toFixed(1).padStart(7);
console.log(`render-png animation benchmark (${fromSource ? "sources through tsx" : "built dist"})`);
console.log(
  `${result.frames} frames, ${result.width}×${result.height} ${result.format.toUpperCase()}, ${(bytes / 1e6).toFixed(2)} MB`,
);
console.log(`starting the backend and opening the replay: ${(openMs / 1000).toFixed(2)} s`);
console.log(`ms per frame, elapsed inside the rendering threads:`);
console.log(`  frame math (main)  ${perFrame(mathMs)}`);
console.log(`  Plot → SVG         ${perFrame(result.times.svg)}`);
console.log(`  resvg → pixels     ${perFrame(result.times.raster)}`);
console.log(
  `  ${result.format === "gif" ? "GIF quantise + LZW" : "(ffmpeg: own process)"} ${perFrame(result.times.encode)}`,
);
console.log(
  `wall, from starting the backend to the GIF written: ${(wallMs / 1000).toFixed(2)} s (first frame written after ${((firstFrameMs ?? 0) / 1000).toFixed(2)} s), ${(wallMs / result.frames).toFixed(1)} ms per frame; host steal ${steal()?.toFixed(1) ?? "n/a"} %`,
);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  `CPU (all threads): ${cpuSeconds.toFixed(2)} s, ${((1000 * cpuSeconds) / result.frames).toFixed(0)} ms per frame`,
);
console.log(
  `peak RSS: ${peakMb.toFixed(0)} MB, worker threads included (${(rssBefore / 2 ** 20).toFixed(0)} MB before starting the backend)`,
);
