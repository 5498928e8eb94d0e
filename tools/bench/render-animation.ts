/**
 * Benchmark: a 150-frame 600×600 feature-space GIF through @deepreplay/render-png, from frames
 * made by hand like the parabola model's (2000 inputs, 22 × 1000 grid points, three region
 * polygons, bent a little more each epoch). Prints ms per frame for each stage (Plot → SVG,
 * resvg → pixels, GIF quantise + LZW; time elapsed inside the rendering threads, so it grows when
 * other processes share the cores), the wall time, the CPU time of all threads (what the cores
 * actually spent) and the process's peak RSS (worker threads included).
 *
 * From the built packages (what users run):
 *   npx nx run @deepreplay/render-png:build && npx tsx tools/bench/render-animation.ts
 * From sources (workers then load TypeScript through tsx, slower to start):
 *   node --conditions=@deepreplay/source --import tsx tools/bench/render-animation.ts
 * Options: --frames 150 --size 600 --threads <cores> --out <file.gif|file.mp4>
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { FeatureSpaceFrame } from "@deepreplay/frames";
import { animate } from "@deepreplay/render-png";

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

/** The parabola data set: 1000 points on y = x² (class 0) and 1000 on y = x² − 0.5 (class 1). */
const N = 1000;
const inputs = new Float32Array(4 * N);
for (let i = 0; i < N; i++) {
  const x = -1 + (2 * i) / (N - 1);
  inputs.set([x, x * x], 2 * i);
  inputs.set([x, x * x - 0.5], 2 * (N + i));
}
const classes = Int32Array.from({ length: 2 * N }, (_, i) => (i < N ? 0 : 1));

/** 11 vertical then 11 horizontal lines of 1000 points over the inputs' box (build_2d_grid). */
const grid = new Float32Array(22 * N * 2);
for (let line = 0; line < 11; line++) {
  for (let i = 0; i < N; i++) {
    const t = i / (N - 1);
    const u = line / 10;
    grid.set([-1 + 2 * u, -0.5 + 1.5 * t], 2 * (line * N + i));
    grid.set([-1 + 2 * t, -0.5 + 1.5 * u], 2 * ((11 + line) * N + i));
  }
}

/** Region outlines in input space: below and above the boundary y = x² − 0.25, and a small island. */
const steps = (n: number) => Array.from({ length: n }, (_, i) => i / (n - 1));
const curve = steps(200).flatMap((t) => [-1 + 2 * t, (-1 + 2 * t) ** 2 - 0.25]);
/** The polygon closed from the curve's right end to `y` and back, with edges dense enough to bend. */
const closeAt = (y: number) =>
  Float32Array.from([...curve, ...steps(100).flatMap((t) => [1, 0.75 + (y - 0.75) * t]), ...steps(100).flatMap((t) => [1 - 2 * t, y]), ...steps(100).flatMap((t) => [-1, y + (0.75 - y) * t])]);
const below = closeAt(-0.5);
const above = closeAt(1);
const island = Float32Array.from(Array.from({ length: 60 }, (_, i) => (2 * Math.PI * i) / 60).flatMap((a) => [0.6 + 0.1 * Math.cos(a), 0.1 * Math.sin(a)]));

/** A 2-unit tanh layer whose weights sharpen and turn with the epochs. */
function bend(points: Float32Array, epoch: number): Float32Array {
  const gain = 0.5 + (2.5 * epoch) / frameCount;
  const angle = (Math.PI / 3) * (epoch / frameCount);
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    const [x, y] = [points[i], points[i + 1]];
    out[i] = Math.tanh(gain * (c * x - s * y));
    out[i + 1] = Math.tanh(gain * (s * x + c * y + 0.2));
  }
  return out;
}

let buildMs = 0;
function* frames(): Generator<FeatureSpaceFrame> {
  for (let epoch = 0; epoch < frameCount; epoch++) {
    const t = performance.now();
    const frame: FeatureSpaceFrame = {
      kind: "feature-space",
      epoch,
      finite: true,
      layer: "hidden",
      xDomain: [-1, 1],
      yDomain: [-1, 1],
      classes: ["0", "1"],
      inputs: { points: bend(inputs, epoch), classes },
      grid: { points: bend(grid, epoch), lines: 22, pointsPerLine: N },
      regions: [
        { classIndex: 0, polygons: [[bend(below, epoch)], [bend(island, epoch)]] },
        { classIndex: 1, polygons: [[bend(above, epoch)]] },
      ],
    };
    buildMs += performance.now() - t;
    yield frame;
  }
}

const folder = await mkdtemp(join(tmpdir(), "bench-render-animation-"));
const out = args.out ?? join(folder, "feature-space.gif");
const fromSource = import.meta.resolve("@deepreplay/render-png").endsWith(".ts");
let firstFrameMs: number | undefined;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await animate(frames(), {
  out,
  width: size,
  height: size,
  fps: 10,
  threads: args.threads === undefined ? undefined : Number(args.threads),
  total: frameCount,
  onProgress: (done) => {
    if (done === 1) firstFrameMs = performance.now() - started;
  },
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const bytes = (await stat(out)).size;
const peakMb = process.resourceUsage().maxRSS / 1024;
if (!args.out) await rm(folder, { recursive: true, force: true });

const perFrame = (ms: number) => (ms / result.frames).toFixed(1).padStart(7);
console.log(`render-png animation benchmark (${fromSource ? "sources through tsx" : "built dist"})`);
console.log(`${result.frames} frames, ${result.width}×${result.height} ${result.format.toUpperCase()}, ${(bytes / 1e6).toFixed(2)} MB`);
console.log(`ms per frame, elapsed inside the rendering threads:`);
console.log(`  build frame (main) ${perFrame(buildMs)}`);
console.log(`  Plot → SVG         ${perFrame(result.times.svg)}`);
console.log(`  resvg → pixels     ${perFrame(result.times.raster)}`);
console.log(`  ${result.format === "gif" ? "GIF quantise + LZW" : "(ffmpeg: own process)"} ${perFrame(result.times.encode)}`);
console.log(`wall: ${(wallMs / 1000).toFixed(2)} s (first frame written after ${((firstFrameMs ?? 0) / 1000).toFixed(2)} s), ${(wallMs / result.frames).toFixed(1)} ms per frame`);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(`CPU (all threads): ${cpuSeconds.toFixed(2)} s, ${((1000 * cpuSeconds) / result.frames).toFixed(0)} ms per frame`);
console.log(`peak RSS: ${peakMb.toFixed(0)} MB`);
