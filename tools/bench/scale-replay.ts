/**
 * Benchmark: a long recording replayed. The Recorder writes 2,000 epochs of a Dense 2 → 2 → 1 model
 * on the parabola data set's 20,000 inputs (weights that drift smoothly, as SGD's do) into an HDF5
 * file in a temp dir; core then replays the loss histogram of every epoch (20,000 losses each, consumed and
 * dropped as a renderer would) and the loss and metric over all epochs, in a plain Node process
 * from the built packages. Prints the time of each stage and the RSS after each quarter of the
 * epochs (memory must not grow with the number of epochs) and the replaying process' peak RSS
 * (target: under 500 MB). Build first: npm run build.
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/scale-replay.ts [--epochs 2000] [--inputs 20000]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ndarray, type NdArray } from "@deepreplay/frames";
import { Hdf5Storage, Recorder } from "@deepreplay/recorder";
import { parabola } from "@deepreplay/datasets";
import { PARABOLA_MODEL } from "../testing/parabola-model.js";

const { values: args } = parseArgs({
  options: { epochs: { type: "string", default: "2000" }, inputs: { type: "string", default: "20000" } },
});
const epochs = Number(args.epochs);
const samples = Number(args.inputs);

const model = PARABOLA_MODEL;

const weightsAt = (epoch: number): NdArray[][] => {
  const t = epoch / epochs;
  return [
    [ndarray(Float32Array.of(1 + 3 * t, -2 * t, 0.5, 4 * t), [2, 2]), ndarray(Float32Array.of(0.1 * t, -0.3 * t), [2])],
    [ndarray(Float32Array.of(2 + t, -3 * t), [2, 1]), ndarray(Float32Array.of(0.2 - t), [1])],
  ];
};

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/**
 * The replay, as plain Node runs it from the built packages (npm run build): under tsx, transforming
 * h5wasm's 4 MB module alone costs some 600 MB, which is no part of what a user's process holds.
 * It prints one JSON line per quarter of the epochs, then the totals with the peak RSS.
 */
const REPLAY = `
import { openRecording } from "@deepreplay/recorder";
import { lossAndMetricData, lossHistogramFrames, openReplay } from "@deepreplay/core";
const say = (fields) => console.log(JSON.stringify({ ...fields, rss: process.memoryUsage().rss }));
const recording = await openRecording(process.argv[1]);
const replay = await openReplay(recording);
say({ stage: "opened" });
const quarter = Math.max(1, Math.floor(replay.lastEpoch / 4));
let started = performance.now();
let losses = 0;
for (const frame of lossHistogramFrames(replay)) {
  losses += frame.losses.length;
  if (frame.epoch > 0 && frame.epoch % quarter === 0) say({ stage: "loss histogram", epoch: frame.epoch });
}
say({ stage: "loss histograms", epochs: replay.lastEpoch + 1, losses, ms: performance.now() - started });
started = performance.now();
const { loss, metric } = lossAndMetricData(replay);
say({ stage: "loss and metric", epochs: loss.length, ms: performance.now() - started, last: [loss.at(-1), metric.at(-1)] });
recording.close();
say({ stage: "done", peak: process.resourceUsage().maxRSS * 1024 });
process.exit(0);
`;

const dir = mkdtempSync(join(tmpdir(), "deepreplay-scale-"));
const path = join(dir, "scale.h5");
try {
  const started = performance.now();
  const recorder = new Recorder(new Hdf5Storage(path, { modelFile: false }), "scale");
  await recorder.begin({
    ...parabola({ nPoints: samples / 2 }),
    model,
    training: { epochs, batchSize: 32 },
    initialWeights: weightsAt(0),
  });
  for (let epoch = 1; epoch <= epochs; epoch++)
    recorder.recordEpoch({ weights: weightsAt(epoch), loss: 1 / epoch, metrics: { acc: 1 - 1 / epoch }, lr: 0.05 });
  recorder.end();
  console.log(
    `recorded ${epochs} epochs × ${samples} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s; file ${mb(statSync(path).size)}`,
  );

  // No source condition: the packages resolve to their dist/ builds.
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", REPLAY, path], {
    cwd: fileURLToPath(new URL("../../", import.meta.url)),
    encoding: "utf8",
  });
  if (child.status !== 0)
    throw new Error(`the replay failed (build the packages first: npm run build):\n${child.stderr}`);
  const lines = child.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  const opened = lines[0].rss;
  for (const line of lines) {
    const what = line.stage === "loss histogram" ? `loss histogram, epoch ${line.epoch}` : line.stage;
    const extra =
      line.ms === undefined
        ? ""
        : ` in ${(line.ms / 1000).toFixed(1)} s (${line.epochs} epochs${line.losses ? `, ${line.losses} losses` : ""})`;
    console.log(
      `${what}${extra}: RSS ${mb(line.rss)} (${line.rss >= opened ? "+" : ""}${mb(line.rss - opened)} since opened)`,
    );
  }
  const peak = lines[lines.length - 1].peak;
  console.log(`peak RSS of the replaying process: ${mb(peak)} (target: under 500 MB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
