/**
 * Benchmark: a rendering thread's start-up, the longest step before an animation's first frame.
 * Each run is a fresh Node process (plain node, as the command line runs: a worker inherits this
 * process's `--import tsx`, which would slow every module it loads) that measures, from dist/:
 * (1) a new worker thread importing dist/worker.js (the rendering thread's hundreds of modules as
 * tsc emits them) and then one importing dist/worker.bundle.js (what the pool runs: render-svg, Plot
 * and d3 bundled), each import including the plugin's prepare() (loading jsdom); (2)
 * startRenderingThreads({ threads: 1 }), from the call to its first 480 × 400 feature-space frame
 * of a Part 1 recording (made first, not measured), with the process's CPU over that time.
 *
 *   npm run build && node --import tsx tools/bench/thread-start.ts [--runs 5]
 */
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { measureSteal } from "./support/host.js";
import { part1File } from "./support/part1-file.js";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const packages = new URL("../../packages/", import.meta.url);
const file = await part1File(150);

const script = `
import { Worker } from "node:worker_threads";
const dist = (name) => new URL(name, ${JSON.stringify(packages.href)});
const { DEFAULT_PLUGINS, startRenderingThreads } = await import(dist("render-png/dist/animations.js"));
const { featureSpaceFrames, initBackend, openReplay } = await import(dist("core/dist/index.js"));
const { openRecording } = await import(dist("recorder/dist/index.js"));

const importTime = (module) => new Promise((resolve, reject) => {
  // Only dynamic imports: eval'd code runs as ESM under --input-type=module.
  const source = 'const started = performance.now(); import(' + JSON.stringify(module.href) + ')' +
    '.then(() => import("node:worker_threads")).then(({ parentPort }) => parentPort.postMessage(performance.now() - started));';
  const worker = new Worker(source, { eval: true, workerData: { plugins: DEFAULT_PLUGINS } });
  worker.once("message", (ms) => { void worker.terminate(); resolve(ms); });
  worker.once("error", reject);
});
const unbundled = await importTime(dist("render-png/dist/worker.js"));
const bundled = await importTime(dist("render-png/dist/worker.bundle.js"));

await initBackend();
const replay = await openReplay(await openRecording(${JSON.stringify(file)}, "part1"));
const item = featureSpaceFrames(replay, { layer: "hidden", contourPoints: 0 }).next().value;
void item.regions;
const cpu = process.cpuUsage();
const started = performance.now();
const threads = startRenderingThreads({ threads: 1 });
const encoded = await threads.encode({ item, format: "gif", render: { width: 480, height: 400 }, scale: 1, background: "white", delayMs: 200 });
const firstFrame = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
if (!encoded.ok) throw new Error(encoded.error.message);
console.log(JSON.stringify({ unbundled, bundled, firstFrame, cpu: (user + system) / 1000 }));
process.exit(0);
`;

type Run = { unbundled: number; bundled: number; firstFrame: number; cpu: number };
const runs: Run[] = [];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(`load average before: ${load()}`);
const steal = measureSteal();
console.log("rendering thread start-up, ms: import worker.js | import worker.bundle.js | first frame | its CPU");
for (let run = 1; run <= Number(args.runs); run++) {
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const measured: Run = JSON.parse(output.trim().split("\n").at(-1)!);
  runs.push(measured);
  const { unbundled, bundled, firstFrame, cpu } = measured;
  console.log(`  run ${run}: ${[unbundled, bundled, firstFrame, cpu].map((ms) => ms.toFixed(0)).join(" | ")}`);
}
const median = (key: keyof Run) =>
  runs
    .map((run) => run[key])
    .sort((a, b) => a - b)
    [Math.floor(runs.length / 2)].toFixed(0);
console.log(
  `median: import ${median("unbundled")} ms unbundled, ${median("bundled")} ms bundled; first frame from a cold thread ${median("firstFrame")} ms, ${median("cpu")} ms CPU`,
);
console.log(`load average after: ${load()}; CPU steal during the runs: ${steal()?.toFixed(1) ?? "n/a"} %`);
