/**
 * Benchmark: the command as a user runs it, the built CLI in its own process,
 *   deepreplay animate FILE --group part1 feature-space --layer hidden --out fs.gif
 * on a 150-epoch Part 1 recording (made first, not measured; or --file, e.g. the demo's
 * hyperparms_in_action.h5). Prints per run: wall time from spawning the process, when the first
 * frame reached the disk (the GIF's temporary file grows past its header), the CPU seconds of all
 * its threads and its peak RSS, both read from /proc while it runs. The load average is printed
 * before and after: on a shared machine it explains most of the spread.
 *
 *   npm run build && node --import tsx tools/bench/cli-animate.ts [--runs 3] [--file F.h5] [--group part1]
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { part1File } from "./support/part1-file.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    file: { type: "string" },
    group: { type: "string", default: "part1" },
  },
});
const bin = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));
const file = args.file ?? (await part1File(150, args.group));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

/** The GIF's first frame is on disk once its temporary file holds more than the 32-byte header. */
const GIF_HEADER_BYTES = 32;
const CLOCK_TICKS_PER_SECOND = 100;

interface Run {
  wallMs: number;
  firstFrameMs: number | undefined;
  cpuSeconds: number;
  peakMb: number;
}

async function run(folder: string): Promise<Run> {
  const out = join(folder, "fs.gif");
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [bin, "animate", file, "--group", args.group, "feature-space", "--layer", "hidden", "--out", out, "--quiet"],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  let firstFrameMs: number | undefined;
  let cpuSeconds = 0;
  let peakMb = 0;
  // Polled every few milliseconds until the process is gone; the last reading stands.
  const poll = setInterval(() => {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (hwm) peakMb = Math.max(peakMb, Number(hwm[1]) / 1024);
    } catch {
      // the process has just ended
    }
    if (firstFrameMs === undefined) {
      const partial = readdirSync(folder).find((name) => name.endsWith(".partial"));
      const bytes = partial ? (statSync(join(folder, partial), { throwIfNoEntry: false })?.size ?? 0) : 0;
      if (bytes > GIF_HEADER_BYTES) firstFrameMs = performance.now() - started;
    }
  }, 2);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(poll);
  if (code !== 0) throw new Error(`deepreplay animate exited with ${code}`);
  return { wallMs: performance.now() - started, firstFrameMs, cpuSeconds, peakMb };
}

console.log(`deepreplay animate ${file} --group ${args.group} feature-space --layer hidden --out fs.gif`);
console.log(`load average before: ${load()}`);
const folder = await mkdtemp(join(tmpdir(), "bench-cli-animate-"));
for (let i = 0; i < Number(args.runs); i++) {
  const { wallMs, firstFrameMs, cpuSeconds, peakMb } = await run(folder);
  console.log(
    `  run ${i + 1}: ${(wallMs / 1000).toFixed(2)} s wall, first frame on disk after ${((firstFrameMs ?? Number.NaN) / 1000).toFixed(2)} s, ${cpuSeconds.toFixed(2)} s CPU (all threads), peak RSS ${peakMb.toFixed(0)} MB`,
  );
}
console.log(`load average after: ${load()}`);
await rm(folder, { recursive: true, force: true });
