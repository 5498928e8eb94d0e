/**
 * Benchmark: @deepreplay/recorder writing and reading an HDF5 recording of a Dense
 * 2 → units → units → 1 model (synthetic weights) for many epochs. Prints ms per recorded epoch
 * (write + flush), the file size, ms per epoch read back, and the RSS while reading every epoch
 * (it should stay flat: one epoch's slice is read at a time; the absolute figure includes tsx's
 * ~600 MB for transforming h5wasm's module, hence the growth is printed).
 *
 *   node --conditions=@deepreplay/source --import tsx tools/bench/recorder-hdf5.ts [--epochs 300] [--units 256]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ndarray, type ModelDescription, type NdArray } from "@deepreplay/frames";
import { Hdf5Storage, Recorder, openRecording } from "@deepreplay/recorder";

const { values: args } = parseArgs({
  options: { epochs: { type: "string", default: "300" }, units: { type: "string", default: "256" } },
});
const epochs = Number(args.epochs);
const units = Number(args.units);

const dense = (name: string, n: number, activation: "relu" | "sigmoid") => ({
  kind: "Dense" as const,
  name,
  units: n,
  activation,
  useBias: true,
});
const model: ModelDescription = {
  inputShape: [2],
  layers: [dense("h1", units, "relu"), dense("h2", units, "relu"), dense("out", 1, "sigmoid")],
  loss: "binary_crossentropy",
  metrics: ["acc"],
  optimizer: { name: "SGD", learningRate: 0.05 },
};
const shapes = [
  [[2, units], [units]],
  [[units, units], [units]],
  [[units, 1], [1]],
];
const weightsAt = (epoch: number): NdArray[][] =>
  shapes.map((layer) =>
    layer.map((shape) => ndarray(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(epoch), shape)),
  );
const parameters = shapes.flat().reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);

const n = 2000;
const inputs = ndarray(
  Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i)),
  [n, 2],
);
const targets = ndarray(
  Float64Array.from({ length: n }, (_, i) => i % 2),
  [n, 1],
);

const dir = mkdtempSync(join(tmpdir(), "deepreplay-bench-"));
const path = join(dir, "replay.h5");
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const recorder = new Recorder(new Hdf5Storage(path), "bench");
await recorder.begin({ inputs, targets, model, training: { epochs, batchSize: 16 }, initialWeights: weightsAt(0) });
const writeStart = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++)
  recorder.recordEpoch({ weights: weightsAt(epoch), loss: 1 / epoch, metrics: { acc: 0.5 }, lr: 0.05 });
const writeMs = performance.now() - writeStart;
recorder.end();

const recording = await openRecording(path);
const rss: number[] = [];
const readStart = performance.now();
for (let epoch = 0; epoch <= epochs; epoch++) {
  const weights = recording.weights(epoch);
  if (weights[1][0].data[0] !== epoch) throw new Error(`epoch ${epoch} read back wrong`);
  if (epoch % Math.max(1, Math.floor(epochs / 4)) === 0) rss.push(process.memoryUsage().rss);
}
const readMs = performance.now() - readStart;
recording.close();

console.log(`model: ${parameters} parameters (${mb(parameters * 4)} MB per epoch), ${epochs} epochs`);
console.log(`write: ${(writeMs / epochs).toFixed(2)} ms per epoch (write + flush), file ${mb(statSync(path).size)} MB`);
console.log(
  `read: ${(readMs / (epochs + 1)).toFixed(2)} ms per epoch; RSS while reading ${rss.map(mb).join(" → ")} MB (growth ${mb(rss[rss.length - 1] - rss[0])} MB)`,
);
rmSync(dir, { recursive: true });
