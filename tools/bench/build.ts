/**
 * Benchmark: the workspace build as a fresh clone runs it (every package's dist/ removed first),
 * then again with nothing changed. Prints wall and CPU seconds (the command's and its children's)
 * per run, best and median, and the load average and CPU steal, which explain most of the spread
 * on a shared machine.
 *
 *   node --import tsx tools/bench/build.ts [--runs 3] [--command "npm run build"]
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { measureSteal } from "./support/host.js";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "3" }, command: { type: "string", default: "npm run build" } },
});
const root = new URL("../../", import.meta.url);
const TICKS_PER_SECOND = 100;

/** CPU seconds of this process's waited-for children (utime + stime of the finished ones). */
function childrenCpu(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** Runs the command; a clean run skips nx's cache, as a fresh clone has none. */
function run(clean: boolean): { wall: number; cpu: number } {
  const [wall, cpu] = [performance.now(), childrenCpu()];
  const env = { ...process.env, NX_DAEMON: "false", ...(clean ? { NX_SKIP_NX_CACHE: "true" } : {}) };
  const result = spawnSync("sh", ["-c", args.command], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env });
  if (result.status !== 0) throw new Error(`${args.command} exited with ${result.status}`);
  return { wall: (performance.now() - wall) / 1000, cpu: childrenCpu() - cpu };
}

const cleanDist = () => {
  for (const name of readdirSync(new URL("packages/", root)))
    rmSync(new URL(`packages/${name}/dist`, root), { recursive: true, force: true });
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (label: string, runs: { wall: number; cpu: number }[]) => {
  const walls = runs.map((r) => r.wall);
  const cpus = runs.map((r) => r.cpu);
  console.log(
    `${label.padEnd(18)} wall best ${Math.min(...walls).toFixed(1)} s, median ${median(walls).toFixed(1)} s; cpu best ${Math.min(...cpus).toFixed(1)} s, median ${median(cpus).toFixed(1)} s`,
  );
};

console.log(
  `${args.command}; load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const steal = measureSteal();
const clean: { wall: number; cpu: number }[] = [];
const unchanged: { wall: number; cpu: number }[] = [];
for (let i = 0; i < Number(args.runs); i++) {
  cleanDist();
  clean.push(run(true));
  unchanged.push(run(false));
  console.log(
    `  run ${i + 1}: clean ${clean[i].wall.toFixed(1)} s wall ${clean[i].cpu.toFixed(1)} s cpu; unchanged ${unchanged[i].wall.toFixed(1)} s wall ${unchanged[i].cpu.toFixed(1)} s cpu`,
  );
}
summary("clean build", clean);
summary("nothing changed", unchanged);
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; CPU steal during the runs: ${steal()?.toFixed(1) ?? "?"}%`,
);
