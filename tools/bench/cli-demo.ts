/**
 * Benchmark: `deepreplay demo` (150 epochs by default), the README's first command after the
 * build. Runs the built command as a user does and prints its wall time, then the same stages
 * in-process one by one (training, then each picture) with wall and CPU seconds, so a slow run
 * says where the time went. The load average is printed too: on a shared machine it explains
 * most of the spread.
 *
 *   npm run build && node --conditions=@deepreplay/source --import tsx tools/bench/cli-demo.ts [--epochs 150] [--stages]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const { values: args } = parseArgs({
  options: { epochs: { type: "string", default: "150" }, stages: { type: "boolean", default: false } },
});
const epochs = Number(args.epochs);
const bin = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

const out = mkdtempSync(join(tmpdir(), "bench-demo-"));
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const start = performance.now();
execFileSync(process.execPath, [bin, "demo", "--quiet", "--epochs", String(epochs), "--out", out], { stdio: "ignore" });
console.log(`deepreplay demo --epochs ${epochs}: ${seconds(performance.now() - start)} s wall`);

if (args.stages) {
  const { trainPart1 } = await import("@deepreplay/datasets/part1");
  const { openReplay } = await import("@deepreplay/core");
  const { openRecording } = await import("@deepreplay/recorder");
  const { demoPictures } = await import("../../packages/cli/src/actions/demo.js");
  const { drawPicture } = await import("../../packages/cli/src/actions/draw.js");
  const stage = async (name: string, run: () => Promise<unknown>) => {
    const [wall, cpu] = [performance.now(), process.cpuUsage()];
    await run();
    const used = process.cpuUsage(cpu);
    console.log(
      `  ${name.padEnd(30)} ${seconds(performance.now() - wall).padStart(6)} s wall ${((used.user + used.system) / 1e6).toFixed(1).padStart(6)} s cpu`,
    );
  };
  const path = join(out, "stages.h5");
  await stage("training", () => trainPart1({ path, group: "part1", epochs, activation: "sigmoid" }));
  const replay = await openReplay(await openRecording(path, "part1"));
  const flags = { layer: "hidden", scaleFixed: true, displayGrid: true, includeInputs: true, excludeOutputs: true };
  const tick = { increment() {} };
  for (const picture of demoPictures(out, epochs, "sigmoid")) {
    await stage(picture.out.slice(out.length + 1), () =>
      drawPicture(replay, picture, flags, { replayed: tick, rendered: tick }),
    );
  }
  replay.close();
}
rmSync(out, { recursive: true, force: true });
