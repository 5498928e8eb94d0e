/**
 * Benchmark: the side-by-side run. The same 151-frame feature-space animation of the same
 * recording, made by our built CLI as a user runs it and by the original's pipeline (Python
 * deepreplay's own plot.py animating through matplotlib and ffmpeg, fed by
 * support/original-feature-space.py, which computes what its Replay computes with Keras, in numpy).
 * Each side runs as a child process under /usr/bin/time, `--runs` times, alternating; prints wall
 * and CPU seconds (the child's and its children's, ffmpeg's included), the peak RSS of the largest
 * process, the ratio original ÷ ours, and the load average before and after.
 *
 *   npm run build && node --import tsx tools/bench/original-pipeline.ts --original <checkout of
 *   https://github.com/dvgodoy/deepreplay> [--file hyperparms_in_action.h5] [--runs 1] [--size 600]
 *   [--python /usr/bin/python3]
 *
 * Without --file, the recording is the demo's (`deepreplay demo`, not timed); a --file needs its
 * <group>_model.h5 beside it, as the original's Replay does.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { measureSteal } from "./support/host.js";

// size: the original README's figure, figsize=(5, 5) at dpi=120; ours is asked for the same (its own default is 480 × 400).
const defaults = { runs: "1", python: "/usr/bin/python3", size: "600", group: "part1", layer: "hidden" };

const { values: args } = parseArgs({
  options: {
    original: { type: "string" },
    file: { type: "string" },
    runs: { type: "string", default: defaults.runs },
    python: { type: "string", default: defaults.python },
    size: { type: "string", default: defaults.size },
  },
});
if (!args.original || !existsSync(join(args.original, "deepreplay", "plot.py"))) {
  console.error(
    "original-pipeline.ts: --original <path> must be a checkout of the original: git clone https://github.com/dvgodoy/deepreplay",
  );
  process.exit(1);
}
const original = resolve(args.original);
const bin = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));
const driver = fileURLToPath(new URL("support/original-feature-space.py", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "bench-original-"));

interface Measure {
  wall: number;
  cpu: number;
  rssMB: number;
  bytes: number;
}

/** Runs the command under /usr/bin/time: wall, user + sys of it and its children, max RSS of the largest. */
function timed(command: string[], out: string): Measure {
  const times = join(tmp, "time.txt");
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", times, ...command], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command.join(" ")} exited with ${result.status}`);
  const [wall, user, sys, rssKB] = readFileSync(times, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  return { wall, cpu: user + sys, rssMB: rssKB / 1024, bytes: statSync(out).size };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
let file = args.file;
if (!file) {
  // The demo's recording (and the part1_model.h5 beside it, which the original's Replay reads); not timed.
  const result = spawnSync(process.execPath, [bin, "demo", "--quiet", "--out", tmp], { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`deepreplay demo exited with ${result.status}`);
  file = join(tmp, "hyperparms_in_action.h5");
}

const ours = (): Measure => {
  const out = join(tmp, "fs.gif");
  const size = ["--width", args.size, "--height", args.size];
  const animate = ["animate", file, "--group", defaults.group, "feature-space", "--layer", defaults.layer];
  return timed([process.execPath, bin, ...animate, ...size, "--out", out, "--quiet"], out);
};
const theirs = (): Measure => {
  const out = join(tmp, "fs.mp4");
  return timed([args.python, driver, original, file, defaults.group, defaults.layer, out, args.size], out);
};

const format = (m: Measure) =>
  `${m.wall.toFixed(1).padStart(6)} s wall ${m.cpu.toFixed(1).padStart(6)} s cpu ${m.rssMB.toFixed(0).padStart(5)} MB peak RSS ${(m.bytes / 2 ** 20).toFixed(1).padStart(5)} MiB out`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`${file} (group ${defaults.group}, layer ${defaults.layer}), ${args.size} × ${args.size} px`);
console.log(`load average before: ${load()}`);
const steal = measureSteal();
type Side = "ours" | "original";
const runs: Record<Side, Measure>[] = [];
for (let i = 0; i < Number(args.runs); i++) {
  const run = { ours: ours(), original: theirs() };
  runs.push(run);
  console.log(`  run ${i + 1} ours     (GIF) ${format(run.ours)}`);
  console.log(
    `  run ${i + 1} original (MP4) ${format(run.original)}; ÷ ours ${(run.original.wall / run.ours.wall).toFixed(1)}× wall`,
  );
}
for (const [label, pick] of [
  ["best", (values: number[]) => Math.min(...values)],
  ["median", median],
] as const) {
  const wall = (side: Side) => pick(runs.map((run) => run[side].wall));
  const cpu = (side: Side) => pick(runs.map((run) => run[side].cpu));
  console.log(
    `${label} of ${runs.length}: ours ${wall("ours").toFixed(1)} s wall ${cpu("ours").toFixed(1)} s cpu; original ${wall("original").toFixed(1)} s wall ${cpu("original").toFixed(1)} s cpu; original ÷ ours ${(wall("original") / wall("ours")).toFixed(1)}× wall ${(cpu("original") / cpu("ours")).toFixed(1)}× cpu`,
  );
}
console.log("the issue's goal: original ÷ ours ≥ 10× wall");
console.log(`load average after: ${load()}; CPU steal during the runs: ${steal()?.toFixed(1) ?? "?"}%`);
rmSync(tmp, { recursive: true, force: true });
